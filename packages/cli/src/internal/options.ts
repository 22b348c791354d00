/**
 * Parsing of numeric command-line option values, shared by every subcommand, so that a bad
 * value always gives the same typed error (exit code 2) naming the option.
 */
import { InvalidParameterError } from "@operando/core";

/**
 * Parses one finite number.
 * @param text - the option's text
 * @param option - option name for the error, e.g. "--two-theta"
 * @param fallback - value used when `text` is undefined (the option was not given)
 * @throws InvalidParameterError when the text is empty, not a number, or not finite, or when it
 *   is missing and there is no fallback
 */
export function parseNumberOption(text: string | undefined, option: string, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new InvalidParameterError({ parameter: option, value: text, expected: "a value" });
    return fallback;
  }
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new InvalidParameterError({ parameter: option, value: text, expected: "a finite number" });
  return value;
}

/**
 * Parses a comma-separated list of finite numbers ("1,2.5,3"); undefined gives [].
 * @param text - the option's text
 * @param option - option name for the error (elements are named option[i])
 */
export function parseNumberListOption(text: string | undefined, option: string): number[] {
  if (text === undefined) return [];
  return text.split(",").map((part, i) => parseNumberOption(part, `${option}[${i}]`));
}
