/**
 * Worker thread of quantifySeriesParallel. Protocol (structured clone, buffers transferred):
 * - `{ kind: "init", calibration, options, incidentTable }` once;
 * - `{ kind: "batch", batchId, seed, items: [{ index, axis, x, y }] }`: consecutive patterns of one
 *   chain (layer), window slices only; answered by `{ batchId, results: [{ index, result }], seed }`
 *   with the result window arrays transferred back, or `{ batchId, error }`.
 *
 * @packageDocumentation
 */
import { parentPort } from "node:worker_threads";
import type { Calibration } from "@operando/calibrate";
import type { AxisKind, Pattern } from "@operando/core";
import type { PatternQuantification, QuantificationSeed, QuantifyPatternOptions } from "../quantifyPattern.js";
import { quantifyChain } from "../quantifySeries.js";
import type { SinglePhaseXValue } from "./composition.js";
import type { IncidentTable } from "./geometry.js";

/** Initialization message. */
export interface WorkerInit {
  kind: "init";
  calibration: Calibration;
  options: QuantifyPatternOptions;
  incidentTable: IncidentTable | undefined;
}

/** One window slice of a pattern. */
export interface WorkerItem {
  index: number;
  axis: AxisKind;
  x: Float64Array;
  y: Float64Array;
  /** Single-phase compositions by phase id (the caller's singlePhaseX function evaluated on the main thread). */
  singlePhaseX?: Record<string, SinglePhaseXValue>;
}

/** A batch of consecutive patterns of one chain. */
export interface WorkerBatch {
  kind: "batch";
  batchId: number;
  seed: QuantificationSeed | undefined;
  items: WorkerItem[];
}

/** Reply to a batch. */
export interface WorkerReply {
  batchId: number;
  results?: { index: number; result: PatternQuantification }[];
  seed?: QuantificationSeed | undefined;
  error?: { name: string; message: string };
}

let init: WorkerInit | undefined;

parentPort?.on("message", (message: WorkerInit | WorkerBatch) => {
  if (message.kind === "init") {
    init = message;
    return;
  }
  try {
    if (init === undefined) throw new Error("batch before init");
    const patterns: Pattern[] = message.items.map((it) => ({ axis: it.axis, x: it.x, y: it.y, meta: {} }));
    const internals = init.incidentTable === undefined ? {} : { incidentTable: init.incidentTable };
    const { results, seed } = quantifyChain(patterns, init.calibration, init.options, internals, message.seed, undefined, message.items.map((it) => it.singlePhaseX));
    const transfer = new Set<ArrayBuffer>();
    for (const r of results) {
      for (const a of [r.window.axis, r.window.counts, r.window.fitted]) if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) transfer.add(a.buffer);
    }
    const reply: WorkerReply = { batchId: message.batchId, results: message.items.map((it, k) => ({ index: it.index, result: results[k]! })), seed };
    parentPort?.postMessage(reply, [...transfer]);
  } catch (error) {
    const reply: WorkerReply = { batchId: message.batchId, error: { name: (error as Error).name, message: (error as Error).message } };
    parentPort?.postMessage(reply);
  }
});
