/**
 * Angle-dispersive calibration: wavelength, 2theta zero offset and (optionally) sample
 * displacement refined from the reflections of a calibrant pattern.
 *
 * Model of the observed peak positions (GSAS-style displacement term):
 *   2theta_obs(d) = 2 asin(lambda / (2 d)) (180/pi) + zero + D cos(theta) (180/pi)
 * with D = -2 s / R (rad) for a sample displaced by s on a diffractometer of radius R.
 * Each reflection is fitted (pseudo-Voigt on a linear background) near its predicted position;
 * the positions with their sigmas are then fitted by @operando/fit's curveFit. Note that at
 * high energy (small angles) cos(theta) barely changes across the pattern, so D and zero are
 * nearly degenerate: the correlation and condition number are reported, and D is off by default.
 *
 * @packageDocumentation
 */
import type { Pattern } from "@operando/core";
import { FitError, InvalidParameterError } from "@operando/core";
import type { Calibrant } from "@operando/crystal";
import { curveFit } from "@operando/fit";
import type { AngleDispersiveCalibration, CalibrationProvenance, CalibrationResidual } from "./calibration.js";
import { calibrantPeaks, describeCalibrant } from "./internal/calibrantPeaks.js";
import type { CalibrantPeak } from "./internal/calibrantPeaks.js";
import { jacobiSvd } from "./internal/linearLeastSquares.js";
import { fitPeakGroup } from "./internal/peakGroupFit.js";
import { SOFTWARE } from "./internal/software.js";
import { prepareSpectrum } from "./internal/spectrum.js";

const DEG = Math.PI / 180;

/** Options of {@link calibrateWavelength}. */
export interface CalibrateWavelengthOptions {
  /** Calibrant name or object. */
  calibrant: string | Calibrant;
  /** Starting wavelength (A); default pattern.meta.wavelengthAngstrom (e.g. from a .poni or header). */
  wavelengthAngstrom?: number;
  /** Starting zero offset (deg). @default 0 */
  zeroDeg?: number;
  /** Refine the zero offset. @default true */
  refineZero?: boolean;
  /** Refine the sample displacement term D (rad). @default false */
  refineDisplacement?: boolean;
  /** Half-width of the search window around each predicted reflection (deg). @default 0.05 */
  searchWindowDeg?: number;
  /** Skip reflections weaker than this fraction of the strongest. @default 0.02 */
  minRelativeIntensity?: number;
  /** Minimum height/sigma of a peak. @default 5 */
  minSignificance?: number;
  /** Fraction of the expected reflections that must be found. @default 0.5 */
  minFoundFraction?: number;
}

/** Outcome for one reflection of the wavelength calibration. */
export interface AdxrdReflectionMatch {
  /** Reflection. */
  label: string;
  /** d (A). */
  dAngstrom: number;
  /** used, rejected, not-found, outside. */
  status: "used" | "rejected" | "not-found" | "outside";
  /** Fitted 2theta (deg) or null. */
  twoThetaDeg: number | null;
  /** Its sigma (deg) or null. */
  twoThetaSigmaDeg: number | null;
  /** FWHM (deg) or null. */
  fwhmDeg: number | null;
  /** Reason when not used. */
  reason: string;
}

/** Result of {@link calibrateWavelength}. */
export interface WavelengthCalibrationResult {
  /** The calibration. */
  calibration: AngleDispersiveCalibration;
  /** Reflection outcomes. */
  reflections: AdxrdReflectionMatch[];
  /** Correlation matrix of [lambda, zero, D] (row-major, 0 for fixed). */
  correlation: number[];
  /** Notes. */
  warnings: string[];
}

function model2theta(d: number, lambda: number, zero: number, disp: number): number {
  const s = lambda / (2 * d);
  const theta = Math.asin(Math.min(s, 1));
  return (2 * theta) / DEG + zero + (disp * Math.cos(theta)) / DEG;
}

/**
 * Refines wavelength, zero and optionally displacement from a calibrant pattern on a 2theta axis.
 *
 * @param pattern - calibrant pattern, axis "twoTheta"
 * @param options - calibrant, starting geometry and what to refine
 * @returns calibration with covariance, per-reflection outcome, correlation
 * @throws InvalidParameterError for a non-2theta axis or no starting wavelength
 * @throws FitError when the calibrant does not match the peaks or the fit is degenerate
 * @example calibrateWavelength(ceo2, { calibrant: "CeO2" }).calibration.wavelengthAngstrom // ~0.4066
 */
export function calibrateWavelength(pattern: Pattern, options: CalibrateWavelengthOptions): WavelengthCalibrationResult {
  const spectrum = prepareSpectrum(pattern, "twoTheta", "an angle-dispersive pattern in 2theta (deg)");
  const { refineZero = true, refineDisplacement = false, searchWindowDeg = 0.05, minRelativeIntensity = 0.02, minSignificance = 5, minFoundFraction = 0.5 } = options;
  const lambda0 = options.wavelengthAngstrom ?? pattern.meta.wavelengthAngstrom;
  if (lambda0 === undefined || !(lambda0 > 0)) {
    throw new InvalidParameterError({ parameter: "wavelengthAngstrom", value: lambda0, expected: "a starting wavelength (A): option, file header or .poni" });
  }
  const { x, y, sigma } = spectrum;
  const tMin = Math.max(x[0]!, 0.05);
  const tMax = Math.min(x[x.length - 1]!, 179);
  const dMax = lambda0 / (2 * Math.sin((tMin * DEG) / 2));
  const dMin = lambda0 / (2 * Math.sin((tMax * DEG) / 2));
  const { calibrant, peaks } = calibrantPeaks(options.calibrant, dMin, dMax, minRelativeIntensity);
  let params = [lambda0, options.zeroDeg ?? 0, 0];
  let matches: AdxrdReflectionMatch[] = [];
  let result: ReturnType<typeof curveFit> | undefined;
  let used: { peak: CalibrantPeak; t: number; s: number }[] = [];
  for (let iteration = 0; iteration < 3; iteration++) {
    matches = peaks.map((peak) => {
      const predicted = model2theta(peak.dAngstrom, params[0]!, params[1]!, params[2]!);
      const base = { label: peak.label, dAngstrom: peak.dAngstrom, twoThetaDeg: null, twoThetaSigmaDeg: null, fwhmDeg: null };
      if (!(predicted > x[0]! + searchWindowDeg && predicted < x[x.length - 1]! - searchWindowDeg)) return { ...base, status: "outside" as const, reason: "outside the pattern" };
      const r = fitPeakGroup(x, y, sigma, { predicted, searchHalfWidth: searchWindowDeg, offsets: [0], weights: [1], shape: "pseudoVoigt", minSignificance });
      if ("reason" in r) return { ...base, status: "not-found" as const, reason: r.reason };
      return { ...base, status: "used" as const, twoThetaDeg: r.position, twoThetaSigmaDeg: r.positionSigma, fwhmDeg: r.fwhm, reason: "" };
    });
    const inside = matches.filter((m) => m.status !== "outside");
    used = matches.filter((m) => m.status === "used").map((m) => ({ peak: peaks.find((p) => p.label === m.label)!, t: m.twoThetaDeg!, s: m.twoThetaSigmaDeg! }));
    const free = 1 + (refineZero ? 1 : 0) + (refineDisplacement ? 1 : 0);
    if (used.length < Math.max(free + 1, Math.ceil(minFoundFraction * inside.length))) {
      throw new FitError(
        `calibrant ${calibrant.name} does not match the peaks: ${used.length} of ${inside.length} reflections found near their predicted positions (${inside
          .filter((m) => m.status !== "used")
          .slice(0, 4)
          .map((m) => `${m.label}: ${m.reason}`)
          .join("; ")}); check the calibrant and the starting wavelength`,
      );
    }
    const ds = Float64Array.from(used, (u) => u.peak.dAngstrom);
    result = curveFit(
      (d, p, out) => {
        for (let i = 0; i < d.length; i++) out[i] = model2theta(d[i]!, p[0]!, p[1]!, p[2]!);
      },
      ds,
      Float64Array.from(used, (u) => u.t),
      params,
      { sigma: Float64Array.from(used, (u) => u.s), fixed: [false, !refineZero, !refineDisplacement], parameterNames: ["wavelengthAngstrom", "zeroDeg", "displacementRad"], finiteDifference: "central", absoluteSigma: true },
    );
    const next = [...result.parameters];
    const moved = Math.abs(next[0]! - params[0]!) / params[0]! < 1e-10;
    params = next;
    if (moved && iteration > 0) break;
  }
  const fit = result!;
  if (fit.singular) {
    throw new FitError(`wavelength fit is degenerate: ${fit.undetermined.map((i) => fit.parameterNames[i]).join(", ")} not determined by the reflections (zero and displacement are nearly collinear at small angles; refine one of them)`, {
      parameters: fit.parameters,
    });
  }
  const dof = fit.degreesOfFreedom;
  const scale = dof > 0 && fit.reducedChiSquare > 1 ? fit.reducedChiSquare : 1;
  const covariance = [...fit.covariance].map((v) => v * scale);
  const residuals: CalibrationResidual[] = used.map((u, i) => {
    const trueTwoTheta = u.t - params[1]! - (params[2]! * Math.cos((u.t * DEG) / 2)) / DEG;
    const fitted = params[0]! / (2 * Math.sin((trueTwoTheta * DEG) / 2));
    const dd = Math.abs(((fitted / Math.tan((trueTwoTheta * DEG) / 2)) / 2) * DEG) * u.s;
    const residual = fitted - u.peak.dAngstrom;
    void i;
    return { label: u.peak.label, kind: "bragg", position: u.t, positionSigma: u.s, reference: u.peak.dAngstrom, fitted, residual, sigma: dd, normalizedResidual: residual / dd, unit: "A" };
  });
  const warnings = residuals.filter((r) => Math.abs(r.normalizedResidual) > 5).map((r) => `${r.label}: residual ${r.residual.toExponential(2)} A is ${r.normalizedResidual.toFixed(1)} sigma`);
  const provenance: CalibrationProvenance = {
    method: "wavelength",
    ...(pattern.meta.sourceFile === undefined ? {} : { sourceFile: pattern.meta.sourceFile }),
    lines: [],
    calibrant: describeCalibrant(calibrant),
    createdAt: new Date().toISOString(),
    software: SOFTWARE,
    notes: [`refined: wavelength${refineZero ? ", zero" : ""}${refineDisplacement ? ", displacement" : ""}; covariance scaled by reduced chi-square ${scale.toPrecision(3)}`, ...warnings],
  };
  return {
    calibration: {
      kind: "angle-dispersive",
      wavelengthAngstrom: params[0]!,
      zeroDeg: params[1]!,
      displacementRad: params[2]!,
      covariance,
      refined: { zero: refineZero, displacement: refineDisplacement },
      chiSquare: fit.chiSquare,
      degreesOfFreedom: dof,
      reducedChiSquare: fit.reducedChiSquare,
      conditionNumber: conditionFromCorrelation([...fit.correlation]),
      residuals,
      provenance,
    },
    reflections: matches,
    correlation: [...fit.correlation],
    warnings,
  };
}

/**
 * Condition number of the correlation matrix C of the free parameters, sqrt(lambda_max /
 * lambda_min): C is symmetric positive semi-definite, so its singular values are its eigenvalues.
 */
function conditionFromCorrelation(corr: number[]): number {
  const idx = [0, 1, 2].filter((i) => corr[i * 3 + i] === 1);
  const n = idx.length;
  const { s } = jacobiSvd(Float64Array.from(idx.flatMap((i) => idx.map((j) => corr[i * 3 + j]!))), n, n);
  const min = Math.min(...s);
  return min > 0 ? Math.sqrt(Math.max(...s) / min) : Number.POSITIVE_INFINITY;
}
