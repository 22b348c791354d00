/**
 * Calibration records: what an energy-dispersive (channel -> energy -> d) or angle-dispersive
 * (2theta -> d) calibration holds, with the covariance of all its parameters, the residual table
 * and provenance; and d-spacing (with uncertainty) at a channel.
 *
 * @packageDocumentation
 */
import { HC_KEV_ANGSTROM } from "@operando/core";
import type { EnergyPolynomial } from "./energyPolynomial.js";
import { energyAt } from "./energyPolynomial.js";

const DEG = Math.PI / 180;

/** Where a calibration came from. */
export interface CalibrationProvenance {
  /** Which fit produced it. */
  method: "energy" | "angle" | "joint" | "wavelength";
  /** File the calibration spectrum/pattern was read from, when known. */
  sourceFile?: string;
  /** Line specifications used (e.g. ["Co:Ka", "Mo:Ka"]). */
  lines: string[];
  /** Calibrant used for Bragg peaks, when any (e.g. "CeO2 NIST SRM 674b a=5.411651 A"). */
  calibrant?: string;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** Software and version, e.g. "@operando/calibrate 0.1.0". */
  software: string;
  /** Free-text notes: assumptions, rejected lines, warnings. */
  notes: string[];
}

/** One row of a calibration's residual table. */
export interface CalibrationResidual {
  /** Line or reflection name, e.g. "Co Ka" or "CeO2 111". */
  label: string;
  /** "line" for fluorescence/gamma/user energies, "bragg" for calibrant reflections. */
  kind: "line" | "bragg";
  /** Measured position: channel (energy-dispersive) or 2theta in deg (angle-dispersive). */
  position: number;
  /** One-sigma of the position (same unit). */
  positionSigma: number;
  /** Reference value: energy (keV) of a line, or d (A) of a reflection. */
  reference: number;
  /** The calibrated value at the measured position, in the unit of `reference`. */
  fitted: number;
  /** fitted - reference. */
  residual: number;
  /** One-sigma of the residual from the position sigma (same unit). */
  sigma: number;
  /** residual / sigma. */
  normalizedResidual: number;
  /** Unit of reference, fitted, residual and sigma: "keV" or "A". */
  unit: "keV" | "A";
}

/** Fit quality common to every calibration. */
export interface CalibrationQuality {
  /** Chi-square of the final fit. */
  chiSquare: number;
  /** Degrees of freedom. */
  degreesOfFreedom: number;
  /** chiSquare / degreesOfFreedom (NaN when 0). */
  reducedChiSquare: number;
  /** Condition number of the column-scaled weighted Jacobian (large = nearly degenerate). */
  conditionNumber: number;
}

/**
 * An energy-dispersive calibration: channel -> energy polynomial and, once the angle is known,
 * the fixed scattering angle 2theta, with the joint covariance.
 */
export interface EnergyDispersiveCalibration extends EnergyPolynomial, CalibrationQuality {
  /** Discriminant. */
  readonly kind: "energy-dispersive";
  /** Fixed scattering angle 2theta (deg), or null for an energy-only calibration. */
  readonly twoThetaDeg: number | null;
  /** One-sigma of 2theta (deg), or null. */
  readonly twoThetaSigmaDeg: number | null;
  /**
   * Covariance of each coefficient a_k with 2theta (keV/ch^k x deg), length degree + 1; zeros when
   * the angle was fitted after (and independently of) the energy calibration's own data, null
   * when there is no angle.
   */
  readonly coefficientTwoThetaCovariance: readonly number[] | null;
  /** Residual table (lines and reflections). */
  readonly residuals: readonly CalibrationResidual[];
  /** Provenance. */
  readonly provenance: CalibrationProvenance;
}

/**
 * An angle-dispersive calibration: wavelength, 2theta zero offset and optional sample
 * displacement, with covariance. The corrected angle is
 * 2theta_true = 2theta_obs - zeroDeg - displacementRad cos(theta) (180/pi) (GSAS-style
 * displacement term, displacementRad = -2 s / R for a sample shifted by s on a diffractometer
 * of radius R).
 */
export interface AngleDispersiveCalibration extends CalibrationQuality {
  /** Discriminant. */
  readonly kind: "angle-dispersive";
  /** Wavelength (A). */
  readonly wavelengthAngstrom: number;
  /** 2theta zero offset (deg). */
  readonly zeroDeg: number;
  /** Displacement term (rad); 0 when not refined. */
  readonly displacementRad: number;
  /** Row-major 3 x 3 covariance of [wavelengthAngstrom, zeroDeg, displacementRad] (0 for fixed). */
  readonly covariance: readonly number[];
  /** Which of zero and displacement were refined. */
  readonly refined: { readonly zero: boolean; readonly displacement: boolean };
  /** Residual table. */
  readonly residuals: readonly CalibrationResidual[];
  /** Provenance. */
  readonly provenance: CalibrationProvenance;
}

/** Any calibration. */
export type Calibration = EnergyDispersiveCalibration | AngleDispersiveCalibration;

/** A d-spacing with its one-sigma uncertainty. */
export interface DSpacingWithSigma {
  /** d (A). */
  dAngstrom: number;
  /** One-sigma (A), from the full covariance of the calibration. */
  sigmaAngstrom: number;
}

/**
 * Full row-major covariance of [a0..ak, twoThetaDeg] of an energy-dispersive calibration.
 * @param calibration - a calibration with an angle
 * @returns (k+2)^2 values
 */
export function edxrdCovariance(calibration: EnergyDispersiveCalibration): Float64Array {
  const p = calibration.coefficients.length;
  const q = p + 1;
  const out = new Float64Array(q * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i * q + j] = calibration.covariance[i * p + j]!;
  const cross = calibration.coefficientTwoThetaCovariance ?? [];
  for (let i = 0; i < p; i++) {
    out[i * q + p] = cross[i] ?? 0;
    out[p * q + i] = cross[i] ?? 0;
  }
  out[p * q + p] = (calibration.twoThetaSigmaDeg ?? 0) ** 2;
  return out;
}

/**
 * d-spacing at a channel: d = hc / (2 E(ch) sin(theta)), with sigma from the full covariance:
 * sigma_d^2 = g^T S g, g = (dd/da_0..dd/da_k, dd/d2theta), dd/da_k = -d ch^k / E,
 * dd/d(2theta) = -d cot(theta) / 2 (per rad).
 *
 * @param calibration - energy-dispersive calibration with an angle
 * @param channel - channel
 * @returns d (A) and its one-sigma
 * @throws InvalidParameterError (from the caller's perspective) is not thrown; returns NaN when
 *   the calibration has no angle
 */
export function dSpacingAt(calibration: EnergyDispersiveCalibration, channel: number): DSpacingWithSigma {
  const twoTheta = calibration.twoThetaDeg;
  if (twoTheta === null) return { dAngstrom: Number.NaN, sigmaAngstrom: Number.NaN };
  const { energyKeV } = energyAt(calibration, channel);
  const theta = (twoTheta * DEG) / 2;
  const d = HC_KEV_ANGSTROM / (2 * energyKeV * Math.sin(theta));
  const p = calibration.coefficients.length;
  const g = new Float64Array(p + 1);
  let power = 1;
  for (let k = 0; k < p; k++) {
    g[k] = (-d * power) / energyKeV;
    power *= channel;
  }
  g[p] = ((-d / Math.tan(theta)) / 2) * DEG;
  const s = edxrdCovariance(calibration);
  const q = p + 1;
  let variance = 0;
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) variance += g[i]! * s[i * q + j]! * g[j]!;
  return { dAngstrom: d, sigmaAngstrom: Math.sqrt(Math.max(variance, 0)) };
}

/**
 * d-spacing at an observed 2theta of an angle-dispersive calibration:
 * 2theta_true = 2theta_obs - zero - D cos(theta_obs) (180/pi); d = lambda / (2 sin(theta_true)),
 * with sigma from the covariance of (lambda, zero, D).
 *
 * @param calibration - angle-dispersive calibration
 * @param twoThetaDeg - observed 2theta (deg)
 * @returns d (A) and its one-sigma
 */
export function dSpacingAtTwoTheta(calibration: AngleDispersiveCalibration, twoThetaDeg: number): DSpacingWithSigma {
  const { wavelengthAngstrom: lambda, zeroDeg, displacementRad } = calibration;
  const cosObs = Math.cos((twoThetaDeg * DEG) / 2);
  const trueTwoTheta = twoThetaDeg - zeroDeg - (displacementRad * cosObs) / DEG;
  const theta = (trueTwoTheta * DEG) / 2;
  const s = Math.sin(theta);
  const d = lambda / (2 * s);
  // dd/d(2theta_true) per deg = -d cot(theta) / 2 * DEG
  const dd2t = ((-d / Math.tan(theta)) / 2) * DEG;
  const g = [1 / (2 * s), -dd2t, -dd2t * (cosObs / DEG)];
  const c = calibration.covariance;
  let variance = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) variance += g[i]! * c[i * 3 + j]! * g[j]!;
  return { dAngstrom: d, sigmaAngstrom: Math.sqrt(Math.max(variance, 0)) };
}
