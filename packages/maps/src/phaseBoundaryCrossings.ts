/**
 * Times at which each layer crosses a phase boundary.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InvalidParameterError } from "@operando/core";
import type { LayerMap } from "./types.js";
import { checkMap } from "./internal/checkMap.js";

/** Options of {@link phaseBoundaryCrossings}. */
export interface PhaseBoundaryCrossingsOptions {
  /**
   * Level that marks the boundary: 0.5 on a phase-fraction map (f_<phase> = 0.5), or a value
   * of x on an x map.
   * @default 0.5
   */
  level?: number;
  /** Which crossings: upward, downward or both. @default "both" */
  direction?: "rising" | "falling" | "both";
  /** Keep only the first crossing of each layer. @default false */
  firstOnly?: boolean;
}

/**
 * Times at which each layer's mapped value crosses `level`, linearly interpolated between grid
 * times: t_c = t_j + (level − v_j)(t_{j+1} − t_j)/(v_{j+1} − v_j). The time uncertainty is
 * propagated from the value's sigma through the local slope: σ_t = σ_v / |dv/dt|.
 * A value exactly at `level` counts as crossed when the next value is on the other side.
 *
 * @param map - a layer map, e.g. of "f_delta" (level 0.5) or "x" (level = the boundary x)
 * @param options - level, direction, firstOnly
 * @returns table with `layer`, `depthUm`, `timeS`, `timeSigmaS` (null without sigma),
 *   `direction` ("rising" | "falling"), one row per crossing, in layer (depth) then time order
 * @throws InvalidParameterError for a non-finite level or an inconsistent map
 */
export function phaseBoundaryCrossings(map: LayerMap, options: PhaseBoundaryCrossingsOptions = {}): ColumnTable {
  checkMap(map);
  const { level = 0.5, direction = "both", firstOnly = false } = options;
  if (!Number.isFinite(level)) throw new InvalidParameterError({ parameter: "options.level", value: level, expected: "a finite number" });
  const nl = map.layers.length;
  const nt = map.timesS.length;
  const cols = { layer: [] as number[], depthUm: [] as number[], timeS: [] as number[], timeSigmaS: [] as (number | null)[], direction: [] as string[] };
  for (let i = 0; i < nl; i++) {
    let prev = -1;
    for (let j = 0; j < nt; j++) {
      const v = map.values[i * nt + j]!;
      if (!Number.isFinite(v)) continue;
      if (prev >= 0) {
        const u = map.values[i * nt + prev]!;
        const rising = u <= level && v > level;
        const falling = u >= level && v < level;
        if ((rising && direction !== "falling") || (falling && direction !== "rising")) {
          const t0 = map.timesS[prev]!;
          const t1 = map.timesS[j]!;
          const w = (level - u) / (v - u);
          const slope = (v - u) / (t1 - t0);
          const s0 = map.sigma?.[i * nt + prev];
          const s1 = map.sigma?.[i * nt + j];
          const sv = s0 === undefined || s1 === undefined ? Number.NaN : s0 + w * (s1 - s0);
          cols.layer.push(map.layers[i]!);
          cols.depthUm.push(map.depthsUm[i]!);
          cols.timeS.push(t0 + w * (t1 - t0));
          cols.timeSigmaS.push(Number.isFinite(sv) ? sv / Math.abs(slope) : null);
          cols.direction.push(rising ? "rising" : "falling");
          if (firstOnly) break;
        }
      }
      prev = j;
    }
  }
  return aq.table(cols);
}
