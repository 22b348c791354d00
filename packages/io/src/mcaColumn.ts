/**
 * Single-column MCA spectra with `#` comments (e.g. PyMca's XRFSpectrum.mca).
 *
 * @packageDocumentation
 */
import type { Pattern } from "@operando/core";
import { channelPattern } from "./internal/channel.js";
import { LineReader, decodeText } from "./internal/text.js";
import { readNumericBlock } from "./internal/table.js";
import { fileName, readSource } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * Parses a one-number-per-line spectrum; `#` lines are comments (kept joined in meta.extra.comments).
 * Channels are numbered from 0. No calibration is stored in this format.
 * Errors: a line with more than one number, a non-numeric token, no counts.
 *
 * @param input - file content
 * @param options - file name
 * @returns pattern (meta.format "mca-column")
 * @throws ParseError naming file and line
 */
export function parseMcaColumn(input: string | Uint8Array, options: ParseOptions = {}): Pattern {
  const file = fileName(options);
  const text = decodeText(input, file);
  const reader = new LineReader(text, file);
  const comments: string[] = [];
  const block = readNumericBlock(reader, {
    columns: 1,
    maxColumns: 1,
    isEnd: (r) => {
      if (r.firstChar() === 35) comments.push(r.line.replace(/^\s*#\s?/, ""));
      return false;
    },
    skipComments: true,
  });
  if (block.rows === 0) throw reader.errorAtEnd("one count per line");
  const extra: Record<string, string | number> = {};
  if (comments.length > 0) extra["comments"] = comments.join("\n");
  return channelPattern(block.columns[0]!, 0, { sourceFile: file, format: "mca-column", extra });
}

/**
 * Reads a single-column `.mca` spectrum. See {@link parseMcaColumn}.
 * @param path - file path
 * @returns the spectrum on a channel axis
 * @throws ParseError with file:line for malformed content
 */
export async function readMcaColumn(path: string): Promise<Pattern> {
  return parseMcaColumn(await readSource(path), { file: path });
}
