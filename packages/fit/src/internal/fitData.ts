/**
 * Input checks of curveFit: finite points (or masked ones), sigma or weights, tolerances.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { CurveFitOptions } from "../curveFit.js";

/**
 * A stopping tolerance from the options, or its default.
 * @param value - the option (undefined: default)
 * @param name - option name for the error
 * @param fallback - default
 * @returns the tolerance
 * @throws InvalidParameterError for a negative or non-finite value
 */
export function checkTolerance(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0) || !Number.isFinite(value)) throw new InvalidParameterError({ parameter: `options.${name}`, value, expected: "a finite number >= 0" });
  return value;
}

/** The points a fit uses, after the non-finite policy. */
export interface PreparedData {
  x: Float64Array;
  y: Float64Array;
  /** Index of each used point in the input. */
  used: Int32Array;
  masked: number;
  /** The sigma or weights array as given (indexed by input point). */
  errors: ArrayLike<number> | undefined;
  errorKind: "sigma" | "weights" | "none";
}

/**
 * Checks x, y and sigma/weights and applies the non-finite policy.
 * @param xIn - abscissae
 * @param yIn - observations
 * @param options - curveFit options (sigma, weights, nonFinite)
 * @returns the used points (the inputs themselves when nothing is masked and they are Float64Arrays)
 * @throws InvalidParameterError for mismatched lengths, non-positive sigma, negative weights, or non-finite values under nonFinite "error"
 */
export function prepareData(xIn: ArrayLike<number>, yIn: ArrayLike<number>, options: CurveFitOptions): PreparedData {
  const total = xIn.length;
  if (yIn.length !== total) throw new InvalidParameterError({ parameter: "y", value: `length ${yIn.length}`, expected: `length ${total} (same as x)` });
  const { sigma, weights } = options;
  if (sigma !== undefined && weights !== undefined) {
    throw new InvalidParameterError({ parameter: "options.weights", value: "both sigma and weights", expected: "either sigma or weights (weights = 1/sigma^2), not both" });
  }
  const errorArray = sigma ?? weights;
  const errorName = sigma !== undefined ? "sigma" : "weights";
  if (errorArray !== undefined && errorArray.length !== total) {
    throw new InvalidParameterError({ parameter: `options.${errorName}`, value: `length ${errorArray.length}`, expected: `length ${total} (same as x)` });
  }
  const mode = options.nonFinite ?? "error";
  if (mode !== "error" && mode !== "mask") throw new InvalidParameterError({ parameter: "options.nonFinite", value: mode, expected: '"error" or "mask"' });
  const keep = new Uint8Array(total);
  let kept = 0;
  for (let i = 0; i < total; i++) {
    const xi = xIn[i]!;
    const yi = yIn[i]!;
    const ei = errorArray === undefined ? 1 : errorArray[i]!;
    let bad: string | undefined;
    if (!Number.isFinite(xi)) bad = `x[${i}]`;
    else if (!Number.isFinite(yi)) bad = `y[${i}]`;
    else if (!Number.isFinite(ei)) bad = `options.${errorName}[${i}]`;
    if (bad !== undefined) {
      if (mode === "error") {
        throw new InvalidParameterError({
          parameter: bad,
          value: bad.startsWith("x") ? xi : bad.startsWith("y") ? yi : ei,
          expected: 'a finite number (or pass nonFinite: "mask" to leave such points out)',
        });
      }
      continue;
    }
    if (sigma !== undefined && !(ei > 0)) throw new InvalidParameterError({ parameter: `options.sigma[${i}]`, value: ei, expected: "a positive number" });
    if (weights !== undefined && !(ei >= 0)) throw new InvalidParameterError({ parameter: `options.weights[${i}]`, value: ei, expected: "a number >= 0" });
    keep[i] = 1;
    kept++;
  }
  // Without masked points, Float64Array inputs are used as they are (they are only read).
  const all = kept === total;
  const x = all && xIn instanceof Float64Array ? xIn : new Float64Array(kept);
  const y = all && yIn instanceof Float64Array ? yIn : new Float64Array(kept);
  const used = new Int32Array(kept);
  const copyX = x !== xIn;
  const copyY = y !== yIn;
  let c = 0;
  for (let i = 0; i < total; i++) {
    if (keep[i] !== 1) continue;
    // (an input used as it is is neither copied onto itself nor written)
    if (copyX) x[c] = xIn[i]!;
    if (copyY) y[c] = yIn[i]!;
    used[c] = i;
    c++;
  }
  return { x, y, used, masked: total - kept, errors: errorArray, errorKind: sigma !== undefined ? "sigma" : weights !== undefined ? "weights" : "none" };
}

/**
 * Fills sqrt(w) of the used points.
 * @param data - the used points
 * @param sqrtW - out: one per used point
 * @returns how many weights are positive
 */
export function fillSqrtWeights(data: PreparedData, sqrtW: Float64Array): number {
  const { errors, errorKind, used } = data;
  let positive = 0;
  for (let c = 0; c < used.length; c++) {
    const e = errors === undefined ? 1 : errors[used[c]!]!;
    const sw = errorKind === "sigma" ? 1 / e : errorKind === "weights" ? Math.sqrt(e) : 1;
    sqrtW[c] = sw;
    if (sw > 0) positive++;
  }
  return positive;
}
