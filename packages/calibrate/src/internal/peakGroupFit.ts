/**
 * Locating and fitting one calibration peak (possibly a fixed multiplet such as Ka1/Ka2) near a
 * predicted position: local-maximum search in a window, then a least-squares fit of a
 * pseudo-Voigt multiplet on a linear background with @operando/fit's curveFit.
 *
 * Peak model: y(x) = b0 + b1 (x - x0) + A sum_k w_k V(x - c - delta_k; fwhm, eta), with
 * V = eta L + (1 - eta) G the area-normalised pseudo-Voigt (G Gaussian, L Lorentzian of the same
 * FWHM), w_k and delta_k the tabulated relative intensities and position offsets of the
 * components, so that c is the position of the reference component.
 *
 * @packageDocumentation
 */
import { FWHM_PER_SIGMA } from "@operando/core";
import { curveFit } from "@operando/fit";

/** What the peak search is told. */
export interface PeakGroupRequest {
  /** Predicted position of the reference component (x units). */
  predicted: number;
  /** Half-width of the search window around the prediction (x units). */
  searchHalfWidth: number;
  /** Offsets of the components from the reference component (x units), first = 0. */
  offsets: readonly number[];
  /** Relative intensities of the components (sum 1). */
  weights: readonly number[];
  /** Line shape. @default "gaussian" */
  shape?: "gaussian" | "pseudoVoigt";
  /** Minimum height / sigma of a local maximum to count as a peak. @default 5 */
  minSignificance?: number;
  /** FWHM to assume instead of measuring it at the local maximum (x units). */
  fwhmGuess?: number;
}

/** A fitted peak group. */
export interface PeakGroupMeasurement {
  /** Fitted position of the reference component. */
  position: number;
  /** Its one-sigma uncertainty (inflated by sqrt(reduced chi-square) when that exceeds 1). */
  positionSigma: number;
  /** Fitted FWHM (x units). */
  fwhm: number;
  /** Fitted area (counts x units). */
  area: number;
  /** One-sigma of the area. */
  areaSigma: number;
  /** Reduced chi-square of the local fit. */
  reducedChiSquare: number;
  /** Fit window [start, end] (x units). */
  window: [number, number];
}

/** Why a peak was not found. */
export interface PeakGroupFailure {
  /** Explanation for the report. */
  reason: string;
}

const SQRT_LN2_OVER_PI = Math.sqrt(Math.LN2 / Math.PI);

function pseudoVoigt(dx: number, fwhm: number, eta: number): number {
  const t = (2 * dx) / fwhm;
  const g = ((2 * SQRT_LN2_OVER_PI) / fwhm) * Math.exp(-Math.LN2 * t * t);
  const l = 2 / (Math.PI * fwhm * (1 + t * t));
  return eta * l + (1 - eta) * g;
}

function indexRange(x: Float64Array, lo: number, hi: number): [number, number] {
  // x ascending: first index >= lo, last index <= hi.
  let a = 0;
  while (a < x.length && x[a]! < lo) a++;
  let b = x.length - 1;
  while (b >= 0 && x[b]! > hi) b--;
  return [a, b];
}

/**
 * Finds and fits one peak group. x must be ascending.
 * @returns the measurement, or a failure with its reason
 */
export function fitPeakGroup(x: Float64Array, y: Float64Array, ySigma: Float64Array, request: PeakGroupRequest): PeakGroupMeasurement | PeakGroupFailure {
  const { predicted, searchHalfWidth, offsets, weights, shape = "gaussian", minSignificance = 5 } = request;
  const n = x.length;
  if (n < 8) return { reason: "spectrum too short" };
  const step = (x[n - 1]! - x[0]!) / (n - 1);
  const [s0, s1] = indexRange(x, predicted - searchHalfWidth, predicted + searchHalfWidth);
  if (s1 - s0 < 2) return { reason: `search window ${(predicted - searchHalfWidth).toFixed(2)}-${(predicted + searchHalfWidth).toFixed(2)} is outside the data` };
  // 3-point smoothing for the maximum search.
  const smooth = (i: number) => (y[Math.max(i - 1, 0)]! + y[i]! + y[Math.min(i + 1, n - 1)]!) / 3;
  let iMax = s0;
  for (let i = s0; i <= s1; i++) if (smooth(i) > smooth(iMax)) iMax = i;
  if (iMax <= s0 || iMax >= s1) return { reason: `no local maximum inside the search window around ${predicted.toFixed(2)} (largest value at the window edge)` };
  const height = smooth(iMax);
  // Half-maximum crossings against a local baseline (minimum over a wider window).
  const wide = Math.max(3 * (s1 - s0), 20);
  let baseline = Number.POSITIVE_INFINITY;
  for (let i = Math.max(0, iMax - wide); i <= Math.min(n - 1, iMax + wide); i++) baseline = Math.min(baseline, smooth(i));
  const half = baseline + (height - baseline) / 2;
  let left = iMax;
  while (left > 0 && smooth(left) > half) left--;
  let right = iMax;
  while (right < n - 1 && smooth(right) > half) right++;
  // A peak on the flank of another (elastic on Compton) has one long side: use the shorter.
  const measuredFwhm = Math.max(2 * Math.min(iMax - left, right - iMax) * step, 2 * step);
  const noise = ySigma[iMax]! > 0 ? ySigma[iMax]! / Math.sqrt(3) : 1;
  const significance = (height - baseline) / Math.max(noise, Math.sqrt(Math.max(baseline, 1)) / Math.sqrt(3));
  if (!(significance >= minSignificance)) {
    return { reason: `local maximum at ${x[iMax]!.toFixed(2)} is not significant (height/sigma = ${significance.toFixed(1)} < ${minSignificance})` };
  }
  const fwhm0 = request.fwhmGuess ?? measuredFwhm;
  const meanOffset = offsets.reduce((s, d, k) => s + d * weights[k]!, 0);
  // When the multiplet is resolved, the maximum is at the reference (strongest) component.
  const spread = Math.max(...offsets) - Math.min(...offsets);
  const center0 = spread > fwhm0 ? x[iMax]! : x[iMax]! - meanOffset;
  const lo = center0 + Math.min(0, ...offsets) - 3 * fwhm0;
  const hi = center0 + Math.max(0, ...offsets) + 3 * fwhm0;
  const [w0, w1] = indexRange(x, lo, hi);
  const m = w1 - w0 + 1;
  if (m < 8) return { reason: "fewer than 8 points in the fit window" };
  const xs = x.subarray(w0, w1 + 1);
  const ys = y.subarray(w0, w1 + 1);
  const ss = Float64Array.from(ySigma.subarray(w0, w1 + 1), (s) => (s > 0 ? s : 1));
  const x0 = center0;
  const edgeLeft = ys[0]!;
  const edgeRight = ys[m - 1]!;
  const b1 = (edgeRight - edgeLeft) / (xs[m - 1]! - xs[0]!);
  const b0 = (edgeLeft + edgeRight) / 2;
  const area0 = Math.max((height - b0) * fwhm0 * 1.0645, 1e-9);
  // Other significant maxima in the window (neighbouring lines, a Compton hump) get a free
  // Gaussian each so that they do not bias the position.
  const neighbours = findNeighbours(xs, ys, ss, center0 + Math.min(0, ...offsets) - fwhm0, center0 + Math.max(0, ...offsets) + fwhm0, fwhm0, minSignificance);
  const base = 6;
  const model = (xv: Float64Array, p: Float64Array, out: Float64Array) => {
    const c0 = p[0]!;
    const c1 = p[1]!;
    const area = p[2]!;
    const center = p[3]!;
    const width = p[4]!;
    const eta = p[5]!;
    for (let i = 0; i < xv.length; i++) {
      let v = c0 + c1 * (xv[i]! - x0);
      for (let k = 0; k < offsets.length; k++) v += area * weights[k]! * pseudoVoigt(xv[i]! - center - offsets[k]!, width, eta);
      for (let k = 0; k < neighbours.length; k++) v += p[base + 3 * k]! * pseudoVoigt(xv[i]! - p[base + 3 * k + 1]!, p[base + 3 * k + 2]!, 0);
      out[i] = v;
    }
  };
  const eta0 = shape === "gaussian" ? 0 : 0.3;
  const p0 = [b0, b1, area0, center0, fwhm0, eta0];
  const lower = [-Infinity, -Infinity, 0, lo, step * 0.5, 0];
  const upper = [Infinity, Infinity, Infinity, hi, hi - lo, 1];
  const fixed = [false, false, false, false, false, shape === "gaussian"];
  for (const nb of neighbours) {
    p0.push(nb.area, nb.center, nb.fwhm);
    lower.push(0, xs[0]!, step * 0.5);
    upper.push(Infinity, xs[m - 1]!, 4 * (hi - lo));
    fixed.push(false, false, false);
  }
  let result;
  try {
    result = curveFit(model, xs, ys, p0, {
      sigma: ss,
      absoluteSigma: true,
      finiteDifference: "central",
      lower,
      upper,
      fixed,
    });
  } catch (error) {
    return { reason: `peak fit failed: ${(error as Error).message}` };
  }
  const p = result.parameters;
  const se = result.standardErrors;
  const inflate = Math.sqrt(Math.max(1, result.reducedChiSquare));
  const position = p[3]!;
  const positionSigma = se[3]! * inflate;
  const area = p[2]!;
  const areaSigma = se[2]! * inflate;
  if (!result.converged || !Number.isFinite(positionSigma) || !(positionSigma > 0)) return { reason: `peak fit did not converge (${result.message})` };
  if (!(area > 3 * areaSigma)) return { reason: `fitted peak area ${area.toPrecision(3)} is not significant (sigma ${areaSigma.toPrecision(3)})` };
  if (Math.abs(position - predicted) > searchHalfWidth) {
    return { reason: `fitted position ${position.toFixed(2)} is ${Math.abs(position - predicted).toFixed(2)} from the prediction ${predicted.toFixed(2)} (allowed ${searchHalfWidth.toFixed(2)})` };
  }
  return { position, positionSigma, fwhm: p[4]!, area, areaSigma, reducedChiSquare: result.reducedChiSquare, window: [xs[0]!, xs[m - 1]!] };
}

interface Neighbour {
  center: number;
  fwhm: number;
  area: number;
}

/**
 * Significant local maxima of xs/ys outside [excludeLo, excludeHi], with rough widths and areas
 * above the straight line joining the window ends.
 */
function findNeighbours(xs: Float64Array, ys: Float64Array, ss: Float64Array, excludeLo: number, excludeHi: number, fwhm: number, minSignificance: number): Neighbour[] {
  const m = xs.length;
  const step = (xs[m - 1]! - xs[0]!) / (m - 1);
  const half = Math.max(1, Math.round(fwhm / step / 4));
  const smooth = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    let count = 0;
    for (let k = Math.max(0, i - half); k <= Math.min(m - 1, i + half); k++) {
      sum += ys[k]!;
      count++;
    }
    smooth[i] = sum / count;
  }
  const line = (i: number) => smooth[0]! + ((smooth[m - 1]! - smooth[0]!) * i) / (m - 1);
  const reach = Math.max(2, Math.round(fwhm / step / 2));
  const out: Neighbour[] = [];
  for (let i = reach; i < m - reach; i++) {
    if (xs[i]! >= excludeLo && xs[i]! <= excludeHi) continue;
    let isMax = true;
    for (let k = i - reach; k <= i + reach && isMax; k++) if (smooth[k]! > smooth[i]!) isMax = false;
    if (!isMax) continue;
    const height = smooth[i]! - line(i);
    if (!(height > minSignificance * ss[i]! / Math.sqrt(2 * half + 1))) continue;
    let l = i;
    while (l > 0 && smooth[l]! - line(l) > height / 2) l--;
    let r = i;
    while (r < m - 1 && smooth[r]! - line(r) > height / 2) r++;
    const width = Math.max((r - l) * step, 2 * step);
    out.push({ center: xs[i]!, fwhm: width, area: height * width * 1.0645 });
    i += reach;
  }
  return out;
}

/** Gaussian sigma of a FWHM. */
export function sigmaFromFwhm(fwhm: number): number {
  return fwhm / FWHM_PER_SIGMA;
}
