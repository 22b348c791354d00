/**
 * Bound-constrained Levenberg-Marquardt on the normal equations of a window model.
 *
 * Why not @operando/fit's curveFit here: curveFit (MINPACK lmder) factorizes the dense n x P
 * weighted Jacobian by Householder QR at every iteration (2 n P^2 flops), while the window model's
 * reflection columns are non-zero on a few FWHM only. Forming J^T W J over the column overlaps
 * (windowModel.normalEquations) and solving the P x P damped system costs a fraction of that,
 * which is what makes a 1000-spectrum series fast. The method is the classical one: Marquardt
 * (1963, doi:10.1137/0111030) damping (J^T W J + lambda diag(J^T W J)) delta = J^T W r, with the
 * damping update of Nielsen (1999, IMM-REP-1999-05; also Madsen, Nielsen & Tingleff, "Methods for
 * non-linear least squares problems", 2004, eq. 3.16), and simple bounds by an active set (a
 * parameter on a bound whose gradient points outwards is held for the step) plus projection.
 * Cross-checked against curveFit at tight tolerance in scripts/bench/quantify.ts and the tests.
 *
 * The covariance is (J^T W J)^-1 at the solution (the same as curveFit's, which is also formed from
 * the Jacobian with respect to the real parameters); parameters the data do not determine (a zero
 * or numerically dependent column) get NaN rows.
 *
 * @packageDocumentation
 */
import { choleskyBackSolve, choleskyInPlace } from "./linear.js";
import type { WindowModel } from "./windowModel.js";

/** Smallest accepted Cholesky pivot of the diagonal-scaled (unit-diagonal) systems solved here. */
const RELATIVE_MIN_PIVOT = 1e-13;

/** Result of {@link solveWindow}. */
export interface WindowSolution {
  parameters: Float64Array;
  /** Row-major P x P covariance (unscaled, NaN for undetermined parameters). */
  covariance: Float64Array;
  chiSquare: number;
  reducedChiSquare: number;
  fitted: Float64Array;
  converged: boolean;
  /** Parameters that ended on (within 1e-8 relative of) a finite bound. */
  atBounds: number[];
  iterations: number;
}

/** Options of {@link solveWindow}. */
export interface SolveWindowOptions {
  lower: Float64Array;
  upper: Float64Array;
  /** Maximum accepted + rejected steps. @default 200 */
  maxIterations?: number;
  /**
   * Stop when the Gauss-Newton step is predicted to lower chi^2 by less than this times
   * max(1, reduced chi^2): the parameters are then within sqrt(tolerance) standard errors of the
   * minimum (1e-4: 0.01 sigma).
   * @default 1e-4
   */
  chiSquareTolerance?: number;
  /** Stop when an accepted step lowers chi^2 by less than ftol relative. @default 1e-12 */
  ftol?: number;
  /** Stop when every |step_j| <= xtol (|p_j| + 1/sqrt(J^T W J)_jj). @default 1e-10 */
  xtol?: number;
}

/**
 * Inverse of the P x P matrix `normal` restricted to parameters with a usable column, in
 * correlation form (pivots below 1e-13 relative mark a parameter undetermined, NaN row/column).
 */
export function covarianceFromNormal(normal: Float64Array, P: number): Float64Array {
  const cov = new Float64Array(P * P).fill(Number.NaN);
  const keep: number[] = [];
  for (let j = 0; j < P; j++) if (normal[j * P + j]! > 0 && Number.isFinite(normal[j * P + j]!)) keep.push(j);
  for (let attempt = 0; attempt <= P && keep.length > 0; attempt++) {
    const m = keep.length;
    const scale = keep.map((j) => Math.sqrt(normal[j * P + j]!));
    const a = new Float64Array(m * m);
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) a[r * m + c] = normal[keep[r]! * P + keep[c]!]! / (scale[r]! * scale[c]!);
    // Find the first failing pivot, drop it and retry.
    let failed = -1;
    for (let j = 0; j < m && failed < 0; j++) {
      let s = a[j * m + j]!;
      for (let k = 0; k < j; k++) s -= a[j * m + k]! * a[j * m + k]!;
      if (!(s > 1e-13)) {
        failed = j;
        break;
      }
      const l = Math.sqrt(s);
      a[j * m + j] = l;
      for (let i = j + 1; i < m; i++) {
        let t = a[i * m + j]!;
        for (let k = 0; k < j; k++) t -= a[i * m + k]! * a[j * m + k]!;
        a[i * m + j] = t / l;
      }
    }
    if (failed >= 0) {
      keep.splice(failed, 1);
      continue;
    }
    const col = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      col.fill(0);
      col[c] = 1;
      choleskyBackSolve(a, m, col);
      for (let r = 0; r < m; r++) cov[keep[r]! * P + keep[c]!] = col[r]! / (scale[r]! * scale[c]!);
    }
    break;
  }
  return cov;
}

/**
 * Minimizes chi^2 = sum w (y - f(p))^2 of a window model within bounds.
 * @param model - the window model (its data hold y and w)
 * @param start - starting parameters (projected into the bounds)
 * @param options - bounds and tolerances
 */
export function solveWindow(model: WindowModel, start: Float64Array, options: SolveWindowOptions): WindowSolution {
  const { lower, upper } = options;
  const maxIterations = options.maxIterations ?? 200;
  const ftol = options.ftol ?? 1e-12;
  const xtol = options.xtol ?? 1e-10;
  const chiSquareTolerance = options.chiSquareTolerance ?? 1e-4;
  const P = model.parameterCount;
  const n = model.data.y.length;
  const p = new Float64Array(P);
  for (let j = 0; j < P; j++) p[j] = Math.min(upper[j]!, Math.max(lower[j]!, start[j]!));
  const fitted = new Float64Array(n);
  const trialFitted = new Float64Array(n);
  const normal = new Float64Array(P * P);
  const gradient = new Float64Array(P);
  const trialNormal = new Float64Array(P * P);
  const trialGradient = new Float64Array(P);
  const trial = new Float64Array(P);
  const step = new Float64Array(P);
  const sys = new Float64Array(P * P);
  const rhs = new Float64Array(P);
  const freeIdx = new Int32Array(P);
  const corr = new Float64Array(P * P);
  const scale = new Float64Array(P);
  const gn = new Float64Array(P);
  // Degrees of freedom: the prior (penalty) rows count as observations of their parameters.
  const dof = n + model.priors.length - P;
  let chi = model.normalEquations(p, fitted, normal, gradient);
  let lambda = 1e-3;
  let nu = 2;
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Active set: hold parameters on a bound whose descent direction points outwards, and those
    // the data do not touch (zero diagonal).
    let m = 0;
    for (let j = 0; j < P; j++) {
      const d = normal[j * P + j]!;
      if (!(d > 0)) continue;
      if (p[j]! <= lower[j]! && gradient[j]! <= 0) continue;
      if (p[j]! >= upper[j]! && gradient[j]! >= 0) continue;
      freeIdx[m++] = j;
    }
    if (m === 0) {
      converged = true;
      break;
    }
    // Scaled system: C z = s g with C the correlation-form normal matrix. First the undamped
    // (Gauss-Newton) step: its predicted reduction g^T A^-1 g is the chi^2 distance to the minimum
    // of the local quadratic model; below the tolerance (scaled by the reduced chi-square, as the
    // covariance is) the parameters are within sqrt(tolerance) standard errors of the minimum.
    for (let r = 0; r < m; r++) {
      const jr = freeIdx[r]!;
      scale[r] = Math.sqrt(normal[jr * P + jr]!);
      rhs[r] = gradient[jr]! / scale[r]!;
      for (let c = 0; c < m; c++) {
        const jc = freeIdx[c]!;
        corr[r * m + c] = normal[jr * P + jc]! / (scale[r]! * Math.sqrt(normal[jc * P + jc]!));
      }
    }
    sys.set(corr.subarray(0, m * m));
    for (let r = 0; r < m; r++) sys[r * m + r] = sys[r * m + r]! + 1e-12;
    if (choleskyInPlace(sys, m, RELATIVE_MIN_PIVOT)) {
      gn.set(rhs.subarray(0, m));
      choleskyBackSolve(sys, m, gn);
      let reduction = 0;
      for (let r = 0; r < m; r++) reduction += gn[r]! * rhs[r]!;
      if (reduction <= chiSquareTolerance * Math.max(1, chi / Math.max(1, dof))) {
        converged = true;
        break;
      }
    }
    // Damped system (C + lambda I) z = s g.
    sys.set(corr.subarray(0, m * m));
    for (let r = 0; r < m; r++) sys[r * m + r] = sys[r * m + r]! * (1 + lambda) + 1e-12;
    if (!choleskyInPlace(sys, m, RELATIVE_MIN_PIVOT)) {
      lambda *= nu;
      nu *= 2;
      if (lambda > 1e16) break;
      continue;
    }
    choleskyBackSolve(sys, m, rhs);
    step.fill(0);
    for (let r = 0; r < m; r++) {
      const j = freeIdx[r]!;
      step[j] = rhs[r]! / Math.sqrt(normal[j * P + j]!);
    }
    trial.set(p);
    let small = true;
    for (let j = 0; j < P; j++) {
      if (step[j] === 0) continue;
      const v = Math.min(upper[j]!, Math.max(lower[j]!, p[j]! + step[j]!));
      step[j] = v - p[j]!;
      trial[j] = v;
      // Parameter scale: |p| or, for a parameter near zero, its one-sigma-like 1/sqrt(diag).
      const scale = Math.abs(p[j]!) + 1 / Math.sqrt(normal[j * P + j]!);
      if (Math.abs(step[j]!) > xtol * scale) small = false;
    }
    // Predicted reduction of the quadratic model: 2 g.s - s^T A s.
    let predicted = 0;
    for (let a = 0; a < P; a++) {
      const sa = step[a]!;
      if (sa === 0) continue;
      predicted += 2 * gradient[a]! * sa;
      for (let b = 0; b < P; b++) if (step[b] !== 0) predicted -= sa * normal[a * P + b]! * step[b]!;
    }
    if (small) {
      converged = true;
      break;
    }
    const chiTrial = model.normalEquations(trial, trialFitted, trialNormal, trialGradient);
    const actual = chi - chiTrial;
    if (Number.isFinite(chiTrial) && actual > 0) {
      // Gain ratio rule (Marquardt 1963 as in Madsen et al. 2004, sec. 3.2): shrink the damping
      // on a good quadratic prediction, grow it on a poor one.
      const rho = predicted > 0 ? actual / predicted : 1;
      if (rho > 0.5) lambda /= 3;
      else if (rho < 0.25) lambda *= 2;
      nu = 2;
      p.set(trial);
      fitted.set(trialFitted);
      normal.set(trialNormal);
      gradient.set(trialGradient);
      chi = chiTrial;
      if (actual <= ftol * (chi + actual)) {
        converged = true;
        iterations++;
        break;
      }
    } else {
      if (small || (predicted >= 0 && predicted <= ftol * chi)) {
        // No representable improvement left.
        converged = true;
        break;
      }
      lambda *= nu;
      nu *= 2;
      if (lambda > 1e16) {
        converged = true;
        break;
      }
    }
  }
  const covariance = covarianceFromNormal(normal, P);
  const atBounds: number[] = [];
  for (let j = 0; j < P; j++) {
    const lo = lower[j]!;
    const hi = upper[j]!;
    const tol = 1e-8 * Math.max(Math.abs(p[j]!), Number.isFinite(hi - lo) ? hi - lo : 0, 1e-300);
    if ((Number.isFinite(lo) && p[j]! - lo <= tol) || (Number.isFinite(hi) && hi - p[j]! <= tol)) atBounds.push(j);
  }
  return { parameters: p, covariance, chiSquare: chi, reducedChiSquare: dof > 0 ? chi / dof : Number.NaN, fitted, converged, atBounds, iterations };
}
