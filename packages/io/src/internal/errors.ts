/**
 * Small helpers for reader errors.
 *
 * @packageDocumentation
 */
import { ParseError } from "@operando/core";

/** A ParseError at a given line of a file. */
export function parseErrorAt(file: string, line: number, expected: string, found: string): ParseError {
  return new ParseError({ file, line: Math.max(1, line), expected, found });
}
