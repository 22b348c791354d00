/**
 * GSAS powder data files (`.gsa`, `.gss`, `.fxye`): a title line, optional `#` comments and
 * instrument lines, then one or more `BANK` blocks.
 *
 * @packageDocumentation
 */
import type { Pattern, PatternMeta, Series } from "@operando/core";
import { ParseError, createPattern, createSeries, poissonSigma } from "@operando/core";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { readNumericBlock } from "./internal/table.js";
import { checkCount, checkSigma, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/** Bin types of constant-wavelength banks we read. */
type BinType = "FXYE" | "FXY" | "ESD" | "STD";

const BANK = /^BANK\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/i;

/**
 * Finds the wavelength in comment/instrument text: "Calibrated wavelength = 0.413259",
 * "# ... wavelength 0.413259 A", "Lam 1.5406".
 */
function findWavelength(text: string): number | undefined {
  const m = /(?:wavelength|lambda|lam)\b[^0-9+-]{0,20}([-+]?\d*\.\d+(?:[eE][-+]?\d+)?)/i.exec(text);
  if (m === null) return undefined;
  const v = Number(m[1]);
  return v > 0 && v < 20 ? v : undefined;
}

/**
 * Parses a GSAS constant-wavelength powder file. Each `BANK n nchan nrec CONS start step 0 0 TYPE`
 * block (`CONST` accepted for `CONS`) becomes one pattern on a 2theta axis (CONS values are centidegrees, divided by 100):
 * - FXYE / FXY: rows `x y [esd]` with x in centidegrees
 * - ESD: 5 (y, esd) pairs per record, x = start + i step
 * - STD: 10 intensities per record (sigma = sqrt(max(y,1)), GSAS's convention), x = start + i step
 *
 * The point count `nchan` must match the values read. The wavelength is taken from a comment like
 * "Calibrated wavelength = 0.413259" when present (GSAS keeps it in the instrument file otherwise).
 * Time-of-flight bin types (RALF, SLOG, TIME_MAP) are a ParseError.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch
 * @returns a series with one pattern per bank (meta.format "gsas", label "bank n")
 * @throws ParseError naming file and line
 */
export function parseGsas(input: string | Uint8Array, options: ParseOptions = {}): Series {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  if (!reader.next()) throw reader.errorAtEnd("a title line and a BANK block");
  const title = reader.trimmed();
  const extra: Record<string, string | number> = { title };
  let wavelength = findWavelength(title);
  const patterns: Pattern[] = [];
  while (reader.next()) {
    if (reader.isBlank()) continue;
    const t = reader.trimmed();
    const bank = BANK.exec(t);
    if (bank === null) {
      if (patterns.length > 0) throw reader.error("a BANK line or the end of the file");
      const body = t.replace(/^#\s*/, "");
      const kv = /^(.{1,60}?)\s*[=:]\s*(.*)$/.exec(body);
      if (kv !== null) extra[kv[1]!.trim()] = kv[2]!.trim();
      else if (!t.startsWith("#")) extra[`line ${reader.lineNumber}`] = t;
      wavelength ??= findWavelength(body);
      continue;
    }
    const bankLine = reader.lineNumber;
    const nchan = Number(bank[2]);
    const binType = bank[4]!.toUpperCase();
    const rest = bank[5]!.trim().split(/\s+/);
    // "CONST" is also written for constant steps (NIST660CBI.gsas in the GSAS-II tutorials; GSAS-II
    // accepts any bin type containing CONS)
    if (binType !== "CONS" && binType !== "CONST") throw reader.error("a CONS (constant-wavelength) bank; time-of-flight bins are not supported", binType);
    const start = parseNumberText(rest[0] ?? "");
    const step = parseNumberText(rest[1] ?? "");
    if (start === undefined || step === undefined) throw reader.error("BANK n nchan nrec CONS start step ...", t);
    const typeToken = (rest[rest.length - 1] ?? "").toUpperCase();
    // no type token (the line ends with the numeric parameters) means STD, as in GSAS
    if (!(typeToken === "FXYE" || typeToken === "FXY" || typeToken === "ESD" || typeToken === "STD" || parseNumberText(typeToken) !== undefined)) {
      throw reader.error("a data type STD, ESD, FXY or FXYE at the end of the BANK line (ALT records are not supported)", typeToken);
    }
    const type: BinType = typeToken === "FXYE" || typeToken === "FXY" || typeToken === "ESD" ? typeToken : "STD";
    let x: Float64Array;
    let y: Float64Array;
    let sigma: Float64Array | undefined;
    const isEnd = (r: LineReader) => BANK.test(r.trimmed());
    const error = (expected: string, found: string) => new ParseError({ file, line: bankLine, expected, found: `${found} points` });
    let warning: string | undefined;
    if (type === "FXYE" || type === "FXY") {
      const block = readNumericBlock(reader, { minColumns: 2, maxColumns: 3, isEnd, columns: type === "FXYE" ? 3 : 2 });
      warning = checkCount(nchan, block.rows, "points (BANK nchan)", options, error);
      x = block.columns[0]!;
      for (let i = 0; i < x.length; i++) x[i] = x[i]! / 100;
      y = block.columns[1]!;
      sigma = block.columns[2];
      checkSigma(sigma, block.firstLine, file);
    } else {
      const values: number[] = [];
      const row = new Float64Array(11);
      const perRecord = 10; // 80-column records: 10 I8 values (STD) or 5 value/esd pairs (ESD)
      let lastLine = bankLine;
      for (;;) {
        const mark = reader.mark();
        if (!reader.next()) break;
        if (isEnd(reader)) {
          reader.restore(mark);
          break;
        }
        if (reader.isBlank()) continue;
        const n = reader.scanNumbers(row);
        if (n > perRecord) throw reader.error(`at most ${perRecord} values per ${type} record`);
        for (let k = 0; k < n; k++) values.push(row[k]!);
        lastLine = reader.lineNumber;
      }
      const points = type === "ESD" ? Math.floor(values.length / 2) : values.length;
      if (type === "ESD" && values.length % 2 !== 0) throw new ParseError({ file, line: lastLine, expected: "ESD records of (y, esd) pairs", found: `${values.length} values` });
      // records are padded to full lines: accept up to one record of trailing zeros
      const found = points > nchan && values.slice(type === "ESD" ? 2 * nchan : nchan).every((v) => v === 0) ? nchan : points;
      warning = checkCount(nchan, found, "points (BANK nchan)", options, error);
      const count = Math.min(found, points);
      x = new Float64Array(count);
      y = new Float64Array(count);
      for (let i = 0; i < count; i++) x[i] = (start + i * step) / 100;
      if (type === "ESD") {
        sigma = new Float64Array(count);
        for (let i = 0; i < count; i++) {
          y[i] = values[2 * i]!;
          sigma[i] = values[2 * i + 1]!;
        }
        checkSigma(sigma, bankLine + 1, file);
      } else {
        for (let i = 0; i < count; i++) y[i] = values[i]!;
        sigma = poissonSigma(y);
      }
    }
    const bankExtra: Record<string, string | number> = { ...extra, bank: t, binType: type };
    if (warning !== undefined) bankExtra["warning"] = warning;
    const meta: PatternMeta = { sourceFile: file, format: "gsas", label: `bank ${bank[1]}`, extra: bankExtra };
    if (wavelength !== undefined) meta.wavelengthAngstrom = wavelength;
    patterns.push(createPattern({ axis: "twoTheta", x, y, sigma, meta }));
  }
  if (patterns.length === 0) throw reader.errorAtEnd("a BANK line");
  const seriesMeta: PatternMeta = { sourceFile: file, format: "gsas", extra };
  if (wavelength !== undefined) seriesMeta.wavelengthAngstrom = wavelength;
  return createSeries(patterns, seriesMeta);
}

/**
 * Reads a GSAS `.gsa`/`.fxye` file. See {@link parseGsas}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns one pattern per bank
 * @throws ParseError with file:line for malformed content
 */
export async function readGsas(path: string, options: ParseOptions = {}): Promise<Series> {
  return parseGsas(await readSource(path), { file: path, ...options });
}
