/**
 * Layer maps as long tables and plain JSON objects.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { LayerMap } from "./types.js";
import { checkMap } from "./internal/checkMap.js";

/**
 * A layer map as a long table, one row per grid cell with a value: `timeS`, `layer`, `depthUm`,
 * `value`, and `sigma` when the map has it. Cells without a value (NaN) are left out.
 * @param map - the map
 * @returns arquero table
 * @throws InvalidParameterError for an inconsistent map
 */
export function layerMapToTable(map: LayerMap): ColumnTable {
  checkMap(map);
  const nt = map.timesS.length;
  const cols: Record<string, number[]> = { timeS: [], layer: [], depthUm: [], value: [] };
  if (map.sigma !== undefined) cols.sigma = [];
  map.layers.forEach((layer, i) => {
    for (let j = 0; j < nt; j++) {
      const v = map.values[i * nt + j]!;
      if (!Number.isFinite(v)) continue;
      cols.timeS!.push(map.timesS[j]!);
      cols.layer!.push(layer);
      cols.depthUm!.push(map.depthsUm[i]!);
      cols.value!.push(v);
      cols.sigma?.push(map.sigma![i * nt + j]!);
    }
  });
  return aq.table(cols);
}

/** Plain-JSON form of a {@link LayerMap} (typed arrays as arrays, NaN as null). */
export interface LayerMapJson {
  value: string;
  layers: number[];
  depthsUm: number[];
  timesS: number[];
  values: (number | null)[];
  sigma: (number | null)[] | null;
}

/**
 * Converts a layer map to a JSON-safe object (NaN → null).
 * @param map - the map
 * @returns plain object
 */
export function layerMapToJson(map: LayerMap): LayerMapJson {
  const plain = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
  return {
    value: map.value,
    layers: [...map.layers],
    depthsUm: Array.from(map.depthsUm),
    timesS: Array.from(map.timesS),
    values: plain(map.values),
    sigma: map.sigma === undefined ? null : plain(map.sigma),
  };
}
