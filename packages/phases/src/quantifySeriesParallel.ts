/**
 * {@link quantifySeries} over worker threads. Each layer is a sequential chain (every pattern is
 * seeded from the previous one), so chains are cut into batches of consecutive patterns and a
 * batch goes to whichever worker is free, carrying the chain's seed; the next batch of that chain
 * is sent when the previous one has come back. Only the window part of each spectrum (the
 * d window's points plus two on each side) is sent, with its calibration once per worker, in
 * transferable buffers; results come back the same way. Results are identical to the
 * single-thread run: a function-valued incident spectrum is tabulated on exactly the nodes the
 * single-thread geometry uses.
 *
 * @packageDocumentation
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Calibration } from "@operando/calibrate";
import type { Series } from "@operando/core";
import { InvalidParameterError, OperandoError } from "@operando/core";
import { WindowOutsidePatternError } from "./errors.js";
import type { IncidentTable } from "./internal/geometry.js";
import { buildGeometry, tabulateIncidentSpectrum } from "./internal/geometry.js";
import type { WorkerBatch, WorkerInit, WorkerItem, WorkerReply } from "./internal/seriesWorker.js";
import type { PatternQuantification, QuantificationSeed } from "./quantifyPattern.js";
import type { QuantifySeriesOptions, SeriesQuantification } from "./quantifySeries.js";
import { checkPhaseIds, emptyResult, layerGroups, quantifySeries } from "./quantifySeries.js";

/** Options of {@link quantifySeriesParallel}. */
export interface QuantifySeriesParallelOptions extends QuantifySeriesOptions {
  /** Worker threads (1 = run in this thread). Ignored when `pool` is given. @default min(layers, os.availableParallelism()) */
  workers?: number;
  /** Patterns per message to a worker. @default 32 */
  batchSize?: number;
  /**
   * Started workers to use (and leave running) instead of starting and stopping `workers` threads
   * for this call: worth it when quantifying several series, since a worker's start (module
   * loading, JIT warm-up) costs about a second of CPU.
   * @default none
   */
  pool?: QuantifyWorkerPool;
}

/** Worker threads kept for several {@link quantifySeriesParallel} calls (one call at a time). */
export interface QuantifyWorkerPool {
  /** Number of worker threads. */
  readonly size: number;
  /** Stops the workers. */
  close(): Promise<void>;
}

interface PoolState extends QuantifyWorkerPool {
  workers: Worker[];
  busy: boolean;
  closed: boolean;
}

/**
 * Starts worker threads for {@link quantifySeriesParallel} (`pool` option).
 * @param options - `workers`: number of threads
 * @returns the pool; call `close()` when done
 * @throws InvalidParameterError for a non-positive or non-integer `workers`
 * @example
 * const pool = createQuantifyWorkerPool({ workers: 2 });
 * try { for (const s of seriesList) tables.push(layerTable(await quantifySeriesParallel(s, cal, { pool }))); }
 * finally { await pool.close(); }
 */
export function createQuantifyWorkerPool(options: { workers?: number } = {}): QuantifyWorkerPool {
  const size = options.workers ?? availableParallelism();
  if (!(Number.isInteger(size) && size >= 1)) throw new InvalidParameterError({ parameter: "workers", value: size, expected: "an integer >= 1" });
  const url = workerUrl();
  const workers = Array.from({ length: size }, () => startWorker(url));
  // Idle workers do not keep the process alive; they are referenced only during a call.
  for (const w of workers) w.unref();
  const state: PoolState = {
    size,
    workers,
    busy: false,
    closed: false,
    async close() {
      state.closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
  return state;
}

/** Points kept on each side of the window when slicing (so edge bin widths are unchanged). */
const SLICE_MARGIN = 2;

function workerUrl(): URL {
  // Under the "source" condition this module is .ts (run through tsx or vitest); built, it is .js.
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./internal/seriesWorker.${ext}`, import.meta.url);
}

function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith(".ts")) return new Worker(url);
  // From TypeScript sources: register tsx's loader in the worker before importing the module,
  // and resolve workspace packages to their sources ("source" condition).
  const bootstrap = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ["--conditions=source"] });
}

function sameAxis(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Quantifies a series with its layers' chains spread over worker threads.
 *
 * @param series - the series (meta.layer groups the sequential chains, meta.timeS orders them)
 * @param calibration - its calibration
 * @param options - quantifySeries options plus `workers` and `batchSize`
 * @returns the same as {@link quantifySeries}
 * @throws InvalidParameterError for an unknown phase, invalid `workers`/`batchSize`, or an axis that does not match the calibration
 * @throws OperandoError when a worker fails (with the worker's message)
 * @example const q = await quantifySeriesParallel(series, cal, { workers: 2 });
 */
export async function quantifySeriesParallel(series: Series, calibration: Calibration, options: QuantifySeriesParallelOptions = {}): Promise<SeriesQuantification> {
  const phases = checkPhaseIds(options);
  const { workers: requested, batchSize = 32, onProgress, direction = "forward", incidentSpectrum, pool: given, singlePhaseX, ...rest } = options;
  if (direction !== "forward" && direction !== "reverse") throw new InvalidParameterError({ parameter: "direction", value: direction, expected: '"forward" or "reverse"' });
  const groups = [...layerGroups(series.patterns, direction).values()];
  const workers = given?.size ?? requested ?? Math.min(groups.length, availableParallelism());
  if (!(Number.isInteger(workers) && workers >= 1)) throw new InvalidParameterError({ parameter: "workers", value: workers, expected: "an integer >= 1" });
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new InvalidParameterError({ parameter: "batchSize", value: batchSize, expected: "an integer >= 1" });
  if (workers === 1 || groups.length <= 1) return quantifySeries(series, calibration, options);
  const dMin = options.dMinAngstrom ?? 3.8;
  const dMax = options.dMaxAngstrom ?? 5.2;
  let incidentTable: IncidentTable | undefined;
  if (incidentSpectrum !== undefined) {
    if (calibration.kind !== "energy-dispersive" || calibration.twoThetaDeg === null) {
      throw new InvalidParameterError({ parameter: "incidentSpectrum", value: "function", expected: "an energy-dispersive calibration with 2theta (the spectrum applies to EDXRD only)" });
    }
    incidentTable = tabulateIncidentSpectrum(incidentSpectrum, calibration.twoThetaDeg, dMin, dMax);
  }
  const total = series.patterns.length;
  let done = 0;
  const results = new Map<number, PatternQuantification>();

  // Window slice of each pattern (the index range is recomputed only when the axis changes).
  const resolution = { electronicNoiseFwhmKeV: 0.15, fanoFactor: 0.11, pairEnergyEv: 2.96, angularSpreadDeg: 0, ...(options.resolution ?? {}) };
  const caglioti = options.caglioti ?? { u: 0, v: 0, w: 1e-4 };
  const minimumPoints = 3 * (options.backgroundTerms ?? 3) + 10;
  let lastAxis: ArrayLike<number> | undefined;
  let lastKind = "";
  let lastRange: [number, number] | undefined;
  const sliceOf = (index: number): WorkerItem | undefined => {
    const pattern = series.patterns[index]!;
    if (lastAxis === undefined || pattern.axis !== lastKind || !sameAxis(lastAxis, pattern.x)) {
      lastAxis = pattern.x;
      lastKind = pattern.axis;
      try {
        const g = buildGeometry({ pattern, calibration, dMinAngstrom: dMin, dMaxAngstrom: dMax, resolution, caglioti, incidentSpectrum: undefined, minimumPoints });
        lastRange = [Math.max(0, g.start - SLICE_MARGIN), Math.min(pattern.x.length, g.end + SLICE_MARGIN)];
      } catch (error) {
        if (!(error instanceof WindowOutsidePatternError)) throw error;
        lastRange = undefined;
      }
    }
    if (lastRange === undefined) return undefined;
    const [a, b] = lastRange;
    const item: WorkerItem = { index, axis: pattern.axis, x: Float64Array.from(pattern.x.subarray(a, b)), y: Float64Array.from(pattern.y.subarray(a, b)) };
    // A function cannot cross to a worker: evaluate it here, per pattern and candidate phase, with
    // the arguments quantifyPattern would pass (meta.layer or 0, meta.timeS or NaN).
    if (typeof singlePhaseX === "function") {
      item.singlePhaseX = Object.fromEntries(phases.map((id) => [id, singlePhaseX(id, pattern.meta.layer ?? 0, pattern.meta.timeS ?? Number.NaN)]));
    }
    return item;
  };

  interface Chain {
    order: number[];
    next: number;
    seed: QuantificationSeed | undefined;
    busy: boolean;
  }
  const chains: Chain[] = groups.map((order) => ({ order, next: 0, seed: undefined, busy: false }));
  /** Next batch of a chain: window slices of up to batchSize patterns (out-of-window ones flagged here). */
  const nextBatch = (chain: Chain): WorkerItem[] => {
    const items: WorkerItem[] = [];
    while (chain.next < chain.order.length && items.length < batchSize) {
      const index = chain.order[chain.next++]!;
      const item = sliceOf(index);
      if (item === undefined) {
        results.set(index, emptyResult("windowOutside", chain.seed));
        onProgress?.(++done, total);
      } else items.push(item);
    }
    return items;
  };

  const state = (given ?? createQuantifyWorkerPool({ workers: Math.min(workers, groups.length) })) as PoolState;
  if (state.closed) throw new InvalidParameterError({ parameter: "pool", value: "closed", expected: "an open worker pool" });
  if (state.busy) throw new InvalidParameterError({ parameter: "pool", value: "busy", expected: "a pool not used by another call at the same time" });
  state.busy = true;
  const pool = state.workers;
  for (const w of pool) w.ref();
  const detach: (() => void)[] = [];
  const init: WorkerInit = { kind: "init", calibration, options: typeof singlePhaseX === "function" || singlePhaseX === undefined ? rest : { ...rest, singlePhaseX }, incidentTable };
  let batchId = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const inFlight = new Map<number, Chain>();
      const dispatch = (worker: Worker): void => {
        if (failed) return;
        // The free chain with the most patterns left (keeps the workers busy to the end).
        let pick: Chain | undefined;
        for (const c of chains) if (!c.busy && c.next < c.order.length && (pick === undefined || c.order.length - c.next > pick.order.length - pick.next)) pick = c;
        if (pick === undefined) {
          if (inFlight.size === 0 && chains.every((c) => c.next >= c.order.length)) resolve();
          return;
        }
        const items = nextBatch(pick);
        if (items.length === 0) {
          dispatch(worker);
          return;
        }
        pick.busy = true;
        const id = batchId++;
        inFlight.set(id, pick);
        const batch: WorkerBatch = { kind: "batch", batchId: id, seed: pick.seed, items };
        const transfer = items.flatMap((it) => [it.x.buffer, it.y.buffer]) as ArrayBuffer[];
        worker.postMessage(batch, transfer);
      };
      const idle: Worker[] = [];
      for (const worker of pool) {
        worker.postMessage(init);
        const onMessage = (reply: WorkerReply): void => {
          const chain = inFlight.get(reply.batchId);
          inFlight.delete(reply.batchId);
          if (reply.error !== undefined || chain === undefined || reply.results === undefined) {
            failed = true;
            reject(new OperandoError(`worker failed: ${reply.error?.name ?? "Error"}: ${reply.error?.message ?? "unexpected reply"}`));
            return;
          }
          for (const r of reply.results) {
            results.set(r.index, r.result);
            onProgress?.(++done, total);
          }
          chain.seed = reply.seed;
          chain.busy = false;
          dispatch(worker);
          // A chain just became free: wake idle workers.
          while (idle.length > 0 && !failed) {
            const w = idle.pop()!;
            const before = inFlight.size;
            dispatch(w);
            if (inFlight.size === before) {
              idle.push(w);
              break;
            }
          }
          if (inFlight.size === 0 && chains.every((c) => c.next >= c.order.length)) resolve();
        };
        const onError = (e: Error): void => {
          failed = true;
          state.closed = true;
          reject(new OperandoError(`worker failed: ${e.message}`, { cause: e }));
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        detach.push(() => {
          worker.off("message", onMessage);
          worker.off("error", onError);
        });
      }
      for (const worker of pool) {
        const before = inFlight.size;
        dispatch(worker);
        if (inFlight.size === before) idle.push(worker);
      }
    });
  } finally {
    for (const off of detach) off();
    for (const w of pool) w.unref();
    state.busy = false;
    if (given === undefined || state.closed) await state.close();
  }
  const rows = series.patterns.map((p, index) => ({ index, timeS: p.meta.timeS ?? index, layer: p.meta.layer ?? 0, result: results.get(index)! }));
  return { rows, phases };
}
