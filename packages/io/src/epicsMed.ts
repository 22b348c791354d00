/**
 * EPICS MED / mca `.mca` files (single or multi-element): `KEY: values` header, then `DATA:` with
 * one column per detector element.
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial, Pattern, PatternMeta, Series } from "@operando/core";
import { ParseError, createSeries } from "@operando/core";
import { channelPattern, usableCalibration } from "./internal/channel.js";
import { toIsoDate } from "./internal/dates.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { readNumericBlock } from "./internal/table.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/** Header keys (and their aliases) holding one number per element. */
const PER_ELEMENT: Record<string, string> = {
  REAL_TIME: "realTime",
  LIVE_TIME: "liveTime",
  CAL_OFFSET: "offset",
  CALIBRATION_OFFSET: "offset",
  CAL_SLOPE: "slope",
  CALIBRATION_SLOPE: "slope",
  CAL_QUAD: "quad",
  CALIBRATION_QUADRATIC: "quad",
  CAL_QUADRATIC: "quad",
  TWO_THETA: "twoTheta",
};

/**
 * Parses an EPICS MED file into a Series with one channel-axis pattern per element.
 *
 * Header: `ELEMENTS` (default 1), `CHANNELS` (required), per-element `REAL_TIME`, `LIVE_TIME`,
 * `CAL_OFFSET`/`CALIBRATION_OFFSET`, `CAL_SLOPE`/`CALIBRATION_SLOPE`, `CAL_QUAD`/`CALIBRATION_QUADRATIC`
 * (energy in keV: E = offset + slope ch + quad ch^2), `TWO_THETA` (deg), `DATE`, and `ENVIRONMENT`
 * lines (`PV="value" (description)`, stored as meta.extra["env:PV"]); ROI and other keys verbatim.
 * `DATA:` must hold exactly CHANNELS rows of ELEMENTS integers.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch
 * @returns series (meta.format "epics-med"), pattern labels "element k"
 * @throws ParseError naming file and line
 */
export function parseEpicsMed(input: string | Uint8Array, options: ParseOptions = {}): Series {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const extra: Record<string, string | number> = {};
  const perElement = new Map<string, { values: number[]; line: number }>();
  let elements = 1;
  let channels: number | undefined;
  let date: string | undefined;
  let sawData = false;
  let sawAny = false;
  while (reader.next()) {
    if (reader.isBlank()) continue;
    const t = reader.trimmed();
    const colon = t.indexOf(":");
    if (colon <= 0) throw reader.error("a `KEY: value` header line or DATA:");
    const key = t.slice(0, colon).trim().toUpperCase();
    const value = t.slice(colon + 1).trim();
    sawAny = true;
    if (key === "DATA") {
      sawData = true;
      break;
    }
    if (key === "ELEMENTS" || key === "CHANNELS") {
      const n = parseNumberText(value);
      if (n === undefined || !Number.isInteger(n) || n <= 0) throw reader.error(`a positive integer for ${key}`);
      if (key === "ELEMENTS") elements = n;
      else channels = n;
      continue;
    }
    const field = PER_ELEMENT[key];
    if (field !== undefined) {
      const parts = value.split(/\s+/).filter((s) => s !== "");
      const values = parts.map((p) => parseNumberText(p));
      const bad = values.findIndex((v) => v === undefined);
      if (bad !== -1) throw reader.error(`numbers for ${key}`, parts[bad]);
      perElement.set(field, { values: values as number[], line: reader.lineNumber });
      extra[key] = value;
      continue;
    }
    if (key === "DATE" || key === "START_TIME") {
      date = value;
      extra[key] = value;
      continue;
    }
    if (key === "ENVIRONMENT") {
      const m = /^([^=]+)=\s*"?([^"]*)"?\s*(?:\((.*)\))?$/.exec(value);
      if (m !== null) extra[`env:${m[1]!.trim()}`] = m[3] === undefined ? m[2]! : `${m[2]} (${m[3]})`;
      else extra[`env:${value}`] = value;
      continue;
    }
    extra[key] = value;
  }
  if (!sawAny) throw reader.errorAtEnd("an EPICS MED header (VERSION, ELEMENTS, CHANNELS ...)");
  if (!sawData) throw reader.errorAtEnd("a DATA: line");
  if (channels === undefined) throw reader.error("a CHANNELS: header line before DATA:");
  for (const [field, entry] of perElement) {
    if (entry.values.length !== elements) {
      throw new ParseError({ file, line: entry.line, expected: `${elements} values (one per element, ELEMENTS)`, found: `${entry.values.length} values for ${field}` });
    }
  }
  const dataLine = reader.lineNumber;
  const block = readNumericBlock(reader, { columns: elements, maxColumns: elements });
  const warning = checkCount(channels, block.rows, "channels (CHANNELS)", options, (expected, found) => new ParseError({ file, line: dataLine, expected, found: `${found} data rows` }));
  if (warning !== undefined) extra["warning"] = warning;
  if (block.rows === 0) throw reader.errorAtEnd("channel data after DATA:");
  const isoDate = date === undefined ? undefined : toIsoDate(date);
  const at = (field: string, k: number) => perElement.get(field)?.values[k];
  const patterns: Pattern[] = [];
  for (let k = 0; k < elements; k++) {
    const meta: PatternMeta = { sourceFile: file, format: "epics-med", label: `element ${k}`, extra: { ...extra, element: k } };
    const offset = at("offset", k);
    const slope = at("slope", k);
    if (offset !== undefined && slope !== undefined) {
      const cal: ChannelEnergyPolynomial = { offsetKeV: offset, slopeKeV: slope, quadraticKeV: at("quad", k) ?? 0 };
      const usable = usableCalibration(cal);
      if (usable !== undefined) meta.energyCalibration = usable;
    }
    const real = at("realTime", k);
    const live = at("liveTime", k);
    const tth = at("twoTheta", k);
    // a spectrum saved without an acquisition (e.g. xraylarch area1.mca) has REAL_TIME/LIVE_TIME 0:
    // no counting time then (the zeros stay verbatim in meta.extra), never a 0 s time to divide by
    if (real !== undefined && real > 0) meta.realTimeS = real;
    if (live !== undefined && live > 0) meta.liveTimeS = live;
    if (tth !== undefined) meta.twoThetaDeg = tth;
    if (isoDate !== undefined) meta.startTime = isoDate;
    patterns.push(channelPattern(block.columns[k]!, 0, meta));
  }
  const seriesMeta: PatternMeta = { sourceFile: file, format: "epics-med", extra };
  if (isoDate !== undefined) seriesMeta.startTime = isoDate;
  return createSeries(patterns, seriesMeta);
}

/**
 * Reads an EPICS MED `.mca` file. See {@link parseEpicsMed}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns one channel-axis pattern per detector element
 * @throws ParseError with file:line for malformed content
 */
export async function readEpicsMed(path: string, options: ParseOptions = {}): Promise<Series> {
  return parseEpicsMed(await readSource(path), { file: path, ...options });
}
