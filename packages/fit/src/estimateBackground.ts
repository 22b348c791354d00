/**
 * Background estimation by SNIP (statistics-sensitive non-linear iterative peak clipping) with the
 * LLS operator: M. Morháč, J. Kliman, V. Matoušek, M. Veselský, I. Turzo, Nucl. Instrum. Methods
 * A 401 (1997) 113-132, doi:10.1016/S0168-9002(97)01023-1 (clipping), and C. G. Ryan et al.,
 * Nucl. Instrum. Methods B 34 (1988) 396, doi:10.1016/0168-583X(88)90063-8 (the log-log-sqrt
 * operator v = ln(ln(sqrt(y + 1) + 1) + 1)). The decreasing-window variant follows
 * M. Morháč, V. Matoušek, Appl. Spectrosc. 62 (2008) 91, doi:10.1366/000370208783412762.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/** Options of {@link estimateBackground}. */
export interface EstimateBackgroundOptions {
  /** Clipping half-window in points: roughly the widest peak's full width (points). @default 30 */
  windowPoints?: number;
  /** Apply the LLS operator (for count data spanning decades). @default true */
  lls?: boolean;
  /** Use decreasing clipping windows (smoother result near broad peaks). @default false */
  decreasing?: boolean;
}

/**
 * Estimates a smooth background under peaks by SNIP clipping: for window p = 1..W (or W..1),
 * v_i = min(v_i, (v_{i-p} + v_{i+p}) / 2), on v = LLS(y) when `lls`.
 *
 * @param y - intensities (counts; negative values are clipped to 0 for the LLS operator)
 * @param options - window size and variant
 * @returns the background, a new Float64Array of the same length
 * @throws InvalidParameterError for a window < 1 or non-finite y
 * @example
 * const bg = estimateBackground(pattern.y, { windowPoints: 40 });
 */
export function estimateBackground(y: ArrayLike<number>, options: EstimateBackgroundOptions = {}): Float64Array {
  const windowPoints = options.windowPoints ?? 30;
  if (!Number.isInteger(windowPoints) || windowPoints < 1) throw new InvalidParameterError({ parameter: "options.windowPoints", value: windowPoints, expected: "an integer >= 1" });
  const lls = options.lls ?? true;
  const n = y.length;
  const v = new Float64Array(n);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    if (!Number.isFinite(yi)) throw new InvalidParameterError({ parameter: `y[${i}]`, value: yi, expected: "a finite number" });
    offset = Math.min(offset, yi);
  }
  // Shift negative data (e.g. background-subtracted) so the LLS operator stays defined.
  for (let i = 0; i < n; i++) {
    const yi = y[i]! - offset;
    v[i] = lls ? Math.log(Math.log(Math.sqrt(yi + 1) + 1) + 1) : yi;
  }
  const work = new Float64Array(n);
  const w = Math.min(windowPoints, Math.floor((n - 1) / 2));
  for (let step = 0; step < w; step++) {
    const p = options.decreasing === true ? w - step : step + 1;
    work.set(v);
    for (let i = p; i < n - p; i++) {
      const mean = (v[i - p]! + v[i + p]!) / 2;
      if (mean < v[i]!) work[i] = mean;
    }
    v.set(work);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (lls) {
      const e = Math.exp(Math.exp(v[i]!) - 1) - 1;
      out[i] = e * e - 1 + offset;
    } else out[i] = v[i]! + offset;
  }
  return out;
}
