// Synthetic EDXRD / ADXRD patterns with known truth for the phases tests (via @operando/simulate).
import type { AngleDispersiveCalibration, EnergyDispersiveCalibration } from "@operando/calibrate";
import type { Rng } from "@operando/core";
import type { Lattice } from "@operando/crystal";
import { cellVolume, getPhase, phaseLattice } from "@operando/crystal";
import type { SimulationPhase } from "@operando/simulate";
import { bendingMagnetSpectrum, simulateAdxrd, simulateEdxrd } from "@operando/simulate";

/** EDXRD instrument of the study: 2theta = 2.29 deg (Luo et al. 2021), 8192 channels, 0-160 keV. */
export const TWO_THETA_DEG = 2.29;
export const ENERGY_CAL = { offsetKeV: 0.05, slopeKeV: 0.0195, quadraticKeV: 0 };
export const RESOLUTION = { electronicNoiseFwhmKeV: 0.2, angularSpreadDeg: 0.004 };
export const SPECTRUM = bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 });

/** The matching calibration record (exact, zero covariance). */
export function edxrdCalibration(twoThetaDeg = TWO_THETA_DEG): EnergyDispersiveCalibration {
  return {
    kind: "energy-dispersive",
    coefficients: [ENERGY_CAL.offsetKeV, ENERGY_CAL.slopeKeV, 0],
    covariance: new Array<number>(9).fill(0),
    twoThetaDeg,
    twoThetaSigmaDeg: 0,
    coefficientTwoThetaCovariance: [0, 0, 0],
    residuals: [],
    provenance: { method: "joint", lines: [], createdAt: "2026-01-01T00:00:00Z", software: "test", notes: [] },
    chiSquare: 0,
    degreesOfFreedom: 0,
    reducedChiSquare: Number.NaN,
    conditionNumber: 1,
  };
}

/** ADXRD calibration at the 17-BM-B wavelength 0.24117 A (Luo et al. 2021). */
export function adxrdCalibration(): AngleDispersiveCalibration {
  return {
    kind: "angle-dispersive",
    wavelengthAngstrom: 0.24117,
    zeroDeg: 0,
    displacementRad: 0,
    covariance: new Array<number>(9).fill(0),
    refined: { zero: false, displacement: false },
    residuals: [],
    provenance: { method: "wavelength", lines: [], createdAt: "2026-01-01T00:00:00Z", software: "test", notes: [] },
    chiSquare: 0,
    degreesOfFreedom: 0,
    reducedChiSquare: Number.NaN,
    conditionNumber: 1,
  };
}

/** A phase of the truth: id, V2O5-unit fraction, composition (sets the Vegard lattice) or explicit lattice. */
export interface TruePhase {
  id: string;
  fraction: number;
  x?: number;
  lattice?: Lattice;
}

/** Formula units per cell (V count / 2), as the quantification assumes. */
function z(id: string): number {
  const v = getPhase(id).cellContents.find((c) => c.element === "V");
  return v === undefined ? 1 : v.count / 2;
}

/** Simulation phases whose scales make the given V2O5-unit fractions (scale = f / (V Z)). */
export function simulationPhases(truth: readonly TruePhase[], totalScale: number): SimulationPhase[] {
  return truth.map((t) => {
    const def = getPhase(t.id);
    const lattice = t.lattice ?? phaseLattice(def, t.x ?? def.xReference);
    return { phase: def, lattice, scale: (totalScale * t.fraction) / (cellVolume(lattice) * z(t.id)) };
  });
}

/** One EDXRD spectrum (Poisson noise from rng). countScale sets the peak counts, backgroundScale multiplies the background. */
export function edxrdPattern(truth: readonly TruePhase[], rng: Rng | undefined, countScale = 2500, backgroundScale = 1) {
  return simulateEdxrd({
    twoThetaDeg: TWO_THETA_DEG,
    channelCount: 8192,
    energyCalibration: ENERGY_CAL,
    resolution: RESOLUTION,
    incidentSpectrum: SPECTRUM,
    phases: simulationPhases(truth.length > 0 ? truth : [{ id: "alpha", fraction: 0 }], 1),
    background: (e: number) => backgroundScale * (40 + 400 * Math.exp(-e / 30)),
    countScale,
    ...(rng === undefined ? {} : { noise: { rng } }),
  });
}

/**
 * One EDXRD spectrum as {@link edxrdPattern} plus fixed-energy fluorescence lines (e.g. Pb K of the
 * shielding, simulate's `fluorescenceLines`); `lines` gives each line's integrated counts.
 */
export function edxrdPatternWithLines(truth: readonly TruePhase[], rng: Rng | undefined, lines: readonly { energyKeV: number; counts: number; label: string }[], countScale = 2500) {
  return simulateEdxrd({
    twoThetaDeg: TWO_THETA_DEG,
    channelCount: 8192,
    energyCalibration: ENERGY_CAL,
    resolution: RESOLUTION,
    incidentSpectrum: SPECTRUM,
    phases: simulationPhases(truth, 1),
    background: (e: number) => 40 + 400 * Math.exp(-e / 30),
    countScale,
    fluorescenceLines: lines.map((l) => ({ energyKeV: l.energyKeV, intensity: l.counts, label: l.label })),
    ...(rng === undefined ? {} : { noise: { rng } }),
  });
}

/** One ADXRD pattern at 0.24117 A over 2theta 2.5-3.8 deg (Caglioti widths, default a constant 0.012 deg FWHM). */
export function adxrdPattern(truth: readonly TruePhase[], rng: Rng | undefined, countScale = 1, caglioti = { u: 0, v: 0, w: 0.012 ** 2 }) {
  return simulateAdxrd({
    wavelengthAngstrom: 0.24117,
    twoThetaStartDeg: 2.5,
    twoThetaEndDeg: 3.8,
    stepDeg: 0.002,
    caglioti,
    phases: simulationPhases(truth, 1),
    background: (tt: number) => 200 + 50 * tt,
    countScale,
    ...(rng === undefined ? {} : { noise: { rng } }),
  });
}

/**
 * True mean x of a simulated equilibrium mixture: a phase with a given x (epsilon, from its
 * lattice) at that x; alpha next to a higher phase at its saturation x = 0.1 and delta next to a
 * lower phase at x = 0.8 (the ends of their library x ranges, the miscibility-gap boundaries:
 * Luo et al. 2021 / science.md section 3, alpha 0-0.1, delta 0.8-1). Single-phase alpha or delta
 * has no defined truth here (the simulated lattice does not depend on x): undefined.
 */
export function equilibriumX(truth: readonly TruePhase[]): number | undefined {
  const present = truth.filter((t) => t.fraction > 0);
  if (present.length === 1 && present[0]!.x === undefined) return undefined;
  const boundary: Record<string, number> = { alpha: 0.1, delta: 0.8 };
  return present.reduce((a, t) => {
    const x = t.x ?? boundary[t.id];
    if (x === undefined) throw new Error(`no equilibrium x for ${t.id} in this helper`);
    return a + t.fraction * x;
  }, 0);
}
