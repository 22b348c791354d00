/**
 * Covariance of least-squares parameters from the (weighted) Jacobian, with rank detection.
 *
 * C = (J^T J)^-1 is formed as R^-1 R^-T from a column-pivoted QR of the column-normalised J
 * (so its accuracy depends on cond(J), not cond(J)^2 as with the normal equations). Columns whose
 * pivoted diagonal |r_kk| falls below `rankTolerance` times the largest are rank deficient; every
 * parameter with a weight in the corresponding null vector (solve R11 z = r12) is reported as
 * undetermined and gets NaN variance. With `tryNormal`, a well-conditioned Jacobian (1/cond of the
 * column-scaled J >= 1e-4) takes the cheaper route through a pivoted Cholesky of J^T J.
 *
 * @packageDocumentation
 */
import { qrfac } from "./minpack.js";
import type { NormalWork } from "./normalEquations.js";
import { createNormalWork, normalFactor } from "./normalEquations.js";

/** Normal-equation covariance is accepted when 1/cond of the scaled Jacobian >= this (error ~eps cond^2 < 1e-8). */
const COVARIANCE_MIN_RCOND = 1e-4;

/** C = P R^-1 R^-T P^T from an upper-triangular R (column-major, leading dimension m). */
function covarianceFromR(m: number, r: Float64Array, ipvt: Int32Array): Float64Array {
  const rinv = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    rinv[j * m + j] = 1 / r[j * m + j]!;
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let l = i + 1; l <= j; l++) sum += r[l * m + i]! * rinv[j * m + l]!;
      rinv[j * m + i] = -sum / r[i * m + i]!;
    }
  }
  const covariance = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let sum = 0;
      for (let l = Math.max(a, b); l < m; l++) sum += rinv[l * m + a]! * rinv[l * m + b]!;
      covariance[ipvt[a]! * m + ipvt[b]!] = sum;
    }
  }
  return covariance;
}

/** Result of {@link covarianceFromJacobian}. */
export interface JacobianCovariance {
  /** m-by-m row-major covariance (unscaled: multiply by the residual variance if needed). */
  covariance: Float64Array;
  /** Per free parameter: true when the data do not determine it. */
  undetermined: Uint8Array;
  /** Numerical rank of J. */
  rank: number;
}

/**
 * @param n - rows (points)
 * @param m - columns (free parameters)
 * @param jac - column-major n-by-m Jacobian, overwritten
 * @param rankTolerance - relative threshold on the pivoted R diagonal
 * @param tryNormal - try the pivoted Cholesky of J^T J first (well-conditioned J)
 * @param normalWork - work arrays for it (with a WebAssembly arena when jac is its Jacobian view)
 */
export function covarianceFromJacobian(n: number, m: number, jac: Float64Array, rankTolerance: number, tryNormal = false, normalWork?: NormalWork): JacobianCovariance {
  if (tryNormal && n >= 2 * m) {
    const r = new Float64Array(m * m);
    const ipvtNormal = new Int32Array(m);
    if (normalFactor(n, m, jac, undefined, r, ipvtNormal, new Float64Array(m), new Float64Array(m), COVARIANCE_MIN_RCOND, normalWork ?? createNormalWork(m))) {
      return { covariance: covarianceFromR(m, r, ipvtNormal), undetermined: new Uint8Array(m), rank: m };
    }
  }
  const scale = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let sum = 0;
    const ck = k * n;
    for (let i = 0; i < n; i++) sum += jac[ck + i]! * jac[ck + i]!;
    const s = Math.sqrt(sum);
    scale[k] = s;
    if (s > 0) for (let i = 0; i < n; i++) jac[ck + i]! /= s;
  }
  const ipvt = new Int32Array(m);
  const rdiag = new Float64Array(m);
  const acnorm = new Float64Array(m);
  const wa = new Float64Array(m);
  qrfac(n, m, jac, n, ipvt, rdiag, acnorm, wa);
  const limit = Math.min(n, m);
  let maxDiag = 0;
  for (let k = 0; k < limit; k++) maxDiag = Math.max(maxDiag, Math.abs(rdiag[k]!));
  let rank = 0;
  while (rank < limit && Math.abs(rdiag[rank]!) > rankTolerance * maxDiag && scale[ipvt[rank]!]! > 0) rank++;
  const undetermined = new Uint8Array(m);
  // R element (i, j), i <= j, in pivoted order.
  const rAt = (i: number, j: number): number => (i === j ? rdiag[i]! : jac[j * n + i]!);
  const z = new Float64Array(rank);
  for (let k = rank; k < m; k++) {
    undetermined[ipvt[k]!] = 1;
    if (k >= limit) {
      // More parameters than rows: every leading column may take part; be conservative.
      for (let i = 0; i < rank; i++) undetermined[ipvt[i]!] = 1;
      continue;
    }
    // Null vector: R11 z = R12[:, k], then v = [z; -1].
    for (let i = rank - 1; i >= 0; i--) {
      let sum = rAt(i, k);
      for (let j = i + 1; j < rank; j++) sum -= rAt(i, j) * z[j]!;
      z[i] = sum / rAt(i, i);
    }
    let norm = 1;
    for (let i = 0; i < rank; i++) norm += z[i]! * z[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rank; i++) if (Math.abs(z[i]!) > 1e-4 * norm) undetermined[ipvt[i]!] = 1;
  }
  // Rinv = R11^-1 (upper triangular), column-major rank-by-rank.
  const rinv = new Float64Array(rank * rank);
  for (let j = 0; j < rank; j++) {
    rinv[j * rank + j] = 1 / rAt(j, j);
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let l = i + 1; l <= j; l++) sum += rAt(i, l) * rinv[j * rank + l]!;
      rinv[j * rank + i] = -sum / rAt(i, i);
    }
  }
  const covariance = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      const pa = ipvt[a]!;
      const pb = ipvt[b]!;
      if (a >= rank || b >= rank || undetermined[pa] === 1 || undetermined[pb] === 1) {
        covariance[pa * m + pb] = Number.NaN;
        continue;
      }
      // (Rinv Rinv^T)[a, b] = sum_l Rinv[a, l] Rinv[b, l], l >= max(a, b)
      let sum = 0;
      for (let l = Math.max(a, b); l < rank; l++) sum += rinv[l * rank + a]! * rinv[l * rank + b]!;
      covariance[pa * m + pb] = sum / (scale[pa]! * scale[pb]!);
    }
  }
  return { covariance, undetermined, rank };
}
