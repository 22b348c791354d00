/**
 * Electrochemistry text tables with named (or no) column headers: CH Instruments and Parstat
 * exports, NOVA/Autolab ASCII exports, generic cycler CSV (time, current, voltage, capacity) and
 * generic impedance CSV (f, Z', Z'').
 *
 * @packageDocumentation
 */
import type { CyclerData, ElectrochemMeta, ImpedanceSpectrum } from "@operando/core";
import { ParseError, UnsupportedFormatError } from "@operando/core";
import type { ColumnSpec, EchemColumnOptions, EchemRole } from "./internal/echem.js";
import { buildEchem, echemKind, isStepSummaryHeader, mapColumns, rolesByName, rolesFor } from "./internal/echem.js";
import type { Delimiter } from "./internal/fields.js";
import { detectDelimiter, isDecimalCommaNumber, readFieldRows, splitFields } from "./internal/fields.js";
import { durationSeconds, timestampParts, timestampSeconds, toIsoDate } from "./internal/dates.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/** Options for {@link parseEchemTable}. */
export interface ParseEchemTableOptions extends ParseOptions, EchemColumnOptions {
  /** Force the record kind; by default it follows from the columns found. */
  kind?: "cycler" | "impedance";
  /** Field delimiter; detected from the header/first row by default. */
  delimiter?: Delimiter;
  /** Numbers use a decimal comma; detected from the first data row by default. */
  decimalComma?: boolean;
  /** 1-based line of the column header; searched in the first 200 lines by default. */
  headerLine?: number;
  /** Format name stored in meta.format. @default "echem-table" */
  formatName?: string;
  /**
   * Impedance tables holding several frequency sweeps (a reversal of the sweep direction starts a
   * new one): the 1-based sweep to return. Without it such a table is a ParseError naming the line
   * where the second sweep starts. @default undefined (the table must hold one sweep)
   */
  sweep?: number;
}

/** Result of {@link parseEchemTable}. */
export type EchemTableResult = { kind: "impedance"; spectrum: ImpedanceSpectrum } | { kind: "cycler"; data: CyclerData };

function isNumericRow(fields: readonly string[]): boolean {
  return fields.length > 0 && fields.every((f) => parseNumberText(f) !== undefined || isDecimalCommaNumber(f));
}

/**
 * Reads the data rows below a known header and builds the record. Shared by the BioLogic reader
 * and {@link parseEchemTable}.
 * @internal
 */
export function readEchemBody(
  reader: LineReader,
  headers: readonly string[],
  units: readonly string[] | undefined,
  options: ParseEchemTableOptions,
  meta: ElectrochemMeta,
  table: { delimiter: Delimiter; decimalComma?: boolean; leadingEmpty?: boolean; isEnd?: (r: LineReader) => boolean; headerLineNumber: number },
): EchemTableResult & { rows: number } {
  const file = reader.file;
  const fail = (expected: string, found: string) => new ParseError({ file, line: table.headerLineNumber, expected, found });
  const specs = mapColumns(headers, units, options, fail);
  let kind = options.kind ?? echemKind(specs);
  const bothKinds = options.kind === undefined && kind === "impedance" && specs.has("time") && specs.has("current") && specs.has("voltage");
  if (kind === undefined) {
    if (isStepSummaryHeader(headers)) throw new UnsupportedFormatError(file, `a per-step summary, not a time series (columns: ${headers.join(", ")}); operando reads cycler records with time, current and voltage per sample`);
    const cyclerRoles = (["time", "current", "voltage"] as const).filter((r) => specs.has(r));
    if (cyclerRoles.length === 2) {
      const missing = (["time", "current", "voltage"] as const).find((r) => !specs.has(r))!;
      throw fail(`a ${missing} column for cycler data (found ${cyclerRoles.join(" and ")}); pass \`columns.${missing}\` to name it`, headers.join(" | "));
    }
    throw fail("columns for impedance (frequency, Z', Z'') or cycling (time, current, voltage); pass `columns` to name them", headers.join(" | "));
  }
  const roles = rolesFor(kind);
  const needRoles = bothKinds ? [...new Set([...roles.required, "time", "current", "voltage", "capacity", "cycle", "step"] as EchemRole[])] : [...roles.required, ...roles.optional];
  for (const role of roles.required) if (!specs.has(role)) throw fail(`a ${role} column for ${kind} data`, headers.join(" | "));
  const used = new Map<EchemRole, ColumnSpec>();
  for (const role of needRoles) {
    const spec = specs.get(role);
    if (spec !== undefined) used.set(role, spec);
  }
  // decimal comma: sniff the first data row when not given
  let decimalComma = table.decimalComma ?? options.decimalComma;
  if (decimalComma === undefined) {
    const mark = reader.mark();
    decimalComma = false;
    while (reader.next()) {
      if (reader.isBlank()) continue;
      if (table.isEnd?.(reader) === true) break;
      decimalComma = table.delimiter !== "," && splitFields(reader.line, table.delimiter).some(isDecimalCommaNumber);
      break;
    }
    reader.restore(mark);
  }
  // the time column may hold absolute timestamps (EC-Lab/BT-Lab "Absolute" time format, Maccor
  // "DPt Time", Neware "Realtime") or h:mm:ss durations (Neware, LAND): sniff the first data row
  const timeSpec = used.get("time");
  const timeFormat = timeSpec === undefined ? "number" : sniffTimeFormat(reader, timeSpec.index, table, decimalComma);
  const parsers = new Map<number, { parse: (field: string) => number | undefined; expected: string }>();
  let baseS: number | undefined; // whole seconds of the first timestamp: rows are read relative to it
  const relativeTimestamp = (field: string): number | undefined => {
    const parts = timestampParts(field);
    if (parts === undefined) return undefined;
    baseS ??= parts.wholeS;
    return parts.wholeS - baseS + parts.fractionS;
  };
  if (timeSpec !== undefined && timeFormat === "timestamp") parsers.set(timeSpec.index, { parse: relativeTimestamp, expected: `a date-time like the first row's in column ${timeSpec.index + 1} (${timeSpec.header})` });
  if (timeSpec !== undefined && timeFormat === "duration") parsers.set(timeSpec.index, { parse: durationSeconds, expected: `an h:mm:ss duration in column ${timeSpec.index + 1} (${timeSpec.header})` });
  const stateSpec = used.get("state");
  const stepTypeSpec = used.get("stepType");
  const textColumns = [stateSpec, stepTypeSpec].filter((s): s is ColumnSpec => s !== undefined).map((s) => s.index);
  const needed = [...new Set([...used.values()].filter((s) => s.role !== "state" && s.role !== "stepType").map((s) => s.index))];
  const body = readFieldRows(reader, {
    delimiter: table.delimiter,
    decimalComma,
    width: headers.length,
    needed,
    parsers,
    ...(textColumns.length === 0 ? {} : { textColumns }),
    ...(table.leadingEmpty === true ? { leadingEmpty: true } : {}),
    ...(table.isEnd === undefined ? {} : { isEnd: table.isEnd }),
  });
  if (body.rows === 0) throw reader.errorAtEnd("at least one data row below the column header");
  const timeExtra: Record<string, string | number> = {};
  if (timeSpec !== undefined) {
    const t = body.columns.get(timeSpec.index)!;
    if (timeFormat === "timestamp") {
      const t0 = t[0]!;
      if (meta.startTime === undefined && baseS !== undefined) meta.startTime = new Date((baseS + Math.floor(t0)) * 1000).toISOString().slice(0, 19);
      for (let i = 0; i < t.length; i++) t[i] = t[i]! - t0;
      timeExtra["timeColumn"] = "absolute timestamps, converted to seconds from the first row";
    } else if (timeFormat === "duration") {
      timeExtra["timeColumn"] = "h:mm:ss durations, converted to seconds";
    }
    for (let i = 1; i < t.length; i++) {
      if (t[i]! < t[i - 1]!) {
        // a time column that restarts is step time, not test time: refuse rather than mislead
        if (timeFormat === "duration") throw new ParseError({ file, line: body.firstLine + i, expected: `non-decreasing test time in column "${timeSpec.header}" (this looks like step time; pass columns.time)`, found: `${t[i]} s after ${t[i - 1]} s` });
        timeExtra["warning"] = `time decreases at data row ${i + 1} (${t[i - 1]} s -> ${t[i]} s)`;
        break;
      }
    }
  }
  if (stateSpec !== undefined) applyStateSign(body, stateSpec.index, used, timeExtra);
  else if (stepTypeSpec !== undefined) applyStepTypeSign(body, stepTypeSpec.index, used, timeExtra);
  if (bothKinds) {
    const f = body.columns.get(used.get("frequency")!.index)!;
    const zeros = f.filter((v) => v === 0).length;
    if (zeros === f.length) kind = "cycler";
    else if (zeros > 0) throw new ParseError({ file, line: body.firstLine, expected: "either all-impedance rows (frequency > 0) or all-cycling rows (frequency 0); pass `kind`", found: `${zeros} of ${f.length} rows with frequency 0` });
    if (kind === "cycler") used.delete("frequency");
  }
  const finalSpecs = new Map([...used].filter(([role]) => [...rolesFor(kind!).required, ...rolesFor(kind!).optional].includes(role)));
  const result = buildEchem(kind, finalSpecs, body.columns, { ...meta, extra: { ...meta.extra, ...timeExtra, decimalComma: decimalComma ? "yes" : "no" } }, file, body.firstLine, options.sweep);
  return { ...result, rows: body.rows };
}

/** How a time column is written, judged from its first data row. */
function sniffTimeFormat(reader: LineReader, index: number, table: { delimiter: Delimiter; leadingEmpty?: boolean; isEnd?: (r: LineReader) => boolean }, decimalComma: boolean): "number" | "timestamp" | "duration" {
  const mark = reader.mark();
  let format: "number" | "timestamp" | "duration" = "number";
  while (reader.next()) {
    if (reader.isBlank()) continue;
    if (table.isEnd?.(reader) === true) break;
    let fields = splitFields(reader.line, table.delimiter);
    if (table.leadingEmpty === true && fields[0] === "") fields = fields.slice(1);
    const field = fields[index] ?? "";
    if (parseNumberText(field, decimalComma) === undefined) {
      if (durationSeconds(field) !== undefined) format = "duration";
      else if (timestampSeconds(field) !== undefined) format = "timestamp";
    }
    break;
  }
  reader.restore(mark);
  return format;
}

/**
 * Maccor exports give current and Amp-hr as unsigned magnitudes with a State column (C charge,
 * D discharge, R rest): discharge rows are negated so current follows the instrument convention
 * (charge > 0). Files whose current already has both signs are left alone.
 */
function applyStateSign(body: { columns: Map<number, Float64Array>; texts: Map<number, string[]> }, stateIndex: number, used: Map<EchemRole, ColumnSpec>, extra: Record<string, string | number>): void {
  const states = body.texts.get(stateIndex)!;
  const current = body.columns.get(used.get("current")!.index)!;
  if (current.some((v) => v < 0)) {
    extra["stateColumn"] = "ignored (current already signed)";
    return;
  }
  const signed = [used.get("current"), used.get("capacity")].filter((s): s is ColumnSpec => s !== undefined).map((s) => body.columns.get(s.index)!);
  for (let i = 0; i < states.length; i++) {
    if (/^d/i.test(states[i]!)) for (const column of signed) column[i] = -column[i]!;
  }
  extra["stateColumn"] = "discharge rows (state D) negated: current and capacity are signed, charge > 0";
}

/** Direction a step-type label names: +1 charge, -1 discharge, 0 rest/other. */
function stepDirection(label: string): number {
  const l = label.toLowerCase();
  if (/d(is)?ch(ar)?g|discharge/.test(l)) return -1;
  if (/ch(ar)?g|charge/.test(l)) return 1;
  return 0;
}

/**
 * Checks the current sign against a step-type column (Neware "Step Type" CC Chg/CC DChg/Rest, BDF
 * "Step Type / 1" charge/discharge/rest, PEC "Instruction Name") and brings it to the CyclerData
 * convention (charge > 0):
 * - every signed row of charge steps < 0 and of discharge steps > 0 (the opposite convention, e.g.
 *   BattMo output in BDF): the whole current column is negated;
 * - current never negative but positive on discharge steps (unsigned magnitudes): discharge rows
 *   are negated, as for Maccor's state D;
 * - otherwise (already charge > 0, or no labelled rows with current): left alone.
 * A single capacity column that is never negative (Neware "Capacity(Ah)", counted per step) has
 * its discharge-step rows negated so that it follows the same sign as the current.
 * What was done is recorded in meta.extra.stepTypeColumn.
 */
function applyStepTypeSign(body: { columns: Map<number, Float64Array>; texts: Map<number, string[]> }, typeIndex: number, used: Map<EchemRole, ColumnSpec>, extra: Record<string, string | number>): void {
  const labels = body.texts.get(typeIndex)!;
  const current = body.columns.get(used.get("current")!.index)!;
  const capacitySpec = used.get("capacity");
  const capacity = capacitySpec === undefined ? undefined : body.columns.get(capacitySpec.index)!;
  let chargePos = 0;
  let chargeNeg = 0;
  let dischargePos = 0;
  let dischargeNeg = 0;
  let anyNegative = false;
  let capacityNegative = false;
  let capacityOnDischarge = 0;
  const direction = new Int8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const d = stepDirection(labels[i]!);
    direction[i] = d;
    const v = current[i]!;
    if (v < 0) anyNegative = true;
    if (d > 0 && v > 0) chargePos++;
    else if (d > 0 && v < 0) chargeNeg++;
    else if (d < 0 && v > 0) dischargePos++;
    else if (d < 0 && v < 0) dischargeNeg++;
    if (capacity !== undefined) {
      if (capacity[i]! < 0) capacityNegative = true;
      else if (d < 0 && capacity[i]! > 0) capacityOnDischarge++;
    }
  }
  const notes: string[] = [];
  if (dischargePos > 0 && dischargeNeg === 0 && chargePos === 0 && chargeNeg > 0) {
    for (let i = 0; i < current.length; i++) current[i] = current[i] === 0 ? 0 : -current[i]!;
    notes.push(`current negated: the file has discharge > 0 (${dischargePos} discharge rows > 0, ${chargeNeg} charge rows < 0); operando uses charge > 0`);
  } else if (!anyNegative && dischargePos > 0) {
    for (let i = 0; i < direction.length; i++) if (direction[i]! < 0) current[i] = -current[i]!;
    notes.push("current of discharge steps negated (the file gives unsigned magnitudes): charge > 0");
  } else if (dischargePos > 0 && chargeNeg > 0) {
    notes.push(`warning: current sign disagrees with the step type on ${dischargePos + chargeNeg} rows; left as recorded`);
  } else {
    notes.push("current sign agrees with the step type (charge > 0)");
  }
  if (capacity !== undefined && !capacityNegative && capacityOnDischarge > 0) {
    for (let i = 0; i < direction.length; i++) if (direction[i]! < 0) capacity[i] = -capacity[i]!;
    notes.push(`capacity of discharge steps negated (the file counts unsigned per step in "${capacitySpec!.header}")`);
  }
  extra["stepTypeColumn"] = notes.join("; ");
}

/**
 * Parses an electrochemistry table: finds the column header (the first line, within 200, whose
 * fields name at least two known quantities and is followed by numeric rows), keeps the lines
 * above it as header metadata (`key: value` / `key = value` pairs in meta.extra, a recognisable
 * date as meta.startTime), maps columns to roles by name and unit suffix (s/min/h, A/mA/uA, V/mV,
 * Ah/mAh/mA.h, Hz/kHz, ohm) and converts to s, A, V, A h, Hz, ohm. Imaginary impedance columns
 * named with a leading '-' ("-Im(Z)", "-Z''") are negated to the physical sign.
 *
 * Without a header (all rows numeric): three columns are read as f (Hz), Z' and Z'' (ohm, physical
 * sign) unless `columns`/`kind` say otherwise.
 *
 * Tolerated: blank lines, a trailing delimiter, quotes around fields, CRLF, BOM, Latin-1.
 * Errors: unknown units, missing required columns, a row with a different field count, a needed
 * field that is not a number, frequency <= 0, a table mixing cycling and impedance rows.
 *
 * @param input - file content
 * @param options - column mapping, units, kind, delimiter, decimal comma
 * @returns `{ kind: "impedance", spectrum }` or `{ kind: "cycler", data }`
 * @throws ParseError naming file and line
 * @example
 * const r = parseEchemTable("time/s,I/mA,Ewe/V\n0,1,3.2\n10,1,3.3\n", { file: "c.csv" });
 * // r.kind === "cycler"; r.data.currentA[0] === 0.001
 */
export function parseEchemTable(input: string | Uint8Array, options: ParseEchemTableOptions = {}): EchemTableResult {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const extra: Record<string, string | number> = {};
  const meta: ElectrochemMeta = { sourceFile: file, format: options.formatName ?? "echem-table" };
  let headers: string[] | undefined;
  let delimiter: Delimiter = options.delimiter ?? "whitespace";
  let headerLineNumber = 0;
  const preamble: string[] = [];
  let lastPreamble: { text: string; line: number } | undefined;
  while (reader.next()) {
    if (reader.isBlank()) continue;
    const line = reader.line;
    const d = options.delimiter ?? detectDelimiter(line);
    const fields = splitFields(line, d);
    if (options.headerLine !== undefined ? reader.lineNumber === options.headerLine : false) {
      headers = fields;
      delimiter = d;
      headerLineNumber = reader.lineNumber;
      break;
    }
    if (options.headerLine === undefined) {
      if (isNumericRow(fields)) {
        // a garbled first data row must not pass as a preamble line
        const previous = lastPreamble;
        if (previous !== undefined && !/[:=]/.test(previous.text)) {
          const prevFields = splitFields(previous.text, d);
          if (prevFields.length === fields.length && prevFields.some((f) => parseNumberText(f) !== undefined || isDecimalCommaNumber(f))) {
            throw new ParseError({ file, line: previous.line, expected: "a number in every field (this looks like a data row)", found: previous.text });
          }
        }
        // headerless table: rewind and use positional columns
        reader.restore({ pos: reader.start, lineNumber: reader.lineNumber - 1 });
        delimiter = d;
        headers = fields.map((_, i) => `column ${i + 1}`);
        headerLineNumber = reader.lineNumber + 1;
        const columns: Partial<Record<EchemRole, number | string>> = options.columns ?? (fields.length === 3 && options.kind !== "cycler" ? { frequency: 0, zReal: 1, zImag: 2 } : {});
        meta.extra = { ...extra, header: "none (positional columns)" };
        const result = readEchemBody(reader, headers, undefined, { ...options, columns }, meta, { delimiter, headerLineNumber, ...(options.decimalComma === undefined ? {} : { decimalComma: options.decimalComma }) });
        const { rows: _rows, ...rest } = result;
        return rest;
      }
      if (isStepSummaryHeader(fields)) throw new UnsupportedFormatError(file, `a per-step summary, not a time series (columns: ${fields.join(", ")}); operando reads cycler records with time, current and voltage per sample`);
      const specs = rolesByName(fields);
      const named = options.columns !== undefined && Object.values(options.columns).every((c) => typeof c === "number" || fields.includes(c));
      if (specs.size >= 2 || (named && Object.keys(options.columns ?? {}).length > 0)) {
        headers = fields;
        delimiter = d;
        headerLineNumber = reader.lineNumber;
        break;
      }
    }
    preamble.push(reader.trimmed());
    lastPreamble = { text: reader.line, line: reader.lineNumber };
    if (reader.lineNumber > 200 && options.headerLine === undefined) break;
  }
  if (headers === undefined) throw reader.errorAtEnd("a column header naming time/current/voltage or frequency/Z'/Z'' columns within the first 200 lines");
  for (const raw of preamble) {
    const p = raw.replace(/^#+\s*/, "");
    if (p === "") continue;
    if (p.includes("\t")) {
      // Maccor: "Today's Date 09/01/2020  Date of Test:<TAB>12/16/2019<TAB> Filename:<TAB>E:\..."
      // -- a key ending in ':' takes the next tab/double-space separated segment as its value
      const segments = p.split(/\t|\s{2,}/).map((x) => x.trim()).filter((x) => x !== "");
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        let key: string | undefined;
        let value: string | undefined;
        if (segment.endsWith(":") && i + 1 < segments.length) {
          key = segment.slice(0, -1).trim();
          value = segments[++i]!;
        } else {
          const m = /^([^:=]{1,60}?)\s*[:=]\s*(.*)$/.exec(segment);
          if (m !== null) [key, value] = [m[1]!.trim(), m[2]!.trim()];
        }
        if (key === undefined || value === undefined) {
          extra[`header ${Object.keys(extra).length + 1}`] = segment;
          continue;
        }
        extra[key] = parseNumberText(value) ?? value;
        if (/date of test|start(ed)? (date|time|on)/i.test(key)) {
          const d = toIsoDate(value);
          if (d !== undefined) meta.startTime = d;
        }
      }
      continue;
    }
    const kv = /^([^:=]{1,60}?)\s*[:=]\s*(.*)$/.exec(p);
    // PEC writes "Key:,value": drop the delimiter after the colon
    const value = kv === null ? "" : kv[2]!.replace(/^[,;\t]\s*/, "").replace(/[,;\t]+\s*$/, "");
    if (kv !== null) extra[kv[1]!.trim()] = parseNumberText(value) ?? value.trim();
    else extra[`header ${Object.keys(extra).length + 1}`] = p;
    if (meta.startTime === undefined) {
      const d = toIsoDate(p);
      if (d !== undefined) meta.startTime = d;
    }
  }
  meta.extra = extra;
  const result = readEchemBody(reader, headers, undefined, options, meta, { delimiter, headerLineNumber, ...(options.decimalComma === undefined ? {} : { decimalComma: options.decimalComma }) });
  const { rows: _rows, ...rest } = result;
  return rest;
}

/**
 * Reads an electrochemistry table file. See {@link parseEchemTable}.
 * @param path - file path
 * @param options - as for parseEchemTable
 * @returns the cycler record or impedance spectrum the table holds
 * @throws ParseError with file:line for malformed content
 */
export async function readEchemTable(path: string, options: ParseEchemTableOptions = {}): Promise<EchemTableResult> {
  return parseEchemTable(await readSource(path), { file: path, ...options });
}
