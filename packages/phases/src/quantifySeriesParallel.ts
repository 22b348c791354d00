/**
 * {@link quantifySeries} over worker threads: layers are independent sequential chains, so they
 * are distributed over `workers` threads (node:worker_threads). Results are identical to the
 * single-thread run, except that a function-valued incident spectrum is sampled (2049 nodes over
 * 0.5-2 times the window's energies) because functions cannot cross threads.
 *
 * @packageDocumentation
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { HC_KEV_ANGSTROM, InvalidParameterError, OperandoError } from "@operando/core";
import type { Calibration } from "@operando/calibrate";
import type { Series } from "@operando/core";
import type { PatternQuantification } from "./quantifyPattern.js";
import type { QuantifySeriesOptions, SeriesQuantification } from "./quantifySeries.js";
import { checkPhaseIds, layerGroups, quantifySeries } from "./quantifySeries.js";
import type { SpectrumTable } from "./internal/spectrumTable.js";
import { sampleSpectrum } from "./internal/spectrumTable.js";

/** Options of {@link quantifySeriesParallel}. */
export interface QuantifySeriesParallelOptions extends QuantifySeriesOptions {
  /** Worker threads (1 = run in this thread). @default min(layers, os.availableParallelism()) */
  workers?: number;
}

function workerUrl(): URL {
  // Under the "source" condition this module is .ts (run through tsx); built, it is .js.
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./internal/seriesWorker.${ext}`, import.meta.url);
}

/**
 * Quantifies a series with layers spread over worker threads.
 *
 * @param series - the series (meta.layer groups the sequential chains)
 * @param calibration - its calibration
 * @param options - quantifySeries options plus `workers`
 * @returns the same as {@link quantifySeries}
 * @throws InvalidParameterError for an unknown phase or invalid `workers`
 * @throws OperandoError when a worker fails (with the worker's message)
 * @example const q = await quantifySeriesParallel(series, cal, { workers: 2 });
 */
export async function quantifySeriesParallel(series: Series, calibration: Calibration, options: QuantifySeriesParallelOptions = {}): Promise<SeriesQuantification> {
  const phases = checkPhaseIds(options);
  const { workers: requested, onProgress, direction = "forward", incidentSpectrum, ...rest } = options;
  const groups = [...layerGroups(series.patterns, direction).values()];
  const workers = requested ?? Math.min(groups.length, availableParallelism());
  if (!(Number.isInteger(workers) && workers >= 1)) throw new InvalidParameterError({ parameter: "workers", value: workers, expected: "an integer >= 1" });
  if (workers === 1 || groups.length === 1) return quantifySeries(series, calibration, options);
  let spectrum: SpectrumTable | undefined;
  if (incidentSpectrum !== undefined) {
    if (calibration.kind !== "energy-dispersive" || calibration.twoThetaDeg === null) {
      throw new InvalidParameterError({ parameter: "incidentSpectrum", value: "function", expected: "an energy-dispersive calibration with 2theta (the spectrum applies to EDXRD only)" });
    }
    const k = HC_KEV_ANGSTROM / (2 * Math.sin((calibration.twoThetaDeg * Math.PI) / 360));
    const lo = (0.5 * k) / (options.dMaxAngstrom ?? 5.2);
    const hi = (2 * k) / (options.dMinAngstrom ?? 3.8);
    spectrum = sampleSpectrum(incidentSpectrum, lo, hi, 2049);
  }
  const total = series.patterns.length;
  let done = 0;
  const results = new Map<number, PatternQuantification>();
  const url = workerUrl();
  // Running from TypeScript sources (tsx, "source" condition): the worker needs the same loader.
  // Running from TypeScript sources (tsx, "source" condition): the worker registers tsx's loader
  // before importing the worker module.
  const fromSource = url.pathname.endsWith(".ts");
  const bootstrap = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  const pool = Array.from({ length: Math.min(workers, groups.length) }, () => (fromSource ? new Worker(bootstrap, { eval: true, execArgv: ["--conditions=source"] }) : new Worker(url)));
  try {
    let next = 0;
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= groups.length) {
                resolve();
                return;
              }
              const jobId = next++;
              const indices = groups[jobId]!;
              worker.postMessage({ jobId, patterns: indices.map((i) => series.patterns[i]), indices, calibration, options: rest, spectrum });
            };
            worker.on("message", (msg: { progress?: number; results?: { index: number; result: PatternQuantification }[]; error?: { name: string; message: string } }) => {
              if (msg.progress !== undefined) onProgress?.(++done, total);
              else if (msg.error !== undefined) reject(new OperandoError(`worker failed: ${msg.error.name}: ${msg.error.message}`));
              else if (msg.results !== undefined) {
                for (const r of msg.results) results.set(r.index, r.result);
                send();
              }
            });
            worker.on("error", (e) => reject(new OperandoError(`worker failed: ${e.message}`, { cause: e })));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  const rows = series.patterns.map((p, index) => ({ index, timeS: p.meta.timeS ?? index, layer: p.meta.layer ?? 0, result: results.get(index)! }));
  return { rows, phases };
}
