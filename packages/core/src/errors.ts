/**
 * Typed errors. Every error operando throws on purpose is an {@link OperandoError};
 * subclasses carry the context a user needs to fix the input (file, line, parameter).
 *
 * @packageDocumentation
 */

/** Options accepted by every operando error. */
export interface OperandoErrorOptions {
  /** The underlying error, if this one wraps another. */
  cause?: unknown;
}

/** Base class of all errors thrown deliberately by operando. */
export class OperandoError extends Error {
  override name = "OperandoError";
  /**
   * @param message - what went wrong and what to do about it
   * @param options - optional `cause`
   */
  constructor(message: string, options: OperandoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Where in a file a parse problem was found. */
export interface ParseLocation {
  /** Path (or name) of the file being read. */
  file: string;
  /** 1-based line number, when the format is line oriented. */
  line?: number;
  /** 1-based column in that line. */
  column?: number;
  /** 0-based byte offset, for binary formats. */
  offset?: number;
}

/** Details for a {@link ParseError}. */
export interface ParseErrorDetails extends ParseLocation, OperandoErrorOptions {
  /** What the reader expected at that place, e.g. "a number" or "3 columns". */
  expected: string;
  /** What it found there (shortened when long). */
  found: string;
}

function shorten(text: string, max = 60): string {
  const oneLine = text.replace(/\r?\n/g, "\\n");
  return oneLine.length > max ? `${oneLine.slice(0, max)}...` : oneLine;
}

/**
 * Formats a location as `file:line:column` (or `file@offset`).
 * @param location - file plus optional line, column or byte offset
 * @returns e.g. `a.xy:12:3`, `a.xy:12`, `a.h5@512` or just the file name
 */
export function formatLocation(location: ParseLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  } else if (location.offset !== undefined) {
    text += `@${location.offset}`;
  }
  return text;
}

/**
 * A file could not be read as the format it claims to be.
 * The message reads `file:line: expected X, found "Y"`.
 */
export class ParseError extends OperandoError {
  override name = "ParseError";
  /** File path or name. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  /** 1-based column, when known. */
  readonly column: number | undefined;
  /** 0-based byte offset, when known. */
  readonly offset: number | undefined;
  /** What was expected. */
  readonly expected: string;
  /** What was found. */
  readonly found: string;

  /** @param details - location, expectation and finding */
  constructor(details: ParseErrorDetails) {
    super(`${formatLocation(details)}: expected ${details.expected}, found "${shorten(details.found)}"`, details);
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.offset = details.offset;
    this.expected = details.expected;
    this.found = details.found;
  }
}

/** No reader recognises a file's content. */
export class UnsupportedFormatError extends OperandoError {
  override name = "UnsupportedFormatError";
  /** The file that was not recognised. */
  readonly file: string;
  /**
   * @param file - path of the file
   * @param hint - what was tried, shown to the user
   */
  constructor(file: string, hint: string, options: OperandoErrorOptions = {}) {
    super(`${file}: unsupported or unrecognised format (${hint})`, options);
    this.file = file;
  }
}

/**
 * A file could not be opened or read at all (missing, a directory, no permission), as opposed
 * to a {@link ParseError} for content that is not what was expected.
 */
export class FileAccessError extends OperandoError {
  override name = "FileAccessError";
  /** The path that could not be read. */
  readonly file: string;
  /** The system error code when there is one (ENOENT, EISDIR, EACCES, ...). */
  readonly code: string | undefined;
  /**
   * @param file - the path
   * @param cause - the underlying file-system error
   */
  constructor(file: string, cause: unknown) {
    const code = typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : code === "EACCES" ? "permission denied" : cause instanceof Error ? cause.message : String(cause);
    super(`${file}: cannot read the file (${reason})`, { cause });
    this.file = file;
    this.code = code;
  }
}

/** Details for an {@link InvalidParameterError}. */
export interface InvalidParameterDetails extends OperandoErrorOptions {
  /** Name of the parameter or option, e.g. "porosity" or "options.lower[2]". */
  parameter: string;
  /** The value received. */
  value: unknown;
  /** What is allowed, e.g. "a number in (0, 1)". */
  expected: string;
}

/** An argument, option or physical parameter is outside what is allowed. */
export class InvalidParameterError extends OperandoError {
  override name = "InvalidParameterError";
  /** Name of the offending parameter. */
  readonly parameter: string;
  /** The value received. */
  readonly value: unknown;
  /** What is allowed. */
  readonly expected: string;
  /** @param details - parameter, value and what was expected */
  constructor(details: InvalidParameterDetails) {
    super(`${details.parameter}: expected ${details.expected}, got ${describeValue(details.value)}`, details);
    this.parameter = details.parameter;
    this.value = details.value;
    this.expected = details.expected;
  }
}

/** Details for a {@link FitError}. */
export interface FitErrorDetails extends OperandoErrorOptions {
  /** Iteration (or function evaluation) at which the failure happened. */
  iteration?: number;
  /** Parameter values at the failure, when there are any. */
  parameters?: ArrayLike<number>;
}

/** A fit cannot be started or carried on (bad model output, too few points, ...). */
export class FitError extends OperandoError {
  override name = "FitError";
  /** Iteration at which it failed, when known. */
  readonly iteration: number | undefined;
  /** Parameters at the failure, when known. */
  readonly parameters: Float64Array | undefined;
  /**
   * @param message - what failed and what to supply instead
   * @param details - iteration and parameters at failure
   */
  constructor(message: string, details: FitErrorDetails = {}) {
    super(message, details);
    this.iteration = details.iteration;
    this.parameters = details.parameters === undefined ? undefined : Float64Array.from(details.parameters);
  }
}

/** Details for a {@link SolverError}. */
export interface SolverErrorDetails extends OperandoErrorOptions {
  /** Simulation time at the failure, in seconds. */
  timeS?: number;
  /** Step number at the failure. */
  step?: number;
  /** A short description of the state (e.g. "Newton did not converge, residual 3e-2"). */
  state?: string;
}

/** A numerical solver (ODE/DAE integrator, PDE stepper) failed; carries where. */
export class SolverError extends OperandoError {
  override name = "SolverError";
  /** Simulation time at failure (s). */
  readonly timeS: number | undefined;
  /** Step at failure. */
  readonly step: number | undefined;
  /** Description of the state at failure. */
  readonly state: string | undefined;
  /**
   * @param message - what failed
   * @param details - time, step and state at failure
   */
  constructor(message: string, details: SolverErrorDetails = {}) {
    super(message, details);
    this.timeS = details.timeS;
    this.step = details.step;
    this.state = details.state;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(shorten(value));
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  try {
    return shorten(JSON.stringify(value) ?? String(value));
  } catch {
    return Object.prototype.toString.call(value);
  }
}
