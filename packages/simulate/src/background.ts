/**
 * Backgrounds for simulated patterns: a polynomial in the axis value or any function.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/**
 * Background: polynomial coefficients c0 + c1 v + c2 v^2 + ... in the pattern's physical axis
 * value v (2theta in deg for ADXRD, energy in keV for EDXRD), or a function of v. The value is
 * the expected background counts per point (ADXRD step) or per channel (EDXRD).
 */
export type Background = { polynomial: readonly number[] } | ((value: number) => number);

/**
 * Evaluates a background at each axis value (expected counts per point).
 * @throws InvalidParameterError when a value is negative or not finite
 * @internal
 */
export function evaluateBackground(background: Background | undefined, values: Float64Array, parameter = "background"): Float64Array {
  const out = new Float64Array(values.length);
  if (background === undefined) return out;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let b: number;
    if (typeof background === "function") b = background(v);
    else {
      b = 0;
      for (let j = background.polynomial.length - 1; j >= 0; j--) b = b * v + background.polynomial[j]!;
    }
    if (!(Number.isFinite(b) && b >= 0)) {
      throw new InvalidParameterError({ parameter, value: b, expected: `finite, non-negative background counts (at axis value ${v})` });
    }
    out[i] = b;
  }
  return out;
}
