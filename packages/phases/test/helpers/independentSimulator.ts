/**
 * A deliberately different forward model of an EDXRD window spectrum (no @operando/simulate), to
 * check the quantification against a simulator that does not share its assumptions:
 * - pseudo-Voigt peaks (Lorentzian fraction `eta`, default 0.2) sampled at channel centres,
 *   FWHM(E) = sqrt(0.17^2 + 0.0021 E + (6e-4 E)^2) keV (not the quantifier's resolution terms);
 * - a quadratic background with a smooth step (an absorption-edge-like erfc step of `stepCounts`
 *   at 66 keV, 0.4 keV wide);
 * - a tabulated incident spectrum (a filtered-source shape, linear interpolation between nodes),
 *   not the bending-magnet formula;
 * - reflection intensities: crystal's library |F|^2 m (structure factors) times an independent
 *   random factor 1 + u, u uniform in [-perturbation, perturbation] per reflection (the intensity
 *   model error), times i0(E) / E^2 (the energy-dispersive Lorentz factor d^2 at fixed angle);
 * - channel energies from a quadratic calibration; Poisson noise from createRng.
 * Phase amounts follow the quantifier's definition of a fraction (moles of V2O5 units, integrated
 * intensity proportional to f |F|^2 m / (V Z)), since that is what a fraction means, not a model choice.
 */
import type { EnergyDispersiveCalibration } from "@operando/calibrate";
import type { Pattern, Rng } from "@operando/core";
import { createPattern, HC_KEV_ANGSTROM } from "@operando/core";
import type { Lattice } from "@operando/crystal";
import { cellVolume, getPhase, phaseLattice, phaseReflections } from "@operando/crystal";

/** Geometry of the independent instrument: 2theta 2.31 deg, E = 0.03 + 0.0196 ch + 2e-8 ch^2 keV. */
export const INDEPENDENT_TWO_THETA_DEG = 2.31;
const CAL = [0.03, 0.0196, 2e-8] as const;
const CHANNELS = 8192;

/** Tabulated incident spectrum (relative flux per keV) at 40-100 keV: a filtered source, falling ~3x over the window. */
const SPECTRUM_NODES_KEV = [40, 50, 55, 60, 65, 70, 75, 80, 85, 90, 100];
const SPECTRUM_VALUES = [1.9, 1.65, 1.5, 1.32, 1.12, 0.95, 0.8, 0.66, 0.55, 0.45, 0.3];

/** Linear interpolation of the tabulated spectrum (clamped at the ends). */
export function independentSpectrum(energyKeV: number): number {
  const xs = SPECTRUM_NODES_KEV;
  if (energyKeV <= xs[0]!) return SPECTRUM_VALUES[0]!;
  for (let i = 1; i < xs.length; i++) {
    if (energyKeV <= xs[i]!) {
      const t = (energyKeV - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
      return SPECTRUM_VALUES[i - 1]! + t * (SPECTRUM_VALUES[i]! - SPECTRUM_VALUES[i - 1]!);
    }
  }
  return SPECTRUM_VALUES[SPECTRUM_VALUES.length - 1]!;
}

/** The calibration of the independent instrument (exact). */
export function independentCalibration(): EnergyDispersiveCalibration {
  return {
    kind: "energy-dispersive",
    coefficients: [...CAL],
    covariance: new Array<number>(9).fill(0),
    twoThetaDeg: INDEPENDENT_TWO_THETA_DEG,
    twoThetaSigmaDeg: 0,
    coefficientTwoThetaCovariance: [0, 0, 0],
    residuals: [],
    provenance: { method: "joint", lines: [], createdAt: "2026-01-01T00:00:00Z", software: "independent test simulator", notes: [] },
    chiSquare: 0,
    degreesOfFreedom: 0,
    reducedChiSquare: Number.NaN,
    conditionNumber: 1,
  };
}

/** A phase of the independent truth. */
export interface IndependentPhase {
  id: string;
  fraction: number;
  /** Composition (Vegard lattice via crystal's phaseLattice) unless `lattice` is given. */
  x?: number;
  lattice?: Lattice;
}

/** Options of {@link independentEdxrd}. */
export interface IndependentOptions {
  /** Lorentzian fraction of the pseudo-Voigt. @default 0.2 */
  eta?: number;
  /** Half-width of the uniform relative intensity error per reflection. @default 0.2 */
  perturbation?: number;
  /** Height of the background step at 66 keV (counts per channel). @default 60 */
  stepCounts?: number;
  /** Integrated counts of the strongest unit-fraction reflection scale. @default 2000 (strongest window peak ~2000 counts per channel over a ~260-count background, as the study helper) */
  countScale?: number;
  /** Noise and intensity-perturbation generator (omit: noiseless, unperturbed). */
  rng?: Rng;
}

/** Normal CDF complement via erfc (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? y : 2 - y;
}

/** The independent spectrum and its truth (per phase: lattice used). */
export function independentEdxrd(truth: readonly IndependentPhase[], options: IndependentOptions = {}): { pattern: Pattern; lattices: Record<string, Lattice> } {
  const eta = options.eta ?? 0.2;
  const pert = options.perturbation ?? 0.2;
  const step = options.stepCounts ?? 60;
  const countScale = options.countScale ?? 2000;
  const rng = options.rng;
  const sinTheta = Math.sin((INDEPENDENT_TWO_THETA_DEG / 2) * (Math.PI / 180));
  const energy = new Float64Array(CHANNELS);
  const bin = new Float64Array(CHANNELS);
  for (let c = 0; c < CHANNELS; c++) {
    energy[c] = CAL[0] + CAL[1] * c + CAL[2] * c * c;
    bin[c] = CAL[1] + 2 * CAL[2] * c;
  }
  const y = new Float64Array(CHANNELS);
  for (let c = 0; c < CHANNELS; c++) {
    const e = energy[c]!;
    const t = e - 70;
    y[c] = Math.max(0, 260 - 4 * t + 0.06 * t * t) + step * 0.5 * erfc((e - 66) / 0.4);
  }
  const lattices: Record<string, Lattice> = {};
  for (const ph of truth) {
    const def = getPhase(ph.id);
    const lattice = ph.lattice ?? phaseLattice(def, ph.x ?? def.xReference);
    lattices[ph.id] = lattice;
    const zUnits = (def.cellContents.find((q) => q.element === "V")?.count ?? 2) / 2;
    const scale = (countScale * ph.fraction) / (cellVolume(lattice) * zUnits);
    for (const r of phaseReflections(def, { dMinAngstrom: 3.3, dMaxAngstrom: 6, lattice })) {
      const e0 = HC_KEV_ANGSTROM / (2 * r.dAngstrom * sinTheta);
      const factor = rng === undefined ? 1 : 1 + pert * (2 * rng.uniform() - 1);
      const area = (scale * r.intensity * factor * independentSpectrum(e0) * 5000) / (e0 * e0);
      const fw = Math.sqrt(0.17 ** 2 + 0.0021 * e0 + (6e-4 * e0) ** 2);
      const gauss = (2 * Math.sqrt(Math.LN2 / Math.PI)) / fw;
      const lor = 2 / (Math.PI * fw);
      for (let c = 0; c < CHANNELS; c++) {
        const q = (energy[c]! - e0) / fw;
        if (q * q > 2500) continue;
        y[c] = y[c]! + area * bin[c]! * ((1 - eta) * gauss * Math.exp(-4 * Math.LN2 * q * q) + (eta * lor) / (1 + 4 * q * q));
      }
    }
  }
  if (rng !== undefined) for (let c = 0; c < CHANNELS; c++) y[c] = rng.poisson(y[c]!);
  const x = Float64Array.from({ length: CHANNELS }, (_, c) => c);
  return { pattern: createPattern({ axis: "channel", x, y, meta: { twoThetaDeg: INDEPENDENT_TWO_THETA_DEG, format: "independent-simulator" } }), lattices };
}
