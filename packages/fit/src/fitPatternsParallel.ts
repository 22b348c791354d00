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
import type { FitWorkerBatch, FitWorkerOutput, FitWorkerTask } from "./fitWorker.js";

/** Options of {@link fitPatternsParallel}. */
export interface FitPatternsParallelOptions extends Omit<FitPeaksOptions, "sigma"> {
  /** Worker threads (ignored with `pool`). @default min(4, availableParallelism()) */
  threads?: number;
  /**
   * A started pool from {@link createFitWorkerPool}, reused across calls (starting a worker costs
   * about a second of CPU from TypeScript sources); the call does not close it.
   */
  pool?: FitWorkerPool;
  /** Patterns per worker message. @default ceil(patterns / (4 threads)), at most 32 */
  batchSize?: number;
}

/** Started fit workers for several {@link fitPatternsParallel} calls; close it when done. */
export interface FitWorkerPool {
  /** Worker threads. */
  readonly threads: number;
  /** Whether {@link FitWorkerPool.close} was called. */
  readonly closed: boolean;
  /** Stops the workers. */
  close(): Promise<void>;
}

interface FitWorkerPoolState extends FitWorkerPool {
  readonly piscina: Piscina<FitWorkerTask | FitWorkerBatch, FitWorkerOutput | FitWorkerOutput[]>;
  closed: boolean;
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
  const { threads: threadOption, pool: given, batchSize: batchOption, ...fitOptions } = options;
  if (given !== undefined && given.closed) throw new InvalidParameterError({ parameter: "options.pool", value: "closed", expected: "an open worker pool" });
  if (batchOption !== undefined && !(Number.isInteger(batchOption) && batchOption >= 1)) {
    throw new InvalidParameterError({ parameter: "options.batchSize", value: batchOption, expected: "a positive integer" });
  }
  // (options are checked before any worker starts: a rejected call leaves no threads behind)
  const pool = (given ?? createFitWorkerPool({ threads: threadOption ?? Math.min(4, availableParallelism()) })) as FitWorkerPoolState;
  const batchSize = batchOption ?? Math.min(32, Math.max(1, Math.ceil(patterns.length / (4 * pool.threads))));
  try {
    const tasks: FitWorkerTask[] = patterns.map((pattern) => ({ x: pattern.x, y: pattern.y, options: { ...fitOptions, ...(pattern.sigma === undefined ? {} : { sigma: pattern.sigma }) } }));
    const batches: FitWorkerTask[][] = [];
    for (let i = 0; i < tasks.length; i += batchSize) batches.push(tasks.slice(i, i + batchSize));
    const results = await Promise.all(batches.map((items) => pool.piscina.run({ items })));
    const outputs = results.flatMap((r) => (Array.isArray(r) ? r : [r]));
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
    if (given === undefined) await pool.close();
  }
}

/**
 * Starts fit workers for several {@link fitPatternsParallel} calls (pass it as `pool`).
 * @param options - thread count
 * @returns the pool; `await pool.close()` when done
 * @throws InvalidParameterError for a bad thread count
 * @example
 * const pool = createFitWorkerPool({ threads: 2 });
 * try { for (const s of seriesList) tables.push((await fitPatternsParallel(s, { peaks: 2, pool })).table); }
 * finally { await pool.close(); }
 */
export function createFitWorkerPool(options: { threads?: number } = {}): FitWorkerPool {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) throw new InvalidParameterError({ parameter: "options.threads", value: threads, expected: "a positive integer" });
  const { filename, execArgv } = workerLocation();
  const piscina = new Piscina<FitWorkerTask | FitWorkerBatch, FitWorkerOutput | FitWorkerOutput[]>({ filename, minThreads: threads, maxThreads: threads, execArgv });
  const state: FitWorkerPoolState = {
    threads,
    piscina,
    closed: false,
    async close() {
      if (state.closed) return;
      state.closed = true;
      await piscina.destroy();
    },
  };
  return state;
}
