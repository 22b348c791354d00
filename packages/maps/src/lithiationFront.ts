/**
 * Position and speed of a lithiation (or delithiation) front through the electrode depth.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InvalidParameterError } from "@operando/core";
import type { LayerMap } from "./types.js";
import { checkMap } from "./internal/checkMap.js";
import { fitLine } from "./internal/stats.js";

/** Options of {@link lithiationFront}. */
export interface LithiationFrontOptions {
  /** Value that defines the front, e.g. x = 0.5 (or f_delta = 0.5 on an f_delta map). */
  threshold: number;
  /**
   * "above": the front bounds the region (from the separator inwards) where value ≥ threshold
   * (lithiation on discharge); "below": where value ≤ threshold (delithiation on charge).
   * @default "above"
   */
  direction?: "above" | "below";
  /** Fit the speed only over times ≥ this, s. @default first time */
  fitFromS?: number;
  /** Fit the speed only over times ≤ this, s. @default last time */
  fitToS?: number;
}

/** Front speed from a straight-line fit of front depth against time. */
export interface FrontSpeed {
  /** Speed, µm/s (positive: moving away from the separator). */
  umPerS: number;
  /** One-sigma of the speed, µm/s; null with only two points. */
  sigmaUmPerS: number | null;
  /** Front depth extrapolated to t = 0, µm. */
  interceptUm: number;
  /** Number of times used. */
  pointCount: number;
}

/** Result of {@link lithiationFront}. */
export interface LithiationFrontResult {
  /**
   * One row per grid time with at least one layer value: `timeS`, `frontDepthUm` (null when not
   * started), `status` ("notStarted": the layer nearest the separator has not reached the
   * threshold; "inside": the front lies between two layer centres; "beyond": every layer has
   * reached it, depth = deepest layer centre).
   */
  fronts: ColumnTable;
  /** Speed fitted over the "inside" times; undefined with fewer than two such times. */
  speed: FrontSpeed | undefined;
}

/**
 * Finds the depth where the mapped value crosses a threshold, at each grid time.
 *
 * Walking from the separator (smallest depth) inwards over the layers with a value, the front is
 * between the last layer of the contiguous run that has reached the threshold (z_i, v_i) and the
 * next one (z_{i+1}, v_{i+1}), linearly interpolated: z_f = z_i + (thr − v_i)(z_{i+1} − z_i)/(v_{i+1} − v_i).
 * The speed is the slope of a least-squares line z_f(t) through the "inside" times.
 *
 * @param map - a layer map (usually of x)
 * @param options - threshold, direction and fit window
 * @returns per-time fronts and the fitted speed
 * @throws InvalidParameterError for a non-finite threshold or an inconsistent map
 */
export function lithiationFront(map: LayerMap, options: LithiationFrontOptions): LithiationFrontResult {
  checkMap(map);
  const { threshold, direction = "above" } = options;
  if (!Number.isFinite(threshold)) throw new InvalidParameterError({ parameter: "options.threshold", value: threshold, expected: "a finite number" });
  const fitFromS = options.fitFromS ?? Number.NEGATIVE_INFINITY;
  const fitToS = options.fitToS ?? Number.POSITIVE_INFINITY;
  const reached = direction === "above" ? (v: number) => v >= threshold : (v: number) => v <= threshold;
  const nl = map.layers.length;
  const nt = map.timesS.length;
  const timeCol: number[] = [];
  const depthCol: (number | null)[] = [];
  const statusCol: string[] = [];
  const fitT: number[] = [];
  const fitZ: number[] = [];
  for (let j = 0; j < nt; j++) {
    const z: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < nl; i++) {
      const value = map.values[i * nt + j]!;
      if (!Number.isFinite(value)) continue;
      z.push(map.depthsUm[i]!);
      v.push(value);
    }
    if (v.length === 0) continue;
    const t = map.timesS[j]!;
    timeCol.push(t);
    if (!reached(v[0]!)) {
      depthCol.push(null);
      statusCol.push("notStarted");
      continue;
    }
    let k = 0;
    while (k + 1 < v.length && reached(v[k + 1]!)) k++;
    if (k + 1 === v.length) {
      depthCol.push(z[k]!);
      statusCol.push("beyond");
      continue;
    }
    const zf = z[k]! + ((threshold - v[k]!) * (z[k + 1]! - z[k]!)) / (v[k + 1]! - v[k]!);
    depthCol.push(zf);
    statusCol.push("inside");
    if (t >= fitFromS && t <= fitToS) {
      fitT.push(t);
      fitZ.push(zf);
    }
  }
  const fit = fitLine(fitT, fitZ);
  return {
    fronts: aq.table({ timeS: timeCol, frontDepthUm: depthCol, status: statusCol }),
    speed: fit === undefined ? undefined : { umPerS: fit.slope, sigmaUmPerS: fit.slopeSigma, interceptUm: fit.intercept, pointCount: fit.n },
  };
}
