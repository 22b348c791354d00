/**
 * The fast path of the Levenberg-Marquardt step for well-conditioned problems with many more
 * points than parameters: instead of a Householder QR of the n-by-m Jacobian (~2 n m^2 flops),
 * form A = J^T J and g = J^T f (~n m^2 / 2 + n m) and take a pivoted Cholesky factor
 * P^T A P = R^T R, with Q^T f = R^-T P^T g. In exact arithmetic R, the permutation and Q^T f are
 * those of the pivoted QR (up to signs), so the MINPACK machinery (lmpar, qrsolv) runs unchanged.
 * Forming J^T J squares the condition number, so the factor is accepted only when the pivoted
 * diagonal shows a well-conditioned column-scaled Jacobian (min r_kk / ||J_k|| >= minRcond);
 * otherwise the caller falls back to QR. At a minimum J^T f = 0, so the fixed point of the
 * iteration does not depend on the accuracy of R.
 *
 * @packageDocumentation
 */
import type { FitArena } from "./wasmKernels.js";

/** Work arrays for {@link normalFactor}, sized for m parameters. */
export interface NormalWork {
  /** m*m row-major scratch (Schur complement). */
  a: Float64Array;
  /** m scratch (J^T f). */
  g: Float64Array;
  /** WebAssembly arena: when the Jacobian passed to normalFactor is its `jacobian` view, J^T J runs in wasm. */
  arena: FitArena | undefined;
}

/**
 * Allocates work arrays for m parameters.
 * @param m - parameters
 * @param arena - optional WebAssembly arena whose Jacobian view the caller fills
 * @returns the work arrays
 */
export function createNormalWork(m: number, arena?: FitArena): NormalWork {
  return { a: new Float64Array(m * m), g: new Float64Array(m), arena };
}

/**
 * @param n - rows of J
 * @param m - columns of J
 * @param jac - column-major n-by-m Jacobian (not modified)
 * @param f - residual vector (length n), or undefined to skip qtf
 * @param r - out: m-by-m, R in the upper triangle, column-major with leading dimension m
 * @param ipvt - out: permutation (R column k is J column ipvt[k])
 * @param acnorm - out: column norms of J
 * @param qtf - out: R^-T P^T J^T f
 * @param minRcond - acceptance threshold on min r_kk / ||J_ipvt[k]||
 * @param work - scratch
 * @returns true when the factor was accepted
 */
export function normalFactor(
  n: number,
  m: number,
  jac: Float64Array,
  f: Float64Array | undefined,
  r: Float64Array,
  ipvt: Int32Array,
  acnorm: Float64Array,
  qtf: Float64Array,
  minRcond: number,
  work: NormalWork,
): boolean {
  const { a, g, arena } = work;
  if (arena !== undefined && jac === arena.jacobian && arena.n === n && arena.columns === m + 1) {
    // [J f] sits in wasm memory: one SIMD pass for J^T J and J^T f.
    let count = m;
    if (f !== undefined) {
      arena.extra.set(f);
      count = m + 1;
    }
    arena.syrk(count);
    const product = arena.product;
    for (let p = 0; p < m; p++) {
      for (let q = p; q < m; q++) a[p * m + q] = product[p * count + q]!;
      if (f !== undefined) g[p] = product[p * count + m]!;
    }
  } else {
    symmetricProduct(n, m, jac, f, a, g);
  }
  for (let p = 0; p < m; p++) {
    for (let k = p + 1; k < m; k++) a[k * m + p] = a[p * m + k]!;
    acnorm[p] = Math.sqrt(a[p * m + p]!);
    ipvt[p] = p;
  }
  r.fill(0, 0, m * m);
  for (let j = 0; j < m; j++) {
    // pivot: largest remaining diagonal of the Schur complement
    let piv = j;
    for (let k = j + 1; k < m; k++) if (a[k * m + k]! > a[piv * m + piv]!) piv = k;
    if (piv !== j) {
      for (let k = 0; k < m; k++) {
        const t = a[j * m + k]!;
        a[j * m + k] = a[piv * m + k]!;
        a[piv * m + k] = t;
      }
      for (let k = 0; k < m; k++) {
        const t = a[k * m + j]!;
        a[k * m + j] = a[k * m + piv]!;
        a[k * m + piv] = t;
      }
      for (let i = 0; i < j; i++) {
        const t = r[j * m + i]!;
        r[j * m + i] = r[piv * m + i]!;
        r[piv * m + i] = t;
      }
      const t = ipvt[j]!;
      ipvt[j] = ipvt[piv]!;
      ipvt[piv] = t;
    }
    const d = a[j * m + j]!;
    const norm = acnorm[ipvt[j]!]!;
    if (!(d > 0) || !(Math.sqrt(d) >= minRcond * norm)) return false;
    const rjj = Math.sqrt(d);
    r[j * m + j] = rjj;
    for (let k = j + 1; k < m; k++) r[k * m + j] = a[j * m + k]! / rjj;
    for (let k = j + 1; k < m; k++) {
      const rjk = r[k * m + j]!;
      for (let l = k; l < m; l++) {
        const v = a[k * m + l]! - rjk * r[l * m + j]!;
        a[k * m + l] = v;
        a[l * m + k] = v;
      }
    }
  }
  if (f !== undefined) {
    // R^T y = P^T g (forward substitution)
    for (let j = 0; j < m; j++) {
      let s = g[ipvt[j]!]!;
      for (let i = 0; i < j; i++) s -= r[j * m + i]! * qtf[i]!;
      qtf[j] = s / r[j * m + j]!;
    }
  }
  return true;
}

/**
 * Upper triangle (and a little of the lower, harmlessly) of A = J^T J into `a` (row-major m-by-m)
 * and g = J^T f, in register blocks of two columns p by four columns q: each pass over the rows
 * loads six values for eight products (the one-by-four blocking it replaces loaded five for four,
 * and handled the leftover columns one at a time), about 1.5x faster for 600 x 10 in V8.
 */
function symmetricProduct(n: number, m: number, jac: Float64Array, f: Float64Array | undefined, a: Float64Array, g: Float64Array): void {
  for (let p = 0; p < m; p += 2) {
    const two = p + 1 < m;
    const cp0 = p * n;
    // With an odd m the last block pairs column p with itself; its second row is discarded.
    const cp1 = two ? cp0 + n : cp0;
    let q = p;
    for (; q + 3 < m; q += 4) {
      const c0 = q * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let i = 0; i < n; i++) {
        const a0 = jac[cp0 + i]!;
        const a1 = jac[cp1 + i]!;
        const b0 = jac[c0 + i]!;
        const b1 = jac[c1 + i]!;
        const b2 = jac[c2 + i]!;
        const b3 = jac[c3 + i]!;
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      const r0 = p * m + q;
      a[r0] = s00;
      a[r0 + 1] = s01;
      a[r0 + 2] = s02;
      a[r0 + 3] = s03;
      if (two) {
        const r1 = r0 + m;
        a[r1] = s10;
        a[r1 + 1] = s11;
        a[r1 + 2] = s12;
        a[r1 + 3] = s13;
      }
    }
    for (; q < m; q++) {
      const c0 = q * n;
      let s0 = 0;
      let s1 = 0;
      for (let i = 0; i < n; i++) {
        const b = jac[c0 + i]!;
        s0 += jac[cp0 + i]! * b;
        s1 += jac[cp1 + i]! * b;
      }
      a[p * m + q] = s0;
      if (two) a[(p + 1) * m + q] = s1;
    }
    if (f !== undefined) {
      let s0 = 0;
      let s1 = 0;
      for (let i = 0; i < n; i++) {
        const b = f[i]!;
        s0 += jac[cp0 + i]! * b;
        s1 += jac[cp1 + i]! * b;
      }
      g[p] = s0;
      if (two) g[p + 1] = s1;
    }
  }
}
