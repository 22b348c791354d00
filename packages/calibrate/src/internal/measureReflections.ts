/**
 * Finds and fits calibrant reflections in an energy-dispersive spectrum, given an energy
 * calibration and a 2theta guess (refined first by a coarse scan that maximises the number of
 * predicted reflections that sit on a significant peak).
 *
 * @packageDocumentation
 */
import { HC_KEV_ANGSTROM } from "@operando/core";
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

function hasPeakNear(spectrum: PreparedSpectrum, channel: number, halfWidth: number, minSignificance: number): boolean {
  const { x, y } = spectrum;
  const n = x.length;
  const step = (x[n - 1]! - x[0]!) / (n - 1);
  const i0 = Math.round((channel - halfWidth - x[0]!) / step);
  const i1 = Math.round((channel + halfWidth - x[0]!) / step);
  if (i0 < 1 || i1 > n - 2 || i1 - i0 < 2) return false;
  const smooth = (i: number) => (y[i - 1]! + y[i]! + y[i + 1]!) / 3;
  let iMax = i0;
  for (let i = i0; i <= i1; i++) if (smooth(i) > smooth(iMax)) iMax = i;
  if (iMax === i0 || iMax === i1) return false;
  const reach = 4 * (i1 - i0);
  let base = Number.POSITIVE_INFINITY;
  for (let i = Math.max(1, iMax - reach); i <= Math.min(n - 2, iMax + reach); i++) base = Math.min(base, smooth(i));
  return (smooth(iMax) - base) / Math.sqrt(Math.max(base, 1) / 3) >= minSignificance;
}

/**
 * Coarse 2theta scan: the angle in guess*(1 +- range) at which most predicted reflections sit on
 * a peak (ties: closest to the guess).
 */
export function scanTwoTheta(spectrum: PreparedSpectrum, peaks: readonly CalibrantPeak[], calibration: EnergyPolynomial, guessDeg: number, relativeRange: number, windowKeV: (e: number) => number, minSignificance: number): { twoThetaDeg: number; matched: number } {
  let best = { twoThetaDeg: guessDeg, matched: -1, distance: 0 };
  const energies = peaks.map((p) => braggEnergyKeV(p.dAngstrom, guessDeg));
  const typical = energies.reduce((s, e) => s + e, 0) / Math.max(energies.length, 1);
  const stepRel = Math.max(windowKeV(typical) / 3 / typical, 1e-4);
  const count = Math.ceil(relativeRange / stepRel);
  for (let k = -count; k <= count; k++) {
    const t = guessDeg * (1 + k * stepRel);
    let matched = 0;
    for (const p of peaks) {
      const e = braggEnergyKeV(p.dAngstrom, t);
      let ch: number;
      try {
        ch = channelAt(calibration, e);
      } catch {
        continue;
      }
      const slope = energySlopeAt(calibration, ch);
      if (hasPeakNear(spectrum, ch, windowKeV(e) / 3 / slope, minSignificance)) matched++;
    }
    const distance = Math.abs(k);
    if (matched > best.matched || (matched === best.matched && distance < best.distance)) best = { twoThetaDeg: t, matched, distance };
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
