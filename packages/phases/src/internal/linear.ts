/**
 * Small weighted linear least squares with non-negativity on chosen coefficients (active set by
 * dropping negative columns), used for starting values and lattice scans.
 *
 * @packageDocumentation
 */

/**
 * Cholesky factorization L L^T of the m x m row-major matrix `a` in place (L in the lower
 * triangle); false when a pivot falls to `minPivot` or below (singular or not positive definite).
 */
export function choleskyInPlace(a: Float64Array, m: number, minPivot = 1e-300): boolean {
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j]!;
    for (let k = 0; k < j; k++) s -= a[j * m + k]! * a[j * m + k]!;
    if (!(s > minPivot)) return false;
    const l = Math.sqrt(s);
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let t = a[i * m + j]!;
      for (let k = 0; k < j; k++) t -= a[i * m + k]! * a[j * m + k]!;
      a[i * m + j] = t / l;
    }
  }
  return true;
}

/** Solves L L^T x = b in place, with `a` as left by {@link choleskyInPlace}. */
export function choleskyBackSolve(a: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= a[i * m + k]! * b[k]!;
    b[i] = t / a[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let t = b[i]!;
    for (let k = i + 1; k < m; k++) t -= a[k * m + i]! * b[k]!;
    b[i] = t / a[i * m + i]!;
  }
}

/** Solves the symmetric positive definite system A x = b in place by Cholesky; false when singular. */
export function choleskySolve(a: Float64Array, b: Float64Array, m: number): boolean {
  if (!choleskyInPlace(a, m)) return false;
  choleskyBackSolve(a, m, b);
  return true;
}

/**
 * Weighted least squares y ~ sum_j c_j col_j with c_j >= 0 for `nonNegative[j]`, from its normal equations: G = C^T W C (m x m,
 * row-major), b = C^T W y and yWy = y^T W y, so each active-set pass costs O(m^3) instead of
 * O(n m^2). chi-square = yWy - 2 c.b + c^T G c.
 * @returns coefficients and chi-square (Infinity when singular)
 */
export function gramNonNegativeLeastSquares(gram: Float64Array, rhs: Float64Array, m: number, yWy: number, nonNegative: readonly boolean[]): { coefficients: Float64Array; chiSquare: number } {
  const active = new Array<boolean>(m).fill(true);
  const coef = new Float64Array(m);
  for (let pass = 0; pass < m + 1; pass++) {
    const idx: number[] = [];
    for (let j = 0; j < m; j++) if (active[j]) idx.push(j);
    const q = idx.length;
    const a = new Float64Array(q * q);
    const b = new Float64Array(q);
    for (let r = 0; r < q; r++) {
      b[r] = rhs[idx[r]!]!;
      for (let c = 0; c < q; c++) a[r * q + c] = gram[idx[r]! * m + idx[c]!]!;
    }
    // Tiny ridge relative to the diagonal keeps degenerate (overlapping) columns solvable.
    for (let r = 0; r < q; r++) a[r * q + r] = a[r * q + r]! * (1 + 1e-10) + 1e-300;
    if (!choleskySolve(a, b, q)) return { coefficients: coef, chiSquare: Number.POSITIVE_INFINITY };
    coef.fill(0);
    let worst = -1;
    let worstValue = 0;
    for (let r = 0; r < q; r++) {
      const j = idx[r]!;
      coef[j] = b[r]!;
      if (nonNegative[j] === true && b[r]! < worstValue) {
        worstValue = b[r]!;
        worst = j;
      }
    }
    if (worst < 0) break;
    active[worst] = false;
    coef[worst] = 0;
  }
  let chi = yWy;
  for (let a = 0; a < m; a++) {
    const ca = coef[a]!;
    if (ca === 0) continue;
    chi -= 2 * ca * rhs[a]!;
    for (let b = 0; b < m; b++) chi += ca * gram[a * m + b]! * coef[b]!;
  }
  return { coefficients: coef, chiSquare: Math.max(0, chi) };
}
