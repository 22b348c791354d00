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

/** Work arrays for {@link normalFactor}, sized for m parameters. */
export interface NormalWork {
  /** m*m row-major scratch (Schur complement). */
  a: Float64Array;
  /** m scratch (J^T f). */
  g: Float64Array;
}

/** Allocates work arrays for m parameters. */
export function createNormalWork(m: number): NormalWork {
  return { a: new Float64Array(m * m), g: new Float64Array(m) };
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
  const { a, g } = work;
  // A = J^T J, upper triangle by blocks of four columns q (each load of column p serves four
  // products), then mirrored; g = J^T f.
  for (let p = 0; p < m; p++) {
    const cp = p * n;
    let q = p;
    for (; q + 3 < m; q += 4) {
      const c0 = q * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const v = jac[cp + i]!;
        s0 += v * jac[c0 + i]!;
        s1 += v * jac[c1 + i]!;
        s2 += v * jac[c2 + i]!;
        s3 += v * jac[c3 + i]!;
      }
      a[p * m + q] = s0;
      a[p * m + q + 1] = s1;
      a[p * m + q + 2] = s2;
      a[p * m + q + 3] = s3;
    }
    for (; q < m; q++) {
      const cq = q * n;
      let s0 = 0;
      for (let i = 0; i < n; i++) s0 += jac[cp + i]! * jac[cq + i]!;
      a[p * m + q] = s0;
    }
    for (let k = p + 1; k < m; k++) a[k * m + p] = a[p * m + k]!;
    acnorm[p] = Math.sqrt(a[p * m + p]!);
    if (f !== undefined) {
      let s = 0;
      for (let i = 0; i < n; i++) s += jac[cp + i]! * f[i]!;
      g[p] = s;
    }
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
