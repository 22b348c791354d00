/**
 * "Z60W Data File" impedance exports (Autolab FRA / ZView-compatible text, as in impedance.py's
 * exampleDataAutolab.txt): a version line, 7 quoted lines, a parameter line, the point count,
 * a quoted column header, then comma-separated rows.
 *
 * @packageDocumentation
 */
import type { ImpedanceSpectrum } from "@operando/core";
import { ParseError } from "@operando/core";
import { splitFields } from "./internal/fields.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { buildEchem } from "./internal/echem.js";
import type { ColumnSpec, EchemRole } from "./internal/echem.js";
import { readFieldRows } from "./internal/fields.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * Parses a Z60W impedance file. Columns are positional as the header says:
 * Freq (Hz), Ampl, Bias, Time(Sec), Z'(a), Z''(b), GD, Err, Range; Z'' is stored with the physical
 * sign (negative for a capacitive response). The declared point count (line 10) must match.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch
 * @returns impedance spectrum (meta.format "autolab-z60w")
 * @throws ParseError naming file and line
 */
export function parseAutolabZ60w(input: string | Uint8Array, options: ParseOptions = {}): ImpedanceSpectrum {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  if (!reader.next() || !/^"?Z(60W|PlotW) Data File/i.test(reader.trimmed())) throw reader.error('"Z60W Data File" or "ZPlotW Data File" on line 1');
  const extra: Record<string, string | number> = { version: reader.trimmed().replace(/"/g, "") };
  for (let i = 0; i < 7; i++) {
    if (!reader.next()) throw reader.errorAtEnd("7 comment lines after the version line");
    const t = reader.trimmed().replace(/^"|"$/g, "");
    if (t !== "") extra[`comment ${i + 1}`] = t;
  }
  if (!reader.next()) throw reader.errorAtEnd("the parameter line");
  extra["parameters"] = reader.trimmed();
  if (!reader.next()) throw reader.errorAtEnd("the point count");
  const declared = parseNumberText(reader.trimmed());
  if (declared === undefined || !Number.isInteger(declared) || declared < 0) throw reader.error("the point count (an integer)");
  const countLine = reader.lineNumber;
  if (!reader.next()) throw reader.errorAtEnd("the quoted column header");
  const headerLine = reader.lineNumber;
  const headers = reader.trimmed().replace(/^"|"$/g, "").trim().split(/\s{2,}/).filter((h) => h !== "");
  if (headers.length < 6) throw reader.error("a column header with Freq, Ampl, Bias, Time, Z', Z'' ...");
  const body = readFieldRows(reader, { delimiter: ",", decimalComma: false, width: headers.length, needed: [0, 4, 5] });
  const warning = checkCount(declared, body.rows, "points", options, (expected, found) => new ParseError({ file, line: countLine, expected, found: `${found} rows` }));
  if (warning !== undefined) extra["warning"] = warning;
  if (body.rows === 0) throw reader.errorAtEnd("data rows");
  const specs = new Map<EchemRole, ColumnSpec>([
    ["frequency", { role: "frequency", index: 0, scale: 1, header: headers[0]!, unit: "Hz" }],
    ["zReal", { role: "zReal", index: 4, scale: 1, header: headers[4]!, unit: "ohm" }],
    ["zImag", { role: "zImag", index: 5, scale: 1, header: headers[5]!, unit: "ohm" }],
  ]);
  extra["columns"] = headers.join(" | ");
  const result = buildEchem("impedance", specs, body.columns, { sourceFile: file, format: "autolab-z60w", extra }, file, body.firstLine);
  if (result.kind !== "impedance") throw new ParseError({ file, line: headerLine, expected: "impedance columns", found: headers.join(" ") });
  return result.spectrum;
}

/**
 * Reads a Z60W impedance file. See {@link parseAutolabZ60w}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns the impedance spectrum
 * @throws ParseError with file:line for malformed content
 */
export async function readAutolabZ60w(path: string, options: ParseOptions = {}): Promise<ImpedanceSpectrum> {
  return parseAutolabZ60w(await readSource(path), { file: path, ...options });
}
