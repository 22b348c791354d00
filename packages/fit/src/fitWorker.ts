/**
 * Worker-thread task of {@link fitPatternsParallel}: fits one pattern with fitPeaks and returns a
 * structured-cloneable result (everything but the model functions).
 *
 * @packageDocumentation
 */
import type { FitPeaksOptions, FitPeaksResult } from "./fitPeaks.js";
import { fitPeaks } from "./fitPeaks.js";

/** Input of one worker task. */
export interface FitWorkerTask {
  x: Float64Array;
  y: Float64Array;
  options: FitPeaksOptions;
}

/** Output of one worker task: the fit without its (non-cloneable) model, or an error message. */
export type FitWorkerOutput = { ok: true; result: Omit<FitPeaksResult, "model"> } | { ok: false; error: string; name: string };

/** Several patterns in one message (fewer round trips when each fit takes ~1 ms). */
export interface FitWorkerBatch {
  items: FitWorkerTask[];
}

/**
 * Runs one fit, or each fit of a batch; errors are returned, not thrown, so one bad pattern does
 * not stop a batch.
 * @param task - one pattern or a batch
 * @returns the output, or one per batch item in order
 */
export default function fitWorkerTask(task: FitWorkerTask | FitWorkerBatch): FitWorkerOutput | FitWorkerOutput[] {
  if ("items" in task) return task.items.map(fitOne);
  return fitOne(task);
}

function fitOne(task: FitWorkerTask): FitWorkerOutput {
  try {
    const { model: _model, ...result } = fitPeaks(task.x, task.y, task.options);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : "Error" };
  }
}
