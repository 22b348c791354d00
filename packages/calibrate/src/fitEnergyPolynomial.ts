/**
 * Weighted polynomial fit of line energies against measured peak channels.
 *
 * Each line i is seen at channel c_i +- s_i (peak-fit sigma) and has tabulated energy
 * E_i +- t_i. The fit minimises sum_i (E(c_i) - E_i)^2 / v_i with the effective variance
 * v_i = (E'(c_i) s_i)^2 + t_i^2 (Orear 1982, Am. J. Phys. 50, 912, doi:10.1119/1.12972), which is
 * linear in the coefficients for fixed v_i; v_i is updated from the fitted slope until stable.
 *
 * @packageDocumentation
 */
import { FitError, InvalidParameterError } from "@operando/core";
import type { EnergyPolynomial } from "./energyPolynomial.js";
import { createEnergyPolynomial, energyAt, energySlopeAt } from "./energyPolynomial.js";
import { solveWeightedLinear } from "./internal/linearLeastSquares.js";

/** A line seen at a channel. */
export interface EnergyPoint {
  /** Name of the line or group, e.g. "Co Ka". */
  label: string;
  /** Fitted channel of the reference component. */
  channel: number;
  /** One-sigma uncertainty of the channel (> 0). */
  channelSigma: number;
  /** Tabulated energy of the reference component (keV). */
  energyKeV: number;
  /** One-sigma uncertainty of the tabulated energy (keV). @default 0 */
  energySigmaKeV?: number;
}

/** One row of the residual table of an energy fit. */
export interface EnergyResidual {
  /** Line name. */
  label: string;
  /** Fitted channel. */
  channel: number;
  /** Its sigma. */
  channelSigma: number;
  /** Tabulated energy (keV). */
  energyKeV: number;
  /** Calibrated energy at the fitted channel (keV). */
  fittedEnergyKeV: number;
  /** fittedEnergyKeV - energyKeV (keV). */
  residualKeV: number;
  /** Effective one-sigma of the residual (keV): sqrt((E' s)^2 + t^2). */
  sigmaKeV: number;
  /** residualKeV / sigmaKeV. */
  normalizedResidual: number;
}

/** Options of {@link fitEnergyPolynomial}. */
export interface FitEnergyPolynomialOptions {
  /** Polynomial degree, 1 to 3. @default 1 */
  degree?: number;
  /**
   * Whether the covariance is multiplied by the reduced chi-square: "auto" does so only when it
   * exceeds 1 (peak positions scatter more than their fit sigmas claim, the usual case with
   * imperfect line shapes), "never" takes the sigmas as absolute, "always" scales like
   * scipy's curve_fit.
   * @default "auto"
   */
  scaleCovariance?: "auto" | "never" | "always";
}

/** Result of {@link fitEnergyPolynomial}. */
export interface EnergyPolynomialFit {
  /** The polynomial with its coefficient covariance. */
  polynomial: EnergyPolynomial;
  /** Residual table, in input order. */
  residuals: EnergyResidual[];
  /** sum of squared normalized residuals. */
  chiSquare: number;
  /** points - (degree + 1). */
  degreesOfFreedom: number;
  /** chiSquare / degreesOfFreedom (NaN when 0). */
  reducedChiSquare: number;
  /** Factor applied to the covariance (1 or the reduced chi-square). */
  covarianceScale: number;
  /** Condition number of the column-scaled weighted design. */
  conditionNumber: number;
}

/**
 * Fits E(ch) = sum_k a_k ch^k to lines seen at channels.
 *
 * @param points - lines with fitted channels (at least degree + 1, distinct channels)
 * @param options - degree and covariance scaling
 * @returns polynomial, covariance and residual table
 * @throws InvalidParameterError for a bad degree, too few lines for the degree, non-positive
 *   sigmas or repeated channels
 * @throws FitError when the fitted polynomial is not increasing over the fitted channels
 * @example
 * fitEnergyPolynomial([
 *   { label: "A", channel: 100, channelSigma: 0.1, energyKeV: 10 },
 *   { label: "B", channel: 200, channelSigma: 0.1, energyKeV: 20 },
 * ]).polynomial.coefficients // [0, 0.1]
 */
export function fitEnergyPolynomial(points: readonly EnergyPoint[], options: FitEnergyPolynomialOptions = {}): EnergyPolynomialFit {
  const { degree = 1, scaleCovariance = "auto" } = options;
  if (!Number.isInteger(degree) || degree < 1 || degree > 3) throw new InvalidParameterError({ parameter: "degree", value: degree, expected: "an integer 1, 2 or 3" });
  const p = degree + 1;
  if (points.length < p) {
    throw new InvalidParameterError({
      parameter: "lines",
      value: points.map((q) => q.label),
      expected: `at least ${p} lines found for a degree-${degree} polynomial (found ${points.length}); name more lines or lower the degree`,
    });
  }
  points.forEach((q, i) => {
    if (!Number.isFinite(q.channel)) throw new InvalidParameterError({ parameter: `points[${i}].channel`, value: q.channel, expected: "a finite channel" });
    if (!(q.channelSigma > 0) || !Number.isFinite(q.channelSigma)) throw new InvalidParameterError({ parameter: `points[${i}].channelSigma`, value: q.channelSigma, expected: "a finite sigma > 0" });
    if (!(q.energyKeV > 0)) throw new InvalidParameterError({ parameter: `points[${i}].energyKeV`, value: q.energyKeV, expected: "a positive energy (keV)" });
  });
  const distinct = new Set(points.map((q) => q.channel.toPrecision(10))).size;
  if (distinct < p) {
    throw new InvalidParameterError({ parameter: "lines", value: points.map((q) => `${q.label}@${q.channel}`), expected: `at least ${p} distinct channels` });
  }
  const n = points.length;
  const design = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let power = 1;
    for (let k = 0; k < p; k++) {
      design[i * p + k] = power;
      power *= points[i]!.channel;
    }
    y[i] = points[i]!.energyKeV;
  }
  // Initial slope estimate from the extreme points, then effective-variance iterations.
  const sortedIdx = [...points.keys()].sort((a, b) => points[a]!.channel - points[b]!.channel);
  const lo = points[sortedIdx[0]!]!;
  const hi = points[sortedIdx[n - 1]!]!;
  let slopes = new Float64Array(n).fill((hi.energyKeV - lo.energyKeV) / (hi.channel - lo.channel));
  const sigma = new Float64Array(n);
  let solution = undefined as ReturnType<typeof solveWeightedLinear> | undefined;
  for (let iteration = 0; iteration < 6; iteration++) {
    for (let i = 0; i < n; i++) {
      const t = points[i]!.energySigmaKeV ?? 0;
      sigma[i] = Math.sqrt((slopes[i]! * points[i]!.channelSigma) ** 2 + t * t);
    }
    solution = solveWeightedLinear(design, y, sigma, p);
    const poly = createEnergyPolynomial([...solution.parameters]);
    const next = Float64Array.from(points, (q) => energySlopeAt(poly, q.channel));
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(next[i]! - slopes[i]!) / Math.abs(slopes[i]!));
    slopes = next;
    if (change < 1e-9) break;
  }
  const sol = solution!;
  if (sol.singular) {
    throw new FitError(`energy polynomial of degree ${degree} is not determined by the lines (rank ${sol.rank} of ${p}); add lines at other energies or lower the degree`, {
      parameters: sol.parameters,
    });
  }
  for (let i = 0; i < n; i++) {
    if (!(slopes[i]! > 0)) {
      throw new FitError(`fitted energy calibration decreases at channel ${points[i]!.channel.toFixed(1)} (${points[i]!.label}): the line assignment is inconsistent; check the lines and the starting calibration`, {
        parameters: sol.parameters,
      });
    }
  }
  const dof = n - p;
  const reducedChiSquare = dof > 0 ? sol.chiSquare / dof : Number.NaN;
  const covarianceScale = scaleCovariance === "always" ? (dof > 0 ? reducedChiSquare : 1) : scaleCovariance === "auto" && dof > 0 && reducedChiSquare > 1 ? reducedChiSquare : 1;
  const polynomial = createEnergyPolynomial(
    [...sol.parameters],
    [...sol.covariance].map((v) => v * covarianceScale),
  );
  const residuals: EnergyResidual[] = points.map((q, i) => {
    const fittedEnergyKeV = energyAt(polynomial, q.channel).energyKeV;
    const residualKeV = fittedEnergyKeV - q.energyKeV;
    return {
      label: q.label,
      channel: q.channel,
      channelSigma: q.channelSigma,
      energyKeV: q.energyKeV,
      fittedEnergyKeV,
      residualKeV,
      sigmaKeV: sigma[i]!,
      normalizedResidual: residualKeV / sigma[i]!,
    };
  });
  return { polynomial, residuals, chiSquare: sol.chiSquare, degreesOfFreedom: dof, reducedChiSquare, covarianceScale, conditionNumber: sol.conditionNumber };
}
