/**
 * Energy calibration of an MCA spectrum from named lines: predicted positions from a starting
 * calibration (file header, a guess or two anchor peaks), peak fits of each line group (doublets
 * such as Ka1/Ka2 fitted with their tabulated ratio and spacing), a weighted polynomial fit of
 * the channels, rejection of inconsistent assignments, and iteration until stable.
 *
 * @packageDocumentation
 */
import type { Pattern } from "@operando/core";
import { InvalidParameterError } from "@operando/core";
import type { CalibrationProvenance, CalibrationResidual, EnergyDispersiveCalibration } from "./calibration.js";
import type { EnergyAnchor, EnergyPolynomial } from "./energyPolynomial.js";
import { checkEnergyPolynomial, createEnergyPolynomial, energyAt, energyPolynomialFromAnchors, energyPolynomialFromHeader } from "./energyPolynomial.js";
import type { EnergyPoint, EnergyPolynomialFit } from "./fitEnergyPolynomial.js";
import { fitEnergyPolynomial } from "./fitEnergyPolynomial.js";
import type { LineMatch } from "./internal/measureLines.js";
import { measureLines } from "./internal/measureLines.js";
import type { PreparedSpectrum } from "./internal/spectrum.js";
import { prepareSpectrum } from "./internal/spectrum.js";
import type { LineGroup } from "./lineGroups.js";
import { lineGroups } from "./lineGroups.js";
import { SOFTWARE } from "./internal/software.js";

export type { LineMatch } from "./internal/measureLines.js";

/** How to get a starting calibration. */
export interface StartingCalibrationOptions {
  /** An explicit starting polynomial (e.g. a user guess of offset and gain). */
  start?: EnergyPolynomial;
  /** Two anchor peaks (channel, energy) identified by eye. */
  anchors?: readonly EnergyAnchor[];
}

/**
 * The starting calibration: `start` if given, else a line through two `anchors`, else the file
 * header's (pattern.meta.energyCalibration).
 *
 * @param pattern - the channel spectrum
 * @param options - start or anchors
 * @returns a polynomial increasing over the spectrum
 * @throws InvalidParameterError when none is available or it has zero/negative slope
 */
export function startingEnergyCalibration(pattern: Pattern, options: StartingCalibrationOptions = {}): EnergyPolynomial {
  const n = pattern.x.length;
  const channelCount = Math.max(n, Math.ceil(pattern.x[n - 1] ?? 0) + 1);
  if (options.start !== undefined) {
    const start = createEnergyPolynomial(options.start.coefficients, options.start.covariance);
    checkEnergyPolynomial(start, channelCount, "start");
    return start;
  }
  if (options.anchors !== undefined) return energyPolynomialFromAnchors(options.anchors);
  const header = pattern.meta.energyCalibration;
  if (header !== undefined) return energyPolynomialFromHeader(header, channelCount);
  throw new InvalidParameterError({
    parameter: "start",
    value: undefined,
    expected: "a starting energy calibration: the file header has none, so give start (offset and gain) or two anchors (channel:energy of two identified peaks)",
  });
}

/** Options of {@link calibrateEnergy}. */
export interface CalibrateEnergyOptions extends StartingCalibrationOptions {
  /** Line specifications (see lineGroups: "Co", "Co:Ka", "Am-241", "elastic=17.44") or groups. */
  lines: readonly (string | LineGroup)[];
  /** Polynomial degree 1-3. @default 1 */
  degree?: number;
  /** Half-width of the search window around each predicted line (keV). @default max(0.1, 0.01 E) */
  searchWindowKeV?: number;
  /** Peak shape. @default "gaussian" */
  shape?: "gaussian" | "pseudoVoigt";
  /** Minimum height/sigma of a peak. @default 5 */
  minSignificance?: number;
  /**
   * A used line whose residual exceeds this fraction of its FWHM is taken as a wrong assignment
   * and rejected (the worst first, then refit).
   * @default 0.5
   */
  maxResidualFwhm?: number;
  /** Maximum measure-fit cycles. @default 5 */
  maxIterations?: number;
  /** Covariance scaling of the polynomial fit. @default "auto" */
  scaleCovariance?: "auto" | "never" | "always";
}

/** Result of {@link calibrateEnergy}. */
export interface EnergyCalibrationResult {
  /** The calibration (energy only: twoThetaDeg null). */
  calibration: EnergyDispersiveCalibration;
  /** The underlying polynomial fit. */
  fit: EnergyPolynomialFit;
  /** What happened to every requested line group. */
  matches: LineMatch[];
  /** Notes for the user (rejections, large residuals). */
  warnings: string[];
}

/** Converts specs or groups to groups. */
export function toLineGroups(lines: readonly (string | LineGroup)[]): LineGroup[] {
  const specs = lines.filter((l): l is string => typeof l === "string");
  const groups = lines.filter((l): l is LineGroup => typeof l !== "string");
  return [...lineGroups(specs), ...groups].sort((a, b) => a.energyKeV - b.energyKeV);
}

/** Throws for explicitly named lines outside the spectrum's energy range. */
export function checkLinesInRange(spectrum: PreparedSpectrum, groups: readonly LineGroup[], calibration: EnergyPolynomial): void {
  const eMin = energyAt(calibration, spectrum.x[0]!).energyKeV;
  const eMax = energyAt(calibration, spectrum.x[spectrum.x.length - 1]!).energyKeV;
  const outside = groups.filter((g) => g.explicit && !(g.energyKeV > eMin && g.energyKeV < eMax));
  if (outside.length > 0) {
    throw new InvalidParameterError({
      parameter: "lines",
      value: outside.map((g) => `${g.label} (${g.energyKeV} keV)`),
      expected: `lines inside the spectrum's range ${eMin.toFixed(3)}-${eMax.toFixed(3)} keV under the starting calibration; drop them or correct the starting calibration`,
    });
  }
}

function points(matches: readonly LineMatch[]): EnergyPoint[] {
  return matches
    .filter((m) => m.status === "used")
    .map((m) => ({ label: m.group.label, channel: m.channel!, channelSigma: m.channelSigma!, energyKeV: m.group.energyKeV, energySigmaKeV: m.group.sigmaKeV }));
}

function describeFailures(matches: readonly LineMatch[]): string {
  return matches
    .filter((m) => m.status !== "used")
    .map((m) => `${m.group.label}: ${m.status} (${m.reason})`)
    .join("; ");
}

/**
 * Measures the named lines and fits them until the assignment is stable. Shared by the energy
 * and joint calibrations.
 * @internal
 */
export function measureAndFitLines(
  spectrum: PreparedSpectrum,
  groups: readonly LineGroup[],
  start: EnergyPolynomial,
  options: Omit<CalibrateEnergyOptions, "lines" | "start" | "anchors">,
): { fit: EnergyPolynomialFit; matches: LineMatch[]; warnings: string[] } {
  const { degree = 1, searchWindowKeV, shape = "gaussian", minSignificance = 5, maxResidualFwhm = 0.5, maxIterations = 5, scaleCovariance = "auto" } = options;
  let calibration = start;
  let matches: LineMatch[] = [];
  let fit: EnergyPolynomialFit | undefined;
  const rejected = new Map<string, string>();
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    matches = measureLines(spectrum, groups, calibration, { searchWindowKeV, shape, minSignificance });
    for (const m of matches) {
      const why = rejected.get(m.group.label);
      if (why !== undefined && m.status === "used") {
        m.status = "rejected";
        m.reason = why;
      }
    }
    for (;;) {
      const pts = points(matches);
      try {
        fit = fitEnergyPolynomial(pts, { degree, scaleCovariance });
      } catch (error) {
        if (error instanceof InvalidParameterError && error.parameter === "lines") {
          throw new InvalidParameterError({
            parameter: "lines",
            value: pts.map((p) => p.label),
            expected: `${error.expected}. Not used: ${describeFailures(matches) || "none"}`,
            cause: error,
          });
        }
        throw error;
      }
      // Reject the worst wrong-looking assignment (residual beyond a fraction of the FWHM).
      let worst = -1;
      let worstRatio = 1;
      fit.residuals.forEach((r, i) => {
        const m = matches.find((mm) => mm.group.label === r.label && mm.status === "used")!;
        const ratio = Math.abs(r.residualKeV) / (maxResidualFwhm * m.fwhmKeV!);
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worst = i;
        }
      });
      if (worst < 0 || pts.length <= degree + 1) break;
      const r = fit.residuals[worst]!;
      const m = matches.find((mm) => mm.group.label === r.label && mm.status === "used")!;
      m.status = "rejected";
      m.reason = `residual ${(r.residualKeV * 1000).toFixed(1)} eV exceeds ${maxResidualFwhm} FWHM: peak at channel ${r.channel.toFixed(1)} is probably another line`;
      rejected.set(m.group.label, m.reason);
    }
    const previous = calibration;
    calibration = fit!.polynomial;
    const mid = spectrum.x[Math.floor(spectrum.x.length / 2)]!;
    const end = spectrum.x[spectrum.x.length - 1]!;
    const change = Math.max(Math.abs(energyAt(previous, mid).energyKeV - energyAt(calibration, mid).energyKeV), Math.abs(energyAt(previous, end).energyKeV - energyAt(calibration, end).energyKeV));
    if (iteration > 0 && change < 1e-7) break;
  }
  const warnings: string[] = [];
  for (const m of matches) if (m.status === "rejected" || (m.status === "not-found" && m.group.explicit)) warnings.push(`${m.group.label}: ${m.status}, ${m.reason}`);
  for (const r of fit!.residuals) if (Math.abs(r.normalizedResidual) > 5) warnings.push(`${r.label}: residual ${(r.residualKeV * 1000).toFixed(1)} eV is ${r.normalizedResidual.toFixed(1)} sigma`);
  return { fit: fit!, matches, warnings };
}

/** Residual rows of the lines in a calibration record. */
export function lineResiduals(fit: EnergyPolynomialFit): CalibrationResidual[] {
  return fit.residuals.map((r) => ({
    label: r.label,
    kind: "line",
    position: r.channel,
    positionSigma: r.channelSigma,
    reference: r.energyKeV,
    fitted: r.fittedEnergyKeV,
    residual: r.residualKeV,
    sigma: r.sigmaKeV,
    normalizedResidual: r.normalizedResidual,
    unit: "keV",
  }));
}

/**
 * Calibrates channel -> energy from named lines.
 *
 * @param pattern - MCA spectrum on a "channel" axis
 * @param options - lines, starting calibration, degree, search window
 * @returns calibration (with covariance and residual table), line matches, warnings
 * @throws InvalidParameterError for a non-channel axis, no starting calibration, a header
 *   calibration with zero/negative slope, explicitly named lines outside the spectrum, or too
 *   few lines found for the degree (the message lists why each missing line was not used)
 * @throws FitError when the fitted polynomial is not increasing
 * @example
 * const { calibration } = calibrateEnergy(spectrum, { lines: ["Co:Ka", "Fe:Ka", "Mo:Ka"], anchors: [{ channel: 1474, energyKeV: 6.93 }, { channel: 3555, energyKeV: 17.44 }] });
 * energyAt(calibration, 1474) // { energyKeV: ~6.93, sigmaKeV: ~0.001 }
 */
export function calibrateEnergy(pattern: Pattern, options: CalibrateEnergyOptions): EnergyCalibrationResult {
  const spectrum = prepareSpectrum(pattern, "channel", "an MCA spectrum indexed by channel");
  const groups = toLineGroups(options.lines);
  if (groups.length === 0) throw new InvalidParameterError({ parameter: "lines", value: options.lines, expected: "at least one line specification" });
  const start = startingEnergyCalibration(pattern, options);
  checkLinesInRange(spectrum, groups, start);
  const { fit, matches, warnings } = measureAndFitLines(spectrum, groups, start, options);
  const provenance: CalibrationProvenance = {
    method: "energy",
    ...(pattern.meta.sourceFile === undefined ? {} : { sourceFile: pattern.meta.sourceFile }),
    lines: options.lines.map((l) => (typeof l === "string" ? l : l.label)),
    createdAt: new Date().toISOString(),
    software: SOFTWARE,
    notes: [
      "line groups fitted as multiplets with tabulated relative intensities and spacings; the position is that of the first (strongest) component",
      ...warnings,
    ],
  };
  const calibration: EnergyDispersiveCalibration = {
    kind: "energy-dispersive",
    coefficients: fit.polynomial.coefficients,
    covariance: fit.polynomial.covariance,
    twoThetaDeg: null,
    twoThetaSigmaDeg: null,
    coefficientTwoThetaCovariance: null,
    chiSquare: fit.chiSquare,
    degreesOfFreedom: fit.degreesOfFreedom,
    reducedChiSquare: fit.reducedChiSquare,
    conditionNumber: fit.conditionNumber,
    residuals: lineResiduals(fit),
    provenance,
  };
  return { calibration, fit, matches, warnings };
}
