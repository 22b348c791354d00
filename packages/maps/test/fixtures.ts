import * as aq from "arquero";
import type { ColumnTable } from "arquero";

/** Options of {@link syntheticLayerTable}. */
export interface SyntheticOptions {
  depthsUm: number[];
  /** Sample times of layer i: start + k*period + i*offset. */
  periodS: number;
  offsetS: number;
  count: number;
  x: (depthUm: number, timeS: number) => number;
  xSigma?: number;
  extra?: Record<string, (depthUm: number, timeS: number) => number>;
}

/**
 * Layer table sampled like EDXRD: the layers are measured one after the other, so layer i's
 * samples are offset by i * offsetS.
 */
export function syntheticLayerTable(o: SyntheticOptions): ColumnTable {
  const cols: Record<string, number[] | string[]> = { timeS: [], layer: [], depthUm: [], x: [], xSigma: [], flags: [] };
  for (const name of Object.keys(o.extra ?? {})) cols[name] = [];
  for (let k = 0; k < o.count; k++) {
    o.depthsUm.forEach((z, i) => {
      const t = k * o.periodS + i * o.offsetS;
      (cols.timeS as number[]).push(t);
      (cols.layer as number[]).push(i + 1);
      (cols.depthUm as number[]).push(z);
      (cols.x as number[]).push(o.x(z, t));
      (cols.xSigma as number[]).push(o.xSigma ?? 0.01);
      (cols.flags as string[]).push("");
      for (const [name, f] of Object.entries(o.extra ?? {})) (cols[name] as number[]).push(f(z, t));
    });
  }
  return aq.table(cols);
}
