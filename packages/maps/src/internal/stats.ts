/** Median of finite values (NaN when there are none). */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : 0.5 * (v[mid - 1]! + v[mid]!);
}

/** Result of a straight-line least-squares fit y = intercept + slope x. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** One-sigma of the slope; null when it cannot be estimated (n = 2 unweighted). */
  slopeSigma: number | null;
  n: number;
  weighted: boolean;
}

/**
 * Straight-line least squares. Weighted by 1/sigma² when every sigma is finite and > 0
 * (slope sigma² = S / Δ with S = Σw, Δ = S·Σwx² − (Σwx)²), else unweighted with the slope
 * sigma from the residual scatter (s² = RSS/(n−2), sigma² = s²/Σ(x−x̄)²).
 * Returns undefined for fewer than two points or zero spread in x.
 */
export function fitLine(x: readonly number[], y: readonly number[], sigma?: readonly number[]): LineFit | undefined {
  const n = x.length;
  if (n < 2) return undefined;
  const weighted = sigma !== undefined && sigma.length === n && sigma.every((s) => Number.isFinite(s) && s > 0);
  let s = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const w = weighted ? 1 / (sigma[i]! * sigma[i]!) : 1;
    s += w;
    sx += w * x[i]!;
    sy += w * y[i]!;
    sxx += w * x[i]! * x[i]!;
    sxy += w * x[i]! * y[i]!;
  }
  const delta = s * sxx - sx * sx;
  if (!(delta > 0) || !Number.isFinite(delta)) return undefined;
  const slope = (s * sxy - sx * sy) / delta;
  const intercept = (sxx * sy - sx * sxy) / delta;
  let slopeSigma: number | null;
  if (weighted) {
    slopeSigma = Math.sqrt(s / delta);
  } else if (n > 2) {
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const r = y[i]! - intercept - slope * x[i]!;
      rss += r * r;
    }
    slopeSigma = Math.sqrt(rss / (n - 2) / (sxx - (sx * sx) / s));
  } else {
    slopeSigma = null;
  }
  return { slope, intercept, slopeSigma, n, weighted };
}
