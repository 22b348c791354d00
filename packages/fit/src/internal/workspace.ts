/**
 * Reusable work arrays of one curveFit call. Series of fits of the same size (the common case:
 * thousands of patterns with one model) reuse the arrays of the previous fit instead of
 * allocating ~2 n m + 10 n doubles per fit, which otherwise costs allocation, zeroing and garbage
 * collection comparable to the arithmetic itself. One workspace is cached per thread; a nested
 * call (a model function that itself calls curveFit) finds it busy and allocates its own.
 *
 * @packageDocumentation
 */
import type { NormalWork } from "./normalEquations.js";
import { createNormalWork } from "./normalEquations.js";
import type { FitArena } from "./wasmKernels.js";
import { createFitArena, setWasmKernels } from "./wasmKernels.js";

/** Work arrays for n points, m free and `total` parameters. Contents are not preserved between fits. */
export interface FitWorkspace {
  readonly n: number;
  readonly m: number;
  readonly total: number;
  readonly withJacExt: boolean;
  readonly withNormal: boolean;
  busy: boolean;
  /**
   * WebAssembly arena when available: then fjac, sqrtW, the model and residual buffers are views
   * into it and `y` is where the observations are copied.
   */
  arena: FitArena | undefined;
  /** Observations of the current fit in the arena (undefined without one: the input is used). */
  y: Float64Array | undefined;
  /** sqrt(weight) per used point. */
  sqrtW: Float64Array;
  u: Float64Array;
  uTrial: Float64Array;
  p: Float64Array;
  pTrial: Float64Array;
  modelOut: Float64Array;
  modelTrial: Float64Array;
  fvec: Float64Array;
  fTrial: Float64Array;
  /** n*m Jacobian (column-major), also used for the covariance at the end. */
  fjac: Float64Array;
  diag: Float64Array;
  qtf: Float64Array;
  ipvt: Int32Array;
  rdiag: Float64Array;
  acnorm: Float64Array;
  wa1: Float64Array;
  wa3: Float64Array;
  lmparWork: { sdiag: Float64Array; wa1: Float64Array; wa2: Float64Array };
  qrWork: Float64Array;
  wa4: Float64Array;
  rNormal: Float64Array;
  normalWork: NormalWork;
  /** Finite differences: perturbed parameters and two model outputs. */
  pWork: Float64Array;
  modelWork: Float64Array;
  modelWork2: Float64Array;
  /** n*total Jacobian of all parameters when some are fixed or tied (else empty). */
  jacExt: Float64Array;
}

let cached: FitWorkspace | undefined;

function allocate(n: number, m: number, total: number, withJacExt: boolean, withNormal: boolean): FitWorkspace {
  const arena = createFitArena(n, m);
  return {
    n,
    m,
    total,
    withJacExt,
    withNormal,
    busy: false,
    arena,
    y: arena?.y,
    sqrtW: arena?.sqrtW ?? new Float64Array(n),
    u: new Float64Array(m),
    uTrial: new Float64Array(m),
    p: new Float64Array(total),
    pTrial: new Float64Array(total),
    modelOut: arena?.modelA ?? new Float64Array(n),
    modelTrial: arena?.modelB ?? new Float64Array(n),
    fvec: arena?.residualA ?? new Float64Array(n),
    fTrial: arena?.residualB ?? new Float64Array(n),
    fjac: arena?.jacobian ?? new Float64Array(Math.max(1, n * m)),
    diag: new Float64Array(m),
    qtf: new Float64Array(m),
    ipvt: new Int32Array(m),
    rdiag: new Float64Array(m),
    acnorm: new Float64Array(m),
    wa1: new Float64Array(m),
    wa3: new Float64Array(m),
    lmparWork: { sdiag: new Float64Array(m), wa1: new Float64Array(m), wa2: new Float64Array(m) },
    qrWork: new Float64Array(m),
    wa4: new Float64Array(n),
    rNormal: new Float64Array(withNormal ? m * m : 0),
    normalWork: createNormalWork(withNormal ? m : 0, arena),
    pWork: new Float64Array(total),
    modelWork: new Float64Array(n),
    modelWork2: new Float64Array(n),
    jacExt: new Float64Array(withJacExt ? n * total : 0),
  };
}

/**
 * A workspace of the given size, marked busy: the cached one when it fits and is free, else a new one.
 * @param n - points
 * @param m - free parameters
 * @param total - all parameters
 * @param withJacExt - whether the full-parameter Jacobian buffer is needed
 * @param withNormal - whether the normal-equation buffers are needed
 * @returns a busy workspace; give it back with {@link releaseWorkspace}
 */
export function acquireWorkspace(n: number, m: number, total: number, withJacExt: boolean, withNormal: boolean): FitWorkspace {
  const c = cached;
  const ws =
    c !== undefined && !c.busy && c.n === n && c.m === m && c.total === total && c.withJacExt === withJacExt && c.withNormal === withNormal
      ? c
      : allocate(n, m, total, withJacExt, withNormal);
  ws.busy = true;
  return ws;
}

/**
 * Marks a workspace free and keeps it for the next fit (unless a busy one is cached, i.e. this
 * was a nested call).
 * @param ws - the workspace from {@link acquireWorkspace}
 */
export function releaseWorkspace(ws: FitWorkspace): void {
  ws.busy = false;
  if (cached === undefined || !cached.busy) cached = ws;
}

/**
 * Turns the WebAssembly kernels on or off for the fits that follow (the cached workspace is
 * dropped), so that tests and benchmarks can compare both paths.
 * @param on - false to use the JavaScript loops only
 * @returns the previous setting
 */
export function useWasmKernels(on: boolean): boolean {
  cached = undefined;
  return setWasmKernels(on);
}
