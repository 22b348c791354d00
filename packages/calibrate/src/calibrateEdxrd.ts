/**
 * Energy-dispersive angle calibrations on spectra: the fixed 2theta from calibrant reflections
 * given an energy calibration ({@link calibrateTwoTheta}), and the joint fit of the energy
 * polynomial and 2theta to lines and reflections together ({@link calibrateJoint}).
 *
 * @packageDocumentation
 */
import type { Pattern } from "@operando/core";
import { FitError, HC_KEV_ANGSTROM, InvalidParameterError } from "@operando/core";
import type { Calibrant } from "@operando/crystal";
import type { CalibrationProvenance, CalibrationResidual, EnergyDispersiveCalibration } from "./calibration.js";
import type { LineMatch, StartingCalibrationOptions } from "./calibrateEnergy.js";
import { checkLinesInRange, startingEnergyCalibration, toLineGroups } from "./calibrateEnergy.js";
import type { EnergyPolynomial } from "./energyPolynomial.js";
import { channelAt, checkEnergyPolynomial, createEnergyPolynomial, energyAt, energySlopeAt } from "./energyPolynomial.js";
import type { JointCalibrationFit } from "./fitJointCalibration.js";
import { fitJointCalibration } from "./fitJointCalibration.js";
import type { BraggPoint, TwoThetaFit } from "./fitTwoTheta.js";
import { fitTwoTheta } from "./fitTwoTheta.js";
import { calibrantPeaks, describeCalibrant } from "./internal/calibrantPeaks.js";
import { measureLines } from "./internal/measureLines.js";
import type { ReflectionMatch } from "./internal/measureReflections.js";
import { energyRange, measureReflections, scanPeaks, scanTwoTheta } from "./internal/measureReflections.js";
import { SOFTWARE } from "./internal/software.js";
import type { PreparedSpectrum } from "./internal/spectrum.js";
import { prepareSpectrum } from "./internal/spectrum.js";
import type { LineGroup } from "./lineGroups.js";

export type { ReflectionMatch } from "./internal/measureReflections.js";

const DEG = Math.PI / 180;

/** Options shared by the angle and joint calibrations. */
export interface ReflectionSearchOptions {
  /** Calibrant name ("CeO2", "LaB6", "Si") or object from @operando/crystal. */
  calibrant: string | Calibrant;
  /** Starting 2theta (deg); default pattern.meta.twoThetaDeg. */
  twoThetaDeg?: number;
  /**
   * Relative range of the coarse 2theta scan around the guess (0 disables the scan): every angle
   * in guess x (1 +- range) that puts a reflection on a peak of the spectrum is tried. Must be in
   * [0, 1) (InvalidParameterError otherwise).
   * @default 0.05
   */
  twoThetaSearchRange?: number;
  /** Half-width of the search window around each predicted peak (keV). @default max(0.1, 0.01 E) */
  searchWindowKeV?: number;
  /** Skip reflections weaker than this fraction of the strongest (|F|^2 m). @default 0.02 */
  minRelativeIntensity?: number;
  /** Peak shape. @default "gaussian" */
  shape?: "gaussian" | "pseudoVoigt";
  /** Minimum height/sigma of a peak. @default 5 */
  minSignificance?: number;
  /** Fraction of the expected reflections that must be found. @default 0.5 */
  minFoundFraction?: number;
}

/** Options of {@link calibrateTwoTheta}. */
export interface CalibrateTwoThetaOptions extends ReflectionSearchOptions {
  /** The energy calibration (with covariance, which is propagated into 2theta). */
  energyCalibration: EnergyPolynomial;
}

/** Result of {@link calibrateTwoTheta}. */
export interface TwoThetaCalibrationResult {
  /** Calibration with 2theta and its covariance with the energy coefficients. */
  calibration: EnergyDispersiveCalibration;
  /** The angle fit. */
  fit: TwoThetaFit;
  /** Every reflection looked for. */
  reflections: ReflectionMatch[];
  /** Notes. */
  warnings: string[];
}

function resolveTwoTheta(pattern: Pattern, guess: number | undefined): number {
  const t = guess ?? pattern.meta.twoThetaDeg;
  if (t === undefined || !(t > 0 && t < 180)) {
    throw new InvalidParameterError({ parameter: "twoThetaDeg", value: t, expected: "a starting 2theta in (0, 180) deg (option or pattern.meta.twoThetaDeg)" });
  }
  return t;
}

interface Search {
  peaks: ReturnType<typeof calibrantPeaks>["peaks"];
  calibrant: Calibrant;
  twoThetaDeg: number;
  windowKeV: (e: number) => number;
}

function prepareSearch(spectrum: PreparedSpectrum, calibration: EnergyPolynomial, guess: number, options: ReflectionSearchOptions, exclude: readonly { channel: number; halfWidth: number }[] = []): Search {
  const { searchWindowKeV, minRelativeIntensity = 0.02, twoThetaSearchRange = 0.05, minSignificance = 5 } = options;
  if (!(twoThetaSearchRange >= 0 && twoThetaSearchRange < 1)) {
    throw new InvalidParameterError({ parameter: "twoThetaSearchRange", value: twoThetaSearchRange, expected: "a relative range in [0, 1), e.g. 0.05 for +-5 %" });
  }
  const windowKeV = (e: number) => searchWindowKeV ?? Math.max(0.1, 0.01 * e);
  const [eMin, eMax] = energyRange(spectrum, calibration);
  const sinHi = Math.sin((guess * (1 + twoThetaSearchRange) * DEG) / 2);
  const sinLo = Math.sin((guess * (1 - twoThetaSearchRange) * DEG) / 2);
  const dMin = HC_KEV_ANGSTROM / (2 * eMax * sinHi);
  const dMax = HC_KEV_ANGSTROM / (2 * Math.max(eMin, 0.5) * sinLo);
  const { calibrant, peaks } = calibrantPeaks(options.calibrant, dMin, dMax, minRelativeIntensity);
  if (peaks.length === 0) throw new FitError(`no ${calibrant.name} reflections fall inside the spectrum (${eMin.toFixed(1)}-${eMax.toFixed(1)} keV at 2theta = ${guess} deg)`);
  const twoThetaDeg =
    twoThetaSearchRange > 0 ? scanTwoTheta(spectrum, peaks, calibration, guess, twoThetaSearchRange, windowKeV, scanPeaks(spectrum, minSignificance, exclude)).twoThetaDeg : guess;
  return { peaks, calibrant, twoThetaDeg, windowKeV };
}

/** The starting calibration after {@link refineStartFromLines}. */
interface RefinedStart {
  /** Start plus the fitted offset/gain correction (curvature of the start kept). */
  calibration: EnergyPolynomial;
  /** Line groups found and used for the correction. */
  used: LineMatch[];
  /** Description for the provenance notes. */
  note: string;
}

/**
 * Corrects the starting calibration's offset and gain from the named lines before the Bragg
 * search, as calibrateEnergy would: header calibrations are often off by ~1 % in gain, which at
 * 100 keV moves a reflection by more than its search window. The correction is
 * E(ch) = start(ch) + c0 + c1 ch, weighted least squares of the line residuals (c1 = 0 with one
 * line, or when the lines span too few channels to extrapolate the gain to the spectrum's end
 * within a quarter search window), with the worst line beyond `maxResidualFwhm` of its FWHM
 * dropped (3 or more lines), re-measured until stable. Higher-order terms of the start are kept.
 */
function refineStartFromLines(
  spectrum: PreparedSpectrum,
  groups: readonly LineGroup[],
  start: EnergyPolynomial,
  options: { searchWindowKeV: number | undefined; shape: "gaussian" | "pseudoVoigt"; minSignificance: number; maxResidualFwhm: number; windowKeV: (e: number) => number },
): RefinedStart {
  const xEnd = spectrum.x[spectrum.x.length - 1]!;
  const xStart = spectrum.x[0]!;
  let calibration = start;
  let used: LineMatch[] = [];
  let correction: [number, number] = [0, 0];
  for (let iteration = 0; iteration < 5 && groups.length > 0; iteration++) {
    used = measureLines(spectrum, groups, calibration, { searchWindowKeV: options.searchWindowKeV, shape: options.shape, minSignificance: options.minSignificance }).filter((m) => m.status === "used");
    let points = used.map((m) => {
      const sigmaKeV = Math.max(m.channelSigma! * energySlopeAt(start, m.channel!), 1e-6);
      return { m, channel: m.channel!, residual: m.group.energyKeV - energyAt(start, m.channel!).energyKeV, weight: 1 / (sigmaKeV * sigmaKeV) };
    });
    let next: [number, number] = [0, 0];
    for (;;) {
      next = linearCorrection(points, xEnd, options.windowKeV(energyAt(start, xEnd).energyKeV) / 4);
      if (points.length < 3) break;
      let worst = -1;
      let worstRatio = 1;
      points.forEach((p, i) => {
        const ratio = Math.abs(p.residual - next[0] - next[1] * p.channel) / (options.maxResidualFwhm * p.m.fwhmKeV!);
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worst = i;
        }
      });
      if (worst < 0) break;
      points = points.filter((_, i) => i !== worst);
    }
    used = points.map((p) => p.m);
    const coefficients = [...start.coefficients];
    coefficients[0] = coefficients[0]! + next[0];
    coefficients[1] = coefficients[1]! + next[1];
    let candidate = createEnergyPolynomial(coefficients);
    try {
      checkEnergyPolynomial(candidate, xEnd + 1, "start");
    } catch {
      // A gain correction that makes E(ch) non-monotonic is a wrong assignment: shift only.
      next = [next[0] + next[1] * (points.reduce((s, p) => s + p.channel, 0) / Math.max(points.length, 1)), 0];
      const shifted = [...start.coefficients];
      shifted[0] = shifted[0]! + next[0];
      candidate = createEnergyPolynomial(shifted);
    }
    const change = Math.max(...[xStart, xEnd].map((ch) => Math.abs(energyAt(candidate, ch).energyKeV - energyAt(calibration, ch).energyKeV)));
    calibration = candidate;
    correction = next;
    if (change < 1e-6) break;
  }
  const note =
    used.length === 0
      ? "none of the lines was found under the starting calibration: the reflections were searched with it unchanged"
      : `starting calibration corrected from ${used.map((m) => m.group.label).join(", ")} before the reflection search: offset ${correction[0] >= 0 ? "+" : ""}${correction[0].toFixed(4)} keV, gain ${correction[1] >= 0 ? "+" : ""}${((correction[1] / start.coefficients[1]!) * 100).toFixed(3)} %`;
  return { calibration, used, note };
}

/**
 * Weighted least-squares c0 + c1 ch through (channel, residual) points: [0, 0] without points,
 * the weighted mean offset with one point or when the gain's extrapolation to `xEnd` would be
 * uncertain by more than `maxSigmaAtEndKeV`.
 */
function linearCorrection(points: readonly { channel: number; residual: number; weight: number }[], xEnd: number, maxSigmaAtEndKeV: number): [number, number] {
  if (points.length === 0) return [0, 0];
  let sw = 0;
  let swx = 0;
  let swy = 0;
  for (const p of points) {
    sw += p.weight;
    swx += p.weight * p.channel;
    swy += p.weight * p.residual;
  }
  const xMean = swx / sw;
  const offsetOnly: [number, number] = [swy / sw, 0];
  if (points.length < 2) return offsetOnly;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += p.weight * (p.channel - xMean) ** 2;
    sxy += p.weight * (p.channel - xMean) * (p.residual - swy / sw);
  }
  if (!(sxx > 0)) return offsetOnly;
  const c1 = sxy / sxx;
  // Var of the line at xEnd: 1/sw + (xEnd - xMean)^2 / sxx (weights = 1/sigma^2).
  const sigmaEnd = Math.sqrt(1 / sw + (xEnd - xMean) ** 2 / sxx);
  if (!(sigmaEnd <= maxSigmaAtEndKeV)) return offsetOnly;
  return [swy / sw - c1 * xMean, c1];
}

function checkFound(reflections: readonly ReflectionMatch[], calibrant: Calibrant, minFoundFraction: number): BraggPoint[] {
  const inside = reflections.filter((r) => r.status !== "outside");
  const used = reflections.filter((r) => r.status === "used");
  if (used.length < Math.max(1, Math.ceil(minFoundFraction * inside.length))) {
    throw new FitError(
      `calibrant ${calibrant.name} does not match the peaks: ${used.length} of ${inside.length} reflections expected in the spectrum were found (${inside
        .filter((r) => r.status !== "used")
        .slice(0, 4)
        .map((r) => `${r.peak.label}: ${r.reason}`)
        .join("; ")}); check the calibrant, the 2theta guess and the energy calibration`,
    );
  }
  return used.map((r) => ({ label: r.peak.label, channel: r.channel!, channelSigma: r.channelSigma!, dAngstrom: r.peak.dAngstrom, dSigmaAngstrom: r.peak.dSigmaAngstrom }));
}

function braggResidualsFromAngle(fit: TwoThetaFit): CalibrationResidual[] {
  return fit.residuals.map((r) => ({
    label: r.label,
    kind: "bragg",
    position: r.channel,
    positionSigma: r.channelSigma,
    reference: r.dAngstrom,
    fitted: r.fittedDAngstrom,
    residual: r.residualAngstrom,
    sigma: r.sigmaAngstrom,
    normalizedResidual: r.normalizedResidual,
    unit: "A",
  }));
}

/**
 * Fits the fixed 2theta of an energy-dispersive detector from calibrant reflections, the energy
 * calibration's covariance propagated into the angle (generalised least squares, see fitTwoTheta).
 *
 * @param pattern - spectrum of the calibrant on a "channel" axis
 * @param options - calibrant, energy calibration, 2theta guess, search settings
 * @returns calibration with angle, the angle fit, per-reflection outcome
 * @throws InvalidParameterError for a non-channel axis or missing 2theta guess
 * @throws FitError when the calibrant does not match the peaks found
 * @example calibrateTwoTheta(ceo2Spectrum, { calibrant: "CeO2", energyCalibration: energy.calibration, twoThetaDeg: 2.3 }).calibration.twoThetaDeg
 */
export function calibrateTwoTheta(pattern: Pattern, options: CalibrateTwoThetaOptions): TwoThetaCalibrationResult {
  const spectrum = prepareSpectrum(pattern, "channel", "an MCA spectrum indexed by channel");
  const energy = createEnergyPolynomial(options.energyCalibration.coefficients, options.energyCalibration.covariance);
  const guess = resolveTwoTheta(pattern, options.twoThetaDeg);
  const { shape = "gaussian", minSignificance = 5, minFoundFraction = 0.5 } = options;
  const search = prepareSearch(spectrum, energy, guess, options);
  let twoTheta = search.twoThetaDeg;
  let reflections: ReflectionMatch[] = [];
  let fit: TwoThetaFit | undefined;
  for (let iteration = 0; iteration < 3; iteration++) {
    reflections = measureReflections(spectrum, search.peaks, energy, twoTheta, { windowKeV: search.windowKeV, shape, minSignificance });
    const points = checkFound(reflections, search.calibrant, minFoundFraction);
    fit = fitTwoTheta(points, energy);
    if (Math.abs(fit.twoThetaDeg - twoTheta) < 1e-9) break;
    twoTheta = fit.twoThetaDeg;
  }
  const f = fit!;
  const warnings = reflections.filter((r) => r.status === "rejected").map((r) => `${r.peak.label}: rejected, ${r.reason}`);
  for (const r of f.residuals) if (Math.abs(r.normalizedResidual) > 5) warnings.push(`${r.label}: d residual ${r.residualAngstrom.toExponential(2)} A is ${r.normalizedResidual.toFixed(1)} sigma`);
  const provenance: CalibrationProvenance = {
    method: "angle",
    ...(pattern.meta.sourceFile === undefined ? {} : { sourceFile: pattern.meta.sourceFile }),
    lines: [],
    calibrant: describeCalibrant(search.calibrant),
    createdAt: new Date().toISOString(),
    software: SOFTWARE,
    notes: ["2theta from calibrant reflections by generalised least squares with the energy covariance propagated", ...warnings],
  };
  const calibration: EnergyDispersiveCalibration = {
    kind: "energy-dispersive",
    coefficients: energy.coefficients,
    covariance: energy.covariance,
    twoThetaDeg: f.twoThetaDeg,
    twoThetaSigmaDeg: f.twoThetaSigmaDeg,
    coefficientTwoThetaCovariance: f.coefficientTwoThetaCovariance,
    chiSquare: f.chiSquare,
    degreesOfFreedom: f.degreesOfFreedom,
    reducedChiSquare: f.reducedChiSquare,
    conditionNumber: 1,
    residuals: braggResidualsFromAngle(f),
    provenance,
  };
  return { calibration, fit: f, reflections, warnings };
}

/** Options of {@link calibrateJoint}. */
export interface CalibrateJointOptions extends ReflectionSearchOptions, StartingCalibrationOptions {
  /** Line specifications (fluorescence / gamma / user energies) or groups. */
  lines: readonly (string | LineGroup)[];
  /** Energy polynomial degree. @default 1 */
  degree?: number;
  /** Maximum measure-fit cycles. @default 4 */
  maxIterations?: number;
  /** Used points whose residual exceeds this fraction of their FWHM are rejected. @default 0.5 */
  maxResidualFwhm?: number;
}

/** Result of {@link calibrateJoint}. */
export interface JointCalibrationResult {
  /** Calibration: energy polynomial and 2theta with their full covariance. */
  calibration: EnergyDispersiveCalibration;
  /** The joint fit. */
  fit: JointCalibrationFit;
  /** Line outcomes. */
  lines: LineMatch[];
  /** Reflection outcomes. */
  reflections: ReflectionMatch[];
  /** Notes. */
  warnings: string[];
  /**
   * The energy polynomial the reflections were first searched with: the starting calibration
   * (start, anchors or file header) with its offset and gain corrected from the lines.
   */
  searchCalibration: EnergyPolynomial;
}

/**
 * Joint calibration of channel -> energy and the fixed 2theta from lines of known energy and
 * calibrant reflections in one spectrum (e.g. Ce K lines and CeO2 Bragg peaks of a CeO2
 * standard), with the full covariance.
 *
 * @param pattern - spectrum on a "channel" axis
 * @param options - lines, calibrant, starting calibration, 2theta guess, degree
 * @returns the calibration, the joint fit, per-line and per-reflection outcomes
 * @throws InvalidParameterError for bad axis, missing start or 2theta, lines outside the spectrum
 * @throws FitError when the calibrant does not match, or when the data do not determine every
 *   parameter (e.g. reflections without lines: gain, offset and 2theta are degenerate)
 * @example calibrateJoint(spectrum, { lines: ["Ce:Ka", "Ce:Kb"], calibrant: "CeO2", twoThetaDeg: 2.3 })
 */
export function calibrateJoint(pattern: Pattern, options: CalibrateJointOptions): JointCalibrationResult {
  const spectrum = prepareSpectrum(pattern, "channel", "an MCA spectrum indexed by channel");
  const { degree = 1, shape = "gaussian", minSignificance = 5, minFoundFraction = 0.5, maxIterations = 4, maxResidualFwhm = 0.5, searchWindowKeV } = options;
  const groups = toLineGroups(options.lines);
  const start = startingEnergyCalibration(pattern, options);
  checkLinesInRange(spectrum, groups, start);
  const guess = resolveTwoTheta(pattern, options.twoThetaDeg);
  const windowKeV = (e: number) => searchWindowKeV ?? Math.max(0.1, 0.01 * e);
  const refined = refineStartFromLines(spectrum, groups, start, { searchWindowKeV, shape, minSignificance, maxResidualFwhm, windowKeV });
  // Fluorescence/gamma peaks are not reflections: keep them out of the coarse 2theta scan.
  const exclude: { channel: number; halfWidth: number }[] = [];
  for (const c of groups.flatMap((g) => g.components)) {
    try {
      const channel = channelAt(refined.calibration, c.energyKeV);
      exclude.push({ channel, halfWidth: windowKeV(c.energyKeV) / energySlopeAt(refined.calibration, channel) });
    } catch {
      // The line lies outside the calibration's range: nothing to exclude.
    }
  }
  const search = prepareSearch(spectrum, refined.calibration, guess, options, exclude);
  let energy: EnergyPolynomial = refined.calibration;
  let twoTheta = search.twoThetaDeg;
  let lineMatches: LineMatch[] = [];
  let reflections: ReflectionMatch[] = [];
  let fit: JointCalibrationFit | undefined;
  const rejected = new Map<string, string>();
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    lineMatches = measureLines(spectrum, groups, energy, { searchWindowKeV, shape, minSignificance });
    reflections = measureReflections(spectrum, search.peaks, energy, twoTheta, { windowKeV: search.windowKeV, shape, minSignificance });
    for (const m of [...lineMatches.map((l) => ({ key: l.group.label, m: l })), ...reflections.map((r) => ({ key: r.peak.label, m: r }))]) {
      const why = rejected.get(m.key);
      if (why !== undefined && m.m.status === "used") {
        m.m.status = "rejected";
        m.m.reason = why;
      }
    }
    const braggPoints = checkFound(reflections, search.calibrant, minFoundFraction);
    const linePoints = lineMatches
      .filter((m) => m.status === "used")
      .map((m) => ({ label: m.group.label, channel: m.channel!, channelSigma: m.channelSigma!, energyKeV: m.group.energyKeV, energySigmaKeV: m.group.sigmaKeV }));
    fit = fitJointCalibration(linePoints, braggPoints, { degree });
    if (fit.singular) {
      throw new FitError(`joint calibration is degenerate: ${fit.degeneracy}`, { parameters: fit.parameters });
    }
    // Reject the worst point whose residual is beyond a fraction of its FWHM, then re-measure.
    let worst: { key: string; ratio: number; text: string } | undefined;
    for (const r of fit.residuals) {
      const fwhmKeV = r.kind === "line" ? lineMatches.find((m) => m.group.label === r.label)?.fwhmKeV : reflections.find((m) => m.peak.label === r.label)?.fwhmKeV;
      if (fwhmKeV === undefined || fwhmKeV === null) continue;
      const residualKeV = r.kind === "line" ? r.residual : (r.residual / r.reference) * (HC_KEV_ANGSTROM / (2 * r.reference * Math.sin((fit.parameters[degree + 1]! * DEG) / 2)));
      const ratio = Math.abs(residualKeV) / (maxResidualFwhm * fwhmKeV);
      if (ratio > 1 && (worst === undefined || ratio > worst.ratio)) worst = { key: r.label, ratio, text: `residual ${(residualKeV * 1000).toFixed(0)} eV exceeds ${maxResidualFwhm} FWHM` };
    }
    const nextEnergy = createEnergyPolynomial(fit.parameters.slice(0, degree + 1));
    const nextTwoTheta = fit.parameters[degree + 1]!;
    const converged = Math.abs(nextTwoTheta - twoTheta) < 1e-8 && Math.abs(nextEnergy.coefficients[1]! - energy.coefficients[1]!) < 1e-12 * Math.abs(energy.coefficients[1]!) + 1e-15;
    energy = nextEnergy;
    twoTheta = nextTwoTheta;
    if (worst !== undefined) {
      rejected.set(worst.key, worst.text);
      continue;
    }
    if (converged && iteration > 0) break;
  }
  const f = fit!;
  const p = degree + 1;
  const q = p + 1;
  const cov = f.covariance;
  const warnings: string[] = [];
  for (const m of lineMatches) if (m.status === "rejected" || (m.status === "not-found" && m.group.explicit)) warnings.push(`${m.group.label}: ${m.status}, ${m.reason}`);
  for (const r of reflections) if (r.status === "rejected") warnings.push(`${r.peak.label}: rejected, ${r.reason}`);
  for (const r of f.residuals) if (Math.abs(r.normalizedResidual) > 5) warnings.push(`${r.label}: residual is ${r.normalizedResidual.toFixed(1)} sigma`);
  const provenance: CalibrationProvenance = {
    method: "joint",
    ...(pattern.meta.sourceFile === undefined ? {} : { sourceFile: pattern.meta.sourceFile }),
    lines: options.lines.map((l) => (typeof l === "string" ? l : l.label)),
    calibrant: describeCalibrant(search.calibrant),
    createdAt: new Date().toISOString(),
    software: SOFTWARE,
    notes: ["joint weighted least squares of the energy polynomial and 2theta to lines and reflections (linear in a_k and 1/sin(theta))", ...(groups.length > 0 ? [refined.note] : []), ...warnings],
  };
  const coefCov: number[] = [];
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) coefCov.push(cov[i * q + j]!);
  const calibration: EnergyDispersiveCalibration = {
    kind: "energy-dispersive",
    coefficients: f.parameters.slice(0, p),
    covariance: coefCov,
    twoThetaDeg: f.parameters[p]!,
    twoThetaSigmaDeg: Math.sqrt(cov[p * q + p]!),
    coefficientTwoThetaCovariance: Array.from({ length: p }, (_, i) => cov[i * q + p]!),
    chiSquare: f.chiSquare,
    degreesOfFreedom: f.degreesOfFreedom,
    reducedChiSquare: f.reducedChiSquare,
    conditionNumber: f.conditionNumber,
    residuals: f.residuals.map((r) => ({ ...r, position: r.channel, positionSigma: r.channelSigma, unit: r.kind === "line" ? ("keV" as const) : ("A" as const) })).map(({ channel: _c, channelSigma: _s, ...rest }) => rest),
    provenance,
  };
  return { calibration, fit: f, lines: lineMatches, reflections, warnings, searchCalibration: refined.calibration };
}
