/**
 * Reading files for the `readX(path)` wrappers, and small shared builders.
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { FileAccessError, ParseError } from "@operando/core";
import type { ParseOptions } from "../types.js";
import { parseNumberText } from "./text.js";

/**
 * Reads a whole file as bytes (the Node Buffer is a Uint8Array; no copy). A synchronous read:
 * beamline files are small (KB to a few MB) and read one after another, where the promise
 * machinery of fs/promises costs more than the read itself (measured: `npm run bench -- io`).
 * @throws FileAccessError when the file cannot be read (missing, a directory, permissions)
 */
export async function readSource(path: string): Promise<Uint8Array> {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new FileAccessError(path, error);
  }
}

/** The file name from parse options. */
export function fileName(options: ParseOptions | undefined): string {
  return options?.file ?? "<memory>";
}

/**
 * Compares a declared count with the count found; throws or records a warning.
 * @returns a warning text to store in meta.extra.warning, or undefined when they match
 */
export function checkCount(
  declared: number,
  found: number,
  what: string,
  options: ParseOptions | undefined,
  makeError: (expected: string, found: string) => Error,
): string | undefined {
  if (declared === found) return undefined;
  const message = `${declared} ${what} as declared in the header`;
  if (options?.allowCountMismatch === true) return `${message}, found ${found}`;
  throw makeError(message, `${found}`);
}

/**
 * Parses a wavelength header value ("4.066e-11 m", "3.20179398976e-11", "0.413259 A", "0.1 nm")
 * to Angstrom. The value must be a whole number token (so "4,066e-11" is not read as 4 unless
 * decimalComma is set). Without a unit, values below 1e-6 are meters (pyFAI writes meters), others
 * Angstrom.
 * @returns wavelength in Angstrom, or undefined when the text does not start with a positive number
 */
export function wavelengthToAngstrom(text: string, decimalComma = false): number | undefined {
  const [token = "", unitText = ""] = text.trim().split(/\s+/);
  const value = parseNumberText(token, decimalComma);
  if (value === undefined || !(value > 0)) return undefined;
  const unit = unitText.toLowerCase();
  if (unit !== "" && !/^(m|nm|a|å|angstroms?)$/.test(unit)) return undefined;
  const shift = unit === "m" || (unit === "" && value < 1e-6) ? 10 : unit === "nm" ? 1 : 0;
  // shift the decimal exponent in text so 4.066e-11 m gives exactly 0.4066 (no 4.066e-11 * 1e10 rounding)
  const parts = /^([-+]?\d*\.?\d*)(?:[eEdD]([-+]?\d+))?$/.exec(token.replace(",", "."));
  if (parts === null) return value * 10 ** shift;
  return Number(`${parts[1]}e${Number(parts[2] ?? 0) + shift}`);
}

/**
 * Throws when an uncertainty column holds a negative value. The line is the block's first line
 * plus the row index (exact when the block has no blank lines inside).
 */
export function checkSigma(sigma: Float64Array | undefined, firstLine: number, file: string): void {
  if (sigma === undefined) return;
  for (let i = 0; i < sigma.length; i++) {
    if (sigma[i]! < 0) throw new ParseError({ file, line: firstLine + i, expected: "a non-negative uncertainty (sigma column)", found: String(sigma[i]) });
  }
}
