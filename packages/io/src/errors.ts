/**
 * Errors specific to @operando/io.
 *
 * @packageDocumentation
 */
import { OperandoError } from "@operando/core";
import type { ReadKind } from "./types.js";

/**
 * A file was read fine but holds another kind of data than the caller asked for
 * (e.g. `readPattern` on a cycler file).
 */
export class KindMismatchError extends OperandoError {
  override name = "KindMismatchError";
  /** The file. */
  readonly file: string;
  /** What the caller asked for. */
  readonly expected: ReadKind;
  /** What the file holds. */
  readonly actual: ReadKind;
  /**
   * @param file - path of the file
   * @param expected - kind asked for
   * @param actual - kind found
   */
  constructor(file: string, expected: ReadKind, actual: ReadKind) {
    super(`${file}: expected ${expected} data, but the file holds ${actual} data`);
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}
