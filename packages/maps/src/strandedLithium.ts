/**
 * Lithium left in the interior layers relative to the layer nearest the separator.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InvalidParameterError } from "@operando/core";
import type { LayerMap } from "./types.js";
import { checkMap } from "./internal/checkMap.js";

/** Options of {@link strandedLithium}. */
export interface StrandedLithiumOptions {
  /**
   * Time at which to compare (usually the end of charge), s; the nearest grid time is used.
   * @default the last grid time at which every layer has a value
   */
  timeS?: number;
}

/** Result of {@link strandedLithium}. */
export interface StrandedLithiumResult {
  /** Grid time used, s. */
  timeS: number;
  /** Reference layer: the one nearest the separator. */
  referenceLayer: number;
  /**
   * One row per layer with a value: `layer`, `depthUm`, `x`, `xSigma` (null without sigma),
   * `strandedX` = x − x_reference, `strandedSigma` = sqrt(σ² + σ_ref²) (null without sigma).
   */
  table: ColumnTable;
  /** Largest strandedX among the interior layers (all but the reference). */
  maxStrandedX: number;
  /** Mean strandedX over the interior layers. */
  meanStrandedX: number;
}

/**
 * "Stranded lithium": at the end of charge, lithium that is still in interior layers while the
 * layer nearest the separator has been delithiated (Luo et al. 2021: at x = 0.32 on charge, alpha
 * is back only in the layer nearest the separator while the interior layers still show epsilon).
 * stranded_i = x_i(t_end) − x_ref(t_end), ref = the layer with the smallest depth.
 *
 * @param map - layer map of x (from {@link buildLayerMap} with value "x")
 * @param options - comparison time
 * @returns per-layer stranded x and summary numbers
 * @throws InvalidParameterError when the map has fewer than two layers, no time where all
 *   layers have values (without `timeS`), or the reference layer has no value at that time
 */
export function strandedLithium(map: LayerMap, options: StrandedLithiumOptions = {}): StrandedLithiumResult {
  checkMap(map);
  const nl = map.layers.length;
  const nt = map.timesS.length;
  if (nl < 2) throw new InvalidParameterError({ parameter: "map.layers", value: map.layers, expected: "at least two layers" });
  let j: number;
  if (options.timeS === undefined) {
    j = -1;
    for (let k = nt - 1; k >= 0 && j < 0; k--) {
      let all = true;
      for (let i = 0; i < nl && all; i++) all = Number.isFinite(map.values[i * nt + k]!);
      if (all) j = k;
    }
    if (j < 0) throw new InvalidParameterError({ parameter: "map", value: map.value, expected: "a time at which every layer has a value (or pass options.timeS)" });
  } else {
    const t = options.timeS;
    if (!Number.isFinite(t)) throw new InvalidParameterError({ parameter: "options.timeS", value: t, expected: "a finite time in s" });
    j = 0;
    for (let k = 1; k < nt; k++) if (Math.abs(map.timesS[k]! - t) < Math.abs(map.timesS[j]! - t)) j = k;
  }
  const ref = map.values[j]!;
  if (!Number.isFinite(ref)) {
    throw new InvalidParameterError({ parameter: "options.timeS", value: map.timesS[j], expected: `a time at which the reference layer ${map.layers[0]} has a value` });
  }
  const refSigma = map.sigma?.[j];
  const cols = { layer: [] as number[], depthUm: [] as number[], x: [] as number[], xSigma: [] as (number | null)[], strandedX: [] as number[], strandedSigma: [] as (number | null)[] };
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < nl; i++) {
    const v = map.values[i * nt + j]!;
    if (!Number.isFinite(v)) continue;
    const sigma = map.sigma?.[i * nt + j];
    cols.layer.push(map.layers[i]!);
    cols.depthUm.push(map.depthsUm[i]!);
    cols.x.push(v);
    cols.xSigma.push(sigma === undefined || !Number.isFinite(sigma) ? null : sigma);
    cols.strandedX.push(v - ref);
    cols.strandedSigma.push(sigma === undefined || refSigma === undefined || !Number.isFinite(sigma) || !Number.isFinite(refSigma) ? null : Math.hypot(sigma, refSigma));
    if (i > 0) {
      max = Math.max(max, v - ref);
      sum += v - ref;
      n++;
    }
  }
  if (n === 0) throw new InvalidParameterError({ parameter: "options.timeS", value: map.timesS[j], expected: "a time at which an interior layer has a value" });
  return { timeS: map.timesS[j]!, referenceLayer: map.layers[0]!, table: aq.table(cols), maxStrandedX: max, meanStrandedX: sum / n };
}
