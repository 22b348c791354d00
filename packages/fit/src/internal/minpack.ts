/**
 * Dense linear-algebra kernels of a Levenberg-Marquardt trust-region solver in the MINPACK
 * tradition: Householder QR with column pivoting (qrfac), the damped least-squares solve by
 * Givens rotations (qrsolv) and the Levenberg-Marquardt parameter search (lmpar).
 *
 * The algorithms follow J. J. Moré, "The Levenberg-Marquardt algorithm: implementation and
 * theory", in Numerical Analysis (Dundee 1977), Lecture Notes in Mathematics 630, Springer,
 * pp. 105-116, doi:10.1007/BFb0067700, and the MINPACK-1 user guide (Moré, Garbow, Hillstrom,
 * Argonne ANL-80-74, 1980). Written from those descriptions for Float64Array storage in
 * column-major order (`a[j * lda + i]` is row i, column j) with caller-owned work arrays so that
 * no memory is allocated inside an iteration.
 *
 * @packageDocumentation
 */

/** Machine epsilon for float64. */
export const EPSILON = Number.EPSILON;
/** Smallest positive normal float64 (MINPACK's "dwarf"). */
export const DWARF = 2.2250738585072014e-308;

/**
 * Euclidean norm of `n` entries of `x` starting at `offset`, guarded against overflow and
 * underflow by rescaling when the plain sum of squares is not representable.
 */
export function enorm(n: number, x: Float64Array, offset = 0): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i]!;
    sum += v * v;
  }
  if (sum > 1e-290 && sum < 1e290) return Math.sqrt(sum);
  if (sum === 0) return 0;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[offset + i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let scaled = 0;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i]! / scale;
    scaled += v * v;
  }
  return scale * Math.sqrt(scaled);
}

/**
 * QR factorisation with column pivoting of the m-by-n matrix `a` (column-major, leading
 * dimension `lda`, m >= n): A P = Q R.
 *
 * On return the strict upper triangle of the first n rows of `a` holds R without its diagonal,
 * `rdiag` holds the diagonal of R, the lower trapezoid holds the Householder vectors
 * (v_j in a[j..m-1, j], scaled so that Q_j = I - v v^T / v_j), `ipvt[k]` is the original
 * column index placed at position k, and `acnorm` the norms of the original columns.
 *
 * @param m - rows
 * @param n - columns
 * @param a - matrix, overwritten
 * @param lda - leading dimension of a (>= m)
 * @param ipvt - out: permutation
 * @param rdiag - out: diagonal of R
 * @param acnorm - out: column norms of the input
 * @param wa - work array of length n
 */
export function qrfac(
  m: number,
  n: number,
  a: Float64Array,
  lda: number,
  ipvt: Int32Array,
  rdiag: Float64Array,
  acnorm: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    const norm = enorm(m, a, j * lda);
    acnorm[j] = norm;
    rdiag[j] = norm;
    wa[j] = norm;
    ipvt[j] = j;
  }
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    // Bring the column of largest remaining norm into the pivot position.
    let kmax = j;
    for (let k = j + 1; k < n; k++) if (rdiag[k]! > rdiag[kmax]!) kmax = k;
    if (kmax !== j) {
      const cj = j * lda;
      const ck = kmax * lda;
      for (let i = 0; i < m; i++) {
        const t = a[cj + i]!;
        a[cj + i] = a[ck + i]!;
        a[ck + i] = t;
      }
      rdiag[kmax] = rdiag[j]!;
      wa[kmax] = wa[j]!;
      const t = ipvt[j]!;
      ipvt[j] = ipvt[kmax]!;
      ipvt[kmax] = t;
    }
    // Householder transformation that zeroes a[j+1.., j].
    const cj = j * lda;
    let ajnorm = enorm(m - j, a, cj + j);
    if (ajnorm !== 0) {
      if (a[cj + j]! < 0) ajnorm = -ajnorm;
      const inv = 1 / ajnorm;
      for (let i = j; i < m; i++) a[cj + i]! *= inv;
      a[cj + j]! += 1;
      const ajj = a[cj + j]!;
      // Apply it to the remaining columns and update their norms.
      for (let k = j + 1; k < n; k++) {
        const ck = k * lda;
        // dot product and update, unrolled by two (the hot loop of the whole fitter)
        let sum0 = 0;
        let sum1 = 0;
        let i = j;
        for (; i + 1 < m; i += 2) {
          sum0 += a[cj + i]! * a[ck + i]!;
          sum1 += a[cj + i + 1]! * a[ck + i + 1]!;
        }
        if (i < m) sum0 += a[cj + i]! * a[ck + i]!;
        const temp = (sum0 + sum1) / ajj;
        for (i = j; i + 1 < m; i += 2) {
          a[ck + i] = a[ck + i]! - temp * a[cj + i]!;
          a[ck + i + 1] = a[ck + i + 1]! - temp * a[cj + i + 1]!;
        }
        if (i < m) a[ck + i] = a[ck + i]! - temp * a[cj + i]!;
        const rk = rdiag[k]!;
        if (rk !== 0) {
          const ratio = a[ck + j]! / rk;
          const updated = rk * Math.sqrt(Math.max(0, 1 - ratio * ratio));
          const rel = updated / wa[k]!;
          if (0.05 * rel * rel <= EPSILON) {
            // Cancellation: recompute the partial norm from scratch.
            const fresh = enorm(m - j - 1, a, ck + j + 1);
            rdiag[k] = fresh;
            wa[k] = fresh;
          } else {
            rdiag[k] = updated;
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
}

/**
 * Solves min || [A; D] x - [b; 0] || given the pivoted QR of A (R in the upper triangle of `r`,
 * permutation `ipvt`) and qtb = first n entries of Q^T b, for diagonal D = diag(`diag`).
 *
 * On return the strict lower triangle of `r` holds S^T where P^T (A^T A + D D) P = S^T S,
 * `sdiag` the diagonal of S; the upper triangle and diagonal of `r` are unchanged.
 *
 * @param n - order
 * @param r - n-by-n (leading dimension ldr) triangular factor, lower triangle overwritten
 * @param ldr - leading dimension
 * @param ipvt - permutation from {@link qrfac}
 * @param diag - diagonal of D (length n, original column order)
 * @param qtb - Q^T b (length n)
 * @param x - out: solution (original column order)
 * @param sdiag - out: diagonal of S
 * @param wa - work array (length n)
 */
export function qrsolv(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sdiag: Float64Array,
  wa: Float64Array,
): void {
  // Copy R and Q^T b; save the diagonal of R in x.
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[j * ldr + i] = r[i * ldr + j]!;
    x[j] = r[j * ldr + j]!;
    wa[j] = qtb[j]!;
  }
  // Eliminate D with Givens rotations.
  for (let j = 0; j < n; j++) {
    const l = ipvt[j]!;
    const dl = diag[l]!;
    if (dl !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = dl;
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        const sk = sdiag[k]!;
        if (sk === 0) continue;
        const ck = k * ldr;
        const rkk = r[ck + k]!;
        let sin: number;
        let cos: number;
        if (Math.abs(rkk) < Math.abs(sk)) {
          const cotan = rkk / sk;
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sk / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        r[ck + k] = cos * rkk + sin * sk;
        const temp = cos * wa[k]! + sin * qtbpj;
        qtbpj = -sin * wa[k]! + cos * qtbpj;
        wa[k] = temp;
        for (let i = k + 1; i < n; i++) {
          const rik = r[ck + i]!;
          const si = sdiag[i]!;
          r[ck + i] = cos * rik + sin * si;
          sdiag[i] = -sin * rik + cos * si;
        }
      }
    }
    sdiag[j] = r[j * ldr + j]!;
    r[j * ldr + j] = x[j]!;
  }
  // Back substitution; a singular S gives a least-squares solution with trailing zeros.
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let k = 0; k < nsing; k++) {
    const j = nsing - 1 - k;
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += r[j * ldr + i]! * wa[i]!;
    wa[j] = (wa[j]! - sum) / sdiag[j]!;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]!] = wa[j]!;
}

/** Work arrays for {@link lmpar}, each of length n. */
export interface LmparWork {
  sdiag: Float64Array;
  wa1: Float64Array;
  wa2: Float64Array;
}

/**
 * Finds the Levenberg-Marquardt parameter `par` such that the solution x of
 * (J^T J + par D^2) x = -J^T f satisfies | ||D x|| - delta | <= 0.1 delta (or par = 0 when the
 * Gauss-Newton step is already inside the trust region), by the safeguarded Newton iteration of
 * Moré (1977), section 5.
 *
 * @param n - number of parameters
 * @param r - QR factor from {@link qrfac} (upper triangle), lower triangle used as work
 * @param ldr - leading dimension of r
 * @param ipvt - permutation
 * @param diag - scaling D
 * @param qtb - Q^T f
 * @param delta - trust-region radius
 * @param par - initial estimate of the parameter
 * @param x - out: the step (negated: the solve gives the minimiser of ||J x - f||)
 * @param work - work arrays
 * @returns the new parameter
 */
export function lmpar(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  par: number,
  x: Float64Array,
  work: LmparWork,
): number {
  const { sdiag, wa1, wa2 } = work;
  // Gauss-Newton direction (least-squares solution if the Jacobian is rank deficient).
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j]!;
    if (r[j * ldr + j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let k = 0; k < nsing; k++) {
    const j = nsing - 1 - k;
    const cj = j * ldr;
    wa1[j] = wa1[j]! / r[cj + j]!;
    const temp = wa1[j]!;
    for (let i = 0; i < j; i++) wa1[i] = wa1[i]! - r[cj + i]! * temp;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]!] = wa1[j]!;

  let iter = 0;
  for (let j = 0; j < n; j++) wa2[j] = diag[j]! * x[j]!;
  let dxnorm = enorm(n, wa2);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // Lower bound parl from the Newton step (only when the Jacobian has full rank).
  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j]!;
      wa1[j] = diag[l]! * (wa2[l]! / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      const cj = j * ldr;
      let sum = 0;
      for (let i = 0; i < j; i++) sum += r[cj + i]! * wa1[i]!;
      wa1[j] = (wa1[j]! - sum) / r[cj + j]!;
    }
    const temp = enorm(n, wa1);
    parl = fp / delta / temp / temp;
  }
  // Upper bound paru from the gradient.
  for (let j = 0; j < n; j++) {
    const cj = j * ldr;
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += r[cj + i]! * qtb[i]!;
    wa1[j] = sum / diag[ipvt[j]!]!;
  }
  const gnorm = enorm(n, wa1);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);

  par = Math.max(par, parl);
  par = Math.min(par, paru);
  if (par === 0) par = gnorm / dxnorm;

  for (;;) {
    iter++;
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const sq = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = sq * diag[j]!;
    qrsolv(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
    for (let j = 0; j < n; j++) wa2[j] = diag[j]! * x[j]!;
    dxnorm = enorm(n, wa2);
    const previous = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= previous && previous < 0) || iter === 10) break;
    // Newton correction.
    for (let j = 0; j < n; j++) {
      const l = ipvt[j]!;
      wa1[j] = diag[l]! * (wa2[l]! / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] = wa1[j]! / sdiag[j]!;
      const temp = wa1[j]!;
      const cj = j * ldr;
      for (let i = j + 1; i < n; i++) wa1[i] = wa1[i]! - r[cj + i]! * temp;
    }
    const temp = enorm(n, wa1);
    const parc = fp / delta / temp / temp;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return par;
}

/**
 * After {@link qrfac}: qtf = the first n entries of Q^T f (the Householder vectors are in the
 * lower part of `a`), and the diagonal of R (rdiag) is put back on the diagonal of `a`, as lmder
 * does before lmpar.
 * @param m - rows
 * @param n - columns
 * @param a - factored matrix (column-major, leading dimension m), diagonal overwritten
 * @param rdiag - diagonal of R from qrfac
 * @param f - right-hand side (length m, not modified)
 * @param work - scratch of length m
 * @param qtf - out: length n
 */
export function qrTransformRhs(m: number, n: number, a: Float64Array, rdiag: Float64Array, f: Float64Array, work: Float64Array, qtf: Float64Array): void {
  work.set(f.subarray(0, m));
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    const ajj = a[cj + j]!;
    if (ajj !== 0) {
      let sum = 0;
      for (let i = j; i < m; i++) sum += a[cj + i]! * work[i]!;
      const temp = -sum / ajj;
      for (let i = j; i < m; i++) work[i]! += a[cj + i]! * temp;
    }
    a[cj + j] = rdiag[j]!;
    qtf[j] = work[j]!;
  }
}
