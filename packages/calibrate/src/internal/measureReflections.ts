/**
 * Finds and fits calibrant reflections in an energy-dispersive spectrum, given an energy
 * calibration and a 2theta guess (refined first by a coarse scan that maximises the number of
 * predicted reflections that sit on a significant peak found by @operando/fit's findPeaks).
 *
 * @packageDocumentation
 */
import { HC_KEV_ANGSTROM } from "@operando/core";
import { findPeaks } from "@operando/fit";
import type { EnergyPolynomial } from "../energyPolynomial.js";
import { channelAt, energyAt, energySlopeAt } from "../energyPolynomial.js";
import type { CalibrantPeak } from "./calibrantPeaks.js";
import { fitPeakGroup } from "./peakGroupFit.js";
import type { PreparedSpectrum } from "./spectrum.js";

const DEG = Math.PI / 180;

/** Outcome for one reflection. */
export interface ReflectionMatch {
  /** The reflection. */
  peak: CalibrantPeak;
  /** used, rejected (reason), not-found, outside. */
  status: "used" | "rejected" | "not-found" | "outside";
  /** Fitted channel or null. */
  channel: number | null;
  /** Its sigma or null. */
  channelSigma: number | null;
  /** FWHM (keV) or null. */
  fwhmKeV: number | null;
  /** Reason when not used. */
  reason: string;
}

/** Energy (keV) of a reflection at 2theta. */
export function braggEnergyKeV(dAngstrom: number, twoThetaDeg: number): number {
  return HC_KEV_ANGSTROM / (2 * dAngstrom * Math.sin((twoThetaDeg * DEG) / 2));
}

/** A peak of the whole spectrum that the coarse 2theta scan may put a reflection on. */
export interface ScanPeak {
  /** Channel of the maximum. */
  channel: number;
  /** Height above the background (counts). */
  height: number;
}

/**
 * Significant peaks of the whole spectrum for the coarse 2theta scan: @operando/fit's findPeaks
 * (second-derivative filter on the SNIP-subtracted data), keeping those whose height is at least
 * `minSignificance` Poisson sigmas of the local background (findPeaks' own noise is a global MAD,
 * too small where the background is high), and dropping those within `excludeHalfWidth` of a
 * channel in `exclude` (fluorescence/gamma lines, which are not reflections).
 */
export function scanPeaks(spectrum: PreparedSpectrum, minSignificance: number, exclude: readonly { channel: number; halfWidth: number }[] = []): ScanPeak[] {
  const { peaks, background } = findPeaks(spectrum.x, spectrum.y, { minSnr: minSignificance, smoothingPoints: 2 });
  return peaks
    .filter((p) => p.height >= (minSignificance * Math.sqrt(Math.max(background[p.index]!, 1))) / 2)
    .filter((p) => !exclude.some((e) => Math.abs(p.x - e.channel) <= e.halfWidth))
    .map((p) => ({ channel: p.x, height: p.height }));
}

function nearestDistance(sorted: readonly ScanPeak[], channel: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.channel < channel) lo = mid;
    else hi = mid;
  }
  let best = Number.POSITIVE_INFINITY;
  for (const i of [lo, hi]) if (i >= 0 && i < sorted.length) best = Math.min(best, Math.abs(sorted[i]!.channel - channel));
  return best;
}

/**
 * Coarse 2theta scan over guess*(1 +- range). Every angle at which some reflection falls exactly
 * on some peak of the spectrum is a candidate (so the whole range is covered without grid gaps);
 * the candidate at which most reflections sit within half a search window of a peak wins, ties
 * broken by the smallest sum of squared normalised distances, then by closeness to the guess.
 */
export function scanTwoTheta(
  spectrum: PreparedSpectrum,
  peaks: readonly CalibrantPeak[],
  calibration: EnergyPolynomial,
  guessDeg: number,
  relativeRange: number,
  windowKeV: (e: number) => number,
  found: readonly ScanPeak[],
): { twoThetaDeg: number; matched: number } {
  const lo = guessDeg * (1 - relativeRange);
  const hi = guessDeg * (1 + relativeRange);
  const xMin = spectrum.x[0]!;
  const xMax = spectrum.x[spectrum.x.length - 1]!;
  const candidates = [guessDeg];
  for (const f of found) {
    const e = energyAt(calibration, f.channel).energyKeV;
    if (!(e > 0)) continue;
    for (const p of peaks) {
      const s = HC_KEV_ANGSTROM / (2 * p.dAngstrom * e);
      if (!(s > 0 && s < 1)) continue;
      const t = (2 * Math.asin(s)) / DEG;
      if (t >= lo && t <= hi) candidates.push(t);
    }
  }
  let best = { twoThetaDeg: guessDeg, matched: -1, spread: 0, distance: 0 };
  for (const t of candidates) {
    let matched = 0;
    let spread = 0;
    for (const p of peaks) {
      const e = braggEnergyKeV(p.dAngstrom, t);
      let ch: number;
      try {
        ch = channelAt(calibration, e);
      } catch {
        continue;
      }
      if (!(ch > xMin && ch < xMax)) continue;
      const tolerance = windowKeV(e) / 2 / energySlopeAt(calibration, ch);
      const d = nearestDistance(found, ch) / tolerance;
      if (d <= 1) {
        matched++;
        spread += d * d;
      }
    }
    const distance = Math.abs(t - guessDeg);
    const better = matched > best.matched || (matched === best.matched && (spread < best.spread - 1e-9 || (Math.abs(spread - best.spread) <= 1e-9 && distance < best.distance)));
    if (better) best = { twoThetaDeg: t, matched, spread, distance };
  }
  return { twoThetaDeg: best.twoThetaDeg, matched: best.matched };
}

/** Measures every reflection at its predicted channel. */
export function measureReflections(
  spectrum: PreparedSpectrum,
  peaks: readonly CalibrantPeak[],
  calibration: EnergyPolynomial,
  twoThetaDeg: number,
  options: { windowKeV: (e: number) => number; shape: "gaussian" | "pseudoVoigt"; minSignificance: number },
): ReflectionMatch[] {
  const { x, y, sigma } = spectrum;
  const matches: ReflectionMatch[] = peaks.map((peak) => {
    const empty = { peak, channel: null, channelSigma: null, fwhmKeV: null };
    const e = braggEnergyKeV(peak.dAngstrom, twoThetaDeg);
    let predicted: number;
    try {
      predicted = channelAt(calibration, e);
    } catch (error) {
      return { ...empty, status: "outside", reason: (error as Error).message };
    }
    if (!(predicted > x[0]! && predicted < x[x.length - 1]!)) return { ...empty, status: "outside", reason: `predicted at channel ${predicted.toFixed(1)}, outside the spectrum` };
    const slope = energySlopeAt(calibration, predicted);
    const r = fitPeakGroup(x, y, sigma, { predicted, searchHalfWidth: options.windowKeV(e) / slope, offsets: [0], weights: [1], shape: options.shape, minSignificance: options.minSignificance });
    if ("reason" in r) return { ...empty, status: "not-found", reason: r.reason };
    return { peak, status: "used", channel: r.position, channelSigma: r.positionSigma, fwhmKeV: r.fwhm * slope, reason: "" };
  });
  const used = matches.filter((m) => m.status === "used");
  for (let i = 0; i < used.length; i++) {
    for (let j = i + 1; j < used.length; j++) {
      const a = used[i]!;
      const b = used[j]!;
      const fwhmCh = Math.max(a.fwhmKeV!, b.fwhmKeV!) / energySlopeAt(calibration, a.channel!);
      if (Math.abs(a.channel! - b.channel!) < 0.5 * fwhmCh) {
        a.status = "rejected";
        b.status = "rejected";
        a.reason = `blended with ${b.peak.label}`;
        b.reason = `blended with ${a.peak.label}`;
      }
    }
  }
  return matches;
}

/** Energy range (keV) covered by the spectrum under a calibration. */
export function energyRange(spectrum: PreparedSpectrum, calibration: EnergyPolynomial): [number, number] {
  return [energyAt(calibration, spectrum.x[0]!).energyKeV, energyAt(calibration, spectrum.x[spectrum.x.length - 1]!).energyKeV];
}
