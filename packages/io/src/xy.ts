/**
 * Two/three-column powder patterns (`.xy`, `.xye`, `.dat`), with or without a pyFAI / Fit2D
 * `#` header.
 *
 * @packageDocumentation
 */
import type { AxisKind, Pattern, PatternMeta } from "@operando/core";
import { ParseError, createPattern } from "@operando/core";
import { UNMAPPABLE_UNIT, lookupXUnit } from "./internal/units.js";
import type { XUnit } from "./internal/units.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { readNumericBlock } from "./internal/table.js";
import { checkSigma, fileName, readSource, wavelengthToAngstrom } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/** Options for {@link parseXy}. */
export interface ParseXyOptions extends ParseOptions {
  /**
   * Axis of x when the header names no unit (plain two-column files).
   * @default "twoTheta"
   */
  axis?: AxisKind;
  /** Read numbers with a decimal comma ("1,25"). @default false */
  decimalComma?: boolean;
}

/** Maps a Mantid x-unit caption ("The X-axis unit is: ...") to an axis, or undefined. */
function mantidXUnit(caption: string): XUnit | undefined {
  const c = caption.trim();
  if (/^d-?spacing$/i.test(c)) return { axis: "d", scale: 1, name: c };
  if (/^(q|momentum ?transfer)$/i.test(c)) return { axis: "q", scale: 1, name: c };
  if (/^(scattering angle|degrees|2theta)$/i.test(c)) return { axis: "twoTheta", scale: 1, name: c };
  return undefined;
}

/** Whether the first token of a (trimmed) line is a number: then the line is data, not a label. */
function startsWithNumber(line: string): boolean {
  const c = line.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return false;
  const end = line.search(/[\s,;]/);
  return parseNumberText(end === -1 ? line : line.slice(0, end)) !== undefined;
}

/** Scale x in place; returns the same array. */
function scaled(x: Float64Array, factor: number): Float64Array {
  if (factor !== 1) for (let i = 0; i < x.length; i++) x[i] = x[i]! * factor;
  return x;
}

/**
 * Parses a two- or three-column pattern (x, y[, sigma]).
 *
 * Header: lines starting with `#` (or leading text lines) are the header. `# Key: value` pairs go to
 * `meta.extra`; `Wavelength` (pyFAI writes meters, with or without the unit "m") becomes
 * `meta.wavelengthAngstrom`; the last comment line names the columns (pyFAI: `2th_deg`, `2th_rad`,
 * `q_nm^-1` (converted to 1/A by x0.1), `q_A^-1`, `d_A`, ...). Units with no operando axis
 * (`r_mm`, `chi_deg`, ...) are a ParseError.
 *
 * Mantid/Topas files comment with an apostrophe; Mantid's "The X-axis unit is: ..." line sets the
 * axis (d-Spacing, q, Scattering angle; time-of-flight is a ParseError). A twoTheta axis (named or
 * assumed) with |x| > 180 deg is a ParseError: such x values are another quantity.
 *
 * Tolerated: blank lines anywhere, `#` comments between rows, CRLF, BOM.
 * Errors: a ragged row (column count differs from the first row), a non-numeric token, negative sigma,
 * no data rows.
 *
 * @param input - file content (bytes or text)
 * @param options - file name, default axis, decimal comma
 * @returns the pattern; meta.format = "xy"
 * @throws ParseError naming file and line
 * @example
 * const p = parseXy("# 2th_deg I\n10 5\n10.1 7\n", { file: "a.xy" }); // p.axis === "twoTheta"
 */
export function parseXy(input: string | Uint8Array, options: ParseXyOptions = {}): Pattern {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const extra: Record<string, string | number> = {};
  const meta: PatternMeta = { sourceFile: file, format: "xy" };
  let labelLine = "";
  let labelLineNumber = 0;
  let mantidUnit: { value: string; line: number } | undefined;
  let mark = reader.mark();
  while (reader.next()) {
    const c = reader.firstChar();
    // '#' (pyFAI, Fit2D, GSAS-II) or an apostrophe (Topas, Mantid SaveFocusedXYE) starts a comment
    const isComment = c === 35 || c === 39;
    // a leading text line (no '#') is a column-label line only when none of its tokens is a number,
    // so a data row whose first number was garbled is an error, not a label
    // (a label may start with a digit, "2-Theta Angle (Degrees)": only a line whose first token is
    // a number is data without looking further)
    const isText = c !== -1 && !isComment && !startsWithNumber(reader.trimmed()) && !reader.trimmed().split(/[\s,;]+/).some((t) => parseNumberText(t) !== undefined);
    if (c !== -1 && !isComment && !isText) {
      reader.restore(mark);
      break;
    }
    mark = reader.mark();
    if (c === -1) continue;
    const body = isComment ? reader.line.replace(/^\s*(#+|')/, "").trim() : reader.trimmed();
    if (body === "") continue;
    const kv = /^([^:=]{1,60}?)\s*[:=]\s*(.*)$/.exec(body);
    if (kv !== null && isComment) {
      const key = kv[1]!.trim();
      const value = kv[2]!.trim();
      extra[key] = value;
      if (/^the x-axis unit is$/i.test(key)) mantidUnit = { value, line: reader.lineNumber };
      if (/^wavelength$/i.test(key)) {
        const w = wavelengthToAngstrom(value, options.decimalComma === true);
        if (w !== undefined) meta.wavelengthAngstrom = w;
      }
    } else if (!body.startsWith("==") && !body.startsWith("-->")) {
      // the last label line names the columns, unless an earlier one already names the x unit
      // (Fit2D-style "2-Theta Angle (Degrees)" then "Intensity" on separate lines)
      const earlierUnit = labelLine !== "" && lookupXUnit(labelLine) !== undefined;
      if (!earlierUnit) {
        labelLine = body;
        labelLineNumber = reader.lineNumber;
      }
    }
  }
  let unit: XUnit | undefined;
  if (mantidUnit !== undefined) {
    // Mantid writes the x unit caption: "d-Spacing" (A), "q" (1/A), "Scattering angle" (deg);
    // time-of-flight, wavelength or energy transfer have no operando axis
    unit = mantidXUnit(mantidUnit.value);
    if (unit === undefined) {
      throw new ParseError({ file, line: mantidUnit.line, expected: "an x unit operando can map (d-Spacing, q, Scattering angle)", found: mantidUnit.value });
    }
    extra["xUnit"] = unit.name;
  } else if (labelLine !== "") {
    const first = labelLine.split(/[\s,;]+/)[0] ?? "";
    unit = lookupXUnit(first) ?? lookupXUnit(labelLine);
    if (unit === undefined && UNMAPPABLE_UNIT.test(first)) {
      throw new ParseError({
        file,
        line: labelLineNumber,
        expected: "an x unit operando can map (2th_deg, 2th_rad, q_nm^-1, q_A^-1, d_A, d_nm, E_keV)",
        found: first,
      });
    }
    if (unit !== undefined) extra["xUnit"] = unit.name;
  }
  const block = readNumericBlock(reader, { minColumns: 2, maxColumns: 3, skipComments: true, decimalComma: options.decimalComma === true });
  if (block.rows === 0) throw reader.errorAtEnd("at least one data row (x y [sigma])");
  const axis = unit?.axis ?? options.axis ?? "twoTheta";
  if (unit === undefined) extra["xUnit"] = `assumed ${axis}`;
  const x = scaled(block.columns[0]!, unit?.scale ?? 1);
  if (axis === "twoTheta") {
    // a scattering angle lies within +-180 deg: larger x values are another quantity (channels,
    // time-of-flight) in a file that does not say so; never read them as degrees
    const bad = x.findIndex((v) => Math.abs(v) > 180);
    if (bad >= 0) {
      throw new ParseError({
        file,
        line: block.firstLine + bad,
        expected: `a 2theta value within +-180 deg (${unit === undefined ? "no x unit in the header: pass the axis option" : `x unit ${unit.name}`})`,
        found: String(x[bad]),
      });
    }
  }
  const sigma = block.columns[2];
  checkSigma(sigma, block.firstLine, file);
  if (Object.keys(extra).length > 0) meta.extra = extra;
  return createPattern({ axis, x, y: block.columns[1]!, sigma, meta });
}

/**
 * Reads a `.xy`/`.xye`/`.dat` pattern file. See {@link parseXy}.
 * @param path - file path
 * @param options - as for parseXy (file defaults to path)
 * @returns the pattern
 * @throws ParseError with file:line for malformed content
 */
export async function readXy(path: string, options: ParseXyOptions = {}): Promise<Pattern> {
  return parseXy(await readSource(path), { file: path, ...options });
}
