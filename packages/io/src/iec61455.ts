/**
 * IEC 61455 (IEC 1455, 1995) "MCA histogram data interchange format for nuclear spectroscopy":
 * the `.iec` text files written by gamma-spectrometry software (e.g. Canberra Genie "IEC export",
 * InterWinner, NUCICA). Every line is one record that starts with a 4-character record tag
 * (`A004`); records have fixed positions:
 *
 * | record | content |
 * |---|---|
 * | 1 | system identification, sub-system identification, ADC number, segment number, digital offset |
 * | 2 | live time (s), real time (s), number of channels |
 * | 3 | acquisition start date and time, then (optional) sample collection date and time, `MM/DD/YY hh:mm:ss` |
 * | 4 | energy calibration coefficients, up to 4: E = a0 + a1 ch + a2 ch^2 + a3 ch^3 (keV); 15-character fields that may touch (`8.00000000E-01-2.97939000E-08`) |
 * | 5 | peak FWHM calibration coefficients (keV) |
 * | 6-9 | sample description (4 lines of text) |
 * | 10 | spare |
 * | 11-22 | energy (keV) / channel pairs used for the energy calibration (0 0 = unused) |
 * | 23-34 | energy (keV) / FWHM pairs |
 * | 35-46 | energy (keV) / efficiency pairs |
 * | 47-58 | user defined |
 * | 59-... | spectrum: the number of the first channel on the record, then 5 counts (the last record is filled with zeros past the channel count) |
 *
 * Layout taken from the real files of becquerel's tests/samples (hpge_dummy_test_*.iec) and the
 * record list in becquerel's IEC 1455 reader (lbl-anp/becquerel, becquerel/parsers/iec1455.py).
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial, Pattern, PatternMeta } from "@operando/core";
import { ParseError } from "@operando/core";
import { channelPattern, usableCalibration } from "./internal/channel.js";
import { fitLine } from "./internal/fitLine.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import { LineReader, decodeText } from "./internal/text.js";
import type { ParseOptions } from "./types.js";

/** First record of the spectrum block (1-based). */
const FIRST_DATA_RECORD = 59;

/** A Fortran E/F number; adjacent fields without a space between them are split correctly. */
const FLOAT = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][-+]?\d+)?/g;

/** Numbers of a fixed-field record (text after the tag); anything else is a ParseError. */
function floats(reader: LineReader, body: string, what: string): number[] {
  const out: number[] = [];
  const rest = body.replace(FLOAT, (token) => {
    out.push(Number(token.replace(/[dD]/, "e")));
    return " ";
  });
  if (rest.trim() !== "") throw reader.error(`numbers (${what})`, body.trim());
  return out;
}

/** Non-zero (a, b) pairs of records 11-46 (0 0 marks an unused slot). */
function pairs(values: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < values.length; i += 2) {
    if (values[i] !== 0 || values[i + 1] !== 0) out.push([values[i]!, values[i + 1]!]);
  }
  return out;
}

/**
 * `MM/DD/YY hh:mm[:ss]` (as the files show: `08/25/21`) to ISO; a first field above 12 is read as
 * the day (`DD/MM/YY`). Two-digit years: 70-99 -> 19xx, 00-69 -> 20xx (the format dates from 1995).
 */
function iecDate(m: RegExpMatchArray): string | undefined {
  let month = Number(m[1]);
  let day = Number(m[2]);
  if (month > 12 && day <= 12) [month, day] = [day, month];
  const yy = Number(m[3]);
  const year = m[3]!.length === 4 ? yy : yy >= 70 ? 1900 + yy : 2000 + yy;
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return undefined;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${year}-${p(month)}-${p(day)}T${p(h)}:${p(min)}:${p(s)}`;
}

/**
 * Parses an IEC 61455 (IEC 1455) `.iec` spectrum (channel axis); see the module description for the
 * record layout.
 *
 * Returns counts from record 59 on, channel axis from the first record's channel number (0 in the
 * files seen); `meta.liveTimeS`/`meta.realTimeS` (record 2); `meta.startTime` (record 3, the sample
 * collection time in `meta.extra.sampleTime`); `meta.energyCalibration` from record 4 (keV; a
 * non-zero a3 becomes `cubicKeV`), or, when record 4 is all zero, the least-squares straight line
 * through the energy/channel pairs of records 11-22 (at least 2; noted in
 * `meta.extra.energyCalibrationSource`); `meta.label` = sample description (records 6-9); record 1
 * fields, FWHM coefficients and the pair counts in `meta.extra`.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch (more or fewer counts than record 2 declares)
 * @returns pattern (meta.format "iec-61455")
 * @throws ParseError naming file and line: a record without the file's tag, record 2 without
 *   `live real channels`, non-numeric calibration fields, a spectrum record whose channel number
 *   does not continue the previous records, non-numeric or negative counts, a count different
 *   from record 2's channel number, a file that ends before the spectrum
 * @example
 * const p = parseIec(text, { file: "hpge_dummy_test_01.iec" });
 * p.meta.energyCalibration; // { offsetKeV: -0.0155656, slopeKeV: 0.8, quadraticKeV: -2.97939e-8 }
 */
export function parseIec(input: string | Uint8Array, options: ParseOptions = {}): Pattern {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const extra: Record<string, string | number> = {};
  const meta: PatternMeta = { sourceFile: file, format: "iec-61455" };
  let tag: string | undefined;
  let record = 0;
  let declared: { channels: number; line: number } | undefined;
  let coefficients: number[] = [];
  const description: string[] = [];
  const energyChannel: number[] = [];
  let resolutionPairs = 0;
  let efficiencyPairs = 0;
  const counts: number[] = [];
  let firstChannel: number | undefined;
  let dataLine = 0;
  let lastRecordValues = 0;
  const row = new Float64Array(16);
  while (reader.next()) {
    const line = reader.line;
    if (reader.isBlank()) {
      // blank lines are tolerated only after the spectrum (a trailing newline)
      if (record >= FIRST_DATA_RECORD) continue;
      throw reader.error(`record ${record + 1} starting with the record tag${tag === undefined ? "" : ` ${tag}`}`, "a blank line");
    }
    const lineTag = line.slice(0, 4);
    if (tag === undefined) {
      if (!/^[A-Z]\d{3}$/.test(lineTag)) throw reader.error("an IEC 61455 record tag such as A004 at the start of the line");
      tag = lineTag;
    } else if (lineTag !== tag) throw reader.error(`a record starting with ${tag} (every IEC 61455 record carries the same tag)`);
    record++;
    const body = line.slice(4);
    if (record === 1) {
      const t = body.trim();
      if (t !== "") extra["system"] = t;
      const tokens = t.split(/\s+/);
      if (tokens.length >= 3 && tokens.slice(-3).every((s) => /^\d+$/.test(s))) {
        extra["adcNumber"] = Number(tokens[tokens.length - 3]);
        extra["segmentNumber"] = Number(tokens[tokens.length - 2]);
        extra["digitalOffset"] = Number(tokens[tokens.length - 1]);
      }
    } else if (record === 2) {
      const v = floats(reader, body, "record 2: live time, real time, number of channels");
      if (v.length !== 3 || !(v[0]! >= 0) || !(v[1]! >= 0) || !Number.isInteger(v[2]) || v[2]! < 1) {
        throw reader.error("record 2: live time (s), real time (s), number of channels", body.trim());
      }
      if (v[0]! > 0) meta.liveTimeS = v[0]!;
      if (v[1]! > 0) meta.realTimeS = v[1]!;
      declared = { channels: v[2]!, line: reader.lineNumber };
    } else if (record === 3) {
      const re = /(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?/g;
      const found = [...body.matchAll(re)];
      if (body.trim() !== "") extra["dates"] = body.trim();
      const start = found[0] === undefined ? undefined : iecDate(found[0]);
      if (found[0] !== undefined && start === undefined) throw reader.error("record 3: a start date MM/DD/YY hh:mm:ss", body.trim());
      if (start !== undefined) meta.startTime = start;
      const sample = found[1] === undefined ? undefined : iecDate(found[1]);
      if (sample !== undefined) extra["sampleTime"] = sample;
    } else if (record === 4) {
      coefficients = floats(reader, body, "record 4: energy calibration coefficients");
      if (coefficients.length > 4) throw reader.error("record 4: at most 4 energy calibration coefficients", body.trim());
      extra["energyCoefficients"] = body.trim();
    } else if (record === 5) {
      const fwhm = floats(reader, body, "record 5: FWHM calibration coefficients");
      if (fwhm.some((c) => c !== 0)) extra["fwhmCoefficients"] = fwhm.join(" ");
    } else if (record >= 6 && record <= 9) {
      const t = body.trim();
      if (t !== "") description.push(t);
    } else if (record >= 11 && record <= 22) {
      energyChannel.push(...floats(reader, body, `record ${record}: energy/channel pairs`));
    } else if (record >= 23 && record <= 34) {
      resolutionPairs += pairs(floats(reader, body, `record ${record}: energy/FWHM pairs`)).length;
    } else if (record >= 35 && record <= 46) {
      efficiencyPairs += pairs(floats(reader, body, `record ${record}: energy/efficiency pairs`)).length;
    } else if (record >= FIRST_DATA_RECORD) {
      if (record === FIRST_DATA_RECORD) dataLine = reader.lineNumber;
      const n = reader.scanNumbers(row, {}, reader.start + 4);
      if (n < 2 || n > row.length) throw reader.error("a spectrum record: first channel number, then counts");
      const channel = row[0]!;
      if (firstChannel === undefined) {
        if (!Number.isInteger(channel) || channel < 0) throw reader.error("a non-negative channel number at the start of the spectrum record");
        firstChannel = channel;
      }
      const expected = firstChannel + counts.length;
      if (channel !== expected) throw reader.error(`channel number ${expected} (continuing the previous spectrum records)`, String(channel), 5);
      lastRecordValues = n - 1;
      for (let j = 1; j < n; j++) {
        const c = row[j]!;
        if (c < 0) throw reader.error("non-negative counts", String(c));
        counts.push(c);
      }
    }
  }
  if (tag === undefined) throw reader.errorAtEnd("IEC 61455 records (lines starting with A004)");
  if (declared === undefined) throw reader.errorAtEnd("record 2: live time, real time, number of channels");
  if (counts.length === 0) throw reader.errorAtEnd(`spectrum records from record ${FIRST_DATA_RECORD} on`, `${record} records`);
  // the last spectrum record is filled up to 5 values: zeros past the declared channel count are
  // that padding (2048 channels end with the record of channels 2045-2049); non-zero ones are data
  if (counts.length > declared.channels && counts.length - declared.channels < lastRecordValues && counts.slice(declared.channels).every((c) => c === 0)) {
    counts.length = declared.channels;
  }
  const warning = checkCount(declared.channels, counts.length, "channels (record 2)", options, (expected, found) => new ParseError({ file, line: declared!.line, expected, found: `${found} counts in the spectrum records (from line ${dataLine})` }));
  if (warning !== undefined) extra["warning"] = warning;
  let cal: ChannelEnergyPolynomial | undefined;
  if (coefficients.length >= 2) {
    const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = coefficients;
    cal = { offsetKeV: a0, slopeKeV: a1, quadraticKeV: a2 };
    if (a3 !== 0) cal.cubicKeV = a3;
    cal = a3 === 0 ? usableCalibration(cal) : cal;
  }
  const points = pairs(energyChannel);
  if (points.length > 0) extra["energyChannelPairs"] = points.map(([e, c]) => `${e} keV @ ${c}`).join("; ");
  if (cal === undefined && points.length >= 2) {
    const line = fitLine(
      points.map((p) => p[1]),
      points.map((p) => p[0]),
    );
    if (line !== undefined) {
      cal = usableCalibration({ offsetKeV: line.offset, slopeKeV: line.slope, quadraticKeV: 0 });
      extra["energyCalibrationSource"] = `least-squares line through ${points.length} energy/channel pairs (records 11-22)`;
    }
  }
  if (cal !== undefined) meta.energyCalibration = cal;
  if (resolutionPairs > 0) extra["energyFwhmPairs"] = resolutionPairs;
  if (efficiencyPairs > 0) extra["energyEfficiencyPairs"] = efficiencyPairs;
  if (description.length > 0) {
    extra["description"] = description.join(" / ");
    meta.label = description.join(" / ");
  }
  meta.extra = extra;
  return channelPattern(Float64Array.from(counts), firstChannel ?? 0, meta);
}

/**
 * Reads an IEC 61455 `.iec` file. See {@link parseIec}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns the spectrum on a channel axis
 * @throws ParseError with file:line for malformed content
 */
export async function readIec(path: string, options: ParseOptions = {}): Promise<Pattern> {
  return parseIec(await readSource(path), { file: path, ...options });
}
