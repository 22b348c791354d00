import type { ColumnTable } from "arquero";
import { InvalidParameterError } from "@operando/core";

/** Whether the table has a column of that name. */
export function hasColumn(table: ColumnTable, name: string): boolean {
  return table.columnNames().includes(name);
}

/**
 * Reads a column as Float64Array; null, undefined, empty strings and non-numbers become NaN.
 * Numeric strings are converted.
 * @throws InvalidParameterError when `required` and the column is absent
 */
export function numericColumn(table: ColumnTable, name: string, parameter: string): Float64Array {
  if (!hasColumn(table, name)) {
    throw new InvalidParameterError({ parameter, value: table.columnNames(), expected: `a layer table with a "${name}" column` });
  }
  const column = table.array(name) as ArrayLike<unknown>;
  const out = new Float64Array(table.numRows());
  for (let i = 0; i < out.length; i++) out[i] = toNumber(column[i]);
  return out;
}

/** Converts one cell to a number (NaN when it is not one). */
export function toNumber(cell: unknown): number {
  if (typeof cell === "number") return cell;
  if (typeof cell === "bigint") return Number(cell);
  if (typeof cell === "string" && cell.trim() !== "") {
    const n = Number(cell);
    return Number.isNaN(n) ? Number.NaN : n;
  }
  return Number.NaN;
}

/** The default sigma column for a value column: `xSigma` for `x`, else `<value>_sigma`. */
export function defaultSigmaColumn(value: string): string {
  return value === "x" ? "xSigma" : `${value}_sigma`;
}

/** Rows of a layer table grouped by layer. */
export interface LayerRows {
  layer: number;
  depthUm: number;
  /** Row indices sorted by time. */
  rows: number[];
}

/**
 * Groups a layer table by `layer`, checks each layer has one depth, sorts rows by time and
 * layers by depth (nearest the separator first).
 * @throws InvalidParameterError for a missing column, a non-finite time/layer/depth, or a
 *   layer whose depth differs between rows
 */
export function groupLayers(table: ColumnTable, parameter: string): { timeS: Float64Array; groups: LayerRows[] } {
  const timeS = numericColumn(table, "timeS", parameter);
  const layer = numericColumn(table, "layer", parameter);
  const depthUm = numericColumn(table, "depthUm", parameter);
  const byLayer = new Map<number, LayerRows>();
  for (let i = 0; i < timeS.length; i++) {
    const t = timeS[i]!;
    const l = layer[i]!;
    const z = depthUm[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(l) || !Number.isFinite(z)) {
      throw new InvalidParameterError({
        parameter: `${parameter} row ${i}`,
        value: { timeS: t, layer: l, depthUm: z },
        expected: "finite timeS, layer and depthUm",
      });
    }
    let group = byLayer.get(l);
    if (group === undefined) {
      group = { layer: l, depthUm: z, rows: [] };
      byLayer.set(l, group);
    } else if (Math.abs(group.depthUm - z) > 1e-9 * Math.max(1, Math.abs(z))) {
      throw new InvalidParameterError({
        parameter: `${parameter} row ${i}`,
        value: z,
        expected: `depthUm ${group.depthUm} as in the other rows of layer ${l}`,
      });
    }
    group.rows.push(i);
  }
  const groups = [...byLayer.values()];
  for (const g of groups) g.rows.sort((a, b) => timeS[a]! - timeS[b]!);
  groups.sort((a, b) => a.depthUm - b.depthUm || a.layer - b.layer);
  return { timeS, groups };
}
