/**
 * Scribner ZPlot / ZView `.z` impedance files in the "ZPLOT2 ASCII" layout: a first line
 * `ZPLOT2 ASCII`, free comment lines (software, instrument, often the column names), a line
 * `End Comments`, then one row per frequency.
 *
 * @packageDocumentation
 */
import type { ImpedanceSpectrum } from "@operando/core";
import { ParseError } from "@operando/core";
import { buildEchem } from "./internal/echem.js";
import type { ColumnSpec, EchemRole } from "./internal/echem.js";
import { readFieldRows, splitFields } from "./internal/fields.js";
import type { Delimiter } from "./internal/fields.js";
import { LineReader, decodeText } from "./internal/text.js";
import { fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/** ZPlot's fixed column order (the same as in Z60W/ZPlotW files). */
const ZPLOT_COLUMNS = ["Freq(Hz)", "Ampl", "Bias", "Time(Sec)", "Z'(a)", "Z''(b)", "GD", "Err", "Range"];

function rowDelimiter(line: string): Delimiter {
  if (line.includes("\t")) return "\t";
  if (line.includes(",")) return ",";
  return "whitespace";
}

/**
 * Parses a "ZPLOT2 ASCII" `.z` file. Columns are positional, as ZPlot writes them and as the
 * optional column-name comment says: Freq(Hz), Ampl, Bias, Time(Sec), Z'(a) (ohm), Z''(b) (ohm,
 * physical sign: negative for a capacitive response), GD, Err, Range. Rows may be tab-, comma- or
 * space-separated (ZPlot versions differ); every row must have the same field count (at least 6).
 * Comment lines of the form `key: value` go to meta.extra.
 *
 * @param input - file content (Latin-1 allowed)
 * @param options - file name
 * @returns impedance spectrum (meta.format "zplot")
 * @throws ParseError naming file and line: no "End Comments" line, ragged or non-numeric rows, no rows
 * @example
 * const z = parseZplot("ZPLOT2 ASCII\nEnd Comments\n1000\t0\t0\t0\t10\t-2\t0\t0\t0\n");
 * // z.frequencyHz[0] === 1000, z.zImag[0] === -2
 */
export function parseZplot(input: string | Uint8Array, options: ParseOptions = {}): ImpedanceSpectrum {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  if (!reader.next() || !/^"?ZPLOT2 ASCII"?$/i.test(reader.trimmed())) throw reader.error('"ZPLOT2 ASCII" on line 1 (ZPlot .z)');
  const extra: Record<string, string | number> = {};
  let headers: string[] | undefined;
  let headerLine = 1;
  let sawEnd = false;
  while (reader.next()) {
    const t = reader.trimmed();
    if (/^"?End Comments"?$/i.test(t)) {
      sawEnd = true;
      break;
    }
    if (t === "") continue;
    if (/^"?Freq\s*\(Hz\)/i.test(t)) {
      headers = splitFields(t.replace(/"/g, ""), rowDelimiter(t)).map((h) => h.trim());
      headerLine = reader.lineNumber;
      continue;
    }
    const kv = /^"?([^:"]+?)\s*:\s*(.*?)"?$/.exec(t);
    if (kv !== null) extra[kv[1]!] = kv[2]!;
    else extra[`comment ${reader.lineNumber}`] = t.replace(/^"|"$/g, "");
  }
  if (!sawEnd) throw reader.errorAtEnd('an "End Comments" line ending the ZPlot header');
  // the first data row fixes the delimiter and width
  const mark = reader.mark();
  let first: string | undefined;
  while (reader.next()) {
    if (reader.isBlank()) continue;
    first = reader.line;
    break;
  }
  reader.restore(mark);
  if (first === undefined) throw reader.errorAtEnd("data rows after End Comments");
  const delimiter = rowDelimiter(first);
  const width = splitFields(first, delimiter).length;
  if (width < 6) throw new ParseError({ file, line: reader.lineNumber + 1, expected: "at least 6 fields per row (Freq, Ampl, Bias, Time, Z', Z'')", found: `${width} fields` });
  const names = headers !== undefined && headers.length === width ? headers : ZPLOT_COLUMNS.slice(0, width);
  const body = readFieldRows(reader, { delimiter, decimalComma: false, width, needed: [0, 4, 5] });
  if (body.rows === 0) throw reader.errorAtEnd("data rows after End Comments");
  const specs = new Map<EchemRole, ColumnSpec>([
    ["frequency", { role: "frequency", index: 0, scale: 1, header: names[0] ?? "Freq(Hz)", unit: "Hz" }],
    ["zReal", { role: "zReal", index: 4, scale: 1, header: names[4] ?? "Z'(a)", unit: "ohm" }],
    ["zImag", { role: "zImag", index: 5, scale: 1, header: names[5] ?? "Z''(b)", unit: "ohm" }],
  ]);
  extra["columns"] = names.join(" | ");
  const result = buildEchem("impedance", specs, body.columns, { sourceFile: file, format: "zplot", extra }, file, body.firstLine);
  if (result.kind !== "impedance") throw new ParseError({ file, line: headerLine, expected: "impedance columns", found: names.join(" ") });
  return result.spectrum;
}

/**
 * Reads a ZPlot `.z` file. See {@link parseZplot}.
 * @param path - file path
 * @returns the impedance spectrum
 * @throws ParseError with file:line for malformed content
 */
export async function readZplot(path: string): Promise<ImpedanceSpectrum> {
  return parseZplot(await readSource(path), { file: path });
}
