/**
 * BioLogic EC-Lab ASCII exports (`.mpt`): "EC-Lab ASCII FILE", "Nb header lines : N", header
 * settings, then a tab-separated table whose header is line N.
 *
 * @packageDocumentation
 */
import type { ElectrochemMeta } from "@operando/core";
import { toIsoDate } from "./internal/dates.js";
import { splitFields } from "./internal/fields.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { fileName, readSource } from "./internal/source.js";
import type { EchemTableResult, ParseEchemTableOptions } from "./echemTable.js";
import { readEchemBody } from "./echemTable.js";

/**
 * Parses an EC-Lab `.mpt` export into an impedance spectrum (columns `freq/Hz`, `Re(Z)/Ohm`,
 * `-Im(Z)/Ohm`: zImag = -value, the physical sign) or cycler data (`time/s`, `Ewe/V` or `Ecell/V`,
 * `I/mA` or `<I>/mA` (-> A), `(Q-Qo)/mA.h` or `Q charge/discharge/mA.h` (-> A h), `cycle number`,
 * `Ns`). Decimal commas (EC-Lab in European locales) are detected. Header lines `key : value` go to
 * meta.extra; "Acquisition started on" -> startTime (EC-Lab writes MM/DD/YYYY), "Electrode surface
 * area" -> areaCm2, "Characteristic mass" -> activeMassG (g; mg converted); EC-Lab writes 0 for a
 * field left empty, so zero values are not set (they stay verbatim in meta.extra).
 *
 * Errors: a first line other than "EC-Lab ASCII FILE", a missing or non-numeric header count, a file
 * shorter than its header count, ragged or non-numeric rows.
 *
 * @param input - file content (EC-Lab writes Latin-1)
 * @param options - kind, column overrides
 * @returns impedance or cycler record (meta.format "biologic-mpt")
 * @throws ParseError naming file and line
 */
export function parseBiologicMpt(input: string | Uint8Array, options: ParseEchemTableOptions = {}): EchemTableResult {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  if (!reader.next() || !/^(EC|BT)-Lab ASCII FILE/i.test(reader.trimmed())) throw reader.error('"EC-Lab ASCII FILE" (or "BT-Lab ASCII FILE") on line 1');
  if (!reader.next()) throw reader.errorAtEnd('"Nb header lines : N" on line 2');
  const count = /^Nb header lines\s*:\s*(\d+)/i.exec(reader.trimmed());
  if (count === null) throw reader.error('"Nb header lines : N" on line 2');
  const headerLines = Number(count[1]);
  if (headerLines < 3) throw reader.error("a header line count of at least 3");
  const extra: Record<string, string | number> = {};
  const meta: ElectrochemMeta = { sourceFile: file, format: "biologic-mpt" };
  while (reader.lineNumber < headerLines - 1) {
    if (!reader.next()) throw reader.errorAtEnd(`${headerLines} header lines (Nb header lines), file ends after ${reader.lineNumber}`);
    const t = reader.trimmed();
    if (t === "") continue;
    const kv = /^(.{1,80}?)\s+:\s*(.*)$/.exec(t) ?? /^(\S.{0,40}?)\s{2,}(\S.*)$/.exec(t);
    if (kv === null) {
      extra[`header ${reader.lineNumber}`] = t;
      continue;
    }
    const key = kv[1]!.trim();
    const value = kv[2]!.trim();
    const num = parseNumberText(value) ?? parseNumberText(value, true);
    extra[key] = num ?? value;
    if (/^acquisition started on$/i.test(key)) {
      const d = toIsoDate(value);
      if (d !== undefined) meta.startTime = d;
    } else if (/^electrode surface area$/i.test(key)) {
      const m = /^([\d.,eE+-]+)\s*cm/.exec(value);
      const a = m === null ? undefined : parseNumberText(m[1]!) ?? parseNumberText(m[1]!, true);
      // EC-Lab writes 0.000 when the field was left empty: not an area (kept verbatim in extra)
      if (a !== undefined && a > 0) meta.areaCm2 = a;
    } else if (/^characteristic mass$/i.test(key)) {
      const m = /^([\d.,eE+-]+)\s*(mg|g)\b/.exec(value);
      const g = m === null ? undefined : parseNumberText(m[1]!) ?? parseNumberText(m[1]!, true);
      if (g !== undefined && g > 0) meta.activeMassG = m![2] === "mg" ? g * 1e-3 : g;
    }
  }
  if (!reader.next()) throw reader.errorAtEnd(`the column header on line ${headerLines} (Nb header lines)`);
  const headerLineNumber = reader.lineNumber;
  const headers = splitFields(reader.line, "\t");
  if (headers.length < 2) throw reader.error("a tab-separated column header");
  meta.extra = extra;
  const result = readEchemBody(reader, headers, undefined, options, meta, {
    delimiter: "\t",
    headerLineNumber,
    ...(options.decimalComma === undefined ? {} : { decimalComma: options.decimalComma }),
  });
  const { rows: _rows, ...rest } = result;
  return rest;
}

/**
 * Reads a BioLogic `.mpt` file. See {@link parseBiologicMpt}.
 * @param path - file path
 * @param options - kind, column overrides
 * @returns the cycler record or impedance spectrum the table holds
 * @throws ParseError with file:line for malformed content
 */
export async function readBiologicMpt(path: string, options: ParseEchemTableOptions = {}): Promise<EchemTableResult> {
  return parseBiologicMpt(await readSource(path), { file: path, ...options });
}
