/**
 * Shared plumbing for CLI subcommands: output, progress bars and exit codes.
 *
 * @packageDocumentation
 */
import { Writable } from "node:stream";
import cliProgress from "cli-progress";
import { FileAccessError, InvalidParameterError, OperandoError, ParseError, UnsupportedFormatError } from "@operando/core";

/**
 * Exit codes of the `operando` command:
 * - 0: success
 * - 1: a runtime failure (fit or solver failed, I/O error)
 * - 2: bad usage (unknown option, missing argument, invalid parameter value)
 * - 3: an input file could not be read (missing/unreadable, ParseError, unsupported format)
 */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2, input: 3 } as const;

/** Where a command writes; injectable so commands can be tested without a process. */
export interface CliIO {
  /** Standard output (results). */
  stdout: Writable;
  /** Standard error (progress, warnings, errors). */
  stderr: Writable;
  /** Whether stderr is an interactive terminal (progress bars only then). */
  interactive: boolean;
}

/**
 * The process's own streams.
 * @returns stdout/stderr of this process; `interactive` is true when stderr is a TTY
 */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, interactive: Boolean(process.stderr.isTTY) };
}

/**
 * Maps an error to its exit code (see {@link EXIT_CODES}).
 * @param error - anything thrown by a command
 * @returns 3 (input) for parse, format or file-access errors, 2 (usage) for invalid parameters, 1 (failure) otherwise
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ParseError || error instanceof UnsupportedFormatError || error instanceof FileAccessError) return EXIT_CODES.input;
  if (error instanceof InvalidParameterError) return EXIT_CODES.usage;
  if (error instanceof OperandoError) return EXIT_CODES.failure;
  return EXIT_CODES.failure;
}

/** A progress reporter: a bar on a TTY, nothing otherwise. */
export interface Progress {
  /** Advance by `delta` items (default 1). */
  tick(delta?: number): void;
  /** Finish and clear the bar. */
  stop(): void;
}

/**
 * Creates a progress bar on stderr when it is a terminal (cli-progress), or a silent reporter.
 * @param io - CLI streams
 * @param total - number of items
 * @param label - what is being processed
 * @returns a reporter; a no-op when stderr is not a terminal or total <= 1
 */
export function createProgress(io: CliIO, total: number, label: string): Progress {
  if (!io.interactive || total <= 1) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`, stream: io.stderr as NodeJS.WriteStream, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: (delta = 1) => bar.increment(delta), stop: () => bar.stop() };
}

/**
 * Writes text (a trailing newline is added when missing).
 * @param stream - where
 * @param text - what
 */
export function writeLine(stream: Writable, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * Formats rows as an aligned plain-text table.
 * @param header - column names
 * @param rows - cell texts
 * @returns the header, a dashed rule and the rows, columns padded to equal width and separated by two spaces, lines joined by \n
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
