// Worker thread of quantifySeriesParallel: quantifies the layers it is sent, one message per layer.
import { parentPort } from "node:worker_threads";
import type { Calibration } from "@operando/calibrate";
import type { Pattern } from "@operando/core";
import type { QuantifyPatternOptions } from "../quantifyPattern.js";
import { quantifyLayer } from "../quantifySeries.js";
import { interpolateTable } from "./spectrumTable.js";
import type { SpectrumTable } from "./spectrumTable.js";

interface LayerJob {
  jobId: number;
  patterns: Pattern[];
  indices: number[];
  calibration: Calibration;
  options: QuantifyPatternOptions;
  spectrum: SpectrumTable | undefined;
}

parentPort?.on("message", (job: LayerJob) => {
  try {
    const options: QuantifyPatternOptions = job.spectrum === undefined ? job.options : { ...job.options, incidentSpectrum: interpolateTable(job.spectrum) };
    const order = job.patterns.map((_, i) => i);
    const results = quantifyLayer(job.patterns, order, job.calibration, options, () => parentPort?.postMessage({ jobId: job.jobId, progress: 1 }));
    parentPort?.postMessage({ jobId: job.jobId, results: job.indices.map((index, i) => ({ index, result: results.get(i)! })) });
  } catch (error) {
    parentPort?.postMessage({ jobId: job.jobId, error: { name: (error as Error).name, message: (error as Error).message } });
  }
});
