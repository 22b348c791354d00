/**
 * Calibrant reflections to look for: d-spacings from @operando/crystal (certified lattice,
 * space-group extinctions, |F|^2 m intensities), equal-d reflections merged (e.g. CeO2 511/333).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Calibrant } from "@operando/crystal";
import { calibrantReflections, getCalibrant } from "@operando/crystal";

/** A reflection (or set of equal-d reflections) of a calibrant. */
export interface CalibrantPeak {
  /** e.g. "CeO2 511/333". */
  label: string;
  /** d (A). */
  dAngstrom: number;
  /** One-sigma of d from the certified lattice uncertainty (k = 2 halved), 0 when unknown. */
  dSigmaAngstrom: number;
  /** |F|^2 m relative to the strongest in range. */
  relativeIntensity: number;
}

/**
 * Reflections of a calibrant between dMin and dMax, strongest-relative intensity >= minRelative.
 */
export function calibrantPeaks(calibrant: string | Calibrant, dMinAngstrom: number, dMaxAngstrom: number, minRelativeIntensity: number): { calibrant: Calibrant; peaks: CalibrantPeak[] } {
  const c = typeof calibrant === "string" ? getCalibrant(calibrant) : calibrant;
  if (!(dMinAngstrom > 0) || !(dMaxAngstrom > dMinAngstrom)) {
    throw new InvalidParameterError({ parameter: "d range", value: [dMinAngstrom, dMaxAngstrom], expected: "0 < dMin < dMax (A); check the 2theta/wavelength guess" });
  }
  const reflections = calibrantReflections(c, { dMinAngstrom, dMaxAngstrom });
  const merged: { labels: string[]; d: number; intensity: number }[] = [];
  for (const r of reflections) {
    const last = merged[merged.length - 1];
    const hkl = `${r.h}${r.k}${r.l}`;
    if (last !== undefined && Math.abs(last.d - r.dAngstrom) < 1e-9 * r.dAngstrom) {
      last.labels.push(hkl);
      last.intensity += r.intensity;
    } else {
      merged.push({ labels: [hkl], d: r.dAngstrom, intensity: r.intensity });
    }
  }
  const maxIntensity = Math.max(0, ...merged.map((m) => m.intensity));
  const relSigma = c.aUncertaintyAngstrom === undefined ? 0 : c.aUncertaintyAngstrom / 2 / c.aAngstrom;
  const peaks = merged
    .filter((m) => maxIntensity > 0 && m.intensity / maxIntensity >= minRelativeIntensity)
    .map((m) => ({ label: `${c.name} ${m.labels.join("/")}`, dAngstrom: m.d, dSigmaAngstrom: m.d * relSigma, relativeIntensity: m.intensity / maxIntensity }));
  return { calibrant: c, peaks };
}

/** Text for provenance: "CeO2 NIST SRM 674b a=5.411651 A". */
export function describeCalibrant(c: Calibrant): string {
  return `${c.name} ${c.reference} a=${c.aAngstrom} A`;
}
