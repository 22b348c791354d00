/**
 * Format detection from content (and, for ambiguous plain tables, the file name).
 *
 * @packageDocumentation
 */
import { UnsupportedFormatError } from "@operando/core";
import { isStepSummaryHeader, kindOfRoles, rolesByName } from "./internal/echem.js";
import { detectDelimiter, isDecimalCommaNumber, splitFields } from "./internal/fields.js";
import { parseNumberText } from "./internal/text.js";
import { hasHdf5Signature } from "./nexus.js";
import { isNewareCsv } from "./newareCsv.js";
import type { FormatId } from "./types.js";

const HEAD_BYTES = 65536;

function headText(input: string | Uint8Array): string | undefined {
  if (typeof input === "string") return input.slice(0, HEAD_BYTES).replace(/^\uFEFF/, "");
  let bytes = input.subarray(0, HEAD_BYTES);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // either Latin-1 content or a UTF-8 sequence cut at the 64 KiB boundary
    const utf8 = new TextDecoder("utf-8").decode(bytes);
    return utf8.includes("\uFFFD") && bytes.length < HEAD_BYTES ? new TextDecoder("latin1").decode(bytes) : utf8;
  }
}

function numericFields(line: string): number | undefined {
  const d = detectDelimiter(line);
  const fields = splitFields(line, d);
  if (fields.length === 0) return undefined;
  return fields.every((f) => parseNumberText(f) !== undefined || (d !== "," && isDecimalCommaNumber(f))) ? fields.length : undefined;
}

/**
 * Detects the format of file content. Content decides (magic lines and structure); the extension
 * only breaks ties (`.chi` Fit2D files; `.csv` tables). Order: HDF5 signature, EC-Lab, Gamry, Z60W/ZPlotW, ZPlot2,
 * Amptek, ORTEC, N42 XML, IEC 61455, SPEC with MCA, EPICS MED, GSAS, pyFAI .poni, Fit2D .chi, electrochemistry tables
 * (named columns), plain numeric tables (xy / single-column MCA / delimited).
 *
 * @param input - file content (bytes or text; only the first 64 KiB are examined)
 * @param fileName - file name (for tie-breaking and the error message)
 * @returns the format identifier
 * @throws UnsupportedFormatError when nothing matches (binary content, prose, empty file)
 */
export function detectFormat(input: string | Uint8Array, fileName: string): FormatId {
  if (typeof input !== "string" && hasHdf5Signature(input)) return "nexus";
  const text = headText(input);
  if (text === undefined) throw new UnsupportedFormatError(fileName, "binary content that is not HDF5");
  const lines = text.split(/\r?\n/);
  const nonBlank = lines.filter((l) => l.trim() !== "");
  const first = (nonBlank[0] ?? "").trim();
  const ext = (/\.([^./\\]+)$/.exec(fileName)?.[1] ?? "").toLowerCase();
  if (first === "") throw new UnsupportedFormatError(fileName, "the file is empty");
  if (/^(EC|BT)-Lab ASCII FILE/i.test(first)) return "biologic-mpt";
  if (first === "EXPLAIN") return "gamry-dta";
  // Gamry VFP600 front end: the tag as the first line, then "TAG<TAB>VFP600"
  if (first === "VFP600" && /^TAG\tVFP600\s*$/m.test(text)) return "gamry-dta";
  if (/^"?Z(60W|PlotW) Data File/i.test(first)) return "autolab-z60w";
  if (/^"?ZPLOT2 ASCII"?$/i.test(first)) return "zplot";
  if (isNewareCsv(text)) return "neware-csv";
  if (first === "<<PMCA SPECTRUM>>") return "amptek-mca";
  // ANSI N42.42 XML: the 2011 or 2006 root element (after the XML declaration, comments, processing instructions)
  if (first.startsWith("<") && /<(?:[\w.-]+:)?(RadInstrumentData|N42InstrumentData)[\s>]/.test(text)) return "n42";
  // IEC 61455: every record starts with the tag (A004); record 2 holds live time, real time, channels
  if (/^A\d{3}/.test(first) && /^A\d{3}\s+\d+(\.\d*)?\s+\d+(\.\d*)?\s+\d+\s*$/.test(nonBlank[1]?.trim() ?? "") && nonBlank.slice(0, 58).every((l) => l.slice(0, 4) === first.slice(0, 4))) return "iec-61455";
  if (/^\$(SPEC_ID|SPEC_REM|DATE_MEA|MEAS_TIM|DATA):/m.test(text.slice(0, 4096)) && first.startsWith("$")) return "ortec-spe";
  if (/^#S\s+\S/m.test(text) && (/^@A/m.test(text) || /^#@MCA/m.test(text))) return "spec";
  if (/^(VERSION|ELEMENTS|CHANNELS):/m.test(text) && /^DATA:/m.test(text)) return "epics-med";
  if (/^BANK\s+\d+\s+\d+/m.test(text)) return "gsas";
  if (/^(Distance|Poni1|poni_version)\s*:/m.test(text) && /^Rot1\s*:/m.test(text)) return "poni";
  // Fit2D .chi: title, x label, y label (often blank), integer count [data-set count 1], then numeric rows
  if (/^\d+(\s+1)?$/.test(lines[3]?.trim() ?? "") && numericFields(lines[1] ?? "") === undefined && (numericFields(lines[4] ?? "") ?? 0) >= 2) {
    if (ext === "chi" || ext === "chi2" || numericFields(lines[0] ?? "") === undefined) return "fit2d-chi";
  }
  // electrochemistry tables: a line that names impedance or cycler columns
  for (const line of nonBlank.slice(0, 200)) {
    const fields = splitFields(line, detectDelimiter(line));
    if (fields.length < 2 || numericFields(line) !== undefined) continue;
    const roles = rolesByName(fields);
    const kind = kindOfRoles(roles);
    if (kind !== undefined) return "echem-table";
    if (isStepSummaryHeader(fields)) throw new UnsupportedFormatError(fileName, `a per-step summary, not a time series (columns: ${fields.join(", ")}); operando reads cycler records with time, current and voltage per sample`);
    // a cycler header lacking a required column (e.g. no voltage): let the table reader name what is missing
    if (roles.has("time") && (roles.has("current") || roles.has("voltage"))) return "echem-table";
  }
  // plain numeric tables
  const data = nonBlank.filter((l) => !l.trimStart().startsWith("#"));
  const widths = data.slice(0, 50).map(numericFields);
  const firstNumeric = widths.findIndex((w) => w !== undefined);
  if (firstNumeric === -1) throw new UnsupportedFormatError(fileName, "no numeric table, and no known header (tried xy, chi, GSAS, SPEC, MCA, NeXus, poni, EC-Lab, Gamry, CSV)");
  const width = widths[firstNumeric]!;
  if (width === 1) return "mca-column";
  const delimiter = detectDelimiter(data[firstNumeric]!);
  if (width === 3 && (ext === "csv" || ext === "txt" || delimiter === ",")) {
    // a headerless f, Z', Z'' impedance table: first column positive, monotonic, spanning >= 2 decades
    const f = data.slice(firstNumeric, firstNumeric + 200).map((l) => parseNumberText(splitFields(l, delimiter)[0] ?? ""));
    if (f.length >= 3 && f.every((v) => v !== undefined && v > 0)) {
      const values = f as number[];
      const up = values.every((v, i) => i === 0 || v > values[i - 1]!);
      const down = values.every((v, i) => i === 0 || v < values[i - 1]!);
      const span = Math.max(...values) / Math.min(...values);
      if ((up || down) && span >= 100) return "echem-table";
    }
  }
  if (delimiter === "whitespace" && width <= 3 && firstNumeric === 0) return "xy";
  if (delimiter === "whitespace" && width <= 3) return "xy";
  return "delimited";
}
