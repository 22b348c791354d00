/**
 * Amptek DppMCA / PMCA `.mca` spectra: `<<PMCA SPECTRUM>>` header (`KEY - value`),
 * optional `<<CALIBRATION>>` (channel/energy pairs), `<<DATA>>` counts, `<<END>>`, then optional
 * configuration/status sections.
 *
 * @packageDocumentation
 */
import type { Pattern, PatternMeta } from "@operando/core";
import { ParseError } from "@operando/core";
import { channelPattern } from "./internal/channel.js";
import { fitLine } from "./internal/fitLine.js";
import { toIsoDate } from "./internal/dates.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { readNumericBlock } from "./internal/table.js";
import { checkCount, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * Parses an Amptek `.mca` spectrum (channel axis).
 *
 * `REAL_TIME`/`LIVE_TIME` -> realTimeS/liveTimeS; `START_TIME` -> startTime; `<<CALIBRATION>>`
 * pairs `channel energy` are fitted with a least-squares line -> meta.energyCalibration (energies in
 * keV as DppMCA writes them, or in eV / MeV when the section's `LABEL -` says so); other `KEY - value` and `KEY=value; comment` lines -> meta.extra.
 * The `<<DATA>>` block must be closed by `<<END>>` (a file cut inside the data is an error), and
 * when the DP5 configuration records `MCAC=n` the channel count must equal n.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch
 * @returns pattern (meta.format "amptek-mca")
 * @throws ParseError naming file and line
 */
export function parseAmptekMca(input: string | Uint8Array, options: ParseOptions = {}): Pattern {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  if (!reader.next() || reader.trimmed() !== "<<PMCA SPECTRUM>>") throw reader.error("<<PMCA SPECTRUM>> on the first line");
  const extra: Record<string, string | number> = {};
  const meta: PatternMeta = { sourceFile: file, format: "amptek-mca" };
  let section = "PMCA SPECTRUM";
  const calChannels: number[] = [];
  const calEnergies: number[] = [];
  let counts: Float64Array | undefined;
  let dataLine = 0;
  let declaredChannels: { n: number; line: number } | undefined;
  while (reader.next()) {
    if (reader.isBlank()) continue;
    const t = reader.trimmed();
    const tag = /^<<(.+)>>$/.exec(t);
    if (tag !== null) {
      section = tag[1]!.trim().toUpperCase();
      if (section === "DATA") {
        dataLine = reader.lineNumber;
        const block = readNumericBlock(reader, { columns: 1, maxColumns: 1, isEnd: (r) => r.trimmed().startsWith("<<") });
        if (!reader.next() || reader.trimmed() !== "<<END>>") throw reader.errorAtEnd("<<END>> closing the <<DATA>> block (file truncated?)", reader.lineNumber > 0 ? reader.line : "end of file");
        section = "END";
        counts = block.columns[0]!;
        if (counts.length === 0) throw new ParseError({ file, line: dataLine, expected: "counts after <<DATA>>", found: "none" });
      }
      continue;
    }
    if (section === "CALIBRATION") {
      const label = /^LABEL\s*-\s*(.*)$/i.exec(t);
      if (label !== null) {
        extra["calibrationLabel"] = label[1]!.trim();
        continue;
      }
      const row = new Float64Array(3);
      const n = reader.scanNumbers(row);
      if (n !== 2) throw reader.error("a `channel energy` pair");
      calChannels.push(row[0]!);
      calEnergies.push(row[1]!);
      continue;
    }
    if (section === "ROI") {
      extra[`roi ${reader.lineNumber}`] = t;
      continue;
    }
    let m = /^([A-Z_0-9 ]+?)\s+-\s*(.*)$/i.exec(t);
    if (m === null) m = /^(\w+)\s*=\s*([^;]*);?.*$/.exec(t);
    if (m === null) m = /^([^:]+):\s*(.*)$/.exec(t);
    if (m === null) throw reader.error(`a KEY - value line in <<${section}>>`);
    const key = m[1]!.trim();
    const value = m[2]!.trim();
    const num = parseNumberText(value);
    extra[section === "PMCA SPECTRUM" ? key : `${section}:${key}`] = num ?? value;
    if (key === "REAL_TIME" && num !== undefined) meta.realTimeS = num;
    else if (key === "LIVE_TIME" && num !== undefined) meta.liveTimeS = num;
    else if (key === "START_TIME") {
      const d = toIsoDate(value);
      if (d !== undefined) meta.startTime = d;
    } else if (key === "MCAC" && num !== undefined) declaredChannels = { n: num, line: reader.lineNumber };
  }
  if (counts === undefined) throw reader.errorAtEnd("a <<DATA>> block");
  if (declaredChannels !== undefined) {
    const warning = checkCount(declaredChannels.n, counts.length, "channels (MCAC)", options, (expected, found) => new ParseError({ file, line: declaredChannels!.line, expected, found: `${found} channels in <<DATA>>` }));
    if (warning !== undefined) extra["warning"] = warning;
  }
  if (calChannels.length > 0) {
    extra["calibrationPoints"] = calChannels.map((c, i) => `${c}:${calEnergies[i]}`).join(" ");
    // LABEL names the energy unit the user calibrated in; DppMCA's default label is "Channel"
    // with energies in keV. eV / MeV labels are scaled to keV (they were read as keV before).
    const unit = String(extra["calibrationLabel"] ?? "").toLowerCase();
    const toKeV = unit === "ev" ? 1e-3 : unit === "mev" ? 1e3 : 1;
    const line = fitLine(calChannels, calEnergies.map((e) => e * toKeV));
    if (line !== undefined) meta.energyCalibration = { offsetKeV: line.offset, slopeKeV: line.slope, quadraticKeV: 0 };
  }
  meta.extra = extra;
  return channelPattern(counts, 0, meta);
}

/**
 * Reads an Amptek `.mca` file. See {@link parseAmptekMca}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns the spectrum on a channel axis
 * @throws ParseError with file:line for malformed content
 */
export async function readAmptekMca(path: string, options: ParseOptions = {}): Promise<Pattern> {
  return parseAmptekMca(await readSource(path), { file: path, ...options });
}
