/**
 * Reading blocks of numeric rows with the shared {@link LineReader}: column counts are fixed by
 * the first row and every later row must match (a ragged or truncated row is an error).
 *
 * @packageDocumentation
 */
import type { LineReader, NumberScanOptions } from "./text.js";

/** Options for {@link readNumericBlock}. */
export interface NumericBlockOptions extends NumberScanOptions {
  /** Fewest columns a row may have. @default 1 */
  minColumns?: number;
  /** Exact column count, when the format fixes it. */
  columns?: number;
  /** Most columns a row may have. @default 256 */
  maxColumns?: number;
  /** Called on each line before parsing; returning true ends the block (the line is not consumed). */
  isEnd?: (reader: LineReader) => boolean;
  /** Skip lines starting with '#'. @default false */
  skipComments?: boolean;
  /** Stop after this many rows (the following line is not consumed). */
  maxRows?: number;
}

/** A parsed block of numbers, one Float64Array per column. */
export interface NumericBlock {
  /** Column arrays, all of length `rows`. */
  columns: Float64Array[];
  /** Number of rows. */
  rows: number;
  /** Line number of the first row (0 when empty). */
  firstLine: number;
}

/**
 * Reads numeric rows from the reader's next line on, until the end of the text or `isEnd`.
 * Blank lines are skipped. Grows column buffers by doubling (amortised O(1) per value).
 * @throws ParseError on a non-numeric token or a row whose column count differs from the first
 */
export function readNumericBlock(reader: LineReader, options: NumericBlockOptions = {}): NumericBlock {
  const { minColumns = 1, maxColumns = 256, skipComments = false, isEnd, maxRows = Number.POSITIVE_INFINITY } = options;
  const scan: NumberScanOptions = options.decimalComma === true ? { decimalComma: true } : {};
  const row = new Float64Array(maxColumns + 1);
  let width = options.columns ?? 0;
  let capacity = 0;
  let columns: Float64Array[] = [];
  let rows = 0;
  let firstLine = 0;
  for (;;) {
    if (rows >= maxRows) break;
    // a mark object only when an end test may need to give the line back (no allocation per row otherwise)
    const mark = isEnd === undefined ? undefined : reader.mark();
    if (!reader.next()) break;
    if (mark !== undefined && isEnd!(reader)) {
      reader.restore(mark);
      break;
    }
    if (reader.isBlank()) continue;
    if (skipComments && reader.firstChar() === 35) continue;
    const n = reader.scanNumbers(row, scan);
    if (width === 0) {
      if (n < minColumns || n > maxColumns) {
        throw reader.error(n < minColumns ? `at least ${minColumns} numeric columns` : `at most ${maxColumns} numeric columns`);
      }
      width = n;
    } else if (n !== width) {
      throw reader.error(`${width} numeric columns (as in the rows above), found ${n}`);
    }
    if (rows === 0) firstLine = reader.lineNumber;
    if (rows === capacity) {
      capacity = capacity === 0 ? 1024 : capacity * 2;
      columns = Array.from({ length: width }, (_, k) => {
        const grown = new Float64Array(capacity);
        const old = columns[k];
        if (old !== undefined) grown.set(old);
        return grown;
      });
    }
    for (let k = 0; k < width; k++) columns[k]![rows] = row[k]!;
    rows++;
  }
  return { columns: columns.map((c) => c.slice(0, rows)), rows, firstLine };
}
