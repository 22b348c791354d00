/**
 * A composable peak-fitting model: any number of peaks (each with its own shape) plus a
 * background, with named parameters (`p0_center`, `p0_height`, `p0_fwhm`, `bg_c0`, ...),
 * default bounds, ties by name and fixed parameters; the model and its analytic Jacobian plug
 * straight into {@link curveFit}.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Background, BackgroundKind } from "./backgrounds.js";
import { createBackground } from "./backgrounds.js";
import type { JacobianFunction, ModelFunction, ParameterTie } from "./curveFit.js";
import type { PeakShape, PeakShapeKind } from "./peakShapes.js";
import { createPeakShape } from "./peakShapes.js";

/** One peak of a {@link PeakModelOptions}. */
export interface PeakSpec {
  /** Name prefix of its parameters. @default `p${index}` */
  name?: string;
  /** Shape; overrides the model-wide shape. */
  shape?: PeakShapeKind;
  /** Starting centre (x units). */
  center: number;
  /** Starting height (or area, with intensity "area"); default 1. */
  intensity?: number;
  /** Starting FWHM (x units); the shape's width parameters are derived from it. @default 1% of the x range */
  fwhm?: number;
  /** Explicit starting values by parameter suffix, e.g. { eta: 0.3 } (override the derived ones). */
  values?: Readonly<Record<string, number>>;
}

/** A tie by parameter name: value(parameter) = factor * value(source) + offset. */
export interface NamedTie {
  /** Tied parameter, e.g. "p1_fwhm". */
  parameter: string;
  /** Source parameter, e.g. "p0_fwhm". */
  source: string;
  /** @default 1 */
  factor?: number;
  /** @default 0 */
  offset?: number;
}

/** Options of {@link createPeakModel}. */
export interface PeakModelOptions {
  /** The peaks. */
  peaks: readonly PeakSpec[];
  /** Shape of peaks that do not name one. @default "pseudoVoigt" */
  shape?: PeakShapeKind;
  /** Intensity parameter: peak height or integrated area. @default "height" */
  intensity?: "height" | "area";
  /** Background kind. @default "polynomial" */
  background?: BackgroundKind;
  /** Background polynomial degree. @default 1 */
  backgroundDegree?: number;
  /** x range [min, max] the background is scaled to (the data range). */
  xRange: readonly [number, number];
  /** Starting background values (length = background parameter count). @default zeros */
  backgroundValues?: ArrayLike<number>;
  /** Tie every width/shape parameter of each peak to the first peak of the same shape. @default false */
  shareWidths?: boolean;
  /** Ties by name. */
  ties?: readonly NamedTie[];
  /** Names of parameters held fixed. */
  fixed?: readonly string[];
  /** Bounds by name, [lower, upper] (replace the defaults). */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** Keep every centre within +- this distance of its start (x units). @default no bound */
  centerWindow?: number;
  /** Constrain intensities to be >= 0. @default true */
  nonNegative?: boolean;
}

/** One component (peak or background) evaluated separately, for plotting. */
export interface FitComponent {
  /** Peak name (e.g. "p0") or "background". */
  name: string;
  /** Component values at x. */
  y: Float64Array;
}

/** A peak model ready for {@link curveFit}. */
export interface PeakModel {
  /** Parameter names, e.g. ["p0_center", "p0_height", ..., "bg_c0", "bg_c1"]. */
  parameterNames: string[];
  /** Starting values. */
  initial: Float64Array;
  /** Lower bounds (-Infinity when none). */
  lower: Float64Array;
  /** Upper bounds (Infinity when none). */
  upper: Float64Array;
  /** Fixed flags. */
  fixed: boolean[];
  /** Ties by index. */
  ties: ParameterTie[];
  /** Model function. */
  model: ModelFunction;
  /** Analytic Jacobian. */
  jacobian: JacobianFunction;
  /** Peaks: name, shape object and first parameter index. */
  peaks: { name: string; shape: PeakShape; offset: number }[];
  /** Background component and its first parameter index. */
  background: { component: Background; offset: number };
  /** Evaluates each component separately at x. */
  components(x: ArrayLike<number>, p: ArrayLike<number>): FitComponent[];
  /** Index of a parameter by name (throws InvalidParameterError when unknown). */
  indexOf(name: string): number;
}

function startingWidths(kind: PeakShapeKind, fwhm: number): Record<string, number> {
  switch (kind) {
    case "gaussian":
    case "lorentzian":
      return { fwhm };
    case "pseudoVoigt":
      return { fwhm, eta: 0.5 };
    case "tchPseudoVoigt":
    case "voigt":
      // gG = 0.7 w, gL = 0.45 w give a combined FWHM close to w (TCH 1987 eq. 3).
      return { fwhmGaussian: 0.7 * fwhm, fwhmLorentzian: 0.45 * fwhm };
    case "pearson7":
      return { fwhm, m: 2 };
    case "splitPseudoVoigt":
      return { fwhmLeft: fwhm, fwhmRight: fwhm, eta: 0.5 };
  }
}

/**
 * Builds a peak + background model.
 *
 * @param options - peaks, shapes, background, constraints
 * @returns model, Jacobian, names, starting values, bounds, ties and a component evaluator
 * @throws InvalidParameterError for unknown names in ties/fixed/bounds, duplicate peak names or bad ranges
 * @example
 * const m = createPeakModel({ peaks: [{ center: 10, intensity: 100, fwhm: 0.1 }], xRange: [9, 11] });
 * const fit = curveFit(m.model, x, y, m.initial, { jacobian: m.jacobian, lower: m.lower, upper: m.upper, ties: m.ties, fixed: m.fixed });
 */
export function createPeakModel(options: PeakModelOptions): PeakModel {
  const defaultShape = options.shape ?? "pseudoVoigt";
  const intensity = options.intensity ?? "height";
  const [xMin, xMax] = options.xRange;
  const background = createBackground(options.background ?? "polynomial", xMin, xMax, { degree: options.backgroundDegree ?? 1 });
  const names: string[] = [];
  const initial: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const peaks: { name: string; shape: PeakShape; offset: number }[] = [];
  const nonNegative = options.nonNegative ?? true;
  const defaultFwhm = (xMax - xMin) / 100;
  options.peaks.forEach((spec, k) => {
    const name = spec.name ?? `p${k}`;
    if (peaks.some((p) => p.name === name)) throw new InvalidParameterError({ parameter: `options.peaks[${k}].name`, value: name, expected: "a unique peak name" });
    if (!Number.isFinite(spec.center)) throw new InvalidParameterError({ parameter: `options.peaks[${k}].center`, value: spec.center, expected: "a finite number" });
    const kind = spec.shape ?? defaultShape;
    const shape = createPeakShape(kind, { intensity });
    const fwhm = spec.fwhm ?? defaultFwhm;
    if (!(fwhm > 0)) throw new InvalidParameterError({ parameter: `options.peaks[${k}].fwhm`, value: fwhm, expected: "a positive number" });
    const widths = startingWidths(kind, fwhm);
    const offset = names.length;
    peaks.push({ name, shape, offset });
    for (const suffix of shape.parameterNames) {
      let value: number;
      const explicit = spec.values?.[suffix];
      if (explicit !== undefined) value = explicit;
      else if (suffix === "center") value = spec.center;
      else if (suffix === "height" || suffix === "area") value = spec.intensity ?? 1;
      else value = widths[suffix] ?? 1;
      let lo = shape.lowerLimits[suffix] ?? -Infinity;
      let hi = shape.upperLimits[suffix] ?? Infinity;
      if ((suffix === "height" || suffix === "area") && nonNegative) lo = 0;
      if (suffix === "center" && options.centerWindow !== undefined) {
        lo = spec.center - options.centerWindow;
        hi = spec.center + options.centerWindow;
      }
      names.push(`${name}_${suffix}`);
      initial.push(value);
      lower.push(lo);
      upper.push(hi);
    }
  });
  const bgOffset = names.length;
  background.parameterNames.forEach((suffix, k) => {
    names.push(`bg_${suffix}`);
    initial.push(options.backgroundValues?.[k] ?? 0);
    lower.push(-Infinity);
    upper.push(Infinity);
  });
  const indexOf = (name: string, where = "name"): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new InvalidParameterError({ parameter: where, value: name, expected: `one of ${names.join(", ")}` });
    return i;
  };
  for (const [name, range] of Object.entries(options.bounds ?? {})) {
    const i = indexOf(name, `options.bounds.${name}`);
    lower[i] = range[0];
    upper[i] = range[1];
  }
  const fixed = names.map(() => false);
  for (const name of options.fixed ?? []) fixed[indexOf(name, "options.fixed")] = true;
  const ties: ParameterTie[] = [];
  const tied = new Set<number>();
  if (options.shareWidths === true) {
    const firstOfKind = new Map<PeakShapeKind, { offset: number }>();
    for (const peak of peaks) {
      const first = firstOfKind.get(peak.shape.kind);
      if (first === undefined) {
        firstOfKind.set(peak.shape.kind, peak);
        continue;
      }
      for (let k = 2; k < peak.shape.parameterNames.length; k++) {
        ties.push({ parameter: peak.offset + k, source: first.offset + k });
        tied.add(peak.offset + k);
        initial[peak.offset + k] = initial[first.offset + k]!;
      }
    }
  }
  for (const tie of options.ties ?? []) {
    const parameter = indexOf(tie.parameter, "options.ties.parameter");
    if (tied.has(parameter)) {
      const at = ties.findIndex((t) => t.parameter === parameter);
      ties.splice(at, 1);
    }
    ties.push({ parameter, source: indexOf(tie.source, "options.ties.source"), factor: tie.factor ?? 1, offset: tie.offset ?? 0 });
    tied.add(parameter);
  }
  // Starting values strictly inside their bounds (a start on a bound cannot move, see curveFit).
  for (let i = 0; i < initial.length; i++) {
    const lo = lower[i]!;
    const hi = upper[i]!;
    const span = Number.isFinite(hi - lo) ? hi - lo : Math.max(1, Math.abs(initial[i]!));
    if (initial[i]! <= lo) initial[i] = lo + 1e-3 * span;
    if (initial[i]! >= hi) initial[i] = hi - 1e-3 * span;
  }
  const bgCount = background.parameterNames.length;
  const model: ModelFunction = (x, p, out) => {
    out.fill(0);
    for (const peak of peaks) peak.shape.add(x, p, peak.offset, out);
    if (bgCount > 0) background.add(x, p, bgOffset, out);
  };
  const jacobian: JacobianFunction = (x, p, out) => {
    for (const peak of peaks) peak.shape.addJacobian(x, p, peak.offset, out, peak.offset);
    if (bgCount > 0) background.addJacobian(x, p, bgOffset, out, bgOffset);
  };
  return {
    parameterNames: names,
    initial: Float64Array.from(initial),
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
    fixed,
    ties,
    model,
    jacobian,
    peaks,
    background: { component: background, offset: bgOffset },
    components(xIn, pIn) {
      const x = Float64Array.from(xIn);
      const p = Float64Array.from(pIn);
      const list: FitComponent[] = peaks.map((peak) => {
        const y = new Float64Array(x.length);
        peak.shape.add(x, p, peak.offset, y);
        return { name: peak.name, y };
      });
      if (bgCount > 0) {
        const y = new Float64Array(x.length);
        background.add(x, p, bgOffset, y);
        list.push({ name: "background", y });
      }
      return list;
    },
    indexOf: (name) => indexOf(name),
  };
}
