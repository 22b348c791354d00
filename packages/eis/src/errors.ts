/**
 * Errors specific to circuit strings.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { OperandoErrorOptions } from "@operando/core";

/** Details for a {@link CircuitSyntaxError}. */
export interface CircuitSyntaxErrorDetails extends OperandoErrorOptions {
  /** The full circuit string. */
  circuit: string;
  /** 0-based character index in `circuit` where the problem was found. */
  position: number;
  /** What the parser expected there, e.g. "an element name or p(". */
  expected: string;
  /** What it found ("end of string" at the end). */
  found: string;
}

/**
 * A circuit string does not parse. It is an {@link InvalidParameterError} (parameter
 * "circuit"), so the CLI maps it to the bad-usage exit code. The message quotes the string and
 * puts a caret under the offending character, e.g.
 *
 * ```
 * circuit "R0-p(R1,C1" at position 10 (1-based column 11): expected "," or ")", found end of string
 *   R0-p(R1,C1
 *             ^
 * ```
 */
export class CircuitSyntaxError extends InvalidParameterError {
  override name = "CircuitSyntaxError";
  /** The circuit string. */
  readonly circuit: string;
  /** 0-based index of the offending character. */
  readonly position: number;
  /** What was found. */
  readonly found: string;

  /** @param details - string, position, expectation and finding */
  constructor(details: CircuitSyntaxErrorDetails) {
    super({ parameter: "circuit", value: details.circuit, expected: details.expected, cause: details.cause });
    this.message =
      `circuit ${JSON.stringify(details.circuit)} at position ${details.position} (1-based column ${details.position + 1}): ` +
      `expected ${details.expected}, found ${details.found}\n  ${details.circuit}\n  ${" ".repeat(details.position)}^`;
    this.circuit = details.circuit;
    this.position = details.position;
    this.found = details.found;
  }
}
