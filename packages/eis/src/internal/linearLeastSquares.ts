/**
 * Dense linear least squares min ||A x - b||_2 by Householder QR with column pivoting
 * (Golub & Van Loan, Matrix Computations, 4th ed., algorithm 5.4.1). Columns are scaled to
 * unit norm first; a pivot below `rankTolerance * |R_11|` ends the factorisation and the
 * remaining coefficients are set to zero (basic solution of a rank-deficient problem).
 *
 * @packageDocumentation
 */

/** Result of {@link solveLinearLeastSquares}. */
export interface LinearLeastSquaresResult {
  /** Solution vector (length n). */
  x: Float64Array;
  /** Numerical rank found. */
  rank: number;
}

/**
 * Solves min ||A x - b|| for a column-major m x n matrix (A[j * m + i]).
 * Inputs are not modified.
 *
 * @param a - column-major matrix, length m * n
 * @param b - right-hand side, length m
 * @param m - rows (m >= n)
 * @param n - columns
 * @param rankTolerance - relative pivot threshold
 */
export function solveLinearLeastSquares(a: Float64Array, b: Float64Array, m: number, n: number, rankTolerance = 1e-13): LinearLeastSquaresResult {
  const q = Float64Array.from(a);
  const rhs = Float64Array.from(b);
  const scale = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += q[j * m + i]! ** 2;
    s = Math.sqrt(s);
    scale[j] = s > 0 ? s : 1;
    for (let i = 0; i < m; i++) q[j * m + i]! /= scale[j]!;
  }
  const perm = Int32Array.from({ length: n }, (_, j) => j);
  const diag = new Float64Array(n);
  const steps = Math.min(m, n);
  let rank = 0;
  let r11 = 0;
  for (let k = 0; k < steps; k++) {
    // pivot: remaining column with the largest norm (recomputed: n is small)
    let best = k;
    let bestNorm = -1;
    for (let j = k; j < n; j++) {
      let s = 0;
      const col = perm[j]!;
      for (let i = k; i < m; i++) s += q[col * m + i]! ** 2;
      if (s > bestNorm) {
        bestNorm = s;
        best = j;
      }
    }
    const tmp = perm[k]!;
    perm[k] = perm[best]!;
    perm[best] = tmp;
    const col = perm[k]!;
    const alpha = Math.sqrt(bestNorm);
    if (k === 0) r11 = alpha;
    if (!(alpha > rankTolerance * r11) || alpha === 0) break;
    // Householder vector v = x + sign(x0) |x| e1, stored in place
    const x0 = q[col * m + k]!;
    const sign = x0 >= 0 ? 1 : -1;
    const v0 = x0 + sign * alpha;
    q[col * m + k] = v0;
    let vnorm2 = v0 * v0;
    for (let i = k + 1; i < m; i++) vnorm2 += q[col * m + i]! ** 2;
    const apply = (target: Float64Array, offset: number): void => {
      let dot = 0;
      for (let i = k; i < m; i++) dot += q[col * m + i]! * target[offset + i]!;
      const f = (2 * dot) / vnorm2;
      for (let i = k; i < m; i++) target[offset + i]! -= f * q[col * m + i]!;
    };
    for (let j = k + 1; j < n; j++) apply(q, perm[j]! * m);
    apply(rhs, 0);
    // R_kk = -sign * alpha; keep it in a side slot
    diag[k] = -sign * alpha;
    rank++;
  }
  // back substitution on the leading rank x rank triangle
  const y = new Float64Array(n);
  for (let k = rank - 1; k >= 0; k--) {
    let s = rhs[k]!;
    for (let j = k + 1; j < rank; j++) s -= q[perm[j]! * m + k]! * y[j]!;
    y[k] = s / diag[k]!;
  }
  const x = new Float64Array(n);
  for (let k = 0; k < rank; k++) x[perm[k]!] = y[k]! / scale[perm[k]!]!;
  return { x, rank };
}
