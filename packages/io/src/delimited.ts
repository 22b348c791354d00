/**
 * Patterns from delimited text (CSV, TSV, semicolon or whitespace separated) with column
 * selection by index or header name, and decimal-comma support.
 *
 * @packageDocumentation
 */
import type { AxisKind, Pattern, PatternMeta } from "@operando/core";
import { ParseError, createPattern } from "@operando/core";
import type { Delimiter } from "./internal/fields.js";
import { detectDelimiter, isDecimalCommaNumber, readFieldRows, splitFields } from "./internal/fields.js";
import { lookupXUnit } from "./internal/units.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { checkSigma, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/** Options for {@link parseDelimited}. */
export interface ParseDelimitedOptions extends ParseOptions {
  /** x column: 0-based index or header name. @default 0 */
  xColumn?: number | string;
  /** y column: 0-based index or header name. @default 1 */
  yColumn?: number | string;
  /** sigma column (index or name); none by default. */
  sigmaColumn?: number | string;
  /** Axis of x when the x header does not name a known unit. @default "twoTheta" */
  axis?: AxisKind;
  /** Delimiter; detected from the first line by default. */
  delimiter?: Delimiter;
  /** Decimal comma; detected from the first data row by default (never with "," delimiter). */
  decimalComma?: boolean;
  /** Whether the first non-comment line is a header; detected (non-numeric fields) by default. */
  header?: boolean;
}

/**
 * Parses a delimited table into a pattern. Lines starting with `#` before the table are comments
 * (`key: value` pairs kept in meta.extra). The header (when present) names the columns; the x
 * header is matched against known units (e.g. "2th_deg", "q_nm^-1", "2theta") to set the axis.
 *
 * Errors: a selected column that does not exist, a row with a different field count, a selected
 * field that is not a number, negative sigma, no rows.
 *
 * @param input - file content
 * @param options - column selection, axis, delimiter, decimal comma, header
 * @returns pattern (meta.format "delimited")
 * @throws ParseError naming file and line; InvalidParameter-like problems (unknown column) as ParseError at the header line
 * @example
 * parseDelimited("2theta;I\n10,5;3\n", { file: "a.csv" }) // decimal comma detected, x = [10.5]
 */
export function parseDelimited(input: string | Uint8Array, options: ParseDelimitedOptions = {}): Pattern {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const extra: Record<string, string | number> = {};
  let first: string[] | undefined;
  let delimiter: Delimiter = "whitespace";
  let firstLine = 0;
  while (reader.next()) {
    if (reader.isBlank()) continue;
    if (reader.firstChar() === 35) {
      const kv = /^#+\s*([^:=]{1,60}?)\s*[:=]\s*(.*)$/.exec(reader.trimmed());
      if (kv !== null) extra[kv[1]!.trim()] = kv[2]!.trim();
      continue;
    }
    delimiter = options.delimiter ?? detectDelimiter(reader.line);
    first = splitFields(reader.line, delimiter);
    firstLine = reader.lineNumber;
    break;
  }
  if (first === undefined) throw reader.errorAtEnd("a table of at least two columns");
  const isNum = (f: string) => parseNumberText(f) !== undefined || isDecimalCommaNumber(f);
  const numeric = first.every(isNum);
  if (options.header === undefined && !numeric && first.some(isNum)) {
    throw new ParseError({ file, line: firstLine, expected: "a header of column names or a row of numbers (pass `header` to decide)", found: reader.line });
  }
  const hasHeader = options.header ?? !numeric;
  const headers = hasHeader ? first : first.map((_, i) => `column ${i + 1}`);
  if (!hasHeader) reader.restore({ pos: reader.start, lineNumber: reader.lineNumber - 1 });
  const resolve = (wanted: number | string | undefined, fallback: number | undefined, what: string): number | undefined => {
    const w = wanted ?? fallback;
    if (w === undefined) return undefined;
    const index = typeof w === "number" ? w : headers.findIndex((h) => h === w);
    if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      throw new ParseError({ file, line: firstLine, expected: `a ${what} column ${JSON.stringify(w)} among ${headers.length} columns`, found: headers.join(" | ") });
    }
    return index;
  };
  const xIndex = resolve(options.xColumn, 0, "x")!;
  const yIndex = resolve(options.yColumn, 1, "y")!;
  const sigmaIndex = resolve(options.sigmaColumn, undefined, "sigma");
  let decimalComma = options.decimalComma;
  if (decimalComma === undefined) {
    const mark = reader.mark();
    decimalComma = false;
    while (reader.next()) {
      if (reader.isBlank()) continue;
      decimalComma = delimiter !== "," && splitFields(reader.line, delimiter).some(isDecimalCommaNumber);
      break;
    }
    reader.restore(mark);
  }
  const needed = [...new Set([xIndex, yIndex, ...(sigmaIndex === undefined ? [] : [sigmaIndex])])];
  const body = readFieldRows(reader, { delimiter, decimalComma, width: headers.length, needed });
  if (body.rows === 0) throw reader.errorAtEnd("at least one data row");
  const unit = hasHeader ? lookupXUnit(splitFields(headers[xIndex]!, "whitespace")[0] ?? "") ?? lookupXUnit(headers[xIndex]!) : undefined;
  const axis = unit?.axis ?? options.axis ?? "twoTheta";
  const x = Float64Array.from(body.columns.get(xIndex)!, (v) => v * (unit?.scale ?? 1));
  const sigma = sigmaIndex === undefined ? undefined : body.columns.get(sigmaIndex)!;
  checkSigma(sigma, body.firstLine, file);
  extra["columns"] = headers.join(" | ");
  extra["xUnit"] = unit?.name ?? `assumed ${axis}`;
  if (decimalComma) extra["decimalComma"] = "yes";
  const meta: PatternMeta = { sourceFile: file, format: "delimited", extra };
  return createPattern({ axis, x, y: body.columns.get(yIndex)!, sigma, meta });
}

/**
 * Reads a delimited pattern file. See {@link parseDelimited}.
 * @param path - file path
 * @param options - column selection etc.
 * @returns the pattern
 * @throws ParseError with file:line for malformed content
 */
export async function readDelimited(path: string, options: ParseDelimitedOptions = {}): Promise<Pattern> {
  return parseDelimited(await readSource(path), { file: path, ...options });
}
