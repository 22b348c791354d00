/**
 * CSV and JSON writers for map results (atomic: temporary file + rename).
 *
 * @packageDocumentation
 */
import type { ColumnTable } from "arquero";
import { writeFileAtomic as atomicWrite } from "@operando/core";

/**
 * Writes an arquero table as CSV (header row, comma separated, null/NaN as empty cells).
 * @param path - output file
 * @param table - the table
 * @throws the file system's error when the file cannot be written
 */
export async function writeTableCsv(path: string, table: ColumnTable): Promise<void> {
  await atomicWrite(path, tableToCsv(table));
}

/**
 * Formats an arquero table as CSV text; null, undefined and non-finite numbers become empty cells.
 * @param table - the table
 * @returns CSV text ending with a newline
 */
export function tableToCsv(table: ColumnTable): string {
  const names = table.columnNames();
  const columns = names.map((n) => table.array(n) as ArrayLike<unknown>);
  const lines = [names.map(csvCell).join(",")];
  for (let r = 0; r < table.numRows(); r++) lines.push(columns.map((c) => csvCell(c[r])).join(","));
  return `${lines.join("\n")}\n`;
}

function csvCell(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a value as pretty JSON. Typed arrays become arrays, arquero tables become arrays of
 * row objects, non-finite numbers become null.
 * @param path - output file
 * @param value - what to write
 */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await atomicWrite(path, `${JSON.stringify(toJsonValue(value), null, 2)}\n`);
}

/**
 * Converts results to JSON-safe values (see {@link writeJson}).
 * @param value - any result object
 * @returns a value JSON.stringify writes without loss of structure
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => toJsonValue(v));
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isTable(value)) return value.objects().map(toJsonValue);
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJsonValue(v)]));
}

function isTable(value: object): value is ColumnTable {
  return typeof (value as ColumnTable).columnNames === "function" && typeof (value as ColumnTable).objects === "function";
}
