/**
 * The data model: one 1D pattern ({@link Pattern}) and an ordered set of them ({@link Series}).
 *
 * @packageDocumentation
 */
import type { AxisKind } from "./axis.js";
import { isAxisKind } from "./axis.js";
import { InvalidParameterError } from "./errors.js";

/**
 * A channel -> energy calibration stored with a spectrum:
 * E[keV] = offsetKeV + slopeKeV * ch + quadraticKeV * ch^2 (+ cubicKeV * ch^3).
 */
export interface ChannelEnergyPolynomial {
  /** Constant term (keV). */
  offsetKeV: number;
  /** Linear term (keV per channel). */
  slopeKeV: number;
  /** Quadratic term (keV per channel^2); 0 when absent. */
  quadraticKeV: number;
  /** Cubic term (keV per channel^3); omitted when absent. */
  cubicKeV?: number;
}

/** Header metadata that matters for analysis; every field optional. */
export interface PatternMeta {
  /** X-ray wavelength in Angstrom (angle-dispersive data). */
  wavelengthAngstrom?: number;
  /** Fixed scattering angle 2theta in degrees (energy-dispersive data). */
  twoThetaDeg?: number;
  /** Time of the measurement in seconds from the start of the experiment (or epoch seconds). */
  timeS?: number;
  /** Absolute start time as ISO-8601 text, when the file records one. */
  startTime?: string;
  /** EDXRD gauge layer index (or any integer position label). */
  layer?: number;
  /** Live time of the acquisition (s). */
  liveTimeS?: number;
  /** Real (clock) time of the acquisition (s). */
  realTimeS?: number;
  /** Channel -> energy calibration from the file header. */
  energyCalibration?: ChannelEnergyPolynomial;
  /** Path of the file the pattern was read from. */
  sourceFile?: string;
  /** Format the pattern was read as (e.g. "xy", "spec", "epics-med"). */
  format?: string;
  /** Short label: scan number, detector element, dataset path. */
  label?: string;
  /** Unit of the intensity axis, e.g. "counts" (default assumption) or "a.u.". */
  intensityUnit?: string;
  /** Every other header value kept verbatim (key -> text or number). */
  extra?: Record<string, string | number>;
}

/** One 1D pattern: x and y (and optionally sigma of y) on an axis of known kind. */
export interface Pattern {
  /** Axis kind of `x` (its unit follows from the kind, see AXIS_UNITS). */
  readonly axis: AxisKind;
  /** Abscissa values. */
  readonly x: Float64Array;
  /** Intensities, same length as x. */
  readonly y: Float64Array;
  /** One-standard-deviation uncertainty of y, same length, when known. */
  readonly sigma?: Float64Array;
  /**
   * One-standard-deviation uncertainty of x itself, when x comes from a calibration
   * (e.g. d-spacings from an energy calibration with covariance), same length.
   */
  readonly xSigma?: Float64Array;
  /** Header metadata. */
  readonly meta: PatternMeta;
}

/** Input accepted by {@link createPattern}. */
export interface CreatePatternInput {
  /** Axis kind of x. */
  axis: AxisKind;
  /** Abscissa values (copied into a Float64Array). */
  x: ArrayLike<number>;
  /** Intensities (copied). */
  y: ArrayLike<number>;
  /** Uncertainties of y (copied), optional. */
  sigma?: ArrayLike<number> | undefined;
  /** Uncertainties of x (from a calibration), optional. */
  xSigma?: ArrayLike<number> | undefined;
  /** Metadata, optional. */
  meta?: PatternMeta;
}

function toFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/**
 * Builds a validated {@link Pattern}. Arrays that are already Float64Array are kept (not copied).
 *
 * @param input - axis kind, x, y, optional sigma and metadata
 * @returns the pattern
 * @throws InvalidParameterError when lengths differ, the axis kind is unknown, or sigma is negative
 * @example
 * const p = createPattern({ axis: "twoTheta", x: [1, 2], y: [10, 12], meta: { wavelengthAngstrom: 0.4066 } });
 */
export function createPattern(input: CreatePatternInput): Pattern {
  if (!isAxisKind(input.axis)) {
    throw new InvalidParameterError({ parameter: "axis", value: input.axis, expected: "one of twoTheta, q, d, energy, channel" });
  }
  const x = toFloat64(input.x);
  const y = toFloat64(input.y);
  if (x.length !== y.length) {
    throw new InvalidParameterError({ parameter: "y", value: `length ${y.length}`, expected: `length ${x.length} (same as x)` });
  }
  const meta: PatternMeta = input.meta ?? {};
  const sigma = checkedSigma(input.sigma, x.length, "sigma");
  const xSigma = checkedSigma(input.xSigma, x.length, "xSigma");
  return {
    axis: input.axis,
    x,
    y,
    ...(sigma === undefined ? {} : { sigma }),
    ...(xSigma === undefined ? {} : { xSigma }),
    meta,
  };
}

function checkedSigma(values: ArrayLike<number> | undefined, length: number, name: string): Float64Array | undefined {
  if (values === undefined) return undefined;
  const sigma = toFloat64(values);
  if (sigma.length !== length) {
    throw new InvalidParameterError({ parameter: name, value: `length ${sigma.length}`, expected: `length ${length} (same as x)` });
  }
  for (let i = 0; i < sigma.length; i++) {
    const s = sigma[i]!;
    if (s < 0) throw new InvalidParameterError({ parameter: `${name}[${i}]`, value: s, expected: "a non-negative number" });
  }
  return sigma;
}

/**
 * Poisson uncertainty of counts: sigma = sqrt(max(y, 1)), so empty channels keep a finite weight
 * (the common convention of GSAS-II and pyFAI for count data).
 *
 * @param y - counts
 * @returns sigma, a new array
 */
export function poissonSigma(y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = Math.sqrt(Math.max(y[i]!, 1));
  return out;
}

/** An ordered set of patterns on the same axis kind (a time series, a depth scan, or both). */
export interface Series {
  /** The patterns, in acquisition order. */
  readonly patterns: readonly Pattern[];
  /** Metadata shared by the whole series (e.g. source file, experiment name). */
  readonly meta: PatternMeta;
}

/**
 * Builds a {@link Series}. All patterns must share one axis kind.
 *
 * @param patterns - patterns in acquisition order
 * @param meta - shared metadata
 * @throws InvalidParameterError when patterns mix axis kinds
 * @returns a new series holding the given patterns and metadata
 */
export function createSeries(patterns: readonly Pattern[], meta: PatternMeta = {}): Series {
  const first = patterns[0];
  if (first !== undefined) {
    for (let i = 1; i < patterns.length; i++) {
      const p = patterns[i]!;
      if (p.axis !== first.axis) {
        throw new InvalidParameterError({ parameter: `patterns[${i}].axis`, value: p.axis, expected: `"${first.axis}" like patterns[0]` });
      }
    }
  }
  return { patterns: [...patterns], meta };
}

/**
 * Distinct layer indices present in a series, ascending (patterns without a layer are skipped).
 * @param series - the series
 * @returns distinct `meta.layer` values, ascending (empty when no pattern has a layer)
 */
export function seriesLayers(series: Series): number[] {
  const layers = new Set<number>();
  for (const p of series.patterns) if (p.meta.layer !== undefined) layers.add(p.meta.layer);
  return [...layers].sort((a, b) => a - b);
}

/**
 * The patterns of one layer, sorted by time (patterns without time keep their order).
 * @param series - the series
 * @param layer - layer index
 * @returns the layer's patterns (a new array; the patterns themselves are not copied)
 */
export function seriesLayer(series: Series, layer: number): Pattern[] {
  const picked = series.patterns.filter((p) => p.meta.layer === layer);
  return picked
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.meta.timeS ?? a.i) - (b.p.meta.timeS ?? b.i) || a.i - b.i)
    .map((e) => e.p);
}
