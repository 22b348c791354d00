/**
 * Reading a layer table from CSV text.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import { ParseError } from "@operando/core";
import type { LayerTable } from "./types.js";

/** Options of {@link parseLayerTableCsv}. */
export interface ParseLayerTableCsvOptions {
  /** File name used in error messages. @default "<csv>" */
  file?: string;
}

const REQUIRED = ["timeS", "layer", "depthUm"] as const;

/**
 * Parses a layer table (docs/tables.md) from CSV text. Numeric columns are parsed as numbers;
 * empty cells become null; `flags` stays text (empty string when none).
 *
 * @param text - CSV text with a header row
 * @param options - file name for errors
 * @returns the layer table
 * @throws ParseError naming file, line and column for a missing required column (`timeS`,
 *   `layer`, `depthUm`), a non-numeric cell in a numeric column, or a row with too many/few cells
 */
export function parseLayerTableCsv(text: string, options: ParseLayerTableCsvOptions = {}): LayerTable {
  const file = options.file ?? "<csv>";
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  for (const name of REQUIRED) {
    if (!header.includes(name)) throw new ParseError({ file, line: 1, expected: `a header with column "${name}" (layer table, docs/tables.md)`, found: lines[0] ?? "" });
  }
  // Check field counts and numeric cells ourselves so errors can name the line.
  const textColumns = new Set(["flags", "phase", "status", "file"]);
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === "") continue;
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) {
      throw new ParseError({ file, line: li + 1, expected: `${header.length} comma-separated cells`, found: line });
    }
    cells.forEach((cell, c) => {
      const name = header[c]!;
      if (textColumns.has(name)) return;
      const trimmed = cell.trim();
      const required = (REQUIRED as readonly string[]).includes(name);
      if (trimmed === "" && !required) return;
      if (trimmed === "" || !Number.isFinite(Number(trimmed))) {
        throw new ParseError({ file, line: li + 1, column: c + 1, expected: `a number in column "${name}"`, found: cell });
      }
    });
  }
  const parse: Record<string, (v: string) => unknown> = {};
  for (const name of header) parse[name] = textColumns.has(name) ? (v) => v : (v) => (v.trim() === "" ? null : Number(v));
  return aq.fromCSV(text, { parse, autoType: false });
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
