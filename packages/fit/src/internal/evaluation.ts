/**
 * Model and Jacobian evaluation of one fit: weighted residuals, the analytic Jacobian (straight
 * into the workspace, weighted in WebAssembly when available) or forward/central differences, in
 * internal (bounded) or external coordinates.
 *
 * @packageDocumentation
 */
import { FitError } from "@operando/core";
import type { JacobianFunction, ModelFunction } from "../curveFit.js";
import { enorm, EPSILON } from "./minpack.js";
import type { ParameterMap } from "./parameterMap.js";
import { externalDerivative } from "./parameterMap.js";
import type { FitArena } from "./wasmKernels.js";

const SQRT_EPS = Math.sqrt(EPSILON);
const CBRT_EPS = Math.cbrt(EPSILON);

/** Mutable state shared by the evaluation helpers of one fit. */
export interface FitContext {
  model: ModelFunction;
  jacobian: JacobianFunction | undefined;
  /** Central differences (true) or forward (false) when there is no analytic Jacobian. */
  central: boolean;
  map: ParameterMap;
  x: Float64Array;
  y: Float64Array;
  sqrtW: Float64Array;
  base: Float64Array;
  names: string[];
  evaluations: number;
  /** Scratch: perturbed parameters and model output for finite differences. */
  pWork: Float64Array;
  modelWork: Float64Array;
  modelWork2: Float64Array;
  jacExt: Float64Array;
  /** True when every parameter is free (no fixed, no ties): external = free order. */
  identity: boolean;
  /** WebAssembly kernels whose memory holds y, sqrtW, the model, residual and Jacobian buffers. */
  arena: FitArena | undefined;
}

/** Evaluates the model at p into `modelOut`, returns sqrt(w)(f - y) in fvec and its norm (Infinity if not finite). */
export function evaluate(ctx: FitContext, p: Float64Array, modelOut: Float64Array, fvec: Float64Array): number {
  ctx.evaluations++;
  ctx.model(ctx.x, p, modelOut);
  const { y, sqrtW, arena } = ctx;
  let sum = 0;
  if (arena !== undefined) {
    sum = arena.residuals(modelOut, fvec);
  } else {
    for (let i = 0; i < y.length; i++) {
      const r = (modelOut[i]! - y[i]!) * sqrtW[i]!;
      fvec[i] = r;
      sum += r * r;
    }
  }
  if (!Number.isFinite(sum)) return Number.POSITIVE_INFINITY;
  return sum > 1e-290 && sum < 1e290 ? Math.sqrt(sum) : enorm(y.length, fvec);
}

/**
 * @param values - any array
 * @returns the index of the first NaN or infinity, or -1
 */
export function firstNonFinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

/**
 * Fills the column-major n-by-m Jacobian of sqrt(w) f with respect to the free parameters,
 * in internal coordinates (times dp/du) when `u` is given, else in external coordinates.
 */
export function computeJacobian(ctx: FitContext, p: Float64Array, modelAtP: Float64Array, u: Float64Array | undefined, fjac: Float64Array, iteration: number): void {
  const { map, x, sqrtW } = ctx;
  const n = x.length;
  const m = map.freeIndex.length;
  if (ctx.jacobian !== undefined && ctx.identity) {
    // No fixed or tied parameters: the user's Jacobian is written straight into fjac.
    fjac.fill(0);
    ctx.jacobian(x, p, fjac);
    const arena = ctx.arena;
    if (arena !== undefined && fjac === arena.jacobian) {
      for (let k = 0; k < m; k++) arena.columnScale[k] = u === undefined ? 1 : externalDerivative(map, k, u[k]!);
      const bad = arena.scaleColumns();
      if (bad >= 0) {
        throw new FitError(`the analytic Jacobian returned a non-finite value for parameter ${ctx.names[map.freeIndex[bad]!]}`, { iteration, parameters: Float64Array.from(p) });
      }
      return;
    }
    for (let k = 0; k < m; k++) {
      const scale = u === undefined ? 1 : externalDerivative(map, k, u[k]!);
      const ck = k * n;
      // v * 0 is NaN exactly when v is NaN or infinite: one branch-free finiteness test per column.
      let nonFinite = 0;
      for (let i = 0; i < n; i++) {
        const v = fjac[ck + i]! * sqrtW[i]! * scale;
        fjac[ck + i] = v;
        nonFinite += v * 0;
      }
      if (nonFinite !== 0) {
        throw new FitError(`the analytic Jacobian returned a non-finite value for parameter ${ctx.names[map.freeIndex[k]!]}`, { iteration, parameters: Float64Array.from(p) });
      }
    }
    return;
  }
  if (ctx.jacobian !== undefined) {
    const jext = ctx.jacExt;
    jext.fill(0);
    ctx.jacobian(x, p, jext);
    for (let k = 0; k < m; k++) {
      const dpdu = u === undefined ? 1 : externalDerivative(map, k, u[k]!);
      const drives = map.drives[k]!;
      const factors = map.driveFactors[k]!;
      const ck = k * n;
      const c0 = drives[0]! * n;
      for (let i = 0; i < n; i++) fjac[ck + i] = jext[c0 + i]!;
      for (let t = 1; t < drives.length; t++) {
        const ct = drives[t]! * n;
        const f = factors[t]!;
        for (let i = 0; i < n; i++) fjac[ck + i]! += f * jext[ct + i]!;
      }
      const scale = dpdu;
      let finite = true;
      for (let i = 0; i < n; i++) {
        const v = fjac[ck + i]! * sqrtW[i]! * scale;
        fjac[ck + i] = v;
        if (!Number.isFinite(v)) finite = false;
      }
      if (!finite) {
        throw new FitError(`the analytic Jacobian returned a non-finite value for parameter ${ctx.names[map.freeIndex[k]!]}`, { iteration, parameters: Float64Array.from(p) });
      }
    }
    return;
  }
  const pw = ctx.pWork;
  const plus = ctx.modelWork;
  const minus = ctx.modelWork2;
  for (let k = 0; k < m; k++) {
    const j = map.freeIndex[k]!;
    const pj = p[j]!;
    const rel = ctx.central ? CBRT_EPS : SQRT_EPS;
    let h = rel * Math.abs(pj);
    if (h === 0) h = rel;
    const drives = map.drives[k]!;
    const factors = map.driveFactors[k]!;
    const perturb = (step: number, out: Float64Array): boolean => {
      pw.set(p);
      for (let t = 0; t < drives.length; t++) pw[drives[t]!] = p[drives[t]!]! + factors[t]! * step;
      ctx.evaluations++;
      ctx.model(x, pw, out);
      return firstNonFinite(out) < 0;
    };
    const dpdu = u === undefined ? 1 : externalDerivative(map, k, u[k]!);
    const ck = k * n;
    if (ctx.central) {
      let okPlus = perturb(h, plus);
      let okMinus = perturb(-h, minus);
      if (okPlus && okMinus) {
        for (let i = 0; i < n; i++) fjac[ck + i] = ((plus[i]! - minus[i]!) / (2 * h)) * sqrtW[i]! * dpdu;
        continue;
      }
      // Fall back to a one-sided difference on the side where the model is defined.
      if (!okPlus) {
        okPlus = true;
        h = -h;
        okMinus = perturb(h, plus);
      }
      if (!okMinus) {
        throw new FitError(`the model is not finite on either side of ${ctx.names[j]} = ${pj} (finite-difference step ${Math.abs(h)})`, { iteration, parameters: Float64Array.from(p) });
      }
      for (let i = 0; i < n; i++) fjac[ck + i] = ((plus[i]! - modelAtP[i]!) / h) * sqrtW[i]! * dpdu;
      continue;
    }
    if (!perturb(h, plus)) {
      h = -h;
      if (!perturb(h, plus)) {
        throw new FitError(`the model is not finite on either side of ${ctx.names[j]} = ${pj} (finite-difference step ${Math.abs(h)})`, { iteration, parameters: Float64Array.from(p) });
      }
    }
    for (let i = 0; i < n; i++) fjac[ck + i] = ((plus[i]! - modelAtP[i]!) / h) * sqrtW[i]! * dpdu;
  }
}
