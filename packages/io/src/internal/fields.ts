/**
 * Delimited text tables with named columns (CSV, TSV, semicolon, whitespace): delimiter and
 * decimal-comma detection, field splitting, and reading the numeric columns a caller needs
 * (other columns may hold text, e.g. Gamry's "Over" flags).
 *
 * @packageDocumentation
 */
import type { LineReader } from "./text.js";
import { parseNumberText } from "./text.js";

/** A field delimiter. */
export type Delimiter = "," | ";" | "\t" | "whitespace";

/** Guesses the delimiter of a line: tab, then semicolon, then comma, else whitespace. */
export function detectDelimiter(line: string): Delimiter {
  if (line.includes("\t")) return "\t";
  if (line.includes(";")) return ";";
  if (line.includes(",")) return ",";
  return "whitespace";
}

/**
 * Splits a line into trimmed fields (quotes around a field removed). A single empty field
 * after a trailing delimiter is dropped, and with a tab delimiter a leading empty field too when
 * `dropLeadingEmpty` is set (Gamry rows start with a tab).
 */
export function splitFields(line: string, delimiter: Delimiter): string[] {
  const raw = delimiter === "whitespace" ? line.trim().split(/\s+/) : line.split(delimiter);
  const fields = raw.map((f) => f.trim().replace(/^"(.*)"$/, "$1").trim());
  if (fields.length > 1 && fields[fields.length - 1] === "") fields.pop();
  if (fields.length === 1 && fields[0] === "") return [];
  return fields;
}

/** Does this field look like a decimal-comma number ("1,25", "-3,2E-04")? */
export function isDecimalCommaNumber(field: string): boolean {
  return /^[-+]?\d+,\d+([eE][-+]?\d+)?$/.test(field.trim());
}

/** Options for {@link readFieldRows}. */
export interface ReadFieldRowsOptions {
  /** Field delimiter. */
  delimiter: Delimiter;
  /** Numbers use a decimal comma. */
  decimalComma: boolean;
  /** Expected number of fields per row (rows with fewer fields are errors). */
  width: number;
  /** Indices of fields that must be numbers and are returned. */
  needed: readonly number[];
  /** Ignore a first empty field (rows that begin with the delimiter). @default false */
  leadingEmpty?: boolean;
  /** Ends the table (the line is not consumed). */
  isEnd?: (reader: LineReader) => boolean;
  /**
   * Per-field parsers that replace the number scanner for some needed fields (absolute
   * timestamps, h:mm:ss durations); a parser returns undefined for a field it cannot read.
   */
  parsers?: ReadonlyMap<number, { parse: (field: string) => number | undefined; expected: string }>;
  /** Indices of fields returned verbatim as text (e.g. Maccor's C/D/R state). @default [] */
  textColumns?: readonly number[];
}

/**
 * Reads rows until the end or `isEnd`, returning the needed columns. Blank lines are skipped.
 * @throws ParseError for a row with a different field count or a needed field that is not a number
 */
export function readFieldRows(
  reader: LineReader,
  options: ReadFieldRowsOptions,
): { columns: Map<number, Float64Array>; texts: Map<number, string[]>; rows: number; firstLine: number } {
  const { delimiter, decimalComma, width, needed, isEnd, leadingEmpty = false, parsers, textColumns = [] } = options;
  const values = needed.map(() => [] as number[]);
  const texts = textColumns.map(() => [] as string[]);
  let rows = 0;
  let firstLine = 0;
  for (;;) {
    const mark = reader.mark();
    if (!reader.next()) break;
    if (isEnd?.(reader) === true) {
      reader.restore(mark);
      break;
    }
    if (reader.isBlank()) continue;
    let fields = splitFields(reader.line, delimiter);
    if (leadingEmpty && fields[0] === "") fields = fields.slice(1);
    if (fields.length !== width) throw reader.error(`${width} fields per row (as in the column header)`, `${fields.length} fields: ${reader.line}`);
    for (let k = 0; k < needed.length; k++) {
      const index = needed[k]!;
      const field = fields[index]!;
      const custom = parsers?.get(index);
      const value = custom === undefined ? parseField(field, decimalComma) : field === "" ? undefined : custom.parse(field);
      if (value === undefined) throw reader.error(custom?.expected ?? `a number in column ${index + 1}`, field === "" ? "an empty field" : field, reader.line.indexOf(field) + 1 || undefined);
      values[k]!.push(value);
    }
    for (let k = 0; k < textColumns.length; k++) texts[k]!.push(fields[textColumns[k]!]!);
    if (rows === 0) firstLine = reader.lineNumber;
    rows++;
  }
  const columns = new Map<number, Float64Array>();
  needed.forEach((index, k) => columns.set(index, Float64Array.from(values[k]!)));
  const textMap = new Map<number, string[]>();
  textColumns.forEach((index, k) => textMap.set(index, texts[k]!));
  return { columns, texts: textMap, rows, firstLine };
}

function parseField(field: string, decimalComma: boolean): number | undefined {
  return field === "" ? undefined : parseNumberText(field, decimalComma);
}
