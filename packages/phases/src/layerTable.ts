/**
 * The layer table (docs/tables.md): one row per (time, layer) with timeS, layer, depthUm, x,
 * xSigma, voltageV, f_<phase>, f_<phase>_sigma, c_<phase>, c_<phase>_sigma, chi2, flags; and its
 * atomic CSV / Arrow / JSON writer.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, writeFileAtomic } from "@operando/core";
import * as aq from "arquero";
import type { SeriesQuantification } from "./quantifySeries.js";

/** Arquero table type. */
export type ColumnTable = ReturnType<typeof aq.table>;

/** Options of {@link layerTable}. */
export interface LayerTableOptions {
  /** Layer centre depth (um) by layer index; NaN for layers not given. */
  depthUm?: Readonly<Record<number, number>> | ((layer: number) => number);
  /** Cell voltage (V) per row index (input order), e.g. from alignCycler; NaN when unknown. */
  voltageV?: ArrayLike<number>;
}

/**
 * Builds the layer table. Absent (not selected) phases get f = 0 with NaN sigma and NaN c;
 * flagged patterns (noSignal, windowOutside, noPhase) get NaN everywhere except timeS, layer,
 * depthUm, voltageV and flags.
 *
 * @param quantification - a series quantification
 * @param options - depths and voltages
 * @returns an arquero table with the docs/tables.md columns, sorted by layer then time
 */
export function layerTable(quantification: SeriesQuantification, options: LayerTableOptions = {}): ColumnTable {
  const rows = [...quantification.rows].sort((a, b) => a.layer - b.layer || a.timeS - b.timeS || a.index - b.index);
  const n = rows.length;
  const depth = options.depthUm;
  const depthOf = (layer: number): number => (depth === undefined ? Number.NaN : typeof depth === "function" ? depth(layer) : (depth[layer] ?? Number.NaN));
  if (options.voltageV !== undefined && options.voltageV.length !== quantification.rows.length) {
    throw new InvalidParameterError({ parameter: "voltageV", value: `length ${options.voltageV.length}`, expected: `one voltage per pattern (${quantification.rows.length})` });
  }
  const cols: Record<string, Float64Array | number[] | string[]> = {
    timeS: Float64Array.from(rows, (r) => r.timeS),
    layer: Float64Array.from(rows, (r) => r.layer),
    depthUm: Float64Array.from(rows, (r) => depthOf(r.layer)),
    x: Float64Array.from(rows, (r) => r.result.x),
    xSigma: Float64Array.from(rows, (r) => r.result.xSigma),
    voltageV: Float64Array.from(rows, (r) => (options.voltageV === undefined ? Number.NaN : options.voltageV[r.index]!)),
  };
  for (const id of quantification.phases) {
    const f = new Float64Array(n);
    const fs = new Float64Array(n);
    rows.forEach((r, i) => {
      const ph = r.result.phases.find((p) => p.id === id);
      const quantified = Number.isFinite(r.result.x);
      f[i] = ph?.fraction ?? (quantified ? 0 : Number.NaN);
      fs[i] = ph?.fractionSigma ?? Number.NaN;
    });
    cols[`f_${id}`] = f;
    cols[`f_${id}_sigma`] = fs;
  }
  for (const id of quantification.phases) {
    cols[`c_${id}`] = Float64Array.from(rows, (r) => r.result.phases.find((p) => p.id === id)?.lattice.c ?? Number.NaN);
    cols[`c_${id}_sigma`] = Float64Array.from(rows, (r) => r.result.phases.find((p) => p.id === id)?.latticeSigma.c ?? Number.NaN);
  }
  cols.chi2 = Float64Array.from(rows, (r) => r.result.reducedChiSquare);
  cols.flags = rows.map((r) => r.result.flags.join(","));
  return aq.table(cols);
}

/** Options of {@link writeQuantificationTable}. */
export interface WriteQuantificationTableOptions {
  /** Output format. @default from the extension (.arrow/.feather -> "arrow", .json -> "json"), else "csv" */
  format?: "csv" | "arrow" | "json";
}

/**
 * Writes a table atomically (temporary file in the same directory, then rename; the directory is
 * created when missing). NaN is written
 * as an empty CSV field, null in JSON and Arrow.
 *
 * @param path - output file
 * @param table - arquero table (e.g. from {@link layerTable})
 * @param options - format
 * @throws InvalidParameterError for an unknown format
 */
export async function writeQuantificationTable(path: string, table: ColumnTable, options: WriteQuantificationTableOptions = {}): Promise<void> {
  const lower = path.toLowerCase();
  const format = options.format ?? (lower.endsWith(".arrow") || lower.endsWith(".feather") ? "arrow" : lower.endsWith(".json") ? "json" : "csv");
  if (!["csv", "arrow", "json"].includes(format)) throw new InvalidParameterError({ parameter: "format", value: format, expected: '"csv", "arrow" or "json"' });
  // NaN -> null so that CSV leaves the field empty and Arrow/JSON carry a null.
  const names = table.columnNames();
  const cleaned: Record<string, unknown[]> = {};
  for (const name of names) {
    const values = table.array(name) as ArrayLike<unknown>;
    cleaned[name] = Array.from(values, (v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
  }
  const clean = aq.table(cleaned);
  let data: string | Uint8Array;
  if (format === "csv") data = aq.toCSV(clean);
  else if (format === "json") data = aq.toJSON(clean, { columns: names });
  else data = aq.toArrowIPC(clean, { format: "file" }) as Uint8Array;
  await writeFileAtomic(path, data, { createDirectory: true });
}
