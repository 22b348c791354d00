/**
 * Gamry Framework `.DTA` files: `KEY<TAB>TYPE<TAB>VALUE<TAB>label` lines and `NAME<TAB>TABLE[<TAB>n]`
 * blocks (column names row, units row, rows starting with a tab).
 *
 * @packageDocumentation
 */
import type { ElectrochemMeta } from "@operando/core";
import { ParseError } from "@operando/core";
import { toIsoDate } from "./internal/dates.js";
import { splitFields } from "./internal/fields.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import type { EchemTableResult, ParseEchemTableOptions } from "./echemTable.js";
import { readEchemBody } from "./echemTable.js";

const startsWithTab = (r: LineReader) => r.text.charCodeAt(r.start) === 9;

/**
 * Parses a Gamry `.DTA` file. The `ZCURVE` table (Freq/Hz, Zreal/ohm, Zimag/ohm, Gamry writes the
 * physical sign) gives an impedance spectrum; without one, a `CURVE` table (T/s, Vf/V, Im/A) gives
 * cycler data. Other tables (e.g. OCVCURVE) are checked against their declared row count and
 * summarised in meta.extra. `DATE` + `TIME` -> startTime; `AREA` -> areaCm2; other QUANT/LABEL
 * values -> meta.extra.
 *
 * Errors: a first line other than EXPLAIN, a table with fewer rows than declared, ragged rows,
 * non-numeric values in used columns, no usable table.
 *
 * @param input - file content (Latin-1 allowed)
 * @param options - kind, column overrides, allowCountMismatch
 * @returns impedance or cycler record (meta.format "gamry-dta")
 * @throws ParseError naming file and line
 */
export function parseGamryDta(input: string | Uint8Array, options: ParseEchemTableOptions = {}): EchemTableResult {
  const file = fileName(options);
  const text = decodeText(input, file);
  // Gamry Framework writes numbers in the Windows locale: a table row (tab-led) holding digit,digit
  // means decimal commas throughout (tab-separated rows never contain a comma otherwise).
  const decimalComma = options.decimalComma ?? /\n\t[^\n]*\d,\d/.test(text);
  const reader = new LineReader(text, file);
  if (!reader.next() || reader.trimmed() !== "EXPLAIN") throw reader.error('"EXPLAIN" on line 1 (Gamry .DTA)');
  const extra: Record<string, string | number> = {};
  const meta: ElectrochemMeta = { sourceFile: file, format: "gamry-dta" };
  let date: string | undefined;
  let time: string | undefined;
  let chosen: { name: string; headers: string[]; units: string[]; headerLine: number; mark: { pos: number; lineNumber: number } } | undefined;
  const pendingCounts: { key: string; declared: number; rows: number; line: number }[] = [];
  const wanted = options.kind === "cycler" ? ["CURVE"] : options.kind === "impedance" ? ["ZCURVE"] : ["ZCURVE", "CURVE"];
  while (reader.next()) {
    if (reader.isBlank()) continue;
    if (startsWithTab(reader)) throw reader.error("a KEY<TAB>TYPE<TAB>VALUE line or a TABLE (row outside a table)");
    const fields = reader.line.split("\t");
    const key = fields[0]!.trim();
    const type = (fields[1] ?? "").trim();
    if (type === "TABLE") {
      const tableLine = reader.lineNumber;
      const declared = fields[2] !== undefined && fields[2].trim() !== "" ? parseNumberText(fields[2], decimalComma) : undefined;
      if (!reader.next()) throw reader.errorAtEnd(`the column names of table ${key}`);
      const headers = splitFields(reader.line, "\t").filter((h, i) => !(i === 0 && h === ""));
      const headerLine = reader.lineNumber;
      if (!reader.next()) throw reader.errorAtEnd(`the units row of table ${key}`);
      const units = splitFields(reader.line, "\t").filter((h, i) => !(i === 0 && h === ""));
      if (units.length !== headers.length) throw reader.error(`${headers.length} units (one per column of ${key})`);
      const mark = reader.mark();
      let rows = 0;
      while (true) {
        const m = reader.mark();
        if (!reader.next()) break;
        if (!startsWithTab(reader)) {
          reader.restore(m);
          break;
        }
        const n = splitFields(reader.line, "\t").length - 1;
        if (n !== headers.length) throw reader.error(`${headers.length} fields per row of table ${key}`, `${n} fields`);
        rows++;
      }
      extra[`table:${key}`] = `${rows} rows: ${headers.join(" ")}`;
      if (declared !== undefined) pendingCounts.push({ key, declared, rows, line: tableLine });
      if (chosen === undefined && wanted.includes(key)) chosen = { name: key, headers, units, headerLine, mark };
      else if (chosen !== undefined && chosen.name !== "ZCURVE" && key === "ZCURVE" && wanted.includes(key)) chosen = { name: key, headers, units, headerLine, mark };
      continue;
    }
    const value = (fields[2] ?? "").trim();
    if (type === "NOTES") {
      // NOTES<TAB>NOTES<TAB>n: the next n lines are free text
      const n = parseNumberText(value, decimalComma) ?? 0;
      const notes: string[] = [];
      for (let i = 0; i < n; i++) {
        if (!reader.next()) throw reader.errorAtEnd(`${n} note lines after ${key}`);
        notes.push(reader.trimmed());
      }
      extra[key] = notes.join("\n").trim();
      continue;
    }
    if (key === "DATE") date = value;
    else if (key === "TIME") time = value;
    else if (key === "AREA") {
      const a = parseNumberText(value, decimalComma);
      if (a !== undefined) meta.areaCm2 = a;
    }
    if (key !== "" && type !== "") {
      // two-field lines (e.g. "TAG<TAB>EISPOT") carry their value in the second field
      extra[key] = fields.length === 2 ? type : (parseNumberText(value, decimalComma) ?? value);
    }
  }
  // A run stopped early is flagged "EXPERIMENTABORTED<TAB>TOGGLE<TAB>T": its tables may hold fewer rows
  // than declared (recorded as a warning). Otherwise a declared count must match.
  const aborted = extra["EXPERIMENTABORTED"] === "T";
  for (const c of pendingCounts) {
    if (aborted && c.rows < c.declared) {
      extra["warning"] = `experiment aborted: table ${c.key} holds ${c.rows} of ${c.declared} declared rows`;
      continue;
    }
    const warning = checkCount(c.declared, c.rows, `rows in table ${c.key}`, options, (expected, found) => new ParseError({ file, line: c.line, expected, found: `${found} rows` }));
    if (warning !== undefined) extra["warning"] = warning;
  }
  if (chosen === undefined) throw reader.errorAtEnd(`a ${wanted.join(" or ")} table`);
  if (date !== undefined) {
    const d = toIsoDate(`${date}${time === undefined ? "" : ` ${time}`}`);
    if (d !== undefined) meta.startTime = d;
  }
  meta.extra = { ...extra, table: chosen.name };
  reader.restore(chosen.mark);
  const result = readEchemBody(reader, chosen.headers, chosen.units, options, meta, {
    delimiter: "\t",
    leadingEmpty: true,
    decimalComma,
    isEnd: (r) => !startsWithTab(r) && !r.isBlank(),
    headerLineNumber: chosen.headerLine,
  });
  const { rows: _rows, ...rest } = result;
  return rest;
}

/**
 * Reads a Gamry `.DTA` file. See {@link parseGamryDta}.
 * @param path - file path
 * @param options - kind, column overrides
 * @returns the cycler record or impedance spectrum the file holds
 * @throws ParseError with file:line for malformed content
 */
export async function readGamryDta(path: string, options: ParseEchemTableOptions = {}): Promise<EchemTableResult> {
  return parseGamryDta(await readSource(path), { file: path, ...options });
}
