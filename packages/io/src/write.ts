/**
 * Writers: `.xy`/`.xye` and CSV with a `#` provenance header, and JSON for any result.
 * Every write is atomic (temporary file in the same directory, then rename).
 *
 * @packageDocumentation
 */
import type { AxisKind, CyclerData, ImpedanceSpectrum, Pattern } from "@operando/core";
import { AXIS_UNITS, InvalidParameterError, OPERANDO_VERSION, writeFileAtomic } from "@operando/core";

/** Version written into provenance headers (the operando release, see OPERANDO_VERSION). */
export const IO_VERSION = OPERANDO_VERSION;

/** Options for the text writers. */
export interface WriteTextOptions {
  /** Date recorded in the header. @default new Date() (now) */
  date?: Date;
  /** Write the sigma column when the pattern has one. @default true */
  sigma?: boolean;
}

/** pyFAI-style column names, so our own reader (and pyFAI tools) recognise the axis. */
const X_COLUMN: Record<AxisKind, string> = { twoTheta: "2th_deg", q: "q_A^-1", d: "d_A", energy: "E_keV", channel: "channel" };

function provenance(lines: string[], sourceFile: string | undefined, date: Date): string[] {
  return [`# written by: operando @operando/io ${IO_VERSION}`, `# source file: ${sourceFile ?? "(none)"}`, `# date: ${date.toISOString()}`, ...lines];
}

/** Angstrom -> meters by shifting the decimal exponent in text (exact: 0.4066 -> "4.066e-11"). */
function angstromTextInMeters(angstrom: number): string {
  const [mantissa, exponent] = angstrom.toExponential().split("e");
  return `${mantissa}e${Number(exponent) - 10}`;
}

function patternHeader(pattern: Pattern, date: Date): string[] {
  const lines = [`# axis: ${pattern.axis} (${AXIS_UNITS[pattern.axis]})`];
  if (pattern.meta.format !== undefined) lines.push(`# read as: ${pattern.meta.format}`);
  if (pattern.meta.wavelengthAngstrom !== undefined) lines.push(`# Wavelength: ${angstromTextInMeters(pattern.meta.wavelengthAngstrom)} m`, `# wavelength_A: ${pattern.meta.wavelengthAngstrom}`);
  if (pattern.meta.twoThetaDeg !== undefined) lines.push(`# two_theta_deg: ${pattern.meta.twoThetaDeg}`);
  const cal = pattern.meta.energyCalibration;
  if (cal !== undefined) lines.push(`# energy calibration keV: ${cal.offsetKeV} ${cal.slopeKeV} ${cal.quadraticKeV}${cal.cubicKeV === undefined ? "" : ` ${cal.cubicKeV}`}`);
  if (pattern.meta.liveTimeS !== undefined) lines.push(`# live time s: ${pattern.meta.liveTimeS}`);
  if (pattern.meta.realTimeS !== undefined) lines.push(`# real time s: ${pattern.meta.realTimeS}`);
  if (pattern.meta.startTime !== undefined) lines.push(`# start time: ${pattern.meta.startTime}`);
  if (pattern.meta.label !== undefined) lines.push(`# label: ${pattern.meta.label}`);
  return provenance(lines, pattern.meta.sourceFile, date);
}

function columnsText(columns: readonly Float64Array[], separator: string): string {
  const n = columns[0]?.length ?? 0;
  const parts: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let line = "";
    for (let k = 0; k < columns.length; k++) {
      const v = columns[k]![i]!;
      if (!Number.isFinite(v)) throw new InvalidParameterError({ parameter: `column ${k}[${i}]`, value: v, expected: "a finite number" });
      line += (k === 0 ? "" : separator) + (Object.is(v, -0) ? "-0" : String(v));
    }
    parts[i] = line;
  }
  return parts.join("\n") + (n > 0 ? "\n" : "");
}

/**
 * Formats a pattern as `.xy` (or `.xye` with sigma) text: `#` provenance header (writer version,
 * source file, date, axis and unit, wavelength in m (pyFAI style) and A, 2theta, calibration), the
 * column-name line (`2th_deg I sigma`, `q_A^-1 ...`), then space-separated rows with shortest
 * round-trip number text.
 * @param pattern - the pattern
 * @param options - date, sigma
 * @throws InvalidParameterError on a non-finite value
 * @returns the file text
 */
export function formatXy(pattern: Pattern, options: WriteTextOptions = {}): string {
  const withSigma = options.sigma !== false && pattern.sigma !== undefined;
  const header = patternHeader(pattern, options.date ?? new Date());
  header.push(`# ${X_COLUMN[pattern.axis]} I${withSigma ? " sigma" : ""}`);
  const cols = withSigma ? [pattern.x, pattern.y, pattern.sigma!] : [pattern.x, pattern.y];
  return `${header.join("\n")}\n${columnsText(cols, " ")}`;
}

/**
 * Writes a pattern as `.xy`/`.xye` atomically. See {@link formatXy}.
 * @param path - destination
 * @param pattern - the pattern
 * @param options - date, sigma
 */
export async function writeXy(path: string, pattern: Pattern, options: WriteTextOptions = {}): Promise<void> {
  await writeFileAtomic(path, formatXy(pattern, options));
}

function isPattern(v: unknown): v is Pattern {
  return typeof v === "object" && v !== null && "axis" in v && "x" in v && "y" in v;
}
function isImpedance(v: unknown): v is ImpedanceSpectrum {
  return typeof v === "object" && v !== null && "frequencyHz" in v;
}

/**
 * Formats a pattern, cycler record or impedance spectrum as CSV with a `#` provenance header and
 * a column-name row with units: pattern `2th_deg,I[,sigma]`; impedance
 * `frequency/Hz,Re(Z)/ohm,Im(Z)/ohm` (physical sign); cycler `time/s,current/A,voltage/V[,capacity/Ah,cycle,step]` (names our readers map back).
 * @param value - what to write
 * @param options - date, sigma
 * @throws InvalidParameterError on a non-finite value
 * @returns the CSV text
 */
export function formatCsv(value: Pattern | CyclerData | ImpedanceSpectrum, options: WriteTextOptions = {}): string {
  const date = options.date ?? new Date();
  let header: string[];
  let names: string[];
  let cols: Float64Array[];
  if (isPattern(value)) {
    header = patternHeader(value, date);
    const withSigma = options.sigma !== false && value.sigma !== undefined;
    names = [X_COLUMN[value.axis], "I", ...(withSigma ? ["sigma"] : [])];
    cols = withSigma ? [value.x, value.y, value.sigma!] : [value.x, value.y];
  } else if (isImpedance(value)) {
    header = provenance([`# kind: impedance (Z = z_real + j z_imag, physical sign)`, ...(value.meta.format === undefined ? [] : [`# read as: ${value.meta.format}`])], value.meta.sourceFile, date);
    names = ["frequency/Hz", "Re(Z)/ohm", "Im(Z)/ohm"];
    cols = [value.frequencyHz, value.zReal, value.zImag];
  } else {
    header = provenance([`# kind: cycler (current > 0 = oxidation)`, ...(value.meta.format === undefined ? [] : [`# read as: ${value.meta.format}`])], value.meta.sourceFile, date);
    names = ["time/s", "current/A", "voltage/V"];
    cols = [value.timeS, value.currentA, value.voltageV];
    if (value.capacityAh !== undefined) {
      names.push("capacity/Ah");
      cols.push(value.capacityAh);
    }
    if (value.cycle !== undefined) {
      names.push("cycle");
      cols.push(value.cycle);
    }
    if (value.step !== undefined) {
      names.push("step");
      cols.push(value.step);
    }
  }
  return `${header.join("\n")}\n${names.join(",")}\n${columnsText(cols, ",")}`;
}

/**
 * Writes CSV atomically. See {@link formatCsv}.
 * @param path - destination
 * @param value - pattern, cycler record or impedance spectrum
 * @param options - date, sigma
 */
export async function writeCsv(path: string, value: Pattern | CyclerData | ImpedanceSpectrum, options: WriteTextOptions = {}): Promise<void> {
  await writeFileAtomic(path, formatCsv(value, options));
}

/**
 * Serialises any value to JSON: typed arrays become arrays, NaN and +-Infinity become null,
 * bigint becomes a number.
 * @param value - anything JSON-like (results, patterns, series, tables of typed arrays)
 * @param indent - indentation @default 2
 * @returns the JSON text
 */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "number") return Number.isFinite(v) ? v : null;
      if (typeof v === "bigint") return Number(v);
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        return Array.from(v as unknown as ArrayLike<number>, (x) => (typeof x === "number" && !Number.isFinite(x) ? null : typeof x === "bigint" ? Number(x) : x));
      }
      return v;
    },
    indent,
  );
}

/**
 * Writes {@link toJson} output atomically.
 * @param path - destination
 * @param value - anything JSON-like
 * @param options - indentation
 */
export async function writeJson(path: string, value: unknown, options: { indent?: number } = {}): Promise<void> {
  await writeFileAtomic(path, `${toJson(value, options.indent ?? 2)}\n`);
}
