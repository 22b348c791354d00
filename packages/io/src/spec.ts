/**
 * SPEC data files with MCA spectra (`#@MCA`, `#@CHANN`, `#@CALIB`, `#@CTIME`, `@A` lines).
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial, Pattern, PatternMeta, Series } from "@operando/core";
import { ParseError, createSeries } from "@operando/core";
import { channelPattern, usableCalibration } from "./internal/channel.js";
import { toIsoDate } from "./internal/dates.js";
import { LineReader, decodeText } from "./internal/text.js";
import { fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

interface ScanState {
  number: string;
  title: string;
  date?: string;
  labels: string[];
  /** One entry per `#@CHANN` line (one per MCA device when a point has several spectra). */
  channels: { count: number; first: number; last: number; step: number; line: number }[];
  /** One entry per `#@CALIB` line. */
  calibration: ChannelEnergyPolynomial[];
  /** One entry per `#@CTIME` line. */
  ctime: { preset: number; live: number; real: number }[];
  point: number;
  mcaInPoint: number;
  lastRow?: number[];
  width: number;
  patterns: Pattern[];
  extra: Record<string, string | number>;
}

function numbersOf(reader: LineReader, text: string, line: number): number[] {
  const sub = new LineReader(text, reader.file);
  sub.next();
  sub.lineNumber = line;
  const out = new Float64Array(Math.max(8, text.length));
  const n = sub.scanNumbers(out);
  return Array.from(out.subarray(0, n));
}

/**
 * The header entry that applies to the m-th spectrum of a point: one line applies to all spectra;
 * with several lines (one per MCA device, as SPEC writes with `#@MCA_NB`), the m-th line.
 */
function perMca<T>(entries: readonly T[], m: number, key: string, file: string, line: number): T | undefined {
  if (entries.length <= 1) return entries[0];
  const e = entries[m];
  if (e === undefined) throw new ParseError({ file, line, expected: `a ${key} line for MCA ${m} (the scan has ${entries.length}, one per MCA)`, found: `spectrum ${m + 1} of this point` });
  return e;
}

/**
 * `#@CALIB 0 1 0` (energy = channel number) is what SPEC's MCA macros and PyMca's "save as SPEC
 * MCA" write for a spectrum that was never calibrated (PyMca McaWindow writes the literal
 * `(0, 1, 0)`); read as keV it would put channel 1000 at 1 MeV, so it is no calibration.
 */
function isIdentityCalibration(c: { offsetKeV: number; slopeKeV: number; quadraticKeV: number }): boolean {
  return c.offsetKeV === 0 && c.slopeKeV === 1 && c.quadraticKeV === 0;
}

/**
 * Parses the MCA spectra of a SPEC file into a Series (channel axis).
 *
 * Each `#S` scan may hold points (data rows, values named by `#L`, double-space separated) and,
 * per point, one or more `@A` spectra (a trailing `\` continues a spectrum on the next line).
 * Each spectrum becomes one pattern with meta.label "scan N point P [mca M]", meta.extra holding the
 * point's counter/motor values by `#L` name plus scan title; `#@CALIB a b c` ->
 * meta.energyCalibration (E = a + b ch + c ch^2, keV as written by PyMca; `0 1 0`, the
 * uncalibrated default, and all-zero slopes give none and are kept in meta.extra.calib); `#@CTIME preset live real`
 * -> liveTimeS/realTimeS; `#D` -> startTime; `#@CHANN n first last [r]` fixes the channel count, first
 * channel and channel step r (SPEC's reduction coefficient: x = first, first + r, ..., last). When a
 * scan header repeats `#@CHANN`/`#@CALIB`/`#@CTIME` (one line per MCA device, `#@MCA_NB`), the m-th
 * line applies to the m-th spectrum of each point; a single line applies to all. A spectrum whose length differs from `#@CHANN`, a data row whose length differs from the
 * scan's first row, and a file ending inside a `\` continuation are ParseErrors. Scans without MCA data
 * are counted in series meta.extra.scansWithoutMca.
 *
 * @param input - file content
 * @param options - file name
 * @returns series of all spectra in file order (meta.format "spec")
 * @throws ParseError naming file and line; also when the file holds no `@A` spectrum
 */
export function parseSpec(input: string | Uint8Array, options: ParseOptions = {}): Series {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const fileExtra: Record<string, string | number> = {};
  let fileDate: string | undefined;
  const all: Pattern[] = [];
  let scan: ScanState | undefined;
  let scansWithoutMca = 0;
  let sawScan = false;
  const finishScan = () => {
    if (scan === undefined) return;
    if (scan.patterns.length === 0) scansWithoutMca++;
    all.push(...scan.patterns);
  };
  while (reader.next()) {
    if (reader.isBlank()) continue;
    const line = reader.line;
    const lineNumber = reader.lineNumber;
    if (line.startsWith("#")) {
      const m = /^#(@?\w+)\s?(.*)$/.exec(line);
      if (m === null) continue;
      const key = m[1]!;
      const value = m[2]!.trim();
      if (key === "S") {
        finishScan();
        sawScan = true;
        const sm = /^(\S+)\s*(.*)$/.exec(value);
        scan = { number: sm?.[1] ?? "?", title: sm?.[2]?.trim() ?? "", labels: [], channels: [], calibration: [], ctime: [], point: -1, mcaInPoint: 0, width: 0, patterns: [], extra: {} };
        continue;
      }
      if (scan === undefined) {
        if (key === "D") fileDate = value;
        else fileExtra[key] = value;
        continue;
      }
      switch (key) {
        case "D":
          scan.date = value;
          break;
        case "L":
          scan.labels = value.split(/\s{2,}/).filter((s) => s !== "");
          break;
        case "@CHANN": {
          const v = numbersOf(reader, value, lineNumber);
          if (v.length < 3 || !Number.isInteger(v[0]) || v[0]! <= 0) throw reader.error("#@CHANN count first last [reduction]");
          // the 4th value is the reduction coefficient: channels first, first+r, ..., last
          const step = v[3] ?? 1;
          if (!(step >= 1) || !Number.isInteger(step)) throw reader.error("a positive integer reduction coefficient in #@CHANN", String(v[3]));
          if (v[0]! > 1 && Math.abs(v[1]! + (v[0]! - 1) * step - v[2]!) >= step) {
            throw reader.error(`#@CHANN last channel = first + (count - 1) x reduction (${v[1]! + (v[0]! - 1) * step})`, String(v[2]));
          }
          scan.channels.push({ count: v[0]!, first: v[1]!, last: v[2]!, step, line: lineNumber });
          break;
        }
        case "@CALIB": {
          const v = numbersOf(reader, value, lineNumber);
          if (v.length < 2) throw reader.error("#@CALIB offset slope [quadratic]");
          scan.calibration.push({ offsetKeV: v[0]!, slopeKeV: v[1]!, quadraticKeV: v[2] ?? 0 });
          break;
        }
        case "@CTIME": {
          const v = numbersOf(reader, value, lineNumber);
          if (v.length < 3) throw reader.error("#@CTIME preset live real");
          scan.ctime.push({ preset: v[0]!, live: v[1]!, real: v[2]! });
          break;
        }
        default:
          scan.extra[key] = value;
      }
      continue;
    }
    if (scan === undefined) throw reader.error("a #S scan header before data");
    if (line.startsWith("@A")) {
      // gather the spectrum text across '\' continuations
      let text = line.slice(2);
      const startLine = lineNumber;
      while (/\\\s*$/.test(text)) {
        text = text.replace(/\\\s*$/, " ");
        if (!reader.next()) throw reader.errorAtEnd("the continuation of the @A spectrum started on line " + startLine);
        text += reader.line;
      }
      const counts = Float64Array.from(numbersOf(reader, text, startLine));
      const m = scan.mcaInPoint;
      const channels = perMca(scan.channels, m, "#@CHANN", file, startLine);
      const calibration = perMca(scan.calibration, m, "#@CALIB", file, startLine);
      const ctime = perMca(scan.ctime, m, "#@CTIME", file, startLine);
      if (channels !== undefined && counts.length !== channels.count) {
        throw new ParseError({ file, line: startLine, expected: `${channels.count} channels (#@CHANN on line ${channels.line})`, found: `${counts.length} values` });
      }
      if (counts.length === 0) throw new ParseError({ file, line: startLine, expected: "MCA counts after @A", found: line });
      const point = Math.max(scan.point, 0);
      const meta: PatternMeta = { sourceFile: file, format: "spec", label: `scan ${scan.number} point ${point}${scan.mcaInPoint > 0 ? ` mca ${scan.mcaInPoint}` : ""}` };
      const extra: Record<string, string | number> = { scan: scan.number, scanTitle: scan.title, point, mca: scan.mcaInPoint };
      if (scan.lastRow !== undefined) {
        scan.lastRow.forEach((v, k) => {
          extra[scan!.labels[k] ?? `column ${k + 1}`] = v;
        });
      }
      meta.extra = extra;
      const usable = calibration === undefined || isIdentityCalibration(calibration) ? undefined : usableCalibration(calibration);
      if (usable !== undefined) meta.energyCalibration = usable;
      else if (calibration !== undefined) extra["calib"] = `${calibration.offsetKeV} ${calibration.slopeKeV} ${calibration.quadraticKeV} (uncalibrated)`;
      if (ctime !== undefined) {
        meta.liveTimeS = ctime.live;
        meta.realTimeS = ctime.real;
      }
      const date = scan.date ?? fileDate;
      if (date !== undefined) {
        const isoDate = toIsoDate(date);
        if (isoDate !== undefined) meta.startTime = isoDate;
        else extra["date"] = date;
      }
      scan.patterns.push(channelPattern(counts, channels?.first ?? 0, meta, channels?.step ?? 1));
      scan.mcaInPoint++;
      continue;
    }
    // a data row (counters/motors of one point)
    const row = numbersOf(reader, line, lineNumber);
    if (scan.width === 0) scan.width = row.length;
    else if (row.length !== scan.width) throw reader.error(`${scan.width} values per data row (as in the rows above)`);
    scan.lastRow = row;
    scan.point++;
    scan.mcaInPoint = 0;
  }
  finishScan();
  if (!sawScan) throw reader.errorAtEnd("a #S scan header");
  if (all.length === 0) throw reader.errorAtEnd("at least one @A MCA spectrum");
  const seriesMeta: PatternMeta = { sourceFile: file, format: "spec", extra: { ...fileExtra, scansWithoutMca } };
  if (fileDate !== undefined) {
    const isoDate = toIsoDate(fileDate);
    if (isoDate !== undefined) seriesMeta.startTime = isoDate;
  }
  return createSeries(all, seriesMeta);
}

/**
 * Reads the MCA spectra of a SPEC file. See {@link parseSpec}.
 * @param path - file path
 * @returns one channel-axis pattern per MCA spectrum
 * @throws ParseError with file:line for malformed content
 */
export async function readSpec(path: string): Promise<Series> {
  return parseSpec(await readSource(path), { file: path });
}
