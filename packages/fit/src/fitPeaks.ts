/**
 * One-call peak fitting: window the data, find starting values (peak search + SNIP background)
 * unless given, build a {@link createPeakModel} model and fit it with {@link curveFit}.
 *
 * @packageDocumentation
 */
import { FitError, InvalidParameterError } from "@operando/core";
import type { BackgroundKind } from "./backgrounds.js";
import type { CurveFitOptions, CurveFitResult } from "./curveFit.js";
import { curveFit } from "./curveFit.js";
import { estimateBackground } from "./estimateBackground.js";
import { findPeaks } from "./findPeaks.js";
import type { FitComponent, NamedTie, PeakModel, PeakSpec } from "./peakModel.js";
import { createPeakModel } from "./peakModel.js";
import type { PeakShapeKind } from "./peakShapes.js";

/** Options of {@link fitPeaks}. */
export interface FitPeaksOptions {
  /**
   * The peaks: a count (found by {@link findPeaks}), a list of starting centres, or full specs.
   * @default 1
   */
  peaks?: number | readonly number[] | readonly PeakSpec[];
  /** Peak shape. @default "pseudoVoigt" */
  shape?: PeakShapeKind;
  /** Intensity parameter. @default "height" */
  intensity?: "height" | "area";
  /** Background kind. @default "polynomial" */
  background?: BackgroundKind;
  /** Background degree. @default 1 */
  backgroundDegree?: number;
  /** Only fit lo <= x <= hi. */
  window?: readonly [number, number];
  /** Uncertainty of y (same length as the unwindowed data). */
  sigma?: ArrayLike<number>;
  /** Starting parameters (e.g. the previous fit of a series); overrides the automatic ones. */
  start?: ArrayLike<number>;
  /** Tie widths of all peaks of a shape to the first. @default false */
  shareWidths?: boolean;
  /** Ties by name. */
  ties?: readonly NamedTie[];
  /** Fixed parameters by name. */
  fixed?: readonly string[];
  /** Bounds by name. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** Centre bound around the start (x units). */
  centerWindow?: number;
  /** Minimum SNR for the automatic peak search. @default 3 */
  minSnr?: number;
  /** Passed to curveFit (tolerances, evaluation budget, absoluteSigma, nonFinite). */
  fit?: Pick<CurveFitOptions, "ftol" | "xtol" | "gtol" | "maxEvaluations" | "absoluteSigma" | "nonFinite" | "finiteDifference">;
}

/** Derived values of one fitted peak. */
export interface FittedPeak {
  /** Peak name. */
  name: string;
  /** Shape. */
  shape: PeakShapeKind;
  /** Centre and its standard error (x units). */
  center: number;
  centerError: number;
  /** Height above background and area (from the fitted parameters). */
  height: number;
  area: number;
  /** Standard error of the intensity parameter (height or area, whichever was fitted). */
  intensityError: number;
  /** FWHM (x units). */
  fwhm: number;
}

/** Result of {@link fitPeaks}. */
export interface FitPeaksResult {
  /** The curveFit result (parameters, errors, covariance, status...). */
  fit: CurveFitResult;
  /** The model used (names, bounds, component evaluator). */
  model: PeakModel;
  /** Parameter values and errors by name. */
  values: Record<string, { value: number; error: number }>;
  /** Per-peak summary. */
  peaks: FittedPeak[];
  /** Fitted components on the windowed x (peaks and background), for plotting. */
  components: FitComponent[];
  /** Windowed x and y that were fitted. */
  x: Float64Array;
  y: Float64Array;
}

function windowed(x: ArrayLike<number>, y: ArrayLike<number>, sigma: ArrayLike<number> | undefined, window: readonly [number, number] | undefined) {
  // the whole pattern: Float64Array inputs are used as they are (nothing here or in curveFit writes them)
  if (window === undefined) {
    const asFloat = (a: ArrayLike<number>): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a));
    return { x: asFloat(x), y: asFloat(y), sigma: sigma === undefined ? undefined : asFloat(sigma) };
  }
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i]! >= window[0] && x[i]! <= window[1]) count++;
  const wx = new Float64Array(count);
  const wy = new Float64Array(count);
  const ws = sigma === undefined ? undefined : new Float64Array(count);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!(xi >= window[0] && xi <= window[1])) continue;
    wx[k] = xi;
    wy[k] = y[i]!;
    if (ws !== undefined) ws[k] = sigma![i]!;
    k++;
  }
  return { x: wx, y: wy, sigma: ws };
}

/**
 * Fits peaks plus background to (x, y).
 *
 * @param x - abscissae (ascending; any axis unit)
 * @param y - intensities
 * @param options - peaks, shape, background, window, constraints
 * @returns fit, per-peak values, components
 * @throws InvalidParameterError for bad options; FitError when fewer peaks are found than asked
 *   or the window holds too few points
 * @example
 * const r = fitPeaks(pattern.x, pattern.y, { peaks: 2, shape: "pseudoVoigt", window: [5, 7] });
 * r.peaks[0].center; r.components; r.fit.reducedChiSquare;
 */
export function fitPeaks(x: ArrayLike<number>, y: ArrayLike<number>, options: FitPeaksOptions = {}): FitPeaksResult {
  if (x.length !== y.length) throw new InvalidParameterError({ parameter: "y", value: `length ${y.length}`, expected: `length ${x.length} (same as x)` });
  if (options.window !== undefined && !(options.window[1] > options.window[0])) {
    throw new InvalidParameterError({ parameter: "options.window", value: options.window, expected: "[lo, hi] with hi > lo" });
  }
  const data = windowed(x, y, options.sigma, options.window);
  const n = data.x.length;
  if (n < 3) throw new FitError(`only ${n} points in the fit window ${options.window?.join(":") ?? ""}`, { iteration: 0 });
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let i = 0; i < n; i++) {
    xMin = Math.min(xMin, data.x[i]!);
    xMax = Math.max(xMax, data.x[i]!);
  }
  const spec = options.peaks ?? 1;
  let peakSpecs: PeakSpec[];
  let backgroundCurve: Float64Array | undefined;
  const needsSearch = options.start === undefined;
  if (typeof spec === "number") {
    if (!Number.isInteger(spec) || spec < 1) throw new InvalidParameterError({ parameter: "options.peaks", value: spec, expected: "a positive integer, a list of centres or peak specs" });
    if (needsSearch) {
      let found = findPeaks(data.x, data.y, { count: spec, minSnr: options.minSnr ?? 3 });
      if (found.peaks.length < spec) found = findPeaks(data.x, data.y, { count: spec, minSnr: 0, smoothingPoints: 1 });
      if (found.peaks.length < spec) {
        throw new FitError(`the peak search found ${found.peaks.length} of the ${spec} peaks asked for; give --centers / peak specs instead`, { iteration: 0 });
      }
      backgroundCurve = found.background;
      peakSpecs = found.peaks.map((p) => ({ center: p.x, intensity: p.height, fwhm: p.fwhm }));
    } else {
      peakSpecs = Array.from({ length: spec }, () => ({ center: (xMin + xMax) / 2 }));
    }
  } else if (spec.length > 0 && typeof spec[0] === "number") {
    const centers = spec as readonly number[];
    const found = needsSearch ? findPeaks(data.x, data.y, { minSnr: 0 }) : undefined;
    backgroundCurve = found?.background;
    const widths = found?.peaks.map((p) => p.fwhm).sort((a, b) => a - b) ?? [];
    const typicalWidth = widths.length > 0 ? widths[widths.length >> 1]! : (xMax - xMin) / 50;
    peakSpecs = centers.map((c) => {
      let best = 0;
      for (let i = 1; i < n; i++) if (Math.abs(data.x[i]! - c) < Math.abs(data.x[best]! - c)) best = i;
      const bg = backgroundCurve?.[best] ?? 0;
      return { center: c, intensity: Math.max(data.y[best]! - bg, 1e-6), fwhm: typicalWidth };
    });
  } else {
    peakSpecs = (spec as readonly PeakSpec[]).slice();
  }
  if (needsSearch && backgroundCurve === undefined) backgroundCurve = estimateBackground(data.y, { windowPoints: Math.max(10, Math.floor(n / 20)) });
  const build = (backgroundValues?: Float64Array): PeakModel =>
    createPeakModel({
      peaks: peakSpecs,
      xRange: [xMin, xMax],
      ...(options.shape === undefined ? {} : { shape: options.shape }),
      ...(options.intensity === undefined ? {} : { intensity: options.intensity }),
      ...(options.background === undefined ? {} : { background: options.background }),
      ...(options.backgroundDegree === undefined ? {} : { backgroundDegree: options.backgroundDegree }),
      ...(backgroundValues === undefined ? {} : { backgroundValues }),
      ...(options.shareWidths === undefined ? {} : { shareWidths: options.shareWidths }),
      ...(options.ties === undefined ? {} : { ties: options.ties }),
      ...(options.fixed === undefined ? {} : { fixed: options.fixed }),
      ...(options.bounds === undefined ? {} : { bounds: options.bounds }),
      ...(options.centerWindow === undefined ? {} : { centerWindow: options.centerWindow }),
    });
  let model = build();
  if (backgroundCurve !== undefined) model = build(model.background.component.initialGuess(data.x, backgroundCurve));
  let p0 = model.initial;
  if (options.start !== undefined) {
    if (options.start.length !== p0.length) {
      throw new InvalidParameterError({ parameter: "options.start", value: `length ${options.start.length}`, expected: `length ${p0.length} (${model.parameterNames.join(", ")})` });
    }
    p0 = Float64Array.from(options.start);
    // keep the start strictly inside bounds
    for (let j = 0; j < p0.length; j++) {
      const lo = model.lower[j]!;
      const hi = model.upper[j]!;
      if (p0[j]! <= lo) p0[j] = lo + 1e-9 * Math.max(1, Math.abs(lo));
      if (p0[j]! >= hi) p0[j] = hi - 1e-9 * Math.max(1, Math.abs(hi));
    }
  }
  const fit = curveFit(model.model, data.x, data.y, p0, {
    jacobian: model.jacobian,
    lower: model.lower,
    upper: model.upper,
    fixed: model.fixed,
    ties: model.ties,
    parameterNames: model.parameterNames,
    ...(data.sigma === undefined ? {} : { sigma: data.sigma }),
    ...options.fit,
  });
  const values: Record<string, { value: number; error: number }> = {};
  model.parameterNames.forEach((name, j) => {
    values[name] = { value: fit.parameters[j]!, error: fit.standardErrors[j]! };
  });
  const peaks: FittedPeak[] = model.peaks.map((peak) => ({
    name: peak.name,
    shape: peak.shape.kind,
    center: fit.parameters[peak.offset]!,
    centerError: fit.standardErrors[peak.offset]!,
    height: peak.shape.height(fit.parameters, peak.offset),
    area: peak.shape.area(fit.parameters, peak.offset),
    intensityError: fit.standardErrors[peak.offset + 1]!,
    fwhm: peak.shape.fwhm(fit.parameters, peak.offset),
  }));
  return { fit, model, values, peaks, components: model.components(data.x, fit.parameters), x: data.x, y: data.y };
}
