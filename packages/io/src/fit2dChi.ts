/**
 * Fit2D `.chi` integrated patterns: line 1 title, line 2 x-axis label, line 3 y label (often
 * blank), line 4 the point count, then `x y` rows.
 *
 * @packageDocumentation
 */
import type { Pattern, PatternMeta } from "@operando/core";
import { ParseError, createPattern } from "@operando/core";
import { lookupXUnit } from "./internal/units.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { readNumericBlock } from "./internal/table.js";
import { checkCount, checkSigma, fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * Parses a Fit2D `.chi` file. The x label (line 2) sets the axis ("2-Theta Angle (Degrees)" ->
 * twoTheta; Q labels in nm^-1 are converted to 1/A). The count on line 4 (optionally followed by
 * a data-set count, which must be 1) must equal the rows found
 * (with `allowCountMismatch` a mismatch becomes `meta.extra.warning`). No wavelength is stored in
 * this format. Trailing blank lines are tolerated.
 *
 * @param input - file content
 * @param options - file name, allowCountMismatch
 * @returns pattern with meta.format = "fit2d-chi", meta.label = title line
 * @throws ParseError on a short header, unknown x label, bad rows or count mismatch
 */
export function parseFit2dChi(input: string | Uint8Array, options: ParseOptions = {}): Pattern {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const header: string[] = [];
  for (let i = 0; i < 4; i++) {
    if (!reader.next()) throw reader.errorAtEnd("a 4-line Fit2D .chi header (title, x label, y label, point count)");
    header.push(reader.trimmed());
  }
  // line 4: the point count, optionally followed by the number of data sets ("2000 1")
  const countFields = header[3]!.split(/\s+/);
  const declared = countFields.length <= 2 ? parseNumberText(countFields[0]!) : undefined;
  const datasets = countFields.length === 2 ? parseNumberText(countFields[1]!) : 1;
  if (declared === undefined || !Number.isInteger(declared) || declared < 0) throw reader.error("the point count (an integer, optionally followed by the data-set count) on line 4");
  if (datasets !== 1) throw reader.error("one data set (a point count optionally followed by 1) on line 4");
  const xLabel = header[1]!;
  const unit = lookupXUnit(xLabel);
  if (unit === undefined) {
    throw new ParseError({ file, line: 2, expected: "an x label operando can map (2-Theta Angle (Degrees), Q (nm^-1) ...)", found: xLabel });
  }
  const block = readNumericBlock(reader, { minColumns: 2, maxColumns: 3 });
  const extra: Record<string, string | number> = { title: header[0]!, xLabel, yLabel: header[2]!, declaredPoints: declared };
  const warning = checkCount(declared, block.rows, "data rows", options, (expected, found) => reader.errorAtEnd(expected, `${found} rows`));
  if (warning !== undefined) extra["warning"] = warning;
  if (block.rows === 0) throw reader.errorAtEnd("at least one data row");
  checkSigma(block.columns[2], block.firstLine, file);
  const x = block.columns[0]!;
  if (unit.scale !== 1) for (let i = 0; i < x.length; i++) x[i] = x[i]! * unit.scale;
  const meta: PatternMeta = { sourceFile: file, format: "fit2d-chi", label: header[0]!, extra };
  return createPattern({ axis: unit.axis, x, y: block.columns[1]!, sigma: block.columns[2], meta });
}

/**
 * Reads a Fit2D `.chi` file. See {@link parseFit2dChi}.
 * @param path - file path
 * @param options - allowCountMismatch
 * @returns the pattern
 * @throws ParseError with file:line for malformed content
 */
export async function readFit2dChi(path: string, options: ParseOptions = {}): Promise<Pattern> {
  return parseFit2dChi(await readSource(path), { file: path, ...options });
}
