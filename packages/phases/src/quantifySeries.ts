/**
 * Sequential window quantification of a whole series: per layer, patterns in time order (forward
 * or reverse), each fit seeded from the previous pattern's phases, lattices and width, with phase
 * selection re-run at every pattern (adjacent phases tried, present phases re-tested). Patterns
 * that cannot be quantified get a flag instead of numbers; the series goes on.
 *
 * @packageDocumentation
 */
import type { Calibration } from "@operando/calibrate";
import type { Pattern, Series } from "@operando/core";
import { InvalidParameterError } from "@operando/core";
import { LIXV2O5_PHASES } from "@operando/crystal";
import { WindowOutsidePatternError } from "./errors.js";
import type { SinglePhaseXValue } from "./internal/composition.js";
import type { PatternQuantification, QuantificationSeed, QuantifyInternals, QuantifyPatternOptions } from "./quantifyPattern.js";
import { quantifyPatternWith } from "./quantifyPattern.js";

/** Options of {@link quantifySeries}. */
export interface QuantifySeriesOptions extends Omit<QuantifyPatternOptions, "seed"> {
  /** Time direction of the sequential seeding. @default "forward" */
  direction?: "forward" | "reverse";
  /** Called after each pattern with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** One quantified pattern of a series. */
export interface SeriesQuantificationRow {
  /** Index of the pattern in the input series. */
  index: number;
  /** Time (s): pattern meta.timeS, else the index. */
  timeS: number;
  /** Layer: pattern meta.layer, else 0. */
  layer: number;
  /** The quantification (phases empty and x NaN when flagged). */
  result: PatternQuantification;
}

/** Result of {@link quantifySeries}. */
export interface SeriesQuantification {
  /** Rows in input order. */
  rows: SeriesQuantificationRow[];
  /** Candidate phase ids (column order of the layer table). */
  phases: string[];
}

/** A flagged result without numbers. @internal */
export function emptyResult(flag: string, seed: QuantificationSeed | undefined): PatternQuantification {
  const none = new Float64Array(0);
  return {
    phases: [],
    x: Number.NaN,
    xSigma: Number.NaN,
    reducedChiSquare: Number.NaN,
    widthScale: Number.NaN,
    lorentzianFraction: Number.NaN,
    fluorescence: [],
    flags: [flag],
    selection: [],
    window: { axis: none, counts: none, fitted: none, unit: "keV" },
    seed: seed ?? { selected: [], lattices: {}, widthScale: 1 },
  };
}

/** Groups pattern indices by layer, each group in time order. @internal */
export function layerGroups(patterns: readonly Pattern[], direction: "forward" | "reverse"): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  patterns.forEach((p, i) => {
    const layer = p.meta.layer ?? 0;
    const list = groups.get(layer) ?? [];
    list.push(i);
    groups.set(layer, list);
  });
  for (const list of groups.values()) {
    list.sort((a, b) => (patterns[a]!.meta.timeS ?? a) - (patterns[b]!.meta.timeS ?? b) || a - b);
    if (direction === "reverse") list.reverse();
  }
  return groups;
}

/**
 * Quantifies a chain of patterns sequentially, each seeded from the last quantified one (the unit
 * of work of a worker thread; `seed` continues a chain split into batches; `singlePhaseX` holds
 * per-pattern single-phase compositions evaluated on the main thread).
 * @returns results in chain order and the seed for the next pattern of the chain
 * @internal
 */
export function quantifyChain(
  patterns: readonly Pattern[],
  calibration: Calibration,
  options: QuantifyPatternOptions,
  internals: QuantifyInternals,
  seed: QuantificationSeed | undefined,
  onDone?: () => void,
  singlePhaseX?: readonly (Readonly<Record<string, SinglePhaseXValue>> | undefined)[],
): { results: PatternQuantification[]; seed: QuantificationSeed | undefined } {
  const results: PatternQuantification[] = [];
  let current = seed;
  for (const [k, pattern] of patterns.entries()) {
    let result: PatternQuantification;
    const hints = singlePhaseX?.[k];
    try {
      result = quantifyPatternWith(pattern, calibration, current === undefined ? options : { ...options, seed: current }, hints === undefined ? internals : { ...internals, singlePhaseX: hints });
    } catch (error) {
      if (error instanceof WindowOutsidePatternError) result = emptyResult("windowOutside", current);
      else throw error;
    }
    // Flagged patterns (no signal, no phase) do not reset the seed of the next pattern.
    if (result.phases.length > 0) current = result.seed;
    results.push(result);
    onDone?.();
  }
  return { results, seed: current };
}

/** Validates the phase ids once, before any pattern (an unknown phase is an error, not a flag). @internal */
export function checkPhaseIds(options: QuantifyPatternOptions): string[] {
  const library = options.library ?? LIXV2O5_PHASES;
  const ids = options.phases ?? Object.keys(library);
  for (const id of ids) {
    if (library[id] === undefined) throw new InvalidParameterError({ parameter: "phases", value: id, expected: `phase ids from the library: ${Object.keys(library).join(", ")}` });
  }
  return [...ids];
}

/**
 * Quantifies every pattern of a series on one thread (see {@link quantifySeriesParallel} for
 * worker threads over layers).
 *
 * @param series - calibrated-axis series (channel/energy for EDXRD, 2theta for ADXRD) with meta.timeS and meta.layer
 * @param calibration - the calibration of the series
 * @param options - quantifyPattern options plus direction and progress callback
 * @returns one row per pattern (input order) and the candidate phase ids
 * @throws InvalidParameterError for an unknown phase id or invalid options
 * @example
 * const q = quantifySeries(series, calibration, { phases: ["alpha", "epsilon", "delta"] });
 * const table = layerTable(q); await writeQuantificationTable("layers.csv", table);
 */
export function quantifySeries(series: Series, calibration: Calibration, options: QuantifySeriesOptions = {}): SeriesQuantification {
  const phases = checkPhaseIds(options);
  const { direction = "forward", onProgress, ...patternOptions } = options;
  if (direction !== "forward" && direction !== "reverse") throw new InvalidParameterError({ parameter: "direction", value: direction, expected: '"forward" or "reverse"' });
  const total = series.patterns.length;
  let done = 0;
  const results = new Map<number, PatternQuantification>();
  for (const order of layerGroups(series.patterns, direction).values()) {
    const part = quantifyChain(
      order.map((i) => series.patterns[i]!),
      calibration,
      patternOptions,
      {},
      undefined,
      () => onProgress?.(++done, total),
    );
    order.forEach((i, k) => results.set(i, part.results[k]!));
  }
  const rows = series.patterns.map((p, index) => ({ index, timeS: p.meta.timeS ?? index, layer: p.meta.layer ?? 0, result: results.get(index)! }));
  return { rows, phases };
}
