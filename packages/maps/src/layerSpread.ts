/**
 * Spread of a mapped quantity across layers at each time.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { LayerMap } from "./types.js";
import { checkMap } from "./internal/checkMap.js";

/**
 * Spread across layers at each grid time: min, max, range = max − min, mean and the population
 * standard deviation std = sqrt(Σ(v_i − mean)²/n) over the layers with a value at that time.
 * Times at which no layer has a value are left out.
 *
 * @param map - a layer map (from {@link buildLayerMap})
 * @returns table with columns `timeS`, `count`, `min`, `max`, `range`, `mean`, `std`
 * @throws InvalidParameterError for an inconsistent map
 * @example
 * const spread = layerSpread(buildLayerMap(table, { value: "x" }));
 * spread.array("range"); // max − min of x across layers, per time
 */
export function layerSpread(map: LayerMap): ColumnTable {
  checkMap(map);
  const nl = map.layers.length;
  const nt = map.timesS.length;
  const cols = { timeS: [] as number[], count: [] as number[], min: [] as number[], max: [] as number[], range: [] as number[], mean: [] as number[], std: [] as number[] };
  for (let j = 0; j < nt; j++) {
    let n = 0;
    let sum = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < nl; i++) {
      const v = map.values[i * nt + j]!;
      if (!Number.isFinite(v)) continue;
      n++;
      sum += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (n === 0) continue;
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < nl; i++) {
      const v = map.values[i * nt + j]!;
      if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
    }
    cols.timeS.push(map.timesS[j]!);
    cols.count.push(n);
    cols.min.push(lo);
    cols.max.push(hi);
    cols.range.push(hi - lo);
    cols.mean.push(mean);
    cols.std.push(Math.sqrt(ss / n));
  }
  return aq.table(cols);
}
