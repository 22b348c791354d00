/**
 * The shared line and number scanner used by every text reader: byte decoding (UTF-8 with a
 * Latin-1 fallback, BOM removal), line iteration with CRLF handling and 1-based line numbers,
 * and a hand-rolled number parser (faster than `split` + `Number`, see scripts/bench/io.ts).
 *
 * @packageDocumentation
 */
import { ParseError } from "@operando/core";

/** Exact powers of ten representable in a double (10^0 .. 10^22). */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const LATIN1 = new TextDecoder("latin1");

/**
 * Decodes file content to text: strips a UTF-8 BOM, decodes UTF-8 and falls back to Latin-1
 * (EC-Lab and Gamry write Latin-1 "µ" and "²"). Refuses binary content (a NUL byte).
 */
export function decodeText(input: string | Uint8Array, file: string): string {
  if (typeof input === "string") return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let bytes = input;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new ParseError({ file, offset: nul + (input.length - bytes.length), expected: "text (this looks like a binary file)", found: "a NUL byte" });
  try {
    return UTF8.decode(bytes);
  } catch {
    return LATIN1.decode(bytes);
  }
}

/** Is this char code a field separator for numeric rows? */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

/** Options for number scanning. */
export interface NumberScanOptions {
  /** Read "1,5" as 1.5; then ';' and whitespace separate fields. */
  decimalComma?: boolean;
}

/**
 * A cursor over the lines of a text. `next()` moves to the following line; `start`/`end` delimit
 * it (CR of CRLF excluded), `lineNumber` is 1-based.
 */
export class LineReader {
  /** The whole text. */
  readonly text: string;
  /** File name used in errors. */
  readonly file: string;
  /** 1-based number of the current line (0 before the first `next`). */
  lineNumber = 0;
  /** Start index of the current line. */
  start = 0;
  /** End index (exclusive) of the current line, without CR/LF. */
  end = 0;
  /** Whether the current line ended with a newline (false for a final unterminated line). */
  terminated = false;
  private pos = 0;
  /** End index of the last number scanned by {@link LineReader.scanNumber}. */
  tokenEnd = 0;

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
  }

  /** Moves to the next line; returns false at the end of the text. */
  next(): boolean {
    const text = this.text;
    if (this.pos >= text.length) return false;
    const nl = text.indexOf("\n", this.pos);
    this.start = this.pos;
    let end = nl === -1 ? text.length : nl;
    this.pos = nl === -1 ? text.length : nl + 1;
    this.terminated = nl !== -1;
    if (end > this.start && text.charCodeAt(end - 1) === 13) end--;
    this.end = end;
    this.lineNumber++;
    return true;
  }

  /** The state before the next line: after `restore(mark)`, `next()` returns that same next line. */
  mark(): { pos: number; lineNumber: number } {
    return { pos: this.pos, lineNumber: this.lineNumber };
  }

  /** Rewinds to a {@link mark} (or to `{ pos: start, lineNumber: lineNumber - 1 }` to re-read the current line). */
  restore(mark: { pos: number; lineNumber: number }): void {
    this.pos = mark.pos;
    this.lineNumber = mark.lineNumber;
  }

  /** The current line as a string. */
  get line(): string {
    return this.text.slice(this.start, this.end);
  }

  /** True when the current line holds only whitespace. */
  isBlank(): boolean {
    for (let i = this.start; i < this.end; i++) if (!isSpace(this.text.charCodeAt(i))) return false;
    return true;
  }

  /** The current line without leading/trailing whitespace. */
  trimmed(): string {
    return this.line.trim();
  }

  /** First non-space char code of the current line (or -1). */
  firstChar(): number {
    for (let i = this.start; i < this.end; i++) {
      const c = this.text.charCodeAt(i);
      if (!isSpace(c)) return c;
    }
    return -1;
  }

  /** A ParseError at the current line. */
  error(expected: string, found?: string, column?: number): ParseError {
    return new ParseError({
      file: this.file,
      line: this.lineNumber,
      ...(column === undefined ? {} : { column }),
      expected,
      found: found ?? this.line,
    });
  }

  /** A ParseError at the end of the file (line after the last one). */
  errorAtEnd(expected: string, found = "end of file"): ParseError {
    return new ParseError({ file: this.file, line: Math.max(1, this.lineNumber), expected, found });
  }

  /**
   * Scans the numbers of the current line (from `from`) into `out`, stopping at the line end.
   * Separators: spaces/tabs, and ',' ';' (only ';' with decimalComma).
   * @returns the count of numbers found (values beyond out.length are parsed but not stored)
   * @throws ParseError at the first token that is not a finite number
   */
  scanNumbers(out: Float64Array, options: NumberScanOptions = {}, from = this.start): number {
    const text = this.text;
    const end = this.end;
    const comma = options.decimalComma === true;
    let i = from;
    let count = 0;
    for (;;) {
      // skip separators (a single comma/semicolon between fields, any amount of blanks)
      while (i < end) {
        const c = text.charCodeAt(i);
        if (isSpace(c) || c === 59 || (c === 44 && !comma)) i++;
        else break;
      }
      if (i >= end) return count;
      const value = this.scanNumber(i, end, comma);
      if (Number.isNaN(value)) {
        let j = i;
        while (j < end && !isSpace(text.charCodeAt(j)) && text.charCodeAt(j) !== 59 && (comma || text.charCodeAt(j) !== 44)) j++;
        throw this.error("a finite number", text.slice(i, j) || this.line, i - this.start + 1);
      }
      if (count < out.length) out[count] = value;
      count++;
      i = this.tokenEnd;
    }
  }

  /**
   * Parses one number starting at index `i` (no leading blanks) that must end at a separator
   * or at `end`. Returns NaN when the token is not a finite number.
   * Fast path (Clinger): up to 15 significant digits and |exponent| <= 22 is exact with one
   * multiplication or division by an exact power of ten; otherwise Number() on the token.
   * The character at `end` must not continue a number (a line's CR/LF, or the end of the text,
   * where charCodeAt gives NaN): the digit loops rely on it instead of testing i < end per
   * character.
   */
  scanNumber(i: number, end: number, decimalComma: boolean): number {
    const text = this.text;
    const tokenStart = i;
    let c = i < end ? text.charCodeAt(i) : -1;
    let negative = false;
    if (c === 45 || c === 43) {
      negative = c === 45;
      c = text.charCodeAt(++i);
    }
    // mantissa kept below 2^53: digits are accumulated while mantissa < 2^53 / 10
    let mantissa = 0;
    let exponent = 0;
    let exact = true;
    const integerStart = i;
    while (c >= 48 && c <= 57) {
      if (mantissa < 900719925474099) mantissa = mantissa * 10 + (c - 48);
      else {
        exponent++;
        if (c !== 48) exact = false;
      }
      c = text.charCodeAt(++i);
    }
    let digits = i - integerStart;
    if (c === 46 || (decimalComma && c === 44)) {
      c = text.charCodeAt(++i);
      const fractionStart = i;
      while (c >= 48 && c <= 57) {
        if (mantissa < 900719925474099) {
          mantissa = mantissa * 10 + (c - 48);
          exponent--;
        } else if (c !== 48) exact = false;
        c = text.charCodeAt(++i);
      }
      digits += i - fractionStart;
    }
    if (digits === 0) return Number.NaN;
    if (c === 101 || c === 69 || c === 100 || c === 68) {
      c = text.charCodeAt(++i);
      let expNegative = false;
      if (c === 45 || c === 43) {
        expNegative = c === 45;
        c = text.charCodeAt(++i);
      }
      let e = 0;
      let expDigits = 0;
      while (c >= 48 && c <= 57) {
        if (e < 100000) e = e * 10 + (c - 48);
        expDigits++;
        c = text.charCodeAt(++i);
      }
      if (expDigits === 0) return Number.NaN;
      exponent += expNegative ? -e : e;
    }
    if (i < end && !(isSpace(c) || c === 59 || (c === 44 && !decimalComma))) return Number.NaN;
    this.tokenEnd = i;
    if (mantissa === 0) return negative ? -0 : 0;
    if (exact && exponent >= -22 && exponent <= 22) {
      const value = exponent >= 0 ? mantissa * POW10[exponent]! : mantissa / POW10[-exponent]!;
      return negative ? -value : value;
    }
    let token = text.slice(tokenStart, i);
    if (decimalComma) token = token.replace(",", ".");
    const value = Number(token.replace(/[dD]/, "e"));
    return Number.isFinite(value) ? value : Number.NaN;
  }
}

/**
 * Parses a whole string as one finite number (trimmed; decimal comma optional).
 * @returns the number, or undefined when the text is not exactly one number
 */
export function parseNumberText(text: string, decimalComma = false): number | undefined {
  const t = text.trim();
  if (t.length === 0) return undefined;
  const reader = new LineReader(t, "");
  reader.next();
  const value = reader.scanNumber(0, t.length, decimalComma);
  if (Number.isNaN(value) || reader.tokenEnd !== t.length) return undefined;
  return value;
}
