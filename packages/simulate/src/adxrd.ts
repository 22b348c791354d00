/**
 * Forward simulation of an angle-dispersive powder pattern (monochromatic beam, 2D detector
 * integrated to 1D or point detector scan).
 *
 * Model, for each reflection of each phase:
 * - position 2theta_hkl = 2 asin(lambda / (2 d)) + zeroShiftDeg;
 * - Gaussian FWHM (Caglioti, Paoletti & Ricci 1958, Nucl. Instrum. 3, 223):
 *   H_G^2 = U tan^2 theta + V tan theta + W (deg^2);
 * - shape: pseudo-Voigt with a fixed Lorentzian fraction, or Thompson-Cox-Hastings with
 *   H_L = X / cos theta + Y tan theta (deg);
 * - integrated counts = countScale x scale x I_hkl x L(theta) x P(2theta), with the powder Lorentz
 *   factor L = 1 / (sin^2 theta cos theta) (Debye-Scherrer geometry, whole rings; ITC Vol. C
 *   section 6.2.5) and the polarization factor P = (1 + cos^2 2theta)/2 - (f/2) cos(2 chi) sin^2 2theta
 *   for a beam with linear polarization fraction f and detector azimuth chi from the polarization
 *   plane (Kahn et al. 1982, J. Appl. Cryst. 15, 330); integrated rings (chi averaged) give
 *   (1 + cos^2 2theta)/2;
 * - counts per step: each point is the exact integral of the profile over its step
 *   [x - step/2, x + step/2], plus background, then optional Poisson noise.
 *
 * @packageDocumentation
 */
import type { Pattern, Rng } from "@operando/core";
import { createPattern, InvalidParameterError, poissonSigma } from "@operando/core";
import type { Background } from "./background.js";
import { evaluateBackground } from "./background.js";
import { applyPoissonNoise } from "./internal/noise.js";
import type { PeakShape } from "./internal/profile.js";
import { depositPeaks, thompsonCoxHastings } from "./internal/profile.js";
import type { SimulationPhase } from "./simulationPhase.js";
import { resolvePhases } from "./simulationPhase.js";

const DEG = Math.PI / 180;

/** Caglioti parameters (deg^2). */
export interface CagliotiParameters {
  /** U (deg^2). */
  u: number;
  /** V (deg^2). */
  v: number;
  /** W (deg^2). */
  w: number;
}

/** Polarization of the incident beam for the Lorentz-polarization correction. */
export interface PolarizationOptions {
  /**
   * Linear polarization fraction f in [0, 1] (synchrotron ~0.95-0.99 in the orbit plane; 0 unpolarized).
   * @default 0
   */
  fraction?: number;
  /**
   * Detector azimuth chi (deg) from the polarization plane; omit for full rings integrated over chi.
   */
  azimuthDeg?: number;
}

/** Options of {@link simulateAdxrd}. */
export interface SimulateAdxrdOptions {
  /** Wavelength (A). */
  wavelengthAngstrom: number;
  /** First 2theta point (deg). */
  twoThetaStartDeg: number;
  /** Last 2theta point (deg), included when it falls on the grid. */
  twoThetaEndDeg: number;
  /** Step (deg). */
  stepDeg: number;
  /**
   * Zero shift added to every peak position (deg).
   * @default 0
   */
  zeroShiftDeg?: number;
  /** Caglioti U, V, W (deg^2) of the Gaussian width. */
  caglioti: CagliotiParameters;
  /**
   * Lorentzian fraction eta of a pseudo-Voigt with the Caglioti FWHM; ignored when `tch` is given.
   * @default 0
   */
  lorentzianFraction?: number;
  /** Thompson-Cox-Hastings Lorentzian width H_L = X / cos(theta) + Y tan(theta) (deg). */
  tch?: { x: number; y: number };
  /** Polarization; default unpolarized / ring-integrated. */
  polarization?: PolarizationOptions;
  /**
   * Apply the Lorentz and polarization factors (switch off for "intensities as given").
   * @default true
   */
  lorentzPolarization?: boolean;
  /** Background (counts per point, as a function of 2theta in deg). */
  background?: Background;
  /** Phases of the sample. */
  phases: readonly SimulationPhase[];
  /**
   * Counts per unit of (scale x I x LP): sets the absolute count level.
   * @default 1
   */
  countScale?: number;
  /** Poisson noise from this generator; omit for the noiseless expectation. */
  noise?: { rng: Rng };
}

/** A simulated ADXRD peak (known truth). */
export interface AdxrdPeak {
  /** Phase label. */
  label: string;
  /** Miller index h, when known. */
  h: number | undefined;
  /** Miller index k, when known. */
  k: number | undefined;
  /** Miller index l, when known. */
  l: number | undefined;
  /** d (A). */
  dAngstrom: number;
  /** Peak centre including the zero shift (deg). */
  twoThetaDeg: number;
  /** Total FWHM (deg). */
  fwhmDeg: number;
  /** Lorentzian fraction. */
  eta: number;
  /** Lorentz-polarization factor applied. */
  lorentzPolarization: number;
  /** Expected integrated counts of the whole peak (before noise). */
  integratedCounts: number;
}

/** Result of {@link simulateAdxrd}. */
export interface SimulateAdxrdResult {
  /** Pattern on axis "twoTheta", counts per step, sigma = sqrt(max(counts, 1)). */
  pattern: Pattern;
  /** Peaks used, in order of increasing 2theta. */
  peaks: AdxrdPeak[];
}

function positive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new InvalidParameterError({ parameter: name, value: v, expected: "a positive finite number" });
}

/**
 * Simulates an angle-dispersive powder pattern (see the module notes for the model).
 *
 * @param options - instrument, sample and noise
 * @returns the pattern (meta.wavelengthAngstrom set) and the list of peaks with their true parameters
 * @throws InvalidParameterError for invalid geometry, widths, phases or background
 * @example
 * const { pattern, peaks } = simulateAdxrd({ wavelengthAngstrom: 0.24117, twoThetaStartDeg: 1, twoThetaEndDeg: 12, stepDeg: 0.005,
 *   caglioti: { u: 0, v: 0, w: 0.0004 }, phases: [{ material: "CeO2" }], countScale: 1e-3 });
 */
export function simulateAdxrd(options: SimulateAdxrdOptions): SimulateAdxrdResult {
  const { wavelengthAngstrom, twoThetaStartDeg, twoThetaEndDeg, stepDeg, zeroShiftDeg = 0, caglioti, lorentzianFraction = 0, tch, polarization = {}, lorentzPolarization = true, countScale = 1 } = options;
  positive("wavelengthAngstrom", wavelengthAngstrom);
  positive("stepDeg", stepDeg);
  if (!(twoThetaStartDeg > 0 && twoThetaEndDeg > twoThetaStartDeg && twoThetaEndDeg < 180)) {
    throw new InvalidParameterError({ parameter: "twoThetaEndDeg", value: [twoThetaStartDeg, twoThetaEndDeg], expected: "0 < twoThetaStartDeg < twoThetaEndDeg < 180" });
  }
  if (!Number.isFinite(zeroShiftDeg)) throw new InvalidParameterError({ parameter: "zeroShiftDeg", value: zeroShiftDeg, expected: "a finite shift in degrees" });
  if (caglioti === undefined || ![caglioti.u, caglioti.v, caglioti.w].every(Number.isFinite)) {
    throw new InvalidParameterError({ parameter: "caglioti", value: caglioti, expected: "{ u, v, w } finite numbers in deg^2" });
  }
  if (!(lorentzianFraction >= 0 && lorentzianFraction <= 1)) throw new InvalidParameterError({ parameter: "lorentzianFraction", value: lorentzianFraction, expected: "a fraction in [0, 1]" });
  if (tch !== undefined && !(Number.isFinite(tch.x) && Number.isFinite(tch.y))) throw new InvalidParameterError({ parameter: "tch", value: tch, expected: "{ x, y } finite numbers in deg" });
  const pf = polarization.fraction ?? 0;
  if (!(pf >= 0 && pf <= 1)) throw new InvalidParameterError({ parameter: "polarization.fraction", value: pf, expected: "a fraction in [0, 1]" });
  if (!(Number.isFinite(countScale) && countScale >= 0)) throw new InvalidParameterError({ parameter: "countScale", value: countScale, expected: "a non-negative number" });
  const n = Math.floor((twoThetaEndDeg - twoThetaStartDeg) / stepDeg + 1e-9) + 1;
  if (n > 5e6) throw new InvalidParameterError({ parameter: "stepDeg", value: stepDeg, expected: "a step giving at most 5e6 points" });
  const x = new Float64Array(n);
  const edges = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) x[i] = twoThetaStartDeg + i * stepDeg;
  for (let i = 0; i <= n; i++) edges[i] = twoThetaStartDeg + (i - 0.5) * stepDeg;

  // d range reachable in [start - margin, end + margin] (margin for tails of peaks outside the window)
  const margin = 2;
  const lo = Math.max(1e-3, twoThetaStartDeg - zeroShiftDeg - margin);
  const hi = Math.min(179, twoThetaEndDeg - zeroShiftDeg + margin);
  const dMax = wavelengthAngstrom / (2 * Math.sin((lo * DEG) / 2));
  const dMin = wavelengthAngstrom / (2 * Math.sin((hi * DEG) / 2));
  const reflections = resolvePhases(options.phases, dMin, dMax);

  const peaks: AdxrdPeak[] = [];
  const shapes: PeakShape[] = [];
  for (const r of reflections) {
    const s = wavelengthAngstrom / (2 * r.dAngstrom);
    if (s >= 1) continue;
    const theta = Math.asin(s);
    const tt = (2 * theta) / DEG + zeroShiftDeg;
    const tan = Math.tan(theta);
    const hg2 = caglioti.u * tan * tan + caglioti.v * tan + caglioti.w;
    if (!(hg2 > 0)) throw new InvalidParameterError({ parameter: "caglioti", value: caglioti, expected: `U tan^2 + V tan + W > 0 at 2theta = ${tt.toFixed(3)} deg` });
    let fwhm = Math.sqrt(hg2);
    let eta = lorentzianFraction;
    if (tch !== undefined) {
      const hl = tch.x / Math.cos(theta) + tch.y * tan;
      if (!(hl >= 0)) throw new InvalidParameterError({ parameter: "tch", value: tch, expected: `X / cos + Y tan >= 0 at 2theta = ${tt.toFixed(3)} deg` });
      ({ fwhm, eta } = thompsonCoxHastings(fwhm, hl));
    }
    let lp = 1;
    if (lorentzPolarization) {
      const c2 = Math.cos(2 * theta);
      const s2 = Math.sin(2 * theta);
      const chiTerm = polarization.azimuthDeg === undefined ? 0 : Math.cos(2 * polarization.azimuthDeg * DEG);
      const p = (1 + c2 * c2) / 2 - (pf / 2) * chiTerm * s2 * s2;
      lp = p / (s * s * Math.cos(theta));
    }
    const area = countScale * r.intensity * lp;
    peaks.push({ label: r.label, h: r.h, k: r.k, l: r.l, dAngstrom: r.dAngstrom, twoThetaDeg: tt, fwhmDeg: fwhm, eta, lorentzPolarization: lp, integratedCounts: area });
    shapes.push({ center: tt, fwhm, eta, area });
  }
  peaks.sort((a, b) => a.twoThetaDeg - b.twoThetaDeg);
  const y = evaluateBackground(options.background, x);
  depositPeaks(shapes, edges, y);
  applyPoissonNoise(y, options.noise);
  const pattern = createPattern({ axis: "twoTheta", x, y, sigma: poissonSigma(y), meta: { wavelengthAngstrom, intensityUnit: "counts", format: "simulated" } });
  return { pattern, peaks };
}
