/**
 * The end of a curveFit call: the forward-difference polish step, the covariance at the solution
 * (with rank detection), errors, correlation, residuals and the status message.
 *
 * @packageDocumentation
 */
import type { CurveFitResult, CurveFitStatus } from "../curveFit.js";
import { covarianceFromJacobian } from "./covariance.js";
import type { FitContext } from "./evaluation.js";
import { computeJacobian, evaluate } from "./evaluation.js";
import type { PreparedData } from "./fitData.js";
import { lmpar, qrfac, qrTransformRhs } from "./minpack.js";
import type { NormalWork } from "./normalEquations.js";
import { fillExternal, toInternal } from "./parameterMap.js";

/** The state of the solver when it stops. */
export interface FinishInput {
  p: Float64Array;
  modelOut: Float64Array;
  fvec: Float64Array;
  /** Free buffers for one more evaluation. */
  trial: { p: Float64Array; modelOut: Float64Array; fvec: Float64Array };
  /** Scheme of the iterations without an analytic Jacobian. */
  finiteDifference: "forward" | "central";
  /** n*m scratch for the Jacobian at the solution. */
  fjac: Float64Array;
  /** Normal-equation work arrays of the workspace (WebAssembly arena for fjac). */
  normalWork: NormalWork | undefined;
  positiveWeights: number;
  fnorm: number;
  status: CurveFitStatus;
  iterations: number;
  data: PreparedData;
  rankTolerance: number;
  absoluteSigma: boolean;
  ftol: number;
  xtol: number;
  linearSolver: "auto" | "qr";
}

function describeStatus(status: CurveFitStatus, ftol: number, xtol: number): string {
  switch (status) {
    case "ftol":
      return `converged: relative reduction of chi-square below ftol = ${ftol}`;
    case "xtol":
      return `converged: relative parameter change below xtol = ${xtol}`;
    case "gtol":
      return "converged: residuals orthogonal to the Jacobian within gtol";
    case "exact":
      return "converged: residuals are exactly zero (or no free parameters)";
    case "machinePrecision":
      return "converged to machine precision: no further reduction of chi-square is possible (tolerances smaller than the rounding error)";
    case "maxEvaluations":
      return "not converged: the maximum number of model evaluations was reached; raise maxEvaluations or improve p0";
  }
}

/**
 * One Gauss-Newton step from the converged point with the central-difference Jacobian `jac`
 * (external coordinates): the fixed point of forward-difference iterations is shifted by the
 * O(sqrt(eps)) error of their Jacobian, which costs digits on ill-conditioned problems (NIST
 * MGH17, Lanczos, Bennett5); this step moves to the central-difference fixed point. It is taken
 * only when it stays inside the bounds and does not increase chi-square.
 * @returns the new point (in the given trial buffers) or undefined when the step was not taken
 */
function polishWithCentralJacobian(ctx: FitContext, p: Float64Array, fvec: Float64Array, fnorm: number, jac: Float64Array, trial: { p: Float64Array; modelOut: Float64Array; fvec: Float64Array }): { fnorm: number } | undefined {
  const { map } = ctx;
  const m = map.freeIndex.length;
  const n = fvec.length;
  const a = Float64Array.from(jac.subarray(0, n * m));
  const ipvt = new Int32Array(m);
  const rdiag = new Float64Array(m);
  const acnorm = new Float64Array(m);
  qrfac(n, m, a, n, ipvt, rdiag, acnorm, new Float64Array(m));
  const qtf = new Float64Array(m);
  qrTransformRhs(n, m, a, rdiag, fvec, new Float64Array(n), qtf);
  const diag = acnorm.map((v) => (v === 0 ? 1 : v));
  const step = new Float64Array(m);
  lmpar(m, a, n, ipvt, diag, qtf, Number.POSITIVE_INFINITY, 0, step, { sdiag: new Float64Array(m), wa1: new Float64Array(m), wa2: new Float64Array(m) });
  const u = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const value = p[map.freeIndex[k]!]! - step[k]!;
    if (!(value > map.lower[k]! && value < map.upper[k]!)) return undefined;
    u[k] = toInternal(map, k, value);
  }
  fillExternal(map, u, ctx.base, trial.p);
  const fnorm1 = evaluate(ctx, trial.p, trial.modelOut, trial.fvec);
  return fnorm1 <= fnorm ? { fnorm: fnorm1 } : undefined;
}

/**
 * Builds the result: polishes a forward-difference solution, computes the covariance from the
 * Jacobian at the solution (rank-revealing), errors, correlation, residuals and the message.
 * @param ctx - evaluation context of the fit
 * @param input - solver state at the stop
 * @returns the curveFit result (fresh arrays, no workspace aliasing)
 */
export function finishFit(ctx: FitContext, input: FinishInput): CurveFitResult {
  const { data } = input;
  let { p, modelOut, fvec } = input;
  const { map } = ctx;
  const total = map.total;
  const m = map.freeIndex.length;
  const n = data.x.length;
  let jacobianReady = false;
  if (m > 0 && ctx.jacobian === undefined) {
    // Without an analytic Jacobian the covariance uses central differences (error ~eps^(2/3)
    // instead of ~sqrt(eps)), whatever scheme drove the iterations: 2 m extra evaluations. The
    // same Jacobian first corrects the converged point of forward-difference iterations.
    ctx.central = true;
    computeJacobian(ctx, p, modelOut, undefined, input.fjac, input.iterations);
    jacobianReady = true;
    if (input.finiteDifference === "forward" && input.status !== "maxEvaluations") {
      const polished = polishWithCentralJacobian(ctx, p, fvec, input.fnorm, input.fjac, input.trial);
      if (polished !== undefined) {
        [p, modelOut, fvec] = [input.trial.p, input.trial.modelOut, input.trial.fvec];
        input.fnorm = polished.fnorm;
      }
    }
  }
  const chiSquare = input.fnorm * input.fnorm;
  const dof = input.positiveWeights - m;
  const reducedChiSquare = dof > 0 ? chiSquare / dof : Number.NaN;
  let sumWy2 = 0;
  for (let i = 0; i < n; i++) sumWy2 += (ctx.sqrtW[i]! * data.y[i]!) ** 2;
  const rwp = sumWy2 > 0 ? Math.sqrt(chiSquare / sumWy2) : Number.NaN;

  const covariance = new Float64Array(total * total);
  const undetermined: number[] = [];
  let singular = false;
  if (m > 0) {
    const jac = input.fjac;
    // (After a forward-difference polish step the Jacobian is that of the point before it: the
    // step is at the level of the finite-difference error, far below the parameter errors.)
    if (!jacobianReady) computeJacobian(ctx, p, modelOut, undefined, jac, input.iterations);
    const cov = covarianceFromJacobian(n, m, jac, input.rankTolerance, input.linearSolver === "auto", input.normalWork);
    singular = cov.rank < m;
    const scale = input.absoluteSigma ? 1 : reducedChiSquare;
    const undeterminedExternal = new Uint8Array(total);
    for (let k = 0; k < m; k++) {
      if (cov.undetermined[k] !== 1) continue;
      for (const j of map.drives[k]!) undeterminedExternal[j] = 1;
      undetermined.push(map.freeIndex[k]!);
    }
    for (let k = 0; k < m; k++) {
      const dk = map.drives[k]!;
      const fk = map.driveFactors[k]!;
      for (let l = 0; l < m; l++) {
        const c = cov.covariance[k * m + l]! * scale;
        const dl = map.drives[l]!;
        const fl = map.driveFactors[l]!;
        for (let a = 0; a < dk.length; a++) {
          for (let b = 0; b < dl.length; b++) covariance[dk[a]! * total + dl[b]!]! += fk[a]! * fl[b]! * c;
        }
      }
    }
    for (let a = 0; a < total; a++) {
      if (undeterminedExternal[a] !== 1) continue;
      for (let b = 0; b < total; b++) {
        if (map.role[b] === 1) continue;
        covariance[a * total + b] = Number.NaN;
        covariance[b * total + a] = Number.NaN;
      }
    }
  }
  const standardErrors = new Float64Array(total);
  for (let j = 0; j < total; j++) standardErrors[j] = Math.sqrt(covariance[j * total + j]!);
  const correlation = new Float64Array(total * total);
  for (let a = 0; a < total; a++) {
    for (let b = 0; b < total; b++) {
      const sa = standardErrors[a]!;
      const sb = standardErrors[b]!;
      if (a === b) correlation[a * total + b] = Number.isNaN(sa) ? Number.NaN : sa > 0 ? 1 : 0;
      else if (sa === 0 || sb === 0) correlation[a * total + b] = 0;
      else correlation[a * total + b] = covariance[a * total + b]! / (sa * sb);
    }
  }
  const inputLength = data.used.length + data.masked;
  const residuals = new Float64Array(inputLength).fill(Number.NaN);
  const fitted = new Float64Array(inputLength).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    residuals[data.used[i]!] = -fvec[i]!;
    fitted[data.used[i]!] = modelOut[i]!;
  }
  const atBounds: number[] = [];
  for (let k = 0; k < m; k++) {
    const j = map.freeIndex[k]!;
    const lo = map.lower[k]!;
    const hi = map.upper[k]!;
    const tol = 1e-8 * Math.max(1, Math.abs(p[j]!));
    if (Math.abs(p[j]! - lo) <= tol || Math.abs(hi - p[j]!) <= tol) atBounds.push(j);
  }
  let message = describeStatus(input.status, input.ftol, input.xtol);
  if (singular) message += `; the Jacobian is rank deficient: ${undetermined.map((j) => ctx.names[j]).join(", ")} not determined by the data`;
  if (data.masked > 0) message += `; ${data.masked} non-finite points masked`;
  return {
    parameters: Float64Array.from(p),
    standardErrors,
    covariance,
    correlation,
    parameterNames: ctx.names.slice(),
    chiSquare,
    reducedChiSquare,
    degreesOfFreedom: dof,
    rwp,
    residuals,
    fitted,
    evaluations: ctx.evaluations,
    iterations: input.iterations,
    status: input.status,
    converged: input.status !== "maxEvaluations",
    message,
    singular,
    undetermined,
    maskedPoints: data.masked,
    atBounds,
  };
}
