/**
 * Through-depth gradient of a mapped quantity.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { LayerMap } from "./types.js";
import { checkMap } from "./internal/checkMap.js";
import { fitLine } from "./internal/stats.js";

/**
 * Linear slope of the mapped value against depth at each grid time: v(z) = intercept + slope z.
 *
 * Weighted least squares with weights 1/σ² when the map has sigma and every layer's sigma at that
 * time is finite and positive (slopeSigma² = S/Δ, S = Σw, Δ = S Σw z² − (Σw z)²); otherwise
 * unweighted with the slope sigma from the residual scatter (needs ≥ 3 layers, else null).
 * Times with fewer than two layers with a value are left out. A negative slope of x means the
 * layers near the separator are more lithiated than the deep ones.
 *
 * @param map - a layer map (from {@link buildLayerMap})
 * @returns table with `timeS`, `slopePerUm` (value per µm), `slopeSigmaPerUm` (null when not
 *   estimable), `intercept` (value at the separator, depth 0), `layerCount`, `weighted`
 * @throws InvalidParameterError for an inconsistent map
 */
export function depthGradient(map: LayerMap): ColumnTable {
  checkMap(map);
  const nl = map.layers.length;
  const nt = map.timesS.length;
  const cols = { timeS: [] as number[], slopePerUm: [] as number[], slopeSigmaPerUm: [] as (number | null)[], intercept: [] as number[], layerCount: [] as number[], weighted: [] as boolean[] };
  const z: number[] = [];
  const y: number[] = [];
  const e: number[] = [];
  for (let j = 0; j < nt; j++) {
    z.length = 0;
    y.length = 0;
    e.length = 0;
    for (let i = 0; i < nl; i++) {
      const v = map.values[i * nt + j]!;
      if (!Number.isFinite(v)) continue;
      z.push(map.depthsUm[i]!);
      y.push(v);
      e.push(map.sigma === undefined ? Number.NaN : map.sigma[i * nt + j]!);
    }
    const fit = fitLine(z, y, map.sigma === undefined ? undefined : e);
    if (fit === undefined) continue;
    cols.timeS.push(map.timesS[j]!);
    cols.slopePerUm.push(fit.slope);
    cols.slopeSigmaPerUm.push(fit.slopeSigma);
    cols.intercept.push(fit.intercept);
    cols.layerCount.push(fit.n);
    cols.weighted.push(fit.weighted);
  }
  return aq.table(cols);
}
