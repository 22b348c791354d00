/**
 * Gamry Framework `.DTA` files: `KEY<TAB>TYPE<TAB>VALUE<TAB>label` lines and `NAME<TAB>TABLE[<TAB>n]`
 * blocks (column names row, units row, rows starting with a tab). One file holds one experiment,
 * named by its `TAG` line; cyclic voltammetry writes one table per cycle (CURVE1, CURVE2, ...).
 *
 * @packageDocumentation
 */
import type { CyclerData, ElectrochemMeta } from "@operando/core";
import { ParseError, UnsupportedFormatError } from "@operando/core";
import { toIsoDate } from "./internal/dates.js";
import type { EchemRole } from "./internal/echem.js";
import { mapColumns } from "./internal/echem.js";
import { readFieldRows, splitFields } from "./internal/fields.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import type { EchemTableResult, ParseEchemTableOptions } from "./echemTable.js";
import { readEchemBody } from "./echemTable.js";

const startsWithTab = (r: LineReader) => r.text.charCodeAt(r.start) === 9;
const isTableEnd = (r: LineReader) => !startsWithTab(r) && !r.isBlank();

/**
 * Experiments (`TAG` values) read as cycler data, with what they are. Names as Gamry Framework and
 * the PWR800 battery software write them (seen in real files: bcliang/gamry-parser tests/data and
 * tests/test_data; its techniques.py lists the same tags with the columns T, Vf, Im).
 */
const CYCLER_TAGS: Readonly<Record<string, string>> = {
  CV: "cyclic voltammetry (one CURVEn table per cycle)",
  LSV: "linear sweep voltammetry",
  CHRONOA: "chronoamperometry (potential steps)",
  CHRONOP: "chronopotentiometry (current steps)",
  CORPOT: "open-circuit potential vs time (no current flows)",
  PWR800_CHARGE: "PWR800 charge step (galvanostatic)",
  PWR800_DISCHARGE: "PWR800 discharge step (galvanostatic)",
  PWR800_READVOLTAGE: "PWR800 voltage reading vs time",
  VFP600: "VFP600 front-end recording (voltage and current at a fixed acquisition frequency)",
};

/** Experiments recognised but not read, with the reason given to the user. */
const UNSUPPORTED_TAGS: Readonly<Record<string, string>> = {
  SQUARE_WAVE: "square-wave voltammetry: forward/reverse pulse potentials and currents (Vfwd, Vrev, Ifwd, Irev, Idif) are not one voltage and one current per time",
  PWR800_CYCLICCHARGEDISCHARGE:
    "PWR800 cyclic charge-discharge summary: its CAPACITYCURVE table holds one row per charge or discharge step (charge, duration, start/end voltage), not a time series; read the per-step PWR800_CHARGE/PWR800_DISCHARGE files",
};

/** A `NAME<TAB>TABLE` block found while scanning. */
interface DtaTable {
  name: string;
  headers: string[];
  units: string[];
  /** Line of `NAME<TAB>TABLE`. */
  tableLine: number;
  /** Line of the column names. */
  headerLine: number;
  /** Reader position before the first row. */
  mark: { pos: number; lineNumber: number };
  rows: number;
  declared: number | undefined;
  /** The file ends inside this table (no line follows its rows). */
  endsFile: boolean;
}

/**
 * Parses a Gamry `.DTA` file (Gamry Framework `EXPLAIN` files and VFP600 front-end files).
 *
 * What comes back depends on the experiment:
 * - a `ZCURVE` table (EISPOT, GALVEIS, ...): an impedance spectrum (Freq/Hz, Zreal/ohm, Zimag/ohm,
 *   Gamry writes the physical sign);
 * - `TAG` CV, LSV, CHRONOA, CHRONOP, CORPOT, PWR800_CHARGE, PWR800_DISCHARGE, PWR800_READVOLTAGE,
 *   VFP600: cycler data from every `CURVE`/`CURVEn` table in file order (VFP600: `VFPCURVE`).
 *   time = `T` (s), voltage = `Vf` (V; "V vs. Ref." is the working-electrode potential against the
 *   reference electrode, kept as written), current = `Im` (A, as written: Gamry's CONVENTION 1,
 *   anodic/charge current positive, matches the CyclerData convention; any other CONVENTION value
 *   adds a warning). `cycle` = n of `CURVEn` (or a Cycle column). A table whose time restarts below
 *   the previous table's last time is shifted to continue it (noted in meta.extra.timeShift).
 *   CORPOT has no current column: current is 0 A (open circuit), noted in meta.extra. VFP600 has
 *   no time column: t = row index / FREQ (the acquisition frequency header), noted in meta.extra.
 *   PWR800 step files keep T from the step start; STARTTIMEOFFSET stays in meta.extra.
 * - SQUARE_WAVE, PWR800_CYCLICCHARGEDISCHARGE and any other TAG: UnsupportedFormatError naming
 *   the tag (pass `kind: "cycler"` to read the CURVE tables of an unlisted tag anyway).
 *
 * Other tables (OCVCURVE: the rest before a CV or EIS run) are checked and summarised in
 * meta.extra (`table:NAME`). Row counts: a table with fewer rows than its declared count is read,
 * with meta.extra.warning, when the file is flagged `EXPERIMENTABORTED T` or ends inside that table
 * (run stopped, or file copied while recording); otherwise it is a ParseError. `DATE` + `TIME` ->
 * startTime; `AREA` -> areaCm2; other header values -> meta.extra.
 *
 * @param input - file content (Latin-1 allowed; dot or decimal-comma numbers)
 * @param options - kind, column overrides (e.g. `columns: { voltage: "Vu" }`), allowCountMismatch
 * @returns impedance or cycler record (meta.format "gamry-dta", meta.extra.TAG the experiment)
 * @throws ParseError naming file and line (first line, ragged rows, a table shorter than declared,
 *   missing T/Vf/Im columns, non-numeric values); UnsupportedFormatError for an experiment (TAG)
 *   that is not read
 * @example
 * const r = parseGamryDta(text, { file: "cv.DTA" });
 * if (r.kind === "cycler") console.log(r.data.cycle?.at(-1)); // the last CV cycle
 */
export function parseGamryDta(input: string | Uint8Array, options: ParseEchemTableOptions = {}): EchemTableResult {
  const file = fileName(options);
  const text = decodeText(input, file);
  // Gamry Framework writes numbers in the Windows locale: a table row (tab-led) holding digit,digit
  // means decimal commas throughout (tab-separated rows never contain a comma otherwise).
  const decimalComma = options.decimalComma ?? /\n\t[^\n]*\d,\d/.test(text);
  const reader = new LineReader(text, file);
  // the VFP600 LabView front end writes its tag as the first line instead of EXPLAIN
  if (!reader.next() || !(reader.trimmed() === "EXPLAIN" || reader.trimmed() === "VFP600")) throw reader.error('"EXPLAIN" on line 1 (Gamry .DTA)');
  const extra: Record<string, string | number> = {};
  const lineOf: Record<string, number> = {};
  const meta: ElectrochemMeta = { sourceFile: file, format: "gamry-dta" };
  let date: string | undefined;
  let time: string | undefined;
  const tables: DtaTable[] = [];
  while (reader.next()) {
    if (reader.isBlank()) continue;
    if (startsWithTab(reader)) throw reader.error("a KEY<TAB>TYPE<TAB>VALUE line or a TABLE (row outside a table)");
    const fields = reader.line.split("\t");
    const key = fields[0]!.trim();
    const type = (fields[1] ?? "").trim();
    if (type === "TABLE") {
      tables.push(scanTable(reader, key, fields[2], decimalComma));
      continue;
    }
    const value = (fields[2] ?? "").trim();
    if (type === "NOTES") {
      // NOTES<TAB>NOTES<TAB>n: the next n lines are free text
      const n = parseNumberText(value, decimalComma) ?? 0;
      const notes: string[] = [];
      for (let i = 0; i < n; i++) {
        if (!reader.next()) throw reader.errorAtEnd(`${n} note lines after ${key}`);
        notes.push(reader.trimmed());
      }
      extra[key] = notes.join("\n").trim();
      continue;
    }
    if (key === "DATE") date = value;
    else if (key === "TIME") time = value;
    else if (key === "AREA") {
      const a = parseNumberText(value, decimalComma);
      if (a !== undefined) meta.areaCm2 = a;
    }
    if (key !== "" && type !== "") {
      // two-field lines (e.g. "TAG<TAB>EISPOT") carry their value in the second field
      extra[key] = fields.length === 2 ? type : (parseNumberText(value, decimalComma) ?? value);
      lineOf[key] = reader.lineNumber;
    }
  }
  const warnings: string[] = [];
  // A run stopped early is flagged "EXPERIMENTABORTED<TAB>TOGGLE<TAB>T"; a file copied while the
  // instrument was still writing ends inside its last table. Either may hold fewer rows than
  // declared (recorded as a warning). Otherwise a declared count must match.
  const aborted = extra["EXPERIMENTABORTED"] === "T";
  for (const t of tables) {
    extra[`table:${t.name}`] = `${t.rows} rows: ${t.headers.join(" ")}`;
    if (t.declared === undefined) continue;
    if (t.rows < t.declared && (aborted || t.endsFile)) {
      warnings.push(aborted ? `experiment aborted: table ${t.name} holds ${t.rows} of ${t.declared} declared rows` : `file ends inside table ${t.name} after ${t.rows} of ${t.declared} declared rows (run stopped or file copied while recording)`);
      continue;
    }
    const warning = checkCount(t.declared, t.rows, `rows in table ${t.name}`, options, (expected, found) => new ParseError({ file, line: t.tableLine, expected, found: `${found} rows` }));
    if (warning !== undefined) warnings.push(warning);
  }
  if (date !== undefined) {
    const d = toIsoDate(`${date}${time === undefined ? "" : ` ${time}`}`);
    if (d !== undefined) meta.startTime = d;
  }
  if (warnings.length > 0) extra["warning"] = warnings.join("; ");
  const tag = typeof extra["TAG"] === "string" ? extra["TAG"] : undefined;
  const zcurve = tables.find((t) => t.name === "ZCURVE");
  if (options.kind === "impedance" || (options.kind === undefined && zcurve !== undefined)) {
    if (zcurve === undefined) throw reader.errorAtEnd("a ZCURVE table");
    meta.extra = { ...extra, table: zcurve.name };
    reader.restore(zcurve.mark);
    const result = readEchemBody(reader, zcurve.headers, zcurve.units, options, meta, {
      delimiter: "\t",
      leadingEmpty: true,
      decimalComma,
      isEnd: isTableEnd,
      headerLineNumber: zcurve.headerLine,
    });
    const { rows: _rows, ...rest } = result;
    return rest;
  }
  // an impedance experiment without its ZCURVE (e.g. cut before it) is a damaged file, not another experiment
  if (tag !== undefined && /EIS/.test(tag) && options.kind !== "cycler") throw reader.errorAtEnd(`a ZCURVE table (TAG ${tag})`);
  if (tag !== undefined && options.kind !== "cycler") {
    const unsupported = UNSUPPORTED_TAGS[tag];
    if (unsupported !== undefined) throw new UnsupportedFormatError(file, `Gamry experiment TAG ${tag} (line ${lineOf["TAG"] ?? 2}): ${unsupported}`);
    if (CYCLER_TAGS[tag] === undefined) {
      throw new UnsupportedFormatError(file, `Gamry experiment TAG ${tag} (line ${lineOf["TAG"] ?? 2}) is not one operando reads; read: ZCURVE impedance files and ${Object.keys(CYCLER_TAGS).join(", ")}; pass kind "cycler" to read its CURVE tables anyway`);
    }
  }
  const dataName = tag === "VFP600" ? /^VFPCURVE$/ : /^CURVE\d*$/;
  const curves = tables.filter((t) => dataName.test(t.name));
  if (curves.length === 0) throw reader.errorAtEnd(`a ${tag === "VFP600" ? "VFPCURVE" : "CURVE or CURVEn"} table${tag === undefined ? "" : ` (TAG ${tag})`}`);
  if (tag !== undefined) extra["experiment"] = CYCLER_TAGS[tag] ?? `${tag} (not a listed experiment; read because kind "cycler" was given)`;
  const data = readCyclerTables(reader, curves, { tag, decimalComma, options, extra, lineOf, meta });
  return { kind: "cycler", data };
}

/** Reads the column names, units and rows of one table; the reader ends on its last row. */
function scanTable(reader: LineReader, name: string, countField: string | undefined, decimalComma: boolean): DtaTable {
  const tableLine = reader.lineNumber;
  let declared: number | undefined;
  if (countField !== undefined && countField.trim() !== "") {
    declared = parseNumberText(countField, decimalComma);
    if (declared === undefined || !Number.isInteger(declared) || declared < 0) throw reader.error(`a row count after ${name}<TAB>TABLE`, countField);
  }
  if (!reader.next()) throw reader.errorAtEnd(`the column names of table ${name}`);
  const headers = splitFields(reader.line, "\t").filter((h, i) => !(i === 0 && h === ""));
  const headerLine = reader.lineNumber;
  if (!reader.next()) throw reader.errorAtEnd(`the units row of table ${name}`);
  const units = splitFields(reader.line, "\t").filter((h, i) => !(i === 0 && h === ""));
  if (units.length !== headers.length) throw reader.error(`${headers.length} units (one per column of ${name})`);
  const mark = reader.mark();
  let rows = 0;
  let endsFile = false;
  while (true) {
    const m = reader.mark();
    if (!reader.next()) {
      endsFile = true;
      break;
    }
    if (!startsWithTab(reader)) {
      reader.restore(m);
      break;
    }
    const n = splitFields(reader.line, "\t").length - 1;
    if (n !== headers.length) throw reader.error(`${headers.length} fields per row of table ${name}`, `${n} fields`);
    rows++;
  }
  return { name, headers, units, tableLine, headerLine, mark, rows, declared, endsFile };
}

/** Concatenates the data tables into one cycler record. */
function readCyclerTables(
  reader: LineReader,
  curves: readonly DtaTable[],
  context: { tag: string | undefined; decimalComma: boolean; options: ParseEchemTableOptions; extra: Record<string, string | number>; lineOf: Record<string, number>; meta: ElectrochemMeta },
): CyclerData {
  const { tag, decimalComma, options, extra, lineOf, meta } = context;
  const file = reader.file;
  const openCircuit = tag === "CORPOT";
  const fixedRate = tag === "VFP600";
  let sampleS: number | undefined;
  if (fixedRate) {
    const freq = extra["FREQ"];
    if (typeof freq !== "number" || !(freq > 0)) {
      throw new ParseError({ file, line: lineOf["FREQ"] ?? 2, expected: "a FREQ QUANT line with the acquisition frequency in Hz (the VFPCURVE table has no time column)", found: freq === undefined ? "no FREQ line" : String(freq) });
    }
    sampleS = 1 / freq;
  }
  const parts: { time: Float64Array; voltage: Float64Array; current: Float64Array; capacity?: Float64Array; cycle?: Float64Array }[] = [];
  const columnExtra: Record<string, string | number> = {};
  const timeShifts: string[] = [];
  const warnings: string[] = [];
  let hasCapacity = true;
  let hasCycle = true;
  let offsetS = 0;
  let lastS = -Infinity;
  let rowsSoFar = 0;
  for (const table of curves) {
    const fail = (expected: string, found: string) => new ParseError({ file, line: table.headerLine, expected, found });
    // Gamry's own names first (T, Vf, Im); user overrides win
    const gamryNames: Partial<Record<EchemRole, string>> = {};
    if (table.headers.includes("T")) gamryNames.time = "T";
    if (table.headers.includes("Vf")) gamryNames.voltage = "Vf";
    if (table.headers.includes("Im")) gamryNames.current = "Im";
    const specs = mapColumns(table.headers, table.units, { ...options, columns: { ...gamryNames, ...options.columns } }, fail);
    const required: EchemRole[] = [...(fixedRate ? [] : (["time"] as EchemRole[])), "voltage", ...(openCircuit ? [] : (["current"] as EchemRole[]))];
    for (const role of required) {
      if (!specs.has(role)) throw fail(`a ${role} column (${role === "time" ? "T" : role === "voltage" ? "Vf" : "Im"}) in table ${table.name}${tag === undefined ? "" : ` of this ${tag} file`}`, table.headers.join(" | "));
    }
    const used = (["time", "voltage", "current", "capacity", "cycle"] as EchemRole[]).filter((r) => specs.has(r) && !(r === "time" && fixedRate));
    reader.restore(table.mark);
    const body = readFieldRows(reader, {
      delimiter: "\t",
      decimalComma,
      width: table.headers.length,
      needed: [...new Set(used.map((r) => specs.get(r)!.index))],
      leadingEmpty: true,
      isEnd: isTableEnd,
    });
    const n = body.rows;
    if (n === 0) continue;
    const column = (role: EchemRole): Float64Array | undefined => {
      const spec = specs.get(role);
      if (spec === undefined || !used.includes(role)) return undefined;
      const raw = body.columns.get(spec.index)!;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = raw[i]! * spec.scale;
      return out;
    };
    let time: Float64Array;
    if (sampleS !== undefined) {
      time = new Float64Array(n);
      for (let i = 0; i < n; i++) time[i] = (rowsSoFar + i) * sampleS;
    } else {
      time = column("time")!;
      // each table restarting its clock (seen in some multi-table files) continues the previous one
      if (time[0]! + offsetS < lastS) {
        offsetS = lastS;
        timeShifts.push(`${table.name} +${offsetS} s`);
      }
      if (offsetS !== 0) for (let i = 0; i < n; i++) time[i] = time[i]! + offsetS;
      for (let i = 1; i < n; i++) {
        if (time[i]! < time[i - 1]!) {
          warnings.push(`time decreases in table ${table.name} at line ${body.firstLine + i} (${time[i - 1]} s -> ${time[i]} s)`);
          break;
        }
      }
    }
    lastS = time[n - 1]!;
    rowsSoFar += n;
    const voltage = column("voltage")!;
    const current = column("current") ?? new Float64Array(n);
    const capacity = column("capacity");
    let cycle = column("cycle");
    const tableNumber = /^CURVE(\d+)$/.exec(table.name)?.[1];
    if (cycle === undefined && tableNumber !== undefined) cycle = new Float64Array(n).fill(Number(tableNumber));
    hasCapacity &&= capacity !== undefined;
    hasCycle &&= cycle !== undefined;
    parts.push({ time, voltage, current, ...(capacity === undefined ? {} : { capacity }), ...(cycle === undefined ? {} : { cycle }) });
    for (const spec of specs.values()) {
      if (!used.includes(spec.role)) continue;
      const label = `${spec.header} (${spec.unit === "" ? "unit assumed" : spec.unit})`;
      const key = `column:${spec.role}`;
      if (columnExtra[key] === undefined) columnExtra[key] = label;
      else if (columnExtra[key] !== label) throw fail(`the ${spec.role} column as in the first table (${columnExtra[key]})`, label);
    }
  }
  if (rowsSoFar === 0) {
    const first = curves[0]!;
    throw new ParseError({ file, line: first.headerLine + 1, expected: `at least one data row in table ${curves.map((c) => c.name).join("/")}`, found: "none" });
  }
  const concat = (pick: (p: (typeof parts)[number]) => Float64Array | undefined): Float64Array => {
    const out = new Float64Array(rowsSoFar);
    let at = 0;
    for (const p of parts) {
      const v = pick(p)!;
      out.set(v, at);
      at += v.length;
    }
    return out;
  };
  if (openCircuit) columnExtra["column:current"] = "none: open-circuit potential, no current flows (0 A)";
  if (sampleS !== undefined) columnExtra["column:time"] = `none: t = row index / FREQ (${extra["FREQ"]} Hz)`;
  const voltageUnit = unitOfLabel(columnExtra["column:voltage"]);
  if (voltageUnit !== undefined && /vs\.? ref/i.test(voltageUnit)) columnExtra["voltageReference"] = "working electrode vs reference electrode (Gamry Vf)";
  const convention = extra["CONVENTION"];
  if (convention !== undefined && convention !== 1 && !openCircuit) {
    warnings.push(`CONVENTION (Current Convention) is ${convention}, not 1 (anodic/charge current positive): current kept as written, its sign may be reversed`);
  }
  const allWarnings = [extra["warning"], ...warnings].filter((w) => w !== undefined && w !== "");
  const cycles = hasCycle ? new Set(parts.flatMap((p) => Array.from(p.cycle!))).size : undefined;
  meta.extra = {
    ...extra,
    ...columnExtra,
    table: curves.map((c) => c.name).join(","),
    tables: curves.length,
    ...(cycles === undefined ? {} : { cycles }),
    ...(timeShifts.length > 0 ? { timeShift: `tables restarted their clock, shifted to continue: ${timeShifts.join(", ")}` } : {}),
    decimalComma: decimalComma ? "yes" : "no",
    ...(allWarnings.length > 0 ? { warning: allWarnings.join("; ") } : {}),
  };
  return {
    timeS: concat((p) => p.time),
    currentA: concat((p) => p.current),
    voltageV: concat((p) => p.voltage),
    ...(hasCapacity ? { capacityAh: concat((p) => p.capacity) } : {}),
    ...(hasCycle ? { cycle: concat((p) => p.cycle) } : {}),
    meta,
  };
}

/** The unit in a `column:` label "Vf (V vs. Ref.)". */
function unitOfLabel(label: string | number | undefined): string | undefined {
  if (typeof label !== "string") return undefined;
  return /\(([^()]*)\)$/.exec(label)?.[1];
}

/**
 * Reads a Gamry `.DTA` file. See {@link parseGamryDta}.
 * @param path - file path
 * @param options - kind, column overrides
 * @returns the cycler record or impedance spectrum the file holds
 * @throws ParseError with file:line for malformed content; UnsupportedFormatError for an
 *   experiment (TAG) that is not read
 */
export async function readGamryDta(path: string, options: ParseEchemTableOptions = {}): Promise<EchemTableResult> {
  return parseGamryDta(await readSource(path), { file: path, ...options });
}
