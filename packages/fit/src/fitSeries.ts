/**
 * Sequential fitting of a series: each pattern's fit starts from the previous result (in forward
 * or reverse order), guarded by a quality gate that reseeds from a fresh peak search instead of
 * propagating a bad fit. Results come back as an arquero table (docs/tables.md, "Series fit
 * table") plus the per-pattern fits.
 *
 * @packageDocumentation
 */
import type { Pattern, Series } from "@operando/core";
import { InvalidParameterError } from "@operando/core";
import type { ColumnTable } from "arquero";
import { table } from "arquero";
import type { CurveFitResult } from "./curveFit.js";
import type { FitPeaksOptions, FitPeaksResult } from "./fitPeaks.js";
import { fitPeaks } from "./fitPeaks.js";

/** Quality gate of {@link fitSeries}. */
export interface SeriesQualityGate {
  /**
   * Minimum peak SNR: fitted height / median sigma of the data (sqrt(counts) when no sigma).
   * Below it the fit is flagged "lowSnr" and reseeded.
   * @default 3
   */
  minSnr?: number;
  /** Reseed when the reduced chi-square exceeds this factor times the previous accepted one. @default 3 */
  maxChiSquareJump?: number;
}

/** Options of {@link fitSeries}: those of fitPeaks (without `start`) plus order and gate. */
export interface FitSeriesOptions extends Omit<FitPeaksOptions, "start" | "sigma"> {
  /** Fit order; results are always returned in series order. @default "forward" */
  order?: "forward" | "reverse";
  /** Quality gate. */
  quality?: SeriesQualityGate;
  /** Called after each pattern with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** One pattern's outcome. */
export interface SeriesFitEntry {
  /** Index in the series. */
  index: number;
  /** The fit (undefined when both the seeded fit and the reseed failed). */
  result: FitPeaksResult | undefined;
  /** Flags: "reseeded", "lowSnr", "chiSquareJump", "notConverged", "singular", "failed". */
  flags: string[];
  /** Error message when the fit failed. */
  error?: string;
}

/** The part of a per-pattern outcome the series table needs. */
export interface SeriesTableEntry {
  /** Index in the series. */
  index: number;
  /** The fit, when there is one. */
  result: { fit: CurveFitResult } | undefined;
  /** Flags. */
  flags: readonly string[];
}

/** Result of {@link fitSeries}. */
export interface FitSeriesResult {
  /** Series fit table: index, timeS, layer, <name>, <name>_sigma, chi2, reducedChi2, rwp, evaluations, status, flags. */
  table: ColumnTable;
  /** Per pattern, in series order. */
  entries: SeriesFitEntry[];
}

/** Median sigma of a pattern (sqrt(counts) without sigma): the noise level of the SNR gate. */
function typicalSigma(pattern: Pattern): number {
  const n = pattern.y.length;
  const values = new Float64Array(n);
  const sigma = pattern.sigma;
  for (let i = 0; i < n; i++) values[i] = sigma !== undefined ? sigma[i]! : Math.sqrt(Math.max(pattern.y[i]!, 1));
  values.sort();
  return values[n >> 1] ?? 1;
}

function minPeakSnr(result: FitPeaksResult, noise: number): number {
  let min = Infinity;
  for (const p of result.peaks) min = Math.min(min, p.height / noise);
  return min;
}

/**
 * Fits every pattern of a series with the same peak model, each starting from the previous
 * accepted result. A fit that did not converge, whose reduced chi-square jumped by more than
 * `maxChiSquareJump`, or whose weakest peak has SNR < `minSnr` is redone from a fresh peak search;
 * the better (lower chi-square) of the two is kept and flagged.
 *
 * @param series - patterns (uses their sigma when present)
 * @param options - fitPeaks options plus order and quality gate
 * @returns the series fit table and per-pattern results
 * @throws InvalidParameterError for an empty series or bad options (fit failures are flagged, not thrown)
 * @example
 * const { table } = fitSeries(series, { peaks: 2, shape: "pseudoVoigt", window: [4, 5] });
 * table.print();
 */
export function fitSeries(series: Series, options: FitSeriesOptions = {}): FitSeriesResult {
  const patterns = series.patterns;
  if (patterns.length === 0) throw new InvalidParameterError({ parameter: "series.patterns", value: "[]", expected: "at least one pattern" });
  const order = options.order ?? "forward";
  if (order !== "forward" && order !== "reverse") throw new InvalidParameterError({ parameter: "options.order", value: order, expected: '"forward" or "reverse"' });
  const minSnr = options.quality?.minSnr ?? 3;
  const maxJump = options.quality?.maxChiSquareJump ?? 3;
  const { order: _o, quality: _q, onProgress, ...fitOptions } = options;
  const entries: SeriesFitEntry[] = patterns.map((_, index) => ({ index, result: undefined, flags: [] }));
  const sequence = patterns.map((_, i) => (order === "forward" ? i : patterns.length - 1 - i));
  let previous: FitPeaksResult | undefined;
  let done = 0;
  for (const index of sequence) {
    const pattern = patterns[index]!;
    const entry = entries[index]!;
    const base: FitPeaksOptions = { ...fitOptions, ...(pattern.sigma === undefined ? {} : { sigma: pattern.sigma }) };
    const noise = typicalSigma(pattern);
    const attempt = (start: Float64Array | undefined): FitPeaksResult | string => {
      try {
        return fitPeaks(pattern.x, pattern.y, start === undefined ? base : { ...base, start });
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    };
    let result = attempt(previous?.fit.parameters);
    const problems: string[] = [];
    if (typeof result === "string") problems.push("failed");
    else {
      if (!result.fit.converged) problems.push("notConverged");
      if (previous !== undefined && result.fit.reducedChiSquare > maxJump * previous.fit.reducedChiSquare) problems.push("chiSquareJump");
      if (minPeakSnr(result, noise) < minSnr) problems.push("lowSnr");
    }
    if (problems.length > 0 && previous !== undefined) {
      const fresh = attempt(undefined);
      entry.flags.push("reseeded");
      if (typeof fresh !== "string" && (typeof result === "string" || fresh.fit.chiSquare < result.fit.chiSquare)) {
        result = fresh;
        problems.length = 0;
        if (!fresh.fit.converged) problems.push("notConverged");
        if (minPeakSnr(fresh, noise) < minSnr) problems.push("lowSnr");
      }
    }
    entry.flags.push(...problems);
    if (typeof result === "string") {
      entry.error = result;
      if (!entry.flags.includes("failed")) entry.flags.push("failed");
    } else {
      entry.result = result;
      if (result.fit.singular) entry.flags.push("singular");
      // Propagate only fits that pass the gate; a flagged fit does not seed the next one.
      if (!entry.flags.includes("lowSnr") && result.fit.converged) previous = result;
    }
    done++;
    onProgress?.(done, patterns.length);
  }
  return { table: seriesTable(series, entries), entries };
}

/**
 * Builds the series fit table from per-pattern results (also used by the parallel fitter).
 * @param series - the series (for time and layer columns)
 * @param entries - results in series order
 * @returns an arquero table, one row per pattern (time, layer, fitted parameters with their standard errors, fit statistics)
 */
export function seriesTable(series: Series, entries: readonly SeriesTableEntry[]): ColumnTable {
  const names = entries.find((e) => e.result !== undefined)?.result?.fit.parameterNames ?? [];
  const n = entries.length;
  const columns: Record<string, ArrayLike<unknown>> = {};
  columns.index = Int32Array.from(entries, (e) => e.index);
  columns.timeS = Float64Array.from(entries, (e) => series.patterns[e.index]?.meta.timeS ?? Number.NaN);
  columns.layer = Float64Array.from(entries, (e) => series.patterns[e.index]?.meta.layer ?? Number.NaN);
  names.forEach((name, j) => {
    columns[name] = Float64Array.from(entries, (e) => e.result?.fit.parameters[j] ?? Number.NaN);
    columns[`${name}_sigma`] = Float64Array.from(entries, (e) => e.result?.fit.standardErrors[j] ?? Number.NaN);
  });
  columns.chi2 = Float64Array.from(entries, (e) => e.result?.fit.chiSquare ?? Number.NaN);
  columns.reducedChi2 = Float64Array.from(entries, (e) => e.result?.fit.reducedChiSquare ?? Number.NaN);
  columns.rwp = Float64Array.from(entries, (e) => e.result?.fit.rwp ?? Number.NaN);
  columns.evaluations = Int32Array.from(entries, (e) => e.result?.fit.evaluations ?? 0);
  columns.status = Array.from({ length: n }, (_, i) => entries[i]!.result?.fit.status ?? "failed");
  columns.flags = Array.from({ length: n }, (_, i) => entries[i]!.flags.join(","));
  return table(columns);
}
