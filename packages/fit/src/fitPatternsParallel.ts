/**
 * Parallel fitting of independent patterns on worker threads (piscina pool).
 *
 * @packageDocumentation
 */
import { availableParallelism } from "node:os";
import type { Pattern, Series } from "@operando/core";
import { InvalidParameterError } from "@operando/core";
import type { ColumnTable } from "arquero";
import { Piscina } from "piscina";
import type { FitPeaksOptions, FitPeaksResult } from "./fitPeaks.js";
import { seriesTable } from "./fitSeries.js";
import type { FitWorkerOutput, FitWorkerTask } from "./fitWorker.js";

/** Options of {@link fitPatternsParallel}. */
export interface FitPatternsParallelOptions extends Omit<FitPeaksOptions, "sigma"> {
  /** Worker threads. @default min(4, availableParallelism()) */
  threads?: number;
}

/** One pattern's outcome in a parallel batch. */
export interface ParallelFitEntry {
  /** Index in the input. */
  index: number;
  /** The fit (without model functions), or undefined when it failed. */
  result: Omit<FitPeaksResult, "model"> | undefined;
  /** "failed", "notConverged", "singular". */
  flags: string[];
  /** Error message of a failed fit. */
  error?: string;
}

/** Result of {@link fitPatternsParallel}. */
export interface FitPatternsParallelResult {
  /** Series fit table (docs/tables.md). */
  table: ColumnTable;
  /** Per pattern, in input order. */
  entries: ParallelFitEntry[];
}

/**
 * Where the worker module is: next to this file after a build (dist/fitWorker.js); from the
 * TypeScript sources, a small .mjs bootstrap that registers tsx in the worker first.
 */
function workerLocation(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const conditions = process.execArgv.some((a) => a.includes("conditions")) ? [] : ["--conditions=source"];
    return { filename: new URL("./internal/tsWorkerBootstrap.mjs", here).href, execArgv: [...process.execArgv, ...conditions] };
  }
  return { filename: new URL("./fitWorker.js", here).href, execArgv: process.execArgv };
}

/**
 * Fits independent patterns (no seeding from neighbours) on a piscina worker pool. Each pattern
 * gets a fresh peak search unless `options.start` is given. Fit failures are flagged per pattern.
 *
 * @param input - patterns or a series
 * @param options - fitPeaks options plus the thread count
 * @returns the series fit table and per-pattern results, in input order
 * @throws InvalidParameterError for an empty input or a bad thread count
 * @example
 * const { table } = await fitPatternsParallel(series, { peaks: 2, threads: 2 });
 */
export async function fitPatternsParallel(input: Series | readonly Pattern[], options: FitPatternsParallelOptions = {}): Promise<FitPatternsParallelResult> {
  const patterns = "patterns" in input ? input.patterns : input;
  if (patterns.length === 0) throw new InvalidParameterError({ parameter: "patterns", value: "[]", expected: "at least one pattern" });
  const { threads: threadOption, ...fitOptions } = options;
  const threads = threadOption ?? Math.min(4, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) throw new InvalidParameterError({ parameter: "options.threads", value: threads, expected: "a positive integer" });
  const { filename, execArgv } = workerLocation();
  const pool = new Piscina<FitWorkerTask, FitWorkerOutput>({ filename, minThreads: 1, maxThreads: threads, execArgv });
  try {
    const outputs = await Promise.all(
      patterns.map((pattern) =>
        pool.run({ x: pattern.x, y: pattern.y, options: { ...fitOptions, ...(pattern.sigma === undefined ? {} : { sigma: pattern.sigma }) } }),
      ),
    );
    const entries: ParallelFitEntry[] = outputs.map((out, index) => {
      if (!out.ok) return { index, result: undefined, flags: ["failed"], error: `${out.name}: ${out.error}` };
      const flags: string[] = [];
      if (!out.result.fit.converged) flags.push("notConverged");
      if (out.result.fit.singular) flags.push("singular");
      return { index, result: out.result, flags };
    });
    const series: Series = "patterns" in input ? input : { patterns, meta: {} };
    return { table: seriesTable(series, entries), entries };
  } finally {
    await pool.destroy();
  }
}
