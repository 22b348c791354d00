/**
 * Convenience: a layers x times series of EDXRD spectra from a function giving the sample at each
 * (layer, time).
 *
 * @packageDocumentation
 */
import type { Series } from "@operando/core";
import { createSeries, InvalidParameterError } from "@operando/core";
import type { EdxrdLine, EdxrdPeak, SimulateEdxrdOptions } from "./edxrd.js";
import { simulateEdxrd } from "./edxrd.js";
import type { SimulationPhase } from "./simulationPhase.js";

/** Options of {@link simulateEdxrdSeries}: everything of simulateEdxrd except the phases. */
export interface SimulateEdxrdSeriesOptions extends Omit<SimulateEdxrdOptions, "phases"> {
  /** Layer indices (e.g. 1..7). */
  layers: readonly number[];
  /** Acquisition times (s), one spectrum per layer at each time. */
  timesS: readonly number[];
  /** The sample (phases with scales, lattices or compositions) at a layer and time. */
  phasesAt: (layer: number, timeS: number) => readonly SimulationPhase[];
}

/** Known truth of one spectrum of the series. */
export interface EdxrdSeriesTruth {
  /** Layer index. */
  layer: number;
  /** Time (s). */
  timeS: number;
  /** Bragg peaks of this spectrum. */
  peaks: EdxrdPeak[];
  /** Fluorescence lines of this spectrum. */
  lines: EdxrdLine[];
}

/**
 * Simulates a layers x times EDXRD series. Spectra are produced in acquisition order: for each
 * time, every layer in the given order (so a shared rng is consumed in that order, and the series
 * is reproducible for a given seed). Each pattern gets meta.layer and meta.timeS.
 *
 * @param options - spectrum options, layers, times and the phase function
 * @returns the series and the truth per spectrum (same order)
 * @throws InvalidParameterError for empty layers/times or invalid options of any spectrum
 * @example
 * simulateEdxrdSeries({ ...instrument, layers: [3, 4, 5], timesS: [0, 40, 80],
 *   phasesAt: (layer, t) => [{ phase: getPhase("alpha"), scale: 1 - t / 1000 }] });
 */
export function simulateEdxrdSeries(options: SimulateEdxrdSeriesOptions): { series: Series; truth: EdxrdSeriesTruth[] } {
  const { layers, timesS, phasesAt, ...rest } = options;
  if (!Array.isArray(layers as unknown) || layers.length === 0) throw new InvalidParameterError({ parameter: "layers", value: layers, expected: "a non-empty array of layer indices" });
  if (!Array.isArray(timesS as unknown) || timesS.length === 0) throw new InvalidParameterError({ parameter: "timesS", value: timesS, expected: "a non-empty array of times (s)" });
  if (typeof phasesAt !== "function") throw new InvalidParameterError({ parameter: "phasesAt", value: phasesAt, expected: "a function (layer, timeS) => phases" });
  const patterns = [];
  const truth: EdxrdSeriesTruth[] = [];
  for (const timeS of timesS) {
    for (const layer of layers) {
      const { pattern, peaks, lines } = simulateEdxrd({ ...rest, phases: phasesAt(layer, timeS) });
      patterns.push({ ...pattern, meta: { ...pattern.meta, layer, timeS } });
      truth.push({ layer, timeS, peaks, lines });
    }
  }
  return { series: createSeries(patterns, { format: "simulated", twoThetaDeg: options.twoThetaDeg, energyCalibration: { ...options.energyCalibration } }), truth };
}
