/**
 * The fixed scattering angle of an energy-dispersive detector from calibrant Bragg peaks, given
 * an energy calibration whose covariance is propagated.
 *
 * With u = 1 / sin(theta) and K = hc / 2, each reflection j of known spacing d_j seen at channel
 * c_j gives y_j = d_j E(c_j) = K u. The errors of the y_j are correlated through the shared energy
 * calibration: V_jk = d_j d_k phi_j^T C phi_k + delta_jk [(d_j E'(c_j) s_j)^2 + (E_j t_j)^2] with
 * C the coefficient covariance, s_j the channel sigma and t_j the sigma of d_j. The generalised
 * least-squares estimate is u = 1^T V^-1 y / (K 1^T V^-1 1) with var(u) = 1 / (K^2 1^T V^-1 1)
 * (Aitken 1935, Proc. R. Soc. Edinburgh 55, 42), so the calibration's own uncertainty sets a floor
 * on the angle's that more reflections cannot remove.
 *
 * @packageDocumentation
 */
import { FitError, HC_KEV_ANGSTROM, InvalidParameterError } from "@operando/core";
import type { EnergyPolynomial } from "./energyPolynomial.js";
import { energyAt, energySlopeAt } from "./energyPolynomial.js";
import { cholesky, choleskySolve } from "./internal/cholesky.js";

const DEG = Math.PI / 180;
const K = HC_KEV_ANGSTROM / 2;

/** A calibrant reflection seen at a channel. */
export interface BraggPoint {
  /** Name, e.g. "CeO2 111". */
  label: string;
  /** Fitted channel. */
  channel: number;
  /** Its one-sigma (> 0). */
  channelSigma: number;
  /** Reference d-spacing (A). */
  dAngstrom: number;
  /** One-sigma of d (A), e.g. from the calibrant's certified lattice uncertainty. @default 0 */
  dSigmaAngstrom?: number;
}

/** One row of the reflection residual table. */
export interface BraggResidual {
  /** Reflection name. */
  label: string;
  /** Fitted channel. */
  channel: number;
  /** Its sigma. */
  channelSigma: number;
  /** Reference d (A). */
  dAngstrom: number;
  /** d from the calibration at the fitted channel (A). */
  fittedDAngstrom: number;
  /** fittedDAngstrom - dAngstrom. */
  residualAngstrom: number;
  /** One-sigma of the residual from this peak's own (uncorrelated) errors (A). */
  sigmaAngstrom: number;
  /** residual / sigma. */
  normalizedResidual: number;
}

/** Options of {@link fitTwoTheta}. */
export interface FitTwoThetaOptions {
  /** As in fitEnergyPolynomial: scale the angle's variance by the reduced chi-square. @default "auto" */
  scaleCovariance?: "auto" | "never" | "always";
}

/** Result of {@link fitTwoTheta}. */
export interface TwoThetaFit {
  /** 2theta (deg). */
  twoThetaDeg: number;
  /** One-sigma (deg), energy covariance included. */
  twoThetaSigmaDeg: number;
  /** Covariance of each energy coefficient with 2theta (deg x keV/ch^k). */
  coefficientTwoThetaCovariance: number[];
  /** Generalised chi-square r^T V^-1 r. */
  chiSquare: number;
  /** n - 1. */
  degreesOfFreedom: number;
  /** chiSquare / degreesOfFreedom. */
  reducedChiSquare: number;
  /** Residual table, input order. */
  residuals: BraggResidual[];
}

/**
 * Fits the fixed 2theta of an energy-dispersive detector from reflections of known d.
 *
 * @param points - reflections with fitted channels (at least 1; 2+ to test consistency)
 * @param energy - energy calibration with covariance (propagated)
 * @param options - covariance scaling
 * @returns 2theta with sigma, its covariance with the energy coefficients, residuals
 * @throws InvalidParameterError for no points or bad sigmas
 * @throws FitError when the reflections imply sin(theta) > 1 or the covariance is not positive
 */
export function fitTwoTheta(points: readonly BraggPoint[], energy: EnergyPolynomial, options: FitTwoThetaOptions = {}): TwoThetaFit {
  const { scaleCovariance = "auto" } = options;
  const n = points.length;
  if (n < 1) throw new InvalidParameterError({ parameter: "points", value: 0, expected: "at least one calibrant reflection" });
  points.forEach((q, i) => {
    if (!(q.channelSigma > 0)) throw new InvalidParameterError({ parameter: `points[${i}].channelSigma`, value: q.channelSigma, expected: "a sigma > 0" });
    if (!(q.dAngstrom > 0)) throw new InvalidParameterError({ parameter: `points[${i}].dAngstrom`, value: q.dAngstrom, expected: "a positive d (A)" });
  });
  const p = energy.coefficients.length;
  const c = energy.covariance;
  const phi = points.map((q) => {
    const v = new Float64Array(p);
    let power = 1;
    for (let k = 0; k < p; k++) {
      v[k] = power;
      power *= q.channel;
    }
    return v;
  });
  const e = Float64Array.from(points, (q) => energyAt(energy, q.channel).energyKeV);
  const y = Float64Array.from(points, (q, j) => q.dAngstrom * e[j]!);
  const independent = Float64Array.from(points, (q, j) => (q.dAngstrom * energySlopeAt(energy, q.channel) * q.channelSigma) ** 2 + (e[j]! * (q.dSigmaAngstrom ?? 0)) ** 2);
  // C phi_k for each point (p-vectors), reused for V and the cross covariance.
  const cPhi = phi.map((f) => {
    const v = new Float64Array(p);
    for (let r = 0; r < p; r++) for (let s = 0; s < p; s++) v[r] = v[r]! + c[r * p + s]! * f[s]!;
    return v;
  });
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      let shared = 0;
      for (let r = 0; r < p; r++) shared += phi[j]![r]! * cPhi[k]![r]!;
      v[j * n + k] = points[j]!.dAngstrom * points[k]!.dAngstrom * shared + (j === k ? independent[j]! : 0);
    }
  }
  const l = cholesky(v, n);
  if (l === undefined) throw new FitError("covariance of the reflection energies is not positive definite; check the channel sigmas and the energy covariance");
  const ones = new Float64Array(n).fill(1);
  const vInvOne = choleskySolve(l, ones, n);
  const denom = vInvOne.reduce((s, x) => s + x, 0);
  const w = Float64Array.from(vInvOne, (x) => x / denom);
  let uK = 0;
  for (let j = 0; j < n; j++) uK += w[j]! * y[j]!;
  const u = uK / K;
  if (!(u > 1)) throw new FitError(`reflections imply sin(theta) = ${(1 / u).toPrecision(4)} >= 1: the calibrant or the energy calibration does not match the peaks`);
  const r = Float64Array.from(y, (yj) => yj - uK);
  const vInvR = choleskySolve(l, r, n);
  const chiSquare = r.reduce((s, rj, j) => s + rj * vInvR[j]!, 0);
  const dof = n - 1;
  const reducedChiSquare = dof > 0 ? chiSquare / dof : Number.NaN;
  const scale = scaleCovariance === "always" ? (dof > 0 ? reducedChiSquare : 1) : scaleCovariance === "auto" && dof > 0 && reducedChiSquare > 1 ? reducedChiSquare : 1;
  const varU = scale / (K * K * denom);
  // cov(u, a) = (1/K) sum_j w_j d_j (C phi_j)
  const covUA = new Float64Array(p);
  for (let j = 0; j < n; j++) for (let k = 0; k < p; k++) covUA[k] = covUA[k]! + (w[j]! * points[j]!.dAngstrom * cPhi[j]![k]!) / K;
  const theta = Math.asin(1 / u);
  const dTwoThetaDu = ((2 * -1) / (u * u * Math.sqrt(1 - 1 / (u * u)))) / DEG;
  const residuals: BraggResidual[] = points.map((q, j) => {
    const fittedDAngstrom = uK / e[j]!;
    const sigmaAngstrom = Math.sqrt(independent[j]!) / e[j]!;
    const residualAngstrom = fittedDAngstrom - q.dAngstrom;
    return { label: q.label, channel: q.channel, channelSigma: q.channelSigma, dAngstrom: q.dAngstrom, fittedDAngstrom, residualAngstrom, sigmaAngstrom, normalizedResidual: residualAngstrom / sigmaAngstrom };
  });
  return {
    twoThetaDeg: (2 * theta) / DEG,
    twoThetaSigmaDeg: Math.abs(dTwoThetaDu) * Math.sqrt(varU),
    coefficientTwoThetaCovariance: [...covUA].map((x) => x * dTwoThetaDu),
    chiSquare,
    degreesOfFreedom: dof,
    reducedChiSquare,
    residuals,
  };
}
