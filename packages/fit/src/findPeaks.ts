/**
 * Peak search by a smoothed second derivative: the data (background removed) are convolved with
 * minus the second derivative of a Gaussian (a "Mexican hat" of width `smoothingPoints`); local
 * maxima of that response are candidate peaks, kept when their height above the background
 * exceeds `minSnr` times the noise. The noise is estimated robustly from first differences:
 * sigma = 1.4826 MAD(diff y) / sqrt 2 (Gaussian-consistent MAD; Hampel 1974,
 * doi:10.1080/01621459.1974.10482962).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import { estimateBackground } from "./estimateBackground.js";

/** Options of {@link findPeaks}. */
export interface FindPeaksOptions {
  /** Keep at most this many peaks (the highest). @default all that pass */
  count?: number;
  /** Minimum height above background in units of the noise sigma. @default 3 */
  minSnr?: number;
  /** Gaussian smoothing sigma of the second-derivative filter, in points. @default 2 */
  smoothingPoints?: number;
  /** Background to subtract; estimated by SNIP when absent. */
  background?: ArrayLike<number>;
  /** SNIP window (points) when the background is estimated. @default max(10, n / 20) */
  backgroundWindowPoints?: number;
  /** Minimum distance between two peaks, in points. @default 2 * smoothingPoints */
  minSeparationPoints?: number;
}

/** One peak found by {@link findPeaks}. */
export interface FoundPeak {
  /** Index of the maximum in the data. */
  index: number;
  /** x at the maximum. */
  x: number;
  /** Height above background at the maximum (y units). */
  height: number;
  /** Estimated FWHM from the half-height crossings (x units). */
  fwhm: number;
  /** height / noise sigma. */
  snr: number;
}

/** Result of {@link findPeaks}. */
export interface FindPeaksResult {
  /** Peaks in ascending x. */
  peaks: FoundPeak[];
  /** Background used. */
  background: Float64Array;
  /** Noise sigma estimate (y units). */
  noise: number;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Finds peaks in (x, y).
 *
 * @param x - abscissae (ascending)
 * @param y - intensities
 * @param options - thresholds and smoothing
 * @returns peaks (ascending x), the background and the noise estimate
 * @throws InvalidParameterError for mismatched lengths, non-finite data or bad options
 * @example
 * const { peaks } = findPeaks(pattern.x, pattern.y, { count: 2 });
 */
export function findPeaks(x: ArrayLike<number>, y: ArrayLike<number>, options: FindPeaksOptions = {}): FindPeaksResult {
  const n = x.length;
  if (y.length !== n) throw new InvalidParameterError({ parameter: "y", value: `length ${y.length}`, expected: `length ${n} (same as x)` });
  const sigmaPts = options.smoothingPoints ?? 2;
  if (!(sigmaPts > 0)) throw new InvalidParameterError({ parameter: "options.smoothingPoints", value: sigmaPts, expected: "a positive number" });
  const minSnr = options.minSnr ?? 3;
  if (!(minSnr >= 0)) throw new InvalidParameterError({ parameter: "options.minSnr", value: minSnr, expected: "a number >= 0" });
  const count = options.count;
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new InvalidParameterError({ parameter: "options.count", value: count, expected: "an integer >= 0" });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new InvalidParameterError({ parameter: `x[${i}]`, value: x[i], expected: "a finite number" });
  }
  const background =
    options.background !== undefined
      ? Float64Array.from(options.background)
      : estimateBackground(y, { windowPoints: options.backgroundWindowPoints ?? Math.max(10, Math.floor(n / 20)) });
  if (background.length !== n) throw new InvalidParameterError({ parameter: "options.background", value: `length ${background.length}`, expected: `length ${n}` });
  const net = new Float64Array(n);
  for (let i = 0; i < n; i++) net[i] = y[i]! - background[i]!;
  const diffs = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i + 1 < n; i++) diffs[i] = y[i + 1]! - y[i]!;
  const med = median(diffs);
  for (let i = 0; i < diffs.length; i++) diffs[i] = Math.abs(diffs[i]! - med);
  const noise = Math.max((1.4826 * median(diffs)) / Math.SQRT2, 1e-300);
  // Mexican-hat response r_i = sum_k -g''(k) net_{i+k}
  const half = Math.ceil(4 * sigmaPts);
  const kernel = new Float64Array(2 * half + 1);
  for (let k = -half; k <= half; k++) {
    const u = k / sigmaPts;
    kernel[k + half] = (1 - u * u) * Math.exp(-0.5 * u * u);
  }
  const response = new Float64Array(n);
  const smooth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    let s = 0;
    let ws = 0;
    for (let k = -half; k <= half; k++) {
      const j = Math.min(n - 1, Math.max(0, i + k));
      r += kernel[k + half]! * net[j]!;
      const g = Math.exp(-0.5 * (k / sigmaPts) ** 2);
      s += g * net[j]!;
      ws += g;
    }
    response[i] = r;
    smooth[i] = s / ws;
  }
  const separation = options.minSeparationPoints ?? Math.max(1, Math.round(2 * sigmaPts));
  const candidates: FoundPeak[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (!(response[i]! > 0 && response[i]! >= response[i - 1]! && response[i]! > response[i + 1]!)) continue;
    // local maximum of the data near the response maximum
    let best = i;
    for (let j = Math.max(0, i - separation); j <= Math.min(n - 1, i + separation); j++) if (smooth[j]! > smooth[best]!) best = j;
    const height = smooth[best]!;
    if (!(height > 0) || height / noise < minSnr) continue;
    // half-height crossings on the smoothed net signal
    let lo = best;
    while (lo > 0 && smooth[lo]! > height / 2) lo--;
    let hi = best;
    while (hi < n - 1 && smooth[hi]! > height / 2) hi++;
    const interp = (a: number, b: number): number => {
      const fa = smooth[a]! - height / 2;
      const fb = smooth[b]! - height / 2;
      return fa === fb ? x[a]! : x[a]! + ((x[b]! - x[a]!) * fa) / (fa - fb);
    };
    const left = lo < best ? interp(lo, lo + 1) : x[best]!;
    const right = hi > best ? interp(hi - 1, hi) : x[best]!;
    const step = Math.abs(x[Math.min(n - 1, best + 1)]! - x[Math.max(0, best - 1)]!) / 2;
    candidates.push({ index: best, x: x[best]!, height, fwhm: Math.max(Math.abs(right - left), step), snr: height / noise });
  }
  candidates.sort((a, b) => b.height - a.height);
  const kept: FoundPeak[] = [];
  for (const c of candidates) {
    // Noise splits one peak's response maximum into several: a candidate within half a FWHM of a
    // stronger peak is the same peak.
    if (kept.some((k) => Math.abs(k.index - c.index) < separation || Math.abs(k.x - c.x) < 0.5 * Math.max(k.fwhm, c.fwhm))) continue;
    kept.push(c);
    if (count !== undefined && kept.length >= count) break;
  }
  kept.sort((a, b) => a.x - b.x);
  return { peaks: kept, background, noise };
}
