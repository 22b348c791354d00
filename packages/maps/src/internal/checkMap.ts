import { InvalidParameterError } from "@operando/core";
import type { LayerMap } from "../types.js";

/** Checks the array lengths of a layer map. */
export function checkMap(map: LayerMap, parameter = "map"): void {
  const n = map.layers.length * map.timesS.length;
  if (map.depthsUm.length !== map.layers.length || map.values.length !== n || (map.sigma !== undefined && map.sigma.length !== n)) {
    throw new InvalidParameterError({
      parameter,
      value: { layers: map.layers.length, depthsUm: map.depthsUm.length, times: map.timesS.length, values: map.values.length },
      expected: "depthsUm.length = layers.length and values.length (and sigma.length) = layers.length x timesS.length",
    });
  }
  if (map.layers.length === 0 || map.timesS.length === 0) {
    throw new InvalidParameterError({ parameter, value: n, expected: "at least one layer and one time" });
  }
}
