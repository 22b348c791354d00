/**
 * ORTEC / QXAS `.spe` spectra: `$KEY:` sections (`$SPEC_ID:`, `$DATE_MEA:`, `$MEAS_TIM:`,
 * `$DATA:`, `$ENER_FIT:`, `$MCA_CAL:` ...).
 *
 * @packageDocumentation
 */
import type { Pattern, PatternMeta } from "@operando/core";
import { ParseError } from "@operando/core";
import { channelPattern, usableCalibration } from "./internal/channel.js";
import { toIsoDate } from "./internal/dates.js";
import { LineReader, decodeText } from "./internal/text.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * Parses an ORTEC/QXAS `.spe` spectrum (channel axis).
 *
 * `$DATA:` is followed by `first last` and then last-first+1 counts (any number per line); a
 * different count is a ParseError. `$MEAS_TIM: live real` -> liveTimeS/realTimeS; `$DATE_MEA:` ->
 * startTime; `$MCA_CAL:` (n, then coefficients, unit keV or eV; the n line may be missing) or else
 * `$ENER_FIT: offset slope [quadratic]` -> meta.energyCalibration in keV. A `$KEY` line without
 * the colon (such as a trailing `$ENDRECORD`) also starts a section. Other sections are kept as
 * text in meta.extra.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch
 * @returns pattern (meta.format "ortec-spe")
 * @throws ParseError naming file and line
 */
export function parseOrtecSpe(input: string | Uint8Array, options: ParseOptions = {}): Pattern {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const extra: Record<string, string | number> = {};
  const meta: PatternMeta = { sourceFile: file, format: "ortec-spe" };
  let counts: Float64Array | undefined;
  let first = 0;
  let section: string | undefined;
  let sectionText: string[] = [];
  let sectionLine = 0;
  const row = new Float64Array(5);
  const flush = () => {
    if (section === undefined) return;
    const text = sectionText.join("\n").trim();
    const numbers = text.split(/\s+/).map(Number);
    const error = (expected: string) => new ParseError({ file, line: sectionLine, expected, found: text });
    if (section === "MEAS_TIM") {
      if (numbers.length !== 2 || numbers.some((v) => !Number.isFinite(v))) throw error("$MEAS_TIM: live real (s)");
      meta.liveTimeS = numbers[0]!;
      meta.realTimeS = numbers[1]!;
    } else if (section === "DATE_MEA") {
      const d = toIsoDate(text);
      if (d !== undefined) meta.startTime = d;
    } else if (section === "MCA_CAL") {
      const lines = text.split("\n");
      // Maestro writes the coefficient count on its own line, then the coefficients; some
      // exporters omit the count line and write the coefficients right after `$MCA_CAL:`
      const firstTokens = (lines[0] ?? "").trim().split(/\s+/);
      const coefficientLine = firstTokens.length >= 2 ? lines[0] : lines[1];
      const coefficients = (coefficientLine ?? "").trim().split(/\s+/);
      const unit = coefficients.find((c) => /^[a-z]+$/i.test(c)) ?? "keV";
      const values = coefficients.filter((c) => !/^[a-z]+$/i.test(c)).map(Number);
      if (values.length < 2 || values.some((v) => !Number.isFinite(v))) throw error("$MCA_CAL: n, then offset slope [quadratic] [unit]");
      const scale = unit.toLowerCase() === "ev" ? 1e-3 : 1;
      // Maestro writes 0 0 0 for an uncalibrated spectrum: no calibration then (kept in extra)
      const cal = usableCalibration({ offsetKeV: values[0]! * scale, slopeKeV: values[1]! * scale, quadraticKeV: (values[2] ?? 0) * scale });
      if (cal !== undefined) meta.energyCalibration = cal;
    } else if (section === "ENER_FIT" && meta.energyCalibration === undefined) {
      if (numbers.length < 2 || numbers.length > 3 || numbers.some((v) => !Number.isFinite(v))) throw error("$ENER_FIT: offset slope [quadratic]");
      const cal = usableCalibration({ offsetKeV: numbers[0]!, slopeKeV: numbers[1]!, quadraticKeV: numbers[2] ?? 0 });
      if (cal !== undefined) meta.energyCalibration = cal;
    }
    if (text !== "") extra[section] = text;
    section = undefined;
    sectionText = [];
  };
  let sawSection = false;
  while (reader.next()) {
    const t = reader.trimmed();
    // `$KEY:` opens a section; a bare `$KEY` (e.g. the `$ENDRECORD` some exporters append) too
    const m = /^\$(\w+)(?::\s*(.*)|\s*)$/.exec(t);
    if (m !== null) {
      flush();
      sawSection = true;
      const key = m[1]!.toUpperCase();
      if (key === "DATA") {
        const dataLine = reader.lineNumber;
        if (!reader.next()) throw reader.errorAtEnd("`first last` channel numbers after $DATA:");
        const n = reader.scanNumbers(row);
        if (n !== 2 || !Number.isInteger(row[0]) || !Number.isInteger(row[1]) || row[1]! < row[0]!) throw reader.error("`first last` channel numbers after $DATA:");
        first = row[0]!;
        const declared = row[1]! - row[0]! + 1;
        const values: number[] = [];
        const line = new Float64Array(64);
        for (;;) {
          const mark = reader.mark();
          if (!reader.next()) break;
          if (reader.trimmed().startsWith("$")) {
            reader.restore(mark);
            break;
          }
          const k = reader.scanNumbers(line);
          if (k > line.length) throw reader.error("at most 64 counts per line");
          for (let j = 0; j < k; j++) values.push(line[j]!);
        }
        const warning = checkCount(declared, values.length, "counts ($DATA: first last)", options, (expected, found) => new ParseError({ file, line: dataLine + 1, expected, found: `${found} counts` }));
        if (warning !== undefined) extra["warning"] = warning;
        if (values.length === 0) throw reader.errorAtEnd("counts after $DATA:");
        counts = Float64Array.from(values);
        continue;
      }
      section = key;
      sectionLine = reader.lineNumber;
      if (m[2] !== undefined && m[2] !== "") sectionText.push(m[2]);
      continue;
    }
    if (section === undefined) {
      if (reader.isBlank()) continue;
      throw reader.error("a $SECTION: line");
    }
    sectionText.push(reader.line);
  }
  flush();
  if (!sawSection) throw reader.errorAtEnd("$SPEC_ID: / $DATA: sections");
  if (counts === undefined) throw reader.errorAtEnd("a $DATA: section");
  meta.extra = extra;
  if (typeof extra["SPEC_ID"] === "string" && extra["SPEC_ID"] !== "") meta.label = extra["SPEC_ID"];
  return channelPattern(counts, first, meta);
}

/**
 * Reads an ORTEC/QXAS `.spe` file. See {@link parseOrtecSpe}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns the spectrum on a channel axis
 * @throws ParseError with file:line for malformed content
 */
export async function readOrtecSpe(path: string, options: ParseOptions = {}): Promise<Pattern> {
  return parseOrtecSpe(await readSource(path), { file: path, ...options });
}
