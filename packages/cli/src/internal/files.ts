/**
 * Reading input files in subcommands: a missing or unreadable file becomes a FileAccessError
 * naming the file (exit code 3), never a bare ENOENT.
 */
import { readFile } from "node:fs/promises";
import { FileAccessError, ParseError } from "@operando/core";

/**
 * Reads a UTF-8 text file.
 * @param path - the file
 * @throws FileAccessError when it cannot be read
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new FileAccessError(path, error);
  }
}

/**
 * Parses JSON text; a syntax error becomes a ParseError at the line and column of the offending
 * character (from the position in V8's message, when it gives one).
 * @param file - file name for the error
 * @param text - the JSON text
 * @param expected - what the file should hold, e.g. "valid JSON" or "JSON cell parameters"
 * @throws ParseError on invalid JSON
 */
export function parseJsonText(file: string, text: string, expected = "valid JSON"): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const m = /position (\d+)/.exec(String((cause as Error).message));
    const before = m === null ? undefined : text.slice(0, Number(m[1])).split("\n");
    throw new ParseError({
      file,
      ...(before === undefined ? {} : { line: before.length, column: before[before.length - 1]!.length + 1 }),
      expected,
      found: (cause as Error).message,
      cause,
    });
  }
}

/**
 * Reads and parses a JSON file.
 * @param path - the file
 * @param expected - what the file should hold (for the error message)
 * @throws FileAccessError when it cannot be read; ParseError on invalid JSON
 */
export async function readJsonFile(path: string, expected = "valid JSON"): Promise<unknown> {
  return parseJsonText(path, await readTextFile(path), expected);
}
