/**
 * Neware BTSDA hierarchical CSV exports: three nested header rows (cycle, step, record), then
 * cycle rows (first field = cycle ID), step rows (leading ",", step ID) and record rows (leading
 * ",,"), each field written as `"<TAB>value"`. Layout as in the Neware test file of TRI's beep
 * (tests/test_files/raw/neware_test.csv, Apache-2.0). Also the newer BTS dialect seen in cellpy's
 * test data (testdata/data/nw_regular_export_ife_example.csv, MIT): "Cycle Index" / ",Step Index,
 * Step Number,Step Type" / ",,DataPoint,Time,Total Time,..." headers, plain fields, and the cycle's
 * first step row written on the cycle line after the cycle fields.
 *
 * @packageDocumentation
 */
import type { CyclerData, ElectrochemMeta } from "@operando/core";
import { ParseError } from "@operando/core";
import { durationSeconds, timestampParts } from "./internal/dates.js";
import { mapColumns } from "./internal/echem.js";
import { splitFields } from "./internal/fields.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * Does this text start like a Neware hierarchical CSV export (cycle, step and record rows)?
 * @param head - the first lines of the file as text
 * @returns true when the header rows match the Neware layout
 */
export function isNewareCsv(head: string): boolean {
  const lines = head.split(/\r?\n/, 4);
  return /^"?Cycle (ID|Index)"?\s*,/i.test(lines[0] ?? "") && /^,"?\s*Step (ID|Index)/i.test(lines[1] ?? "") && /^,,"?\s*(Record ID|DataPoint)/i.test(lines[2] ?? "");
}

/**
 * Parses a Neware hierarchical CSV export into cycler data. Record rows give voltage, current
 * (mA → A) and capacity (mAh → A h, counted per step by Neware as a magnitude; negated on steps
 * whose Step Name/Step Type names a discharge, so that it has the sign of the current); cycle and
 * step come from the enclosing cycle/step rows. Time: a record "Total Time" column (newer BTS
 * exports) is the test time itself; otherwise the record "Time" column is step time (h:mm:ss.fff)
 * and test time is built as (Realtime of the step's first record − first Realtime of the file) +
 * (step time − the step's first step time), keeping the millisecond resolution of the step clock.
 * Without a Realtime column step times are accumulated over steps. Cycle and step summary rows are
 * checked (field count) but not returned.
 *
 * @param input - file content
 * @param options - file name
 * @returns cycler data (meta.format "neware-csv", meta.startTime from the first Realtime or Date)
 * @throws ParseError naming file and line: a missing level header, a record before any step row,
 *   ragged rows, non-numeric values, an unreadable time
 * @example
 * const d = parseNewareCsv(text, { file: "cell.csv" }); // d.voltageV, d.currentA (A), d.cycle
 */
export function parseNewareCsv(input: string | Uint8Array, options: ParseOptions = {}): CyclerData {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const headers: string[][] = [];
  for (let level = 0; level < 3; level++) {
    if (!reader.next()) throw reader.errorAtEnd(["the cycle header (Cycle ID, ...)", "the step header (,Step ID, ...)", "the record header (,,Record ID, ...)"][level]!);
    const fields = splitFields(reader.line, ",");
    const expectedLead = ["Cycle ID", "", ""][level]!;
    if (level > 0 && (fields[level - 1] !== "" || !/^(Step ID|Step Index|Record ID|DataPoint)$/i.test(fields[level] ?? ""))) throw reader.error(level === 1 ? '",Step ID" or ",Step Index" (Neware step header)' : '",,Record ID" or ",,DataPoint" (Neware record header)', reader.line.slice(0, 80));
    if (level === 0 && !/^Cycle (ID|Index)$/i.test(fields[0] ?? "")) throw reader.error(`"${expectedLead}" or "Cycle Index" (Neware cycle header)`, reader.line.slice(0, 80));
    headers.push(fields);
  }
  const recordHeader = headers[2]!;
  const recordLine = 3;
  const fail = (expected: string, found: string) => new ParseError({ file, line: recordLine, expected, found });
  const names = recordHeader.map((h) => h.trim());
  const timeIndex = names.findIndex((h) => /^time\b/i.test(h));
  const realIndex = names.findIndex((h) => /^realtime$/i.test(h));
  // newer BTS exports ("Cycle Index" / "Step Index" / "DataPoint") carry the test time itself
  const totalIndex = names.findIndex((h) => /^total time\b/i.test(h));
  const dateIndex = realIndex >= 0 ? realIndex : names.findIndex((h) => /^date$/i.test(h));
  if (timeIndex < 0 && realIndex < 0 && totalIndex < 0) throw fail("a Time(h:min:s.ms), Total Time or Realtime record column", names.join(" | "));
  const specs = mapColumns(names, undefined, { columns: { time: totalIndex >= 0 ? totalIndex : timeIndex >= 0 ? timeIndex : realIndex } }, fail);
  const cycleWidth = headers[0]!.length;
  const stepNames = headers[1]!.map((h) => h.trim());
  const stepTypeIndex = stepNames.findIndex((h) => /^step (name|type)$/i.test(h));
  for (const role of ["voltage", "current"] as const) if (!specs.has(role)) throw fail(`a ${role} record column`, names.join(" | "));
  const v = specs.get("voltage")!;
  const c = specs.get("current")!;
  const q = specs.get("capacity");
  const time: number[] = [];
  const voltage: number[] = [];
  const current: number[] = [];
  const capacity: number[] = [];
  const cycles: number[] = [];
  const steps: number[] = [];
  let cycle = Number.NaN;
  let step = Number.NaN;
  let stepType = "";
  let dischargeRows = 0;
  let stepStart: { offsetS: number; stepTimeS: number } | undefined;
  let baseS: number | undefined;
  let previousEndS = 0;
  let firstReal: string | undefined;
  const number = (fields: string[], index: number, what: string): number => {
    const value = parseNumberText(fields[index] ?? "");
    if (value === undefined) throw reader.error(`a number for ${what} in field ${index + 1}`, fields[index] === "" ? "an empty field" : fields[index] ?? "nothing");
    return value;
  };
  while (reader.next()) {
    if (reader.isBlank()) continue;
    const fields = splitFields(reader.line, ",");
    if (!reader.line.startsWith(",")) {
      cycle = number(fields, 0, "Cycle ID");
      // "Cycle Index" exports write the cycle's first step row on the same line, after the cycle fields
      if (fields.length > cycleWidth && fields[cycleWidth] !== "") {
        step = number(fields, cycleWidth, "Step Index");
        stepType = stepTypeIndex >= 0 ? (fields[cycleWidth + stepTypeIndex - 1] ?? "") : "";
        stepStart = undefined;
      }
      continue;
    }
    if (!reader.line.startsWith(",,")) {
      step = number(fields, 1, "Step ID");
      stepType = stepTypeIndex >= 0 ? (fields[stepTypeIndex] ?? "") : "";
      stepStart = undefined;
      continue;
    }
    if (Number.isNaN(step)) throw reader.error("a step row (,<step ID>, ...) before the first record row", reader.line.slice(0, 80));
    if (fields.length < recordHeader.length - 1) throw reader.error(`${recordHeader.length} fields per record row (as in the record header)`, `${fields.length} fields`);
    if (totalIndex >= 0) {
      const t = durationSeconds(fields[totalIndex] ?? "");
      if (t === undefined) throw reader.error(`an h:mm:ss total time in field ${totalIndex + 1}`, fields[totalIndex] ?? "");
      if (firstReal === undefined && dateIndex >= 0 && timestampParts(fields[dateIndex] ?? "") !== undefined) firstReal = fields[dateIndex];
      time.push(t);
    } else {
      pushStepTime(fields);
    }
    voltage.push(number(fields, v.index, v.header) * v.scale);
    current.push(number(fields, c.index, c.header) * c.scale);
    if (q !== undefined) {
      // Neware counts capacity per step, unsigned: sign it by the step type (discharge < 0)
      const value = number(fields, q.index, q.header) * q.scale;
      const discharge = /d(is)?ch(ar)?g|discharge/i.test(stepType);
      if (discharge && value > 0) dischargeRows++;
      capacity.push(discharge ? -value : value);
    }
    cycles.push(cycle);
    steps.push(step);
  }
  function pushStepTime(fields: string[]): void {
    const stepTime = timeIndex >= 0 ? durationSeconds(fields[timeIndex] ?? "") : 0;
    if (stepTime === undefined) throw reader.error(`an h:mm:ss.fff step time in field ${timeIndex + 1}`, fields[timeIndex] ?? "");
    if (stepStart === undefined) {
      let offsetS = previousEndS;
      if (realIndex >= 0) {
        const parts = timestampParts(fields[realIndex] ?? "");
        if (parts === undefined) throw reader.error(`a date-time in the Realtime field ${realIndex + 1}`, fields[realIndex] ?? "");
        firstReal ??= fields[realIndex];
        baseS ??= parts.wholeS;
        offsetS = parts.wholeS - baseS + parts.fractionS;
      }
      stepStart = { offsetS, stepTimeS: stepTime };
    }
    const t = stepStart.offsetS + (stepTime - stepStart.stepTimeS);
    previousEndS = t;
    time.push(t);
  }
  if (time.length === 0) throw reader.errorAtEnd("at least one record row (,,<record ID>, ...)");
  const extra: Record<string, string | number> = {
    "column:time": totalIndex >= 0 ? `${names[totalIndex]} (test time)` : timeIndex >= 0 ? `${names[timeIndex]} (step time) + ${realIndex >= 0 ? "Realtime of the step start" : "accumulated step durations"}` : "Realtime",
    "column:voltage": v.header,
    "column:current": c.header,
    ...(q === undefined ? {} : { "column:capacity": `${q.header} (per step; negated on discharge steps${dischargeRows > 0 ? `: ${dischargeRows} rows` : ""})` }),
    "column:cycle": `${headers[0]![0]!.trim()} (cycle rows)`,
    "column:step": `${stepNames[1] ?? "Step ID"} (step rows)`,
  };
  const meta: ElectrochemMeta = { sourceFile: file, format: "neware-csv", extra };
  if (firstReal !== undefined) {
    const p = timestampParts(firstReal);
    if (p !== undefined) meta.startTime = new Date(p.wholeS * 1000).toISOString().slice(0, 19);
  }
  return {
    timeS: Float64Array.from(time),
    currentA: Float64Array.from(current),
    voltageV: Float64Array.from(voltage),
    ...(q === undefined ? {} : { capacityAh: Float64Array.from(capacity) }),
    cycle: Float64Array.from(cycles),
    step: Float64Array.from(steps),
    meta,
  };
}

/**
 * Reads a Neware hierarchical CSV export. See {@link parseNewareCsv}.
 * @param path - file path
 * @returns cycler data
 * @throws ParseError with file:line for malformed content
 */
export async function readNewareCsv(path: string): Promise<CyclerData> {
  return parseNewareCsv(await readSource(path), { file: path });
}
