/**
 * Weighted linear least squares through a singular value decomposition of the column-scaled,
 * weighted design matrix, so that rank deficiency (parameters the data do not determine) is
 * detected and reported instead of producing an arbitrary answer.
 *
 * The SVD is the one-sided Jacobi method (Hestenes 1958; Demmel & Veselic 1992, SIAM J. Matrix
 * Anal. Appl. 13, 1204, doi:10.1137/0613074), which is accurate for the small (p <= 6) problems
 * of calibration.
 *
 * @packageDocumentation
 */

/** Result of {@link solveWeightedLinear}. */
export interface LinearLeastSquaresResult {
  /** Best-fit parameters (minimum-norm in scaled space when rank deficient). */
  parameters: Float64Array;
  /** Row-major p x p covariance (absolute sigma); NaN rows/columns for undetermined parameters. */
  covariance: Float64Array;
  /** sum ((y - X b) / sigma)^2. */
  chiSquare: number;
  /** n - rank. */
  degreesOfFreedom: number;
  /** Singular values of the column-scaled weighted design, descending. */
  singularValues: Float64Array;
  /** Largest over smallest singular value of the column-scaled design (Infinity when one is 0). */
  conditionNumber: number;
  /** Numerical rank. */
  rank: number;
  /** True when rank < p. */
  singular: boolean;
  /** Indices of parameters with a significant component in the null space. */
  undetermined: number[];
  /** Residuals y - X b (unweighted). */
  residuals: Float64Array;
}

/**
 * One-sided Jacobi SVD of a column-major n x p matrix `w` (overwritten by U S).
 * @returns singular values (unsorted) and V (column-major p x p)
 */
export function jacobiSvd(w: Float64Array, n: number, p: number): { s: Float64Array; v: Float64Array } {
  const v = new Float64Array(p * p);
  for (let j = 0; j < p; j++) v[j * p + j] = 1;
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let j = 0; j < p - 1; j++) {
      for (let k = j + 1; k < p; k++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < n; i++) {
          const a = w[j * n + i]!;
          const b = w[k * n + i]!;
          alpha += a * a;
          beta += b * b;
          gamma += a * b;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < n; i++) {
          const a = w[j * n + i]!;
          const b = w[k * n + i]!;
          w[j * n + i] = c * a - s * b;
          w[k * n + i] = s * a + c * b;
        }
        for (let i = 0; i < p; i++) {
          const a = v[j * p + i]!;
          const b = v[k * p + i]!;
          v[j * p + i] = c * a - s * b;
          v[k * p + i] = s * a + c * b;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += w[j * n + i]! ** 2;
    s[j] = Math.sqrt(sum);
  }
  return { s, v };
}

/**
 * Solves min sum_i ((y_i - sum_j X_ij b_j) / sigma_i)^2.
 *
 * @param design - row-major n x p design matrix X
 * @param y - observations (n)
 * @param sigma - one-sigma uncertainties of y (n, > 0)
 * @param p - number of parameters
 * @param rankTolerance - singular values below rankTolerance * max are treated as zero
 */
export function solveWeightedLinear(design: Float64Array, y: Float64Array, sigma: Float64Array, p: number, rankTolerance = 1e-10): LinearLeastSquaresResult {
  const n = y.length;
  // Weighted, column-scaled design in column-major order.
  const w = new Float64Array(n * p);
  const b = new Float64Array(n);
  const scale = new Float64Array(p);
  for (let i = 0; i < n; i++) b[i] = y[i]! / sigma[i]!;
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const a = design[i * p + j]! / sigma[i]!;
      w[j * n + i] = a;
      sum += a * a;
    }
    scale[j] = sum > 0 ? Math.sqrt(sum) : 1;
    for (let i = 0; i < n; i++) w[j * n + i] = w[j * n + i]! / scale[j]!;
  }
  const { s, v } = jacobiSvd(w, n, p);
  const sMax = Math.max(...s);
  const order = [...s.keys()].sort((a, c) => s[c]! - s[a]!);
  const threshold = rankTolerance * sMax;
  let rank = 0;
  for (const j of order) if (s[j]! > threshold) rank++;
  // Scaled solution x' = V S^+ U^T b, with U_:j = w_:j / s_j.
  const xs = new Float64Array(p);
  const covScaled = new Float64Array(p * p);
  for (const j of order) {
    const sj = s[j]!;
    if (!(sj > threshold)) continue;
    let utb = 0;
    for (let i = 0; i < n; i++) utb += (w[j * n + i]! / sj) * b[i]!;
    const coef = utb / sj;
    for (let r = 0; r < p; r++) xs[r] = xs[r]! + v[j * p + r]! * coef;
    const inv2 = 1 / (sj * sj);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) covScaled[r * p + c] = covScaled[r * p + c]! + v[j * p + r]! * v[j * p + c]! * inv2;
  }
  const parameters = new Float64Array(p);
  for (let j = 0; j < p; j++) parameters[j] = xs[j]! / scale[j]!;
  // Parameters with a significant null-space component are undetermined.
  const undetermined: number[] = [];
  for (let r = 0; r < p; r++) {
    let nullWeight = 0;
    for (const j of order) if (!(s[j]! > threshold)) nullWeight += v[j * p + r]! ** 2;
    if (nullWeight > 1e-6) undetermined.push(r);
  }
  const covariance = new Float64Array(p * p);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      covariance[r * p + c] = undetermined.includes(r) || undetermined.includes(c) ? Number.NaN : covScaled[r * p + c]! / (scale[r]! * scale[c]!);
    }
  }
  const residuals = new Float64Array(n);
  let chiSquare = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += design[i * p + j]! * parameters[j]!;
    residuals[i] = y[i]! - f;
    chiSquare += (residuals[i]! / sigma[i]!) ** 2;
  }
  const sorted = Float64Array.from(order.map((j) => s[j]!));
  const sMin = sorted[p - 1] ?? 0;
  return {
    parameters,
    covariance,
    chiSquare,
    degreesOfFreedom: n - rank,
    singularValues: sorted,
    conditionNumber: sMin > 0 ? sMax / sMin : Number.POSITIVE_INFINITY,
    rank,
    singular: rank < p,
    undetermined,
    residuals,
  };
}
