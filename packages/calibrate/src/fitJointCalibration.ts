/**
 * Joint fit of the channel -> energy polynomial and the fixed 2theta of an energy-dispersive
 * detector to fluorescence/gamma lines (known energies) and calibrant reflections (known d)
 * together, with the full covariance.
 *
 * With u = 1 / sin(theta) and K = hc / 2 the problem is linear in (a_0..a_k, u):
 *   line i:       sum_k a_k c_i^k          = E_i
 *   reflection j: sum_k a_k c_j^k - K/d_j u = 0
 * and is solved by weighted least squares with effective variances (channel sigma times the local
 * gain, plus the reference sigma), iterated until the weights are stable. The covariance and the
 * rank check use the Jacobian in the reported parameters (a_0..a_k, 2theta) at the solution.
 * Without any line of known energy the system is homogeneous: Bragg peaks alone fix only the
 * ratios of a_k and 1/sin(theta) (science.md section 2), and the fit reports that degeneracy.
 *
 * @packageDocumentation
 */
import { HC_KEV_ANGSTROM, InvalidParameterError } from "@operando/core";
import type { EnergyPoint } from "./fitEnergyPolynomial.js";
import type { BraggPoint } from "./fitTwoTheta.js";
import { solveWeightedLinear } from "./internal/linearLeastSquares.js";

const DEG = Math.PI / 180;
const K = HC_KEV_ANGSTROM / 2;

/** Options of {@link fitJointCalibration}. */
export interface FitJointCalibrationOptions {
  /** Energy polynomial degree, 1 to 3. @default 1 */
  degree?: number;
  /** Scale the covariance by the reduced chi-square ("auto": only when > 1). @default "auto" */
  scaleCovariance?: "auto" | "never" | "always";
  /** Relative singular-value threshold for rank deficiency. @default 1e-10 */
  rankTolerance?: number;
}

/** One row of the joint residual table. */
export interface JointResidual {
  /** Name. */
  label: string;
  /** "line" or "bragg". */
  kind: "line" | "bragg";
  /** Fitted channel. */
  channel: number;
  /** Its sigma. */
  channelSigma: number;
  /** Reference: energy (keV) for lines, d (A) for reflections. */
  reference: number;
  /** Calibrated value at the channel, same unit. */
  fitted: number;
  /** fitted - reference. */
  residual: number;
  /** One-sigma of the residual from this point's own errors. */
  sigma: number;
  /** residual / sigma. */
  normalizedResidual: number;
}

/** Result of {@link fitJointCalibration}. */
export interface JointCalibrationFit {
  /** Parameter names: a0..ak, twoThetaDeg. */
  parameterNames: string[];
  /** Parameters [a0..ak, twoThetaDeg]; NaN where undetermined. */
  parameters: number[];
  /** Row-major covariance of the parameters; NaN rows/columns for undetermined ones. */
  covariance: number[];
  /** Weighted chi-square. */
  chiSquare: number;
  /** points - parameters. */
  degreesOfFreedom: number;
  /** chiSquare / degreesOfFreedom. */
  reducedChiSquare: number;
  /** Factor applied to the covariance. */
  covarianceScale: number;
  /** Condition number of the column-scaled weighted Jacobian. */
  conditionNumber: number;
  /** True when the data do not determine every parameter. */
  singular: boolean;
  /** Names of undetermined parameters. */
  undetermined: string[];
  /** Explanation when singular, else "". */
  degeneracy: string;
  /** Residual table (lines first, then reflections). */
  residuals: JointResidual[];
}

function powers(channel: number, p: number): Float64Array {
  const v = new Float64Array(p);
  let power = 1;
  for (let k = 0; k < p; k++) {
    v[k] = power;
    power *= channel;
  }
  return v;
}

function slopeOf(a: ArrayLike<number>, channel: number): number {
  let slope = 0;
  let power = 1;
  for (let k = 1; k < a.length; k++) {
    slope += k * a[k]! * power;
    power *= channel;
  }
  return slope;
}

/**
 * Fits (a_0..a_k, 2theta) to lines and reflections together.
 *
 * @param lines - lines of known energy seen at channels
 * @param reflections - calibrant reflections of known d seen at channels
 * @param options - degree, covariance scaling, rank tolerance
 * @returns parameters, full covariance, degeneracy report and residuals
 * @throws InvalidParameterError for a bad degree, too few points, or bad sigmas
 * @example
 * // lines at 34.72 and 59.54 keV plus CeO2 reflections -> E(ch) and 2theta with covariance
 * // fitJointCalibration(linePoints, braggPoints, { degree: 1 })
 */
export function fitJointCalibration(lines: readonly EnergyPoint[], reflections: readonly BraggPoint[], options: FitJointCalibrationOptions = {}): JointCalibrationFit {
  const { degree = 1, scaleCovariance = "auto", rankTolerance = 1e-10 } = options;
  if (!Number.isInteger(degree) || degree < 1 || degree > 3) throw new InvalidParameterError({ parameter: "degree", value: degree, expected: "an integer 1, 2 or 3" });
  const p = degree + 1;
  const q = p + 1;
  const names = [...Array.from({ length: p }, (_, k) => `a${k}`), "twoThetaDeg"];
  const n = lines.length + reflections.length;
  if (n < q) {
    throw new InvalidParameterError({ parameter: "points", value: n, expected: `at least ${q} lines + reflections for degree ${degree} plus 2theta` });
  }
  [...lines, ...reflections].forEach((pt, i) => {
    if (!(pt.channelSigma > 0) || !Number.isFinite(pt.channel)) throw new InvalidParameterError({ parameter: `points[${i}]`, value: pt, expected: "a finite channel and channelSigma > 0" });
  });
  if (lines.length === 0) {
    const nan = new Array<number>(q).fill(Number.NaN);
    return {
      parameterNames: names,
      parameters: nan,
      covariance: new Array<number>(q * q).fill(Number.NaN),
      chiSquare: Number.NaN,
      degreesOfFreedom: n - q,
      reducedChiSquare: Number.NaN,
      covarianceScale: Number.NaN,
      conditionNumber: Number.POSITIVE_INFINITY,
      singular: true,
      undetermined: names,
      degeneracy:
        "Bragg peaks alone fix only E(ch) sin(theta): scaling every energy coefficient by s and 1/sin(theta) by s fits them equally well, so gain, offset and 2theta are not determined; add lines of known energy (fluorescence, gamma) or fix the energy calibration and fit 2theta alone",
      residuals: [],
    };
  }
  // Linear system in (a, u).
  const design = new Float64Array(n * q);
  const y = new Float64Array(n);
  lines.forEach((pt, i) => {
    design.set(powers(pt.channel, p), i * q);
    y[i] = pt.energyKeV;
  });
  reflections.forEach((pt, j) => {
    const row = lines.length + j;
    design.set(powers(pt.channel, p), row * q);
    design[row * q + p] = -K / pt.dAngstrom;
  });
  // Initial gain from the lines (or 1 keV/ch scale) for the first weights.
  const sortedLines = [...lines].sort((a, b) => a.channel - b.channel);
  const first = sortedLines[0]!;
  const last = sortedLines[sortedLines.length - 1]!;
  let a: Float64Array = new Float64Array(q);
  let gain0 = last.channel !== first.channel ? (last.energyKeV - first.energyKeV) / (last.channel - first.channel) : first.energyKeV / Math.max(first.channel, 1);
  if (!(gain0 > 0)) gain0 = first.energyKeV / Math.max(first.channel, 1);
  a[1] = gain0;
  const sigma = new Float64Array(n);
  let sol = solveWeightedLinear(design, y, new Float64Array(n).fill(1), q, rankTolerance);
  for (let iteration = 0; iteration < 8; iteration++) {
    const u = a[p]!;
    const coef = a.subarray(0, p);
    lines.forEach((pt, i) => {
      sigma[i] = Math.sqrt((slopeOf(coef, pt.channel) * pt.channelSigma) ** 2 + (pt.energySigmaKeV ?? 0) ** 2);
    });
    reflections.forEach((pt, j) => {
      const dTerm = u > 0 ? ((K * u) / (pt.dAngstrom * pt.dAngstrom)) * (pt.dSigmaAngstrom ?? 0) : 0;
      sigma[lines.length + j] = Math.sqrt((slopeOf(coef, pt.channel) * pt.channelSigma) ** 2 + dTerm * dTerm);
    });
    sol = solveWeightedLinear(design, y, sigma, q, rankTolerance);
    const next = sol.parameters;
    let change = 0;
    for (let k = 0; k < q; k++) change = Math.max(change, Math.abs(next[k]! - a[k]!) / Math.max(Math.abs(next[k]!), 1e-300));
    a = Float64Array.from(next);
    if (change < 1e-10) break;
  }
  const u = a[p]!;
  const coefficients = [...a.subarray(0, p)];
  const valid = u > 1 && !sol.singular;
  const theta = valid ? Math.asin(1 / u) : Number.NaN;
  const twoThetaDeg = (2 * theta) / DEG;
  // Jacobian of the residuals in (a, 2theta_deg): reflection rows' 2theta column is
  // d/d(2theta)[-K/(d sin theta)] = K cos(theta) / (d sin^2 theta) * (DEG / 2).
  const jac = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) jac[i * q + k] = design[i * q + k]!;
  reflections.forEach((pt, j) => {
    const row = lines.length + j;
    jac[row * q + p] = valid ? ((K * Math.cos(theta)) / (pt.dAngstrom * Math.sin(theta) ** 2)) * (DEG / 2) : design[row * q + p]!;
  });
  const cov = solveWeightedLinear(jac, new Float64Array(n), sigma, q, rankTolerance);
  const dof = n - q;
  const reducedChiSquare = dof > 0 ? sol.chiSquare / dof : Number.NaN;
  const covarianceScale = scaleCovariance === "always" ? (dof > 0 ? reducedChiSquare : 1) : scaleCovariance === "auto" && dof > 0 && reducedChiSquare > 1 ? reducedChiSquare : 1;
  const undetermined = cov.undetermined.map((k) => names[k]!);
  const singular = cov.singular || !valid;
  const parameters = [...coefficients, twoThetaDeg].map((v, k) => (cov.undetermined.includes(k) ? Number.NaN : v));
  const residuals: JointResidual[] = [];
  lines.forEach((pt, i) => {
    let fitted = 0;
    const f = powers(pt.channel, p);
    for (let k = 0; k < p; k++) fitted += coefficients[k]! * f[k]!;
    const residual = fitted - pt.energyKeV;
    residuals.push({ label: pt.label, kind: "line", channel: pt.channel, channelSigma: pt.channelSigma, reference: pt.energyKeV, fitted, residual, sigma: sigma[i]!, normalizedResidual: residual / sigma[i]! });
  });
  reflections.forEach((pt, j) => {
    let energy = 0;
    const f = powers(pt.channel, p);
    for (let k = 0; k < p; k++) energy += coefficients[k]! * f[k]!;
    const fitted = (K * u) / energy;
    const s = (sigma[lines.length + j]! * fitted) / energy;
    const residual = fitted - pt.dAngstrom;
    residuals.push({ label: pt.label, kind: "bragg", channel: pt.channel, channelSigma: pt.channelSigma, reference: pt.dAngstrom, fitted, residual, sigma: s, normalizedResidual: residual / s });
  });
  return {
    parameterNames: names,
    parameters,
    covariance: [...cov.covariance].map((v) => v * covarianceScale),
    chiSquare: sol.chiSquare,
    degreesOfFreedom: dof,
    reducedChiSquare,
    covarianceScale,
    conditionNumber: cov.conditionNumber,
    singular,
    undetermined,
    degeneracy: singular
      ? `the data do not determine ${undetermined.length > 0 ? undetermined.join(", ") : "the angle (1/sin(theta) <= 1)"} (condition number ${cov.conditionNumber.toExponential(2)}); add lines of known energy at other channels or more calibrant reflections`
      : "",
    residuals,
  };
}
