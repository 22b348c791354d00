/**
 * Fixed-energy nuisance lines of an energy-dispersive window (K fluorescence of the shielding and
 * sample environment: Pb, W, Bi, U, Au, Pt ...) and the residual check for a strong peak the model
 * does not explain.
 *
 * A fluorescence line sits at its tabulated energy whatever the d-spacings are, with the detector
 * resolution only (no angular term): FWHM^2 = noise^2 + 2.355^2 F eps E. Each line group becomes one
 * fixed column of the window model (unit integrated counts over all its components, the relative
 * intensities within the group from @operando/calibrate's table), or, in "free" mode, each component
 * its own column; the amplitudes are linear and bounded below by 0.
 *
 * @packageDocumentation
 */
import { lineGroups } from "@operando/calibrate";
import { FWHM_PER_SIGMA, InvalidParameterError } from "@operando/core";
import { chiSquareQuantile } from "./chiSquare.js";
import type { WindowGeometry } from "./geometry.js";

/** A user-given fixed-energy line. */
export interface FluorescenceLineSpec {
  /** Line energy (keV). */
  energyKeV: number;
  /** Label for the report. @default "<energy> keV" */
  label?: string;
}

/** A resolved line group: components at fixed energies with relative weights summing to 1. */
export interface ResolvedLineGroup {
  label: string;
  /** Reference (first component) energy (keV). */
  energyKeV: number;
  components: { label: string; energyKeV: number; weight: number }[];
}

// Normalized Gaussian of FWHM F: (2 sqrt(ln2/pi) / F) exp(-4 ln2 (x/F)^2).
const GAUSS_C = 2 * Math.sqrt(Math.LN2 / Math.PI);
const FOUR_LN2 = 4 * Math.LN2;

/**
 * Resolves the `fluorescenceLines` option: strings through @operando/calibrate's `lineGroups`
 * ("Pb:K" -> Pb Ka (Ka1 + Ka2), Pb Kb (Kb1 + Kb3), Pb Kb2; "W:Ka"; "Pb:Ka1"; "75.0"), objects as
 * single lines. "table" keeps each group's components with their tabulated weights (one amplitude
 * per group); "free" splits every component into its own group (one amplitude per line).
 * @throws InvalidParameterError for an unknown element/line or a non-positive energy
 */
export function resolveFluorescenceLines(specs: readonly (string | FluorescenceLineSpec)[], mode: "table" | "free"): ResolvedLineGroup[] {
  const groups: ResolvedLineGroup[] = [];
  specs.forEach((spec, i) => {
    if (typeof spec === "string") {
      for (const g of lineGroups([spec])) groups.push({ label: g.label, energyKeV: g.energyKeV, components: g.components.map((c) => ({ label: c.label, energyKeV: c.energyKeV, weight: c.weight })) });
    } else if (spec !== null && typeof spec === "object" && Number.isFinite(spec.energyKeV) && spec.energyKeV > 0) {
      const label = spec.label ?? `${spec.energyKeV} keV`;
      groups.push({ label, energyKeV: spec.energyKeV, components: [{ label, energyKeV: spec.energyKeV, weight: 1 }] });
    } else {
      throw new InvalidParameterError({ parameter: `fluorescenceLines[${i}]`, value: spec, expected: 'a line specification ("Pb:K", "W:Ka", "74.97") or { energyKeV > 0, label? }' });
    }
  });
  if (mode === "table") return groups;
  return groups.flatMap((g) => g.components.map((c) => ({ label: c.label, energyKeV: c.energyKeV, components: [{ ...c, weight: 1 }] })));
}

/** Detector-only FWHM (keV) at E: sqrt(noise^2 + 2.355^2 F eps E) (science.md section 2). */
export function detectorFwhmKeV(energyKeV: number, resolution: { electronicNoiseFwhmKeV: number; fanoFactor: number; pairEnergyEv: number }): number {
  const fano = FWHM_PER_SIGMA * FWHM_PER_SIGMA * resolution.fanoFactor * (resolution.pairEnergyEv / 1000);
  return Math.sqrt(resolution.electronicNoiseFwhmKeV ** 2 + fano * energyKeV);
}

/**
 * The window columns of the line groups that reach into the window (a component within 3 FWHM of
 * it): counts per channel of unit integrated group counts. Groups that do not reach it are dropped.
 */
export function lineColumns(geometry: WindowGeometry, groups: readonly ResolvedLineGroup[], resolution: { electronicNoiseFwhmKeV: number; fanoFactor: number; pairEnergyEv: number }): { groups: ResolvedLineGroup[]; columns: Float64Array[] } {
  const { u, bin, uMin, uMax } = geometry;
  const n = u.length;
  const used: ResolvedLineGroup[] = [];
  const columns: Float64Array[] = [];
  for (const g of groups) {
    const col = new Float64Array(n);
    let reaches = false;
    for (const c of g.components) {
      const fw = detectorFwhmKeV(c.energyKeV, resolution);
      if (c.energyKeV < uMin - 3 * fw || c.energyKeV > uMax + 3 * fw) continue;
      reaches = true;
      const g0 = GAUSS_C / fw;
      for (let i = 0; i < n; i++) {
        const q = (u[i]! - c.energyKeV) / fw;
        if (q * q > 36) continue;
        col[i] = col[i]! + c.weight * bin[i]! * g0 * Math.exp(-FOUR_LN2 * q * q);
      }
    }
    if (reaches) {
      used.push(g);
      columns.push(col);
    }
  }
  return { groups: used, columns };
}

/** A strong peak left in the residual. */
export interface ResidualPeak {
  /** Centre on the fit axis (keV or deg). */
  position: number;
  /** Matched-filter chi-square drop a Gaussian of the instrumental width there would give (divided by max(1, reduced chi-square)). */
  score: number;
  /** Its threshold (chi-square quantile at the look-elsewhere-corrected significance). */
  threshold: number;
  /** Integrated counts of that Gaussian. */
  counts: number;
}

/**
 * Matched-filter search of the weighted residual y - f for one positive Gaussian of the
 * instrumental FWHM (centres every quarter FWHM): score(u) = max(0, g^T W r)^2 / (g^T W g), the
 * chi-square drop of adding that peak (the score statistic of a one-amplitude nested model),
 * divided by max(1, reduced chi-square) so a smooth overall misfit does not raise it. Centres
 * within one FWHM of a modelled peak are skipped (a misfit of that peak, not a missing one). The
 * threshold is the chi-square(1) quantile at 1 - significance / trials, trials = window / FWHM
 * (Bonferroni over the independent positions: look-elsewhere correction).
 * @returns the strongest residual peak above the threshold, or undefined
 */
export function unexplainedResidualPeak(geometry: WindowGeometry, y: Float64Array, w: Float64Array, fitted: Float64Array, reducedChiSquare: number, modelled: readonly number[], significance: number): ResidualPeak | undefined {
  const { u, bin } = geometry;
  const n = u.length;
  if (n < 8) return undefined;
  const mid = geometry.fwhm(0.5 * (geometry.uMin + geometry.uMax));
  const trials = Math.max(1, (geometry.uMax - geometry.uMin) / mid);
  const threshold = chiSquareQuantile(1 - significance / trials, 1);
  const dispersion = Math.max(1, Number.isFinite(reducedChiSquare) ? reducedChiSquare : 1);
  const sorted = [...modelled].sort((a, b) => a - b);
  let best: ResidualPeak | undefined;
  let uc = geometry.uMin + mid;
  // Lower bound of the search index, advanced with the centre.
  let i0 = 0;
  while (uc <= geometry.uMax - mid) {
    const fw = geometry.fwhm(uc);
    let near = false;
    for (const m of sorted) if (Math.abs(m - uc) < fw) near = true;
    if (!near) {
      while (i0 < n && u[i0]! < uc - 3 * fw) i0++;
      const g0 = GAUSS_C / fw;
      let num = 0;
      let den = 0;
      for (let i = i0; i < n && u[i]! <= uc + 3 * fw; i++) {
        const q = (u[i]! - uc) / fw;
        const g = bin[i]! * g0 * Math.exp(-FOUR_LN2 * q * q);
        num += w[i]! * g * (y[i]! - fitted[i]!);
        den += w[i]! * g * g;
      }
      if (num > 0 && den > 0) {
        const score = (num * num) / den / dispersion;
        if (score > threshold && (best === undefined || score > best.score)) best = { position: uc, score, threshold, counts: num / den };
      }
    }
    uc += 0.25 * fw;
  }
  return best;
}
