/**
 * Column roles of electrochemistry tables (cycler and impedance) and building
 * {@link CyclerData} / {@link ImpedanceSpectrum} from them, shared by the BioLogic, Gamry, CHI,
 * Parstat, NOVA-style and generic CSV readers.
 *
 * @packageDocumentation
 */
import type { CyclerData, ElectrochemMeta, ImpedanceSpectrum } from "@operando/core";
import { InvalidParameterError, ParseError } from "@operando/core";
import type { EchemQuantity } from "./units.js";
import { echemUnitScale, splitNameUnit } from "./units.js";

/**
 * What a column holds. `chargeCapacity`/`dischargeCapacity` are the separate per-direction
 * counters of Arbin, Neware and BT-Lab exports; `state` is a text column ("C", "D", "R") that
 * signs unsigned Maccor currents; `stepType` is a text column naming the step ("CC Chg",
 * "CC DChg", "Rest" in Neware exports, "charge"/"discharge"/"rest" in BDF files) used to check
 * and, when needed, correct the sign of the current.
 */
export type EchemRole =
  | "time"
  | "current"
  | "voltage"
  | "capacity"
  | "chargeCapacity"
  | "dischargeCapacity"
  | "cycle"
  | "step"
  | "state"
  | "stepType"
  | "frequency"
  | "zReal"
  | "zImag";

/** Every role, in a stable order. */
export const ECHEM_ROLES: readonly EchemRole[] = ["time", "current", "voltage", "capacity", "chargeCapacity", "dischargeCapacity", "cycle", "step", "state", "stepType", "frequency", "zReal", "zImag"];

const QUANTITY: Record<EchemRole, EchemQuantity> = {
  time: "time",
  current: "current",
  voltage: "voltage",
  capacity: "capacity",
  chargeCapacity: "capacity",
  dischargeCapacity: "capacity",
  cycle: "count",
  step: "count",
  state: "count",
  stepType: "count",
  frequency: "frequency",
  zReal: "resistance",
  zImag: "resistance",
};

/**
 * Name patterns (lower case, unit removed) per role, in priority order: for each entry the first
 * unassigned column that matches takes the role. `unit` is implied when the header carries none
 * (Maccor "Amps", "Volts", "Amp-hr"). Names collected from real exports: EC-Lab/BT-Lab, Gamry,
 * CHI, Parstat, NOVA, Arbin (beep test files: Test_Time, Current, Charge_Capacity), Maccor
 * (Rec#, Cyc#, Test (Sec), Amps, Volts, Amp-hr, State), Neware and LAND (Record ID, Cycle ID,
 * Step ID, Total Time, Cur(mA), Capacity(mAh), Chg. Cap.(Ah)). A leading '-' on zImag negates.
 */
const NAMES: readonly { role: EchemRole; pattern: RegExp; unit?: string }[] = [
  { role: "frequency", pattern: /^(freq|frequency|f)$/ },
  { role: "zReal", pattern: /^(re\(z\)|z'|zre|zreal|z_re|z_real|re_z|z real|zr)$/ },
  { role: "zImag", pattern: /^-?(im\(z\)|z''|z"|zim|zimag|z_im|z_imag|im_z|z imag|zi)$/ },
  // test time before plain "time": Neware's flat export has "Time" (step time) and "Cumulative
  // Time", PEC has "Test" (the test ID) before "Total Time (Hours in hh:mm:ss.xxx)"
  { role: "time", pattern: /^(test time|test_time|testtime|total time|total_time|totaltime|cumulative time)$/ },
  { role: "time", pattern: /^(time|elapsed time|t|time_s|elapsed|test|run time|record time)$/ },
  { role: "time", pattern: /^(absolute time|realtime|real time|system time)$/ },
  { role: "voltage", pattern: /^(ewe|<ewe>|e|ecell|voltage|potential|vf|u|cell potential|ecell\(v\)|we potential|working electrode|v)$/ },
  { role: "voltage", pattern: /^(volts|volt)$/, unit: "V" },
  { role: "current", pattern: /^(i|<i>|current|im|icell|i_cell|cur)$/ },
  { role: "current", pattern: /^(amps|amp)$/, unit: "A" },
  { role: "capacity", pattern: /^(\(q-qo\)|q-qo|q charge\/discharge|capacity|q|charge)$/ },
  { role: "capacity", pattern: /^(amp-hr|amp-hrs|amp hr)$/, unit: "Ah" },
  { role: "chargeCapacity", pattern: /^(charge_capacity|charge capacity|q charge|chg\. cap\.|chg cap|cap_chg|capacity_chg|chargecap|charge cap)$/ },
  { role: "dischargeCapacity", pattern: /^(discharge_capacity|discharge capacity|q discharge|dchg\. cap\.|dchg cap|cap_dchg|capacity_dchg|dischargecap|discharge cap)$/ },
  { role: "cycle", pattern: /^(cycle number|cycle|cycle index|cycle_index|cycle_number|cycle-index|cyc#|cycle id|cycle_id|cycle no\.?|cycle count)$/ },
  { role: "step", pattern: /^(ns|step|step index|step_index|step number|step-index|step id|step_id|step no\.?)$/ },
  { role: "state", pattern: /^(state|md)$/ },
  { role: "stepType", pattern: /^(step type|step_type|steptype|instruction name)$/ },
];

/** A column mapped to a role, with the factor to operando units. */
export interface ColumnSpec {
  /** Role. */
  role: EchemRole;
  /** Field index. */
  index: number;
  /** Multiplier to s, A, V, A h, Hz, ohm. */
  scale: number;
  /** Header text. */
  header: string;
  /** Unit text ("" when none). */
  unit: string;
}

/** User overrides of the column mapping. */
export interface EchemColumnOptions {
  /** Column (0-based index or exact header text) per role; overrides name recognition. */
  columns?: Partial<Record<EchemRole, number | string>>;
  /** Unit per role when the header has none or to override it (e.g. { current: "mA" }). */
  units?: Partial<Record<EchemRole, string>>;
  /**
   * How the file stores the imaginary part: "physical" (Z'' = Im Z, negative for capacitive) or
   * "negated" (-Im Z, as BioLogic "-Im(Z)" and NOVA "-Z''" columns). Headers starting with '-' are
   * recognised automatically; this overrides them.
   */
  zImagSign?: "physical" | "negated";
}

/**
 * Maps header fields to roles. Recognises names with unit suffixes ("time/s", "Ewe/V",
 * "<I>/mA", "(Q-Qo)/mA.h", "freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm", "Potential (V)", "Z' (Ω)").
 * @param headers - header fields
 * @param units - unit per field from a separate units row (Gamry), optional
 * @param options - explicit columns and units
 * @param fail - builds the error for an unknown unit or missing column
 */
export function mapColumns(
  headers: readonly string[],
  units: readonly string[] | undefined,
  options: EchemColumnOptions,
  fail: (expected: string, found: string) => ParseError,
): Map<EchemRole, ColumnSpec> {
  const specs = new Map<EchemRole, ColumnSpec>();
  const parsed = headers.map((h, i) => {
    const split = splitNameUnit(h);
    const unit = units?.[i]?.trim() ?? split.unit;
    return { name: (units === undefined ? split.name : h).trim().toLowerCase(), unit, header: h };
  });
  const assign = (role: EchemRole, index: number, negate: boolean, impliedUnit = "") => {
    const p = parsed[index]!;
    const unit = options.units?.[role] ?? (p.unit === "" ? impliedUnit : p.unit);
    const quantity = QUANTITY[role];
    let scale = echemUnitScale(quantity, unit);
    if (scale === undefined && quantity === "count") scale = 1; // cycle/step indices and state text carry no unit
    if (scale === undefined && unit === "") scale = 1;
    if (scale === undefined) throw fail(`a ${quantity} unit operando knows for column "${p.header}"`, unit);
    if (role === "zImag") {
      const sign = options.zImagSign ?? (negate ? "negated" : "physical");
      if (sign === "negated") scale = -scale;
    }
    specs.set(role, { role, index, scale, header: p.header, unit });
  };
  for (const role of ECHEM_ROLES) {
    const wanted = options.columns?.[role];
    if (wanted === undefined) continue;
    const index = typeof wanted === "number" ? wanted : headers.findIndex((h) => h.trim() === wanted.trim());
    if (index < 0 || index >= Math.max(headers.length, typeof wanted === "number" ? wanted + 1 : 0)) throw fail(`column ${JSON.stringify(wanted)} for ${role}`, headers.join(" | "));
    assign(role, index, parsed[index]?.name.startsWith("-") ?? false);
  }
  for (const { role, pattern, unit } of NAMES) {
    if (specs.has(role)) continue;
    const index = parsed.findIndex((p, i) => pattern.test(p.name) && ![...specs.values()].some((s) => s.index === i));
    if (index >= 0) assign(role, index, parsed[index]!.name.startsWith("-"), unit);
  }
  return specs;
}

/**
 * Roles recognised from header names alone (units ignored), for locating a header line.
 * @returns the set of roles whose name pattern matches some field
 */
export function rolesByName(headers: readonly string[]): Set<EchemRole> {
  const roles = new Set<EchemRole>();
  const names = headers.map((h) => splitNameUnit(h).name.trim().toLowerCase());
  const taken = new Set<number>();
  for (const { role, pattern } of NAMES) {
    if (roles.has(role)) continue;
    const index = names.findIndex((n, i) => !taken.has(i) && pattern.test(n));
    if (index >= 0) {
      roles.add(role);
      taken.add(index);
    }
  }
  return roles;
}

/**
 * Does a header describe a per-step summary table (one row per step: cycle/step numbers and a step
 * type, as cellpy's steps.csv "cycle;step;type;info") rather than a time series? True when the
 * fields name a step (or cycle) index and a step type, and no time, current or voltage column.
 * @param headers - header fields
 * @returns true for a step-summary header
 */
export function isStepSummaryHeader(headers: readonly string[]): boolean {
  const roles = rolesByName(headers);
  if (roles.has("time") || roles.has("current") || roles.has("voltage")) return false;
  if (!roles.has("step") && !roles.has("cycle")) return false;
  return headers.some((h) => /^(type|step type|step_type|steptype|step name|instruction name)$/i.test(h.trim()));
}

/** Which kind of record a set of roles describes. */
export function kindOfRoles(roles: ReadonlySet<EchemRole>): "impedance" | "cycler" | undefined {
  if (roles.has("frequency") && roles.has("zReal") && roles.has("zImag")) return "impedance";
  if (roles.has("time") && roles.has("current") && roles.has("voltage")) return "cycler";
  return undefined;
}

/** Which kind of record the mapped columns describe. */
export function echemKind(specs: Map<EchemRole, ColumnSpec>): "impedance" | "cycler" | undefined {
  if (specs.has("frequency") && specs.has("zReal") && specs.has("zImag")) return "impedance";
  if (specs.has("time") && specs.has("current") && specs.has("voltage")) return "cycler";
  return undefined;
}

/** The roles each kind needs and may use. */
export function rolesFor(kind: "impedance" | "cycler"): { required: EchemRole[]; optional: EchemRole[] } {
  return kind === "impedance"
    ? { required: ["frequency", "zReal", "zImag"], optional: [] }
    : { required: ["time", "current", "voltage"], optional: ["capacity", "chargeCapacity", "dischargeCapacity", "cycle", "step", "state", "stepType"] };
}

function scaledCopy(values: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * scale;
  return out;
}

/**
 * Builds the record from raw columns (by field index) and their specs.
 * Impedance frequencies must be > 0 (ParseError at the data's first line otherwise).
 */
/**
 * Where the frequency sweeps of an impedance table start (e.g. EC-Lab PEIS with several cycles, or
 * a down-and-up sweep). A sweep is monotonic (repeated frequencies allowed). A reversal of the
 * direction starts a new sweep only when the new run re-covers the frequency range of the run
 * before it (at least 3 of its points, and at least half of the shorter run, lie inside the new
 * run's range); an isolated out-of-order or repeated row is not a sweep and stays in place.
 * @param frequencyHz - frequencies in file order
 * @returns 0-based row indices of the sweep starts (always begins with 0)
 */
export function sweepStarts(frequencyHz: Float64Array): number[] {
  const runs = monotonicRunStarts(frequencyHz);
  const starts = [0];
  for (let k = 1; k < runs.length; k++) {
    const prevStart = starts[starts.length - 1]!;
    const start = runs[k]!;
    const end = runs[k + 1] ?? frequencyHz.length;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < end; i++) {
      lo = Math.min(lo, frequencyHz[i]!);
      hi = Math.max(hi, frequencyHz[i]!);
    }
    let inside = 0;
    for (let i = prevStart; i < start; i++) if (frequencyHz[i]! >= lo && frequencyHz[i]! <= hi) inside++;
    if (inside >= Math.max(3, Math.ceil(0.5 * Math.min(start - prevStart, end - start)))) starts.push(start);
  }
  return starts;
}

/** Indices where the direction of a frequency column reverses (0 first). */
function monotonicRunStarts(frequencyHz: Float64Array): number[] {
  const starts = [0];
  let direction = 0;
  for (let i = 1; i < frequencyHz.length; i++) {
    const d = Math.sign(frequencyHz[i]! - frequencyHz[i - 1]!);
    if (d === 0) continue;
    if (direction === 0) direction = d;
    else if (d !== direction) {
      starts.push(i);
      direction = 0;
    }
  }
  return starts;
}

export function buildEchem(
  kind: "impedance" | "cycler",
  specs: Map<EchemRole, ColumnSpec>,
  columns: Map<number, Float64Array>,
  meta: ElectrochemMeta,
  file: string,
  firstLine: number,
  sweep?: number,
): { kind: "impedance"; spectrum: ImpedanceSpectrum } | { kind: "cycler"; data: CyclerData } {
  const get = (role: EchemRole): Float64Array | undefined => {
    const spec = specs.get(role);
    if (spec === undefined) return undefined;
    return scaledCopy(columns.get(spec.index)!, spec.scale);
  };
  const columnExtra: Record<string, string | number> = {};
  for (const spec of specs.values()) columnExtra[`column:${spec.role}`] = spec.unit === "" ? `${spec.header} (unit assumed)` : spec.header;
  const fullMeta: ElectrochemMeta = { ...meta, extra: { ...meta.extra, ...columnExtra } };
  if (kind === "impedance") {
    const frequencyHz = get("frequency")!;
    for (let i = 0; i < frequencyHz.length; i++) {
      if (!(frequencyHz[i]! > 0)) {
        throw new ParseError({ file, line: firstLine + i, expected: "a positive frequency (Hz)", found: String(frequencyHz[i]) });
      }
    }
    const zReal = get("zReal")!;
    const zImag = get("zImag")!;
    // several frequency sweeps in one table are several spectra: never merge them silently
    const starts = sweepStarts(frequencyHz);
    if (starts.length > 1 || sweep !== undefined) {
      const n = starts.length;
      if (sweep === undefined) {
        const at = starts[1]!;
        throw new ParseError({
          file,
          line: firstLine + at,
          expected: `one frequency sweep (the table holds ${n} sweeps; choose one with the \`sweep\` option, 1..${n})`,
          found: `${frequencyHz[at - 1]} Hz followed by ${frequencyHz[at]} Hz`,
        });
      }
      if (!Number.isInteger(sweep) || sweep < 1 || sweep > n) throw new InvalidParameterError({ parameter: "sweep", value: sweep, expected: `an integer sweep number 1..${n}` });
      const from = starts[sweep - 1]!;
      const to = starts[sweep] ?? frequencyHz.length;
      fullMeta.extra = { ...fullMeta.extra, sweeps: n, sweep, sweepFirstLine: firstLine + from };
      return { kind, spectrum: { frequencyHz: frequencyHz.slice(from, to), zReal: zReal.slice(from, to), zImag: zImag.slice(from, to), meta: fullMeta } };
    }
    return { kind, spectrum: { frequencyHz, zReal, zImag, meta: fullMeta } };
  }
  // Arbin/Neware/BT-Lab keep charge and discharge counters apart; the net charge passed is their
  // difference (both reset where the instrument resets them, e.g. per cycle or step)
  let capacityAh = get("capacity");
  const charge = get("chargeCapacity");
  const discharge = get("dischargeCapacity");
  if (capacityAh === undefined && charge !== undefined && discharge !== undefined) {
    capacityAh = new Float64Array(charge.length);
    for (let i = 0; i < charge.length; i++) capacityAh[i] = charge[i]! - discharge[i]!;
    fullMeta.extra = { ...fullMeta.extra, capacity: `net: ${specs.get("chargeCapacity")!.header} - ${specs.get("dischargeCapacity")!.header}` };
  }
  const data: CyclerData = {
    timeS: get("time")!,
    currentA: get("current")!,
    voltageV: get("voltage")!,
    ...(capacityAh === undefined ? {} : { capacityAh }),
    ...(specs.has("cycle") ? { cycle: get("cycle")! } : {}),
    ...(specs.has("step") ? { step: get("step")! } : {}),
    meta: fullMeta,
  };
  return { kind, data };
}
