/**
 * Finds and fits the peaks of named line groups in a channel spectrum under a current energy
 * calibration, and rejects blended or inconsistent assignments.
 *
 * @packageDocumentation
 */
import type { EnergyPolynomial } from "../energyPolynomial.js";
import { channelAt, energySlopeAt } from "../energyPolynomial.js";
import type { LineGroup } from "../lineGroups.js";
import { fitPeakGroup } from "./peakGroupFit.js";
import type { PreparedSpectrum } from "./spectrum.js";

/** Outcome for one requested line group. */
export interface LineMatch {
  /** The line group. */
  group: LineGroup;
  /** used: in the fit; rejected: found but left out (reason); not-found; outside: beyond the spectrum. */
  status: "used" | "rejected" | "not-found" | "outside";
  /** Fitted channel of the reference component, or null. */
  channel: number | null;
  /** One-sigma of the channel, or null. */
  channelSigma: number | null;
  /** Fitted FWHM (keV), or null. */
  fwhmKeV: number | null;
  /** Fitted area (counts), or null. */
  area: number | null;
  /** Why the group is not used (empty when used). */
  reason: string;
}

/** Options for {@link measureLines}. */
export interface MeasureLinesOptions {
  /** Half-width of the search window (keV); default max(0.1, 0.01 E). */
  searchWindowKeV?: number | undefined;
  /** Line shape. */
  shape: "gaussian" | "pseudoVoigt";
  /** Minimum significance of a local maximum. */
  minSignificance: number;
}

/**
 * Measures each group (groups outside [eMin, eMax] are marked "outside").
 */
export function measureLines(spectrum: PreparedSpectrum, groups: readonly LineGroup[], calibration: EnergyPolynomial, options: MeasureLinesOptions): LineMatch[] {
  const { x, y, sigma } = spectrum;
  const xMin = x[0]!;
  const xMax = x[x.length - 1]!;
  const matches: LineMatch[] = groups.map((group) => {
    const empty = { group, channel: null, channelSigma: null, fwhmKeV: null, area: null };
    let predicted: number;
    try {
      predicted = channelAt(calibration, group.energyKeV);
    } catch (error) {
      return { ...empty, status: "outside", reason: (error as Error).message };
    }
    if (!(predicted > xMin && predicted < xMax)) return { ...empty, status: "outside", reason: `predicted at channel ${predicted.toFixed(1)}, outside ${xMin}-${xMax}` };
    const slope = energySlopeAt(calibration, predicted);
    const windowKeV = options.searchWindowKeV ?? Math.max(0.1, 0.01 * group.energyKeV);
    const offsets = group.components.map((c) => (c.energyKeV - group.energyKeV) / slope);
    const weights = group.components.map((c) => c.weight);
    const result = fitPeakGroup(x, y, sigma, { predicted, searchHalfWidth: windowKeV / slope, offsets, weights, shape: options.shape, minSignificance: options.minSignificance });
    if ("reason" in result) return { ...empty, status: "not-found", reason: result.reason };
    return { group, status: "used", channel: result.position, channelSigma: result.positionSigma, fwhmKeV: result.fwhm * slope, area: result.area, reason: "" };
  });
  // Two groups fitted to one peak: both are ambiguous.
  const used = matches.filter((m) => m.status === "used");
  for (let i = 0; i < used.length; i++) {
    for (let j = i + 1; j < used.length; j++) {
      const a = used[i]!;
      const b = used[j]!;
      const sep = Math.abs(a.channel! - b.channel!);
      const slope = energySlopeAt(calibration, a.channel!);
      const fwhmCh = Math.max(a.fwhmKeV!, b.fwhmKeV!) / slope;
      if (sep < 0.5 * fwhmCh) {
        a.status = "rejected";
        b.status = "rejected";
        a.reason = `blended with ${b.group.label} (same peak at channel ${a.channel!.toFixed(1)})`;
        b.reason = `blended with ${a.group.label} (same peak at channel ${b.channel!.toFixed(1)})`;
      }
    }
  }
  return matches;
}
