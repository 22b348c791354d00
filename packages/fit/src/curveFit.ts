/**
 * Non-linear weighted least squares by a Levenberg-Marquardt trust-region method in the MINPACK
 * `lmder` tradition (Moré 1977, doi:10.1007/BFb0067700): variables scaled by Jacobian column
 * norms, each step from a QR factorisation with column pivoting, the damping found by lmpar.
 *
 * @packageDocumentation
 */
import { FitError, InvalidParameterError } from "@operando/core";
import type { FitContext } from "./internal/evaluation.js";
import { computeJacobian, evaluate, firstNonFinite } from "./internal/evaluation.js";
import type { PreparedData } from "./internal/fitData.js";
import { checkTolerance, fillSqrtWeights, prepareData } from "./internal/fitData.js";
import { finishFit } from "./internal/finish.js";
import { DWARF, enorm, EPSILON, lmpar, qrfac, qrTransformRhs } from "./internal/minpack.js";
import { normalFactor } from "./internal/normalEquations.js";
import type { ParameterMap } from "./internal/parameterMap.js";
import { buildParameterMap, fillExternal, startingInternal } from "./internal/parameterMap.js";
import type { FitWorkspace } from "./internal/workspace.js";
import { acquireWorkspace, releaseWorkspace } from "./internal/workspace.js";

/**
 * A model evaluated at all points at once: fills `out[i] = model(x[i]; p)`.
 * Must not keep references to `out` or `p` (they are reused buffers).
 */
export type ModelFunction = (x: Float64Array, p: Float64Array, out: Float64Array) => void;

/**
 * Analytic Jacobian of a {@link ModelFunction}, column-major:
 * `out[j * n + i] = d model(x[i]) / d p[j]` with n = x.length, for ALL parameters. `out` is
 * zero-filled before each call, so columns of fixed or tied parameters may be left untouched.
 */
export type JacobianFunction = (x: Float64Array, p: Float64Array, out: Float64Array) => void;

/** A linear tie between parameters: p[parameter] = factor * p[source] + offset. */
export interface ParameterTie {
  /** Index of the parameter that is tied (removed from the solve). */
  parameter: number;
  /** Index of the parameter it follows (must be free or fixed, not itself tied). */
  source: number;
  /** Multiplier. @default 1 */
  factor?: number;
  /** Additive offset. @default 0 */
  offset?: number;
}

/** Options of {@link curveFit}. */
export interface CurveFitOptions {
  /** Analytic Jacobian; without it derivatives come from finite differences. */
  jacobian?: JacobianFunction;
  /**
   * Finite-difference scheme of the iterations when no `jacobian` is given: forward (step
   * h = sqrt(eps) |p|, or sqrt(eps) when p = 0) or central (h = eps^(1/3) |p|, twice the
   * evaluations). The covariance at the solution always uses central differences, and a
   * forward-difference fit ends with one Gauss-Newton step on that central-difference Jacobian
   * (kept when it does not raise chi-square), which removes the O(sqrt(eps)) shift of the
   * forward-difference fixed point (one more evaluation).
   * @default "forward"
   */
  finiteDifference?: "forward" | "central";
  /** One-standard-deviation uncertainty of each y (> 0). Give `sigma` or `weights`, not both. */
  sigma?: ArrayLike<number>;
  /** Weight of each point, w = 1/sigma^2 (>= 0; 0 drops the point). */
  weights?: ArrayLike<number>;
  /** Lower bound per parameter (-Infinity for none). */
  lower?: ArrayLike<number>;
  /** Upper bound per parameter (Infinity for none). */
  upper?: ArrayLike<number>;
  /** true for parameters held at their starting value. */
  fixed?: ArrayLike<boolean>;
  /** Linear ties; tied parameters are substituted, not solved for. */
  ties?: readonly ParameterTie[];
  /** Maximum number of model evaluations (finite-difference ones included). @default 2000 * (free + 1) */
  maxEvaluations?: number;
  /** Stop when both the actual and predicted relative reductions of chi-square are <= ftol. @default 1.49012e-8 */
  ftol?: number;
  /** Stop when the relative change of the scaled parameters is <= xtol. @default 1.49012e-8 */
  xtol?: number;
  /** Stop when the cosine between residuals and every Jacobian column is <= gtol. @default 0 */
  gtol?: number;
  /**
   * When false, the covariance is scaled by the reduced chi-square (as scipy's curve_fit and
   * lmfit do); when true, sigma is taken as absolute.
   * @default false
   */
  absoluteSigma?: boolean;
  /** Names of the parameters (for messages and results). @default ["p0", "p1", ...] */
  parameterNames?: readonly string[];
  /**
   * What to do with NaN/Infinity in x, y, sigma or weights: "error" throws an
   * InvalidParameterError naming the first such point; "mask" leaves those points out and reports
   * how many in `maskedPoints`.
   * @default "error"
   */
  nonFinite?: "error" | "mask";
  /**
   * Relative threshold on the diagonal of the pivoted QR of the column-normalised Jacobian below
   * which it is rank deficient (roughly 1/condition number). The default allows for the noise of
   * finite-difference Jacobians.
   * @default 1e-9 with an analytic Jacobian, 1e-8 with finite differences
   */
  rankTolerance?: number;
  /**
   * How the trust-region subproblem is factored: "qr" always uses the pivoted Householder QR of J
   * (MINPACK lmder); "auto" uses a pivoted Cholesky of J^T J when there are at least twice as many
   * points as free parameters and the column-scaled Jacobian is well conditioned (1/cond >= 1e-6),
   * about twice as fast for peak fits, and falls back to QR otherwise. The converged point is the
   * same (J^T f = 0 does not depend on the factorisation); the covariance uses the same rule
   * with a stricter threshold (1e-4).
   * @default "auto"
   */
  linearSolver?: "auto" | "qr";
}

/** Why the solver stopped. */
export type CurveFitStatus =
  /** Relative reduction of chi-square below ftol. */
  | "ftol"
  /** Relative parameter change below xtol. */
  | "xtol"
  /** Residuals orthogonal to the Jacobian columns within gtol. */
  | "gtol"
  /** The residuals are exactly zero. */
  | "exact"
  /** No further reduction possible at machine precision (tolerances too small). */
  | "machinePrecision"
  /** The evaluation budget ran out before convergence. */
  | "maxEvaluations";

/** Result of {@link curveFit}. */
export interface CurveFitResult {
  /** Best-fit parameters (all of them, fixed and tied included). */
  parameters: Float64Array;
  /**
   * One-sigma standard errors: sqrt of the covariance diagonal. 0 for fixed parameters, |factor|
   * times the source's error for tied ones, NaN for parameters the data do not determine (and all
   * of them when the degrees of freedom are 0 without absoluteSigma).
   */
  standardErrors: Float64Array;
  /** Row-major P-by-P covariance of all parameters (fixed rows/columns 0, undetermined NaN). */
  covariance: Float64Array;
  /** Row-major P-by-P correlation matrix (diagonal 1 for estimated parameters, 0 for fixed). */
  correlation: Float64Array;
  /** Parameter names. */
  parameterNames: string[];
  /** Weighted sum of squared residuals, sum w (y - f)^2. */
  chiSquare: number;
  /** chiSquare / degreesOfFreedom (NaN when there are none). */
  reducedChiSquare: number;
  /** Points used (weight > 0, not masked) minus free parameters. */
  degreesOfFreedom: number;
  /** Weighted profile R-factor sqrt(sum w (y - f)^2 / sum w y^2). */
  rwp: number;
  /** Weighted residuals sqrt(w) (y - f), one per input point (NaN at masked points). */
  residuals: Float64Array;
  /** Model at the solution, one per input point (NaN at masked points). */
  fitted: Float64Array;
  /** Model evaluations, finite-difference ones included. */
  evaluations: number;
  /** Jacobian evaluations (outer iterations). */
  iterations: number;
  /** Why the solver stopped. */
  status: CurveFitStatus;
  /** True unless the evaluation budget ran out. */
  converged: boolean;
  /** Human-readable account of the stop. */
  message: string;
  /** True when the Jacobian at the solution is rank deficient. */
  singular: boolean;
  /** Indices (into parameters) of free parameters the data do not determine. */
  undetermined: number[];
  /** Number of points left out because of non-finite values (nonFinite: "mask"). */
  maskedPoints: number;
  /** Indices of free parameters that ended within 1e-8 (relative) of a bound. */
  atBounds: number[];
}

/**
 * Smallest accepted min r_kk / ||J_k|| of the normal-equation factor (about 1 / cond of the
 * column-scaled Jacobian): below it J^T J (condition squared, ~1e12) loses too much and the step
 * comes from the QR of J instead.
 */
const NORMAL_MIN_RCOND = 1e-6;

/**
 * Fits `model(x; p)` to (x, y) by weighted non-linear least squares, minimising
 * chi^2 = sum_i w_i (y_i - f(x_i; p))^2 with w_i = 1/sigma_i^2, by a MINPACK-style
 * Levenberg-Marquardt trust-region method.
 *
 * Bounds: free parameters with bounds are mapped to an unbounded variable (MINUIT/lmfit
 * transformations, see README); the covariance is computed afterwards from the Jacobian with
 * respect to the real parameters, which equals lmfit's back-transformed covariance.
 * Fixed parameters are removed from the solve, tied parameters substituted (their errors
 * propagate from the source). Without `absoluteSigma` the covariance is scaled by the reduced
 * chi-square like scipy's curve_fit.
 *
 * A model that returns NaN/Infinity at the start is an error; during the iterations such a trial
 * step is rejected and the trust region shrunk.
 *
 * @param model - fills out[i] = f(x_i; p)
 * @param x - abscissae (any unit; passed to the model as a Float64Array)
 * @param y - observations, same length
 * @param p0 - starting parameters
 * @param options - see {@link CurveFitOptions}
 * @returns parameters, errors, covariance and diagnostics; check `converged` and `singular`
 * @throws InvalidParameterError for mismatched lengths, non-finite data (unless masked), bad
 *   sigma/weights, starting values outside their bounds, bad ties or tolerances
 * @throws FitError when there are fewer points than free parameters or the model (or its
 *   Jacobian) is not finite at the starting point
 * @see https://doi.org/10.1007/BFb0067700
 * @example
 * const line: ModelFunction = (x, p, out) => { for (let i = 0; i < x.length; i++) out[i] = p[0]! + p[1]! * x[i]!; };
 * const r = curveFit(line, [0, 1, 2, 3], [1, 3, 5, 7.1], [0, 1]);
 * // r.parameters ~ [0.97, 2.03]
 */
export function curveFit(model: ModelFunction, x: ArrayLike<number>, y: ArrayLike<number>, p0: ArrayLike<number>, options: CurveFitOptions = {}): CurveFitResult {
  if (typeof model !== "function") throw new InvalidParameterError({ parameter: "model", value: typeof model, expected: "a function (x, p, out) => void" });
  const start = Float64Array.from(p0);
  const total = start.length;
  if (total === 0) throw new InvalidParameterError({ parameter: "p0", value: "[]", expected: "at least one parameter" });
  const names = Array.from({ length: total }, (_, j) => options.parameterNames?.[j] ?? `p${j}`);
  if (options.parameterNames !== undefined && options.parameterNames.length !== total) {
    throw new InvalidParameterError({ parameter: "options.parameterNames", value: `length ${options.parameterNames.length}`, expected: `length ${total}` });
  }
  for (let j = 0; j < total; j++) {
    if (!Number.isFinite(start[j]!)) throw new InvalidParameterError({ parameter: `p0[${j}]`, value: start[j], expected: `a finite starting value for ${names[j]}` });
  }
  const fd = options.finiteDifference ?? "forward";
  if (fd !== "forward" && fd !== "central") throw new InvalidParameterError({ parameter: "options.finiteDifference", value: fd, expected: '"forward" or "central"' });
  const ftol = checkTolerance(options.ftol, "ftol", 1.49012e-8);
  const xtol = checkTolerance(options.xtol, "xtol", 1.49012e-8);
  const gtol = checkTolerance(options.gtol, "gtol", 0);
  if (options.linearSolver !== undefined && options.linearSolver !== "auto" && options.linearSolver !== "qr") {
    throw new InvalidParameterError({ parameter: "options.linearSolver", value: options.linearSolver, expected: '"auto" or "qr"' });
  }
  const rankTolerance = checkTolerance(options.rankTolerance, "rankTolerance", options.jacobian !== undefined ? 1e-9 : 1e-8);
  const data = prepareData(x, y, options);
  const map = buildParameterMap(start, names, options);
  const m = map.freeIndex.length;
  const n = data.x.length;
  const maxEvaluations = options.maxEvaluations ?? 2000 * (m + 1);
  if (!(maxEvaluations >= 1) || !Number.isInteger(maxEvaluations)) {
    throw new InvalidParameterError({ parameter: "options.maxEvaluations", value: maxEvaluations, expected: "a positive integer" });
  }
  const useNormal = (options.linearSolver ?? "auto") === "auto" && n >= 2 * m;
  const ws = acquireWorkspace(n, m, total, options.jacobian !== undefined && m !== total, useNormal);
  try {
    return solve(model, options, ws, data, map, start, names, { fd, ftol, xtol, gtol, rankTolerance, maxEvaluations, useNormal });
  } finally {
    releaseWorkspace(ws);
  }
}

interface SolveSettings {
  fd: "forward" | "central";
  ftol: number;
  xtol: number;
  gtol: number;
  rankTolerance: number;
  maxEvaluations: number;
  useNormal: boolean;
}

/** The Levenberg-Marquardt iterations of {@link curveFit} on validated inputs, in workspace `ws`. */
function solve(model: ModelFunction, options: CurveFitOptions, ws: FitWorkspace, data: PreparedData, map: ParameterMap, start: Float64Array, names: string[], settings: SolveSettings): CurveFitResult {
  const { fd, ftol, xtol, gtol, maxEvaluations, useNormal } = settings;
  const { n, m, total } = ws;
  const positiveWeights = fillSqrtWeights(data, ws.sqrtW);
  if (positiveWeights < m) {
    throw new FitError(`${positiveWeights} usable points for ${m} free parameters: a fit needs at least as many points as free parameters`, { iteration: 0, parameters: start });
  }
  // With the WebAssembly arena the observations are copied next to the other vectors.
  const arena = ws.arena;
  if (arena !== undefined) arena.y.set(data.y);
  const ctx: FitContext = {
    model,
    jacobian: options.jacobian,
    central: fd === "central",
    map,
    x: data.x,
    y: arena !== undefined ? arena.y : data.y,
    sqrtW: ws.sqrtW,
    base: start,
    names,
    evaluations: 0,
    pWork: ws.pWork,
    modelWork: ws.modelWork,
    modelWork2: ws.modelWork2,
    jacExt: ws.jacExt,
    identity: m === total,
    arena,
  };
  const { u, uTrial, fjac, diag, qtf, ipvt, rdiag, acnorm, wa1, wa3, qrWork, wa4, rNormal, normalWork } = ws;
  const work = ws.lmparWork;
  let { p, pTrial, modelOut, modelTrial, fvec, fTrial } = ws;

  for (let k = 0; k < m; k++) u[k] = startingInternal(map, k, start[map.freeIndex[k]!]!);
  fillExternal(map, u, start, p);
  let fnorm = evaluate(ctx, p, modelOut, fvec);
  if (!Number.isFinite(fnorm)) {
    const bad = firstNonFinite(modelOut);
    throw new FitError(
      bad >= 0
        ? `the model returned ${modelOut[bad]} at x[${data.used[bad]}] = ${data.x[bad]} for the starting parameters; check p0 and the model's domain`
        : "the weighted residuals overflow at the starting parameters",
      { iteration: 0, parameters: Float64Array.from(p) },
    );
  }

  let status: CurveFitStatus | undefined;
  let iterations = 0;
  let par = 0;
  let delta = 0;
  let xnorm = 0;
  const factor = 100;
  if (m === 0) status = "exact";

  outer: while (status === undefined) {
    if (fnorm === 0) {
      status = "exact";
      break;
    }
    computeJacobian(ctx, p, modelOut, u, fjac, iterations);
    iterations++;
    // R, permutation and Q^T f: from J^T J when that is safe and cheaper, else Householder QR.
    let r = fjac;
    let ldr = n;
    if (useNormal && normalFactor(n, m, fjac, fvec, rNormal, ipvt, acnorm, qtf, NORMAL_MIN_RCOND, normalWork)) {
      r = rNormal;
      ldr = m;
    } else {
      qrfac(n, m, fjac, n, ipvt, rdiag, acnorm, qrWork);
      qrTransformRhs(n, m, fjac, rdiag, fvec, wa4, qtf);
    }
    if (iterations === 1) {
      for (let j = 0; j < m; j++) diag[j] = acnorm[j] === 0 ? 1 : acnorm[j]!;
      for (let j = 0; j < m; j++) wa3[j] = diag[j]! * u[j]!;
      xnorm = enorm(m, wa3);
      delta = factor * xnorm;
      if (delta === 0) delta = factor;
    }
    // Scaled gradient norm (cosine between f and the Jacobian columns).
    let gnorm = 0;
    for (let j = 0; j < m; j++) {
      const l = ipvt[j]!;
      if (acnorm[l] === 0) continue;
      let sum = 0;
      const cj = j * ldr;
      for (let i = 0; i <= j; i++) sum += r[cj + i]! * (qtf[i]! / fnorm);
      gnorm = Math.max(gnorm, Math.abs(sum / acnorm[l]!));
    }
    if (gnorm <= gtol) {
      status = "gtol";
      break;
    }
    for (let j = 0; j < m; j++) diag[j] = Math.max(diag[j]!, acnorm[j]!);

    // Inner loop: find an acceptable step.
    for (;;) {
      par = lmpar(m, r, ldr, ipvt, diag, qtf, delta, par, wa1, work);
      for (let j = 0; j < m; j++) {
        wa1[j] = -wa1[j]!;
        uTrial[j] = u[j]! + wa1[j]!;
        wa3[j] = diag[j]! * wa1[j]!;
      }
      const pnorm = enorm(m, wa3);
      if (iterations === 1) delta = Math.min(delta, pnorm);
      fillExternal(map, uTrial, start, pTrial);
      const fnorm1 = evaluate(ctx, pTrial, modelTrial, fTrial);
      let actred = -1;
      if (0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) ** 2;
      // Predicted reduction and directional derivative.
      for (let j = 0; j < m; j++) {
        wa3[j] = 0;
      }
      for (let j = 0; j < m; j++) {
        const temp = wa1[ipvt[j]!]!;
        const cj = j * ldr;
        for (let i = 0; i <= j; i++) wa3[i]! += r[cj + i]! * temp;
      }
      const temp1 = enorm(m, wa3) / fnorm;
      const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
      const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
      const dirder = -(temp1 * temp1 + temp2 * temp2);
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || temp < 0.1 || !Number.isFinite(temp)) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par /= temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      if (ratio >= 1e-4) {
        // Accept: swap trial buffers in.
        u.set(uTrial);
        [p, pTrial] = [pTrial, p];
        [modelOut, modelTrial] = [modelTrial, modelOut];
        [fvec, fTrial] = [fTrial, fvec];
        for (let j = 0; j < m; j++) wa3[j] = diag[j]! * u[j]!;
        xnorm = enorm(m, wa3);
        fnorm = fnorm1;
      }
      const ftolMet = Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
      const xtolMet = delta <= xtol * xnorm;
      if (ftolMet) status = "ftol";
      else if (xtolMet) status = "xtol";
      else if (fnorm === 0) status = "exact";
      else if (ctx.evaluations >= maxEvaluations) status = "maxEvaluations";
      else if ((Math.abs(actred) <= EPSILON && prered <= EPSILON && 0.5 * ratio <= 1) || delta <= EPSILON * xnorm || gnorm <= EPSILON) {
        status = "machinePrecision";
      } else if (delta < DWARF) status = "machinePrecision";
      if (status !== undefined) break outer;
      if (ratio >= 1e-4) break;
    }
  }

  return finishFit(ctx, { p, modelOut, fvec, trial: { p: pTrial, modelOut: modelTrial, fvec: fTrial }, finiteDifference: fd, fjac, normalWork: useNormal ? normalWork : undefined, fnorm, status: status ?? "exact", iterations, data, positiveWeights, rankTolerance: settings.rankTolerance, absoluteSigma: options.absoluteSigma ?? false, ftol, xtol, linearSolver: options.linearSolver ?? "auto" });
}
