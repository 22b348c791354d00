/**
 * The WebAssembly SIMD kernels (kernels.wat) of the fit engine: J^T J and J^T f (a 600 x 10
 * Jacobian takes ~7 us instead of ~24 us in the best JavaScript blocking: V8 neither vectorises
 * nor drops bounds checks), the weighting of the Jacobian columns and the weighted residuals.
 * The arrays they work on live in the kernels' linear memory (an arena per workspace), so the
 * model and its Jacobian write straight into it and nothing is copied but y once per fit and the
 * residuals for J^T f. Where WebAssembly SIMD is missing the module fails to compile once and
 * the solver uses its JavaScript loops.
 *
 * @packageDocumentation
 */
import { wasmKernelModule } from "@operando/core";
import { KERNELS_WASM_BASE64 } from "./kernelsWasm.js";

/**
 * The arrays of one fit workspace that live in the kernels' linear memory, as Float64Array views,
 * and the kernels that work on them. Layout: [J (n m) | f copy (n)] product (M^2), sqrt(w), y,
 * two model buffers, two residual buffers (n each), column scales (m); M = m + 1.
 */
export interface FitArena {
  /** Rows. */
  readonly n: number;
  /** Columns of the product buffer: free parameters + 1 (for the residual vector). */
  readonly columns: number;
  /** The n-by-m Jacobian, column-major. */
  readonly jacobian: Float64Array;
  /** Column m of [J f]: a copy of the residuals for J^T f. */
  readonly extra: Float64Array;
  /** Row-major count-by-count product after {@link FitArena.syrk}; upper triangle valid. */
  readonly product: Float64Array;
  /** sqrt(weight) per point. */
  readonly sqrtW: Float64Array;
  /** Observations (copied in per fit). */
  readonly y: Float64Array;
  /** Two model buffers and two residual buffers (swapped by the solver on an accepted step). */
  readonly modelA: Float64Array;
  readonly modelB: Float64Array;
  readonly residualA: Float64Array;
  readonly residualB: Float64Array;
  /** Per-column factor for {@link FitArena.scaleColumns}. */
  readonly columnScale: Float64Array;
  /**
   * Product of the first `count` columns of [J f] (count = m for J^T J, m + 1 to add J^T f).
   * @param count - number of leading columns
   */
  syrk(count: number): void;
  /**
   * J[i, k] *= sqrtW[i] * columnScale[k].
   * @returns the first column with a NaN or infinity afterwards, or -1
   */
  scaleColumns(): number;
  /**
   * residual[i] = (model[i] - y[i]) * sqrtW[i] for two of this arena's buffers.
   * @param model - modelA or modelB
   * @param residual - residualA or residualB
   * @returns the sum of squared residuals
   */
  residuals(model: Float64Array, residual: Float64Array): number;
}

/** Largest arena (bytes) put in wasm memory; beyond it the JavaScript kernels are used. */
const MAX_ARENA_BYTES = 512 * 1024 * 1024;
const kernels = wasmKernelModule(KERNELS_WASM_BASE64);
let enabled = true;

/**
 * Turns the WebAssembly kernel on or off for arenas created afterwards (tests compare both paths).
 * @param on - false to force the JavaScript kernel
 * @returns the previous setting
 */
export function setWasmKernels(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * An arena for n points and m free parameters, or undefined when the kernels are unavailable,
 * disabled or the arrays too large.
 * @param n - points
 * @param m - free parameters
 * @returns the arena or undefined
 */
export function createFitArena(n: number, m: number): FitArena | undefined {
  if (!enabled || n < 1 || m < 1) return undefined;
  const columns = m + 1;
  const doubles = n * columns + columns * columns + 6 * n + m;
  if (doubles * 8 > MAX_ARENA_BYTES) return undefined;
  const instance = kernels.instantiate(doubles * 8);
  if (instance === undefined) return undefined;
  const { buffer, exports } = instance;
  const syrk = exports.syrk as (base: number, n: number, count: number, out: number) => void;
  const scaleColumns = exports.scaleColumns as (base: number, n: number, m: number, w: number, s: number) => number;
  const residuals = exports.residuals as (model: number, y: number, w: number, f: number, n: number) => number;
  let offset = 0;
  const take = (length: number): Float64Array => {
    const view = new Float64Array(buffer, offset * 8, length);
    offset += length;
    return view;
  };
  const jacobian = take(n * m);
  const extra = take(n);
  const product = take(columns * columns);
  const sqrtW = take(n);
  const y = take(n);
  const modelA = take(n);
  const modelB = take(n);
  const residualA = take(n);
  const residualB = take(n);
  const columnScale = take(m);
  return {
    n,
    columns,
    jacobian,
    extra,
    product,
    sqrtW,
    y,
    modelA,
    modelB,
    residualA,
    residualB,
    columnScale,
    syrk(count) {
      syrk(0, n, count, product.byteOffset);
    },
    scaleColumns() {
      return scaleColumns(0, n, m, sqrtW.byteOffset, columnScale.byteOffset);
    },
    residuals(model, residual) {
      return residuals(model.byteOffset, y.byteOffset, sqrtW.byteOffset, residual.byteOffset, n);
    },
  };
}
