/**
 * Shared preparation of a spectrum for peak measurement: ascending x, y and sigma (Poisson when
 * the pattern carries none).
 *
 * @packageDocumentation
 */
import type { Pattern } from "@operando/core";
import { InvalidParameterError, poissonSigma } from "@operando/core";

/** x ascending with y and sigma. */
export interface PreparedSpectrum {
  x: Float64Array;
  y: Float64Array;
  sigma: Float64Array;
}

/**
 * Checks the axis kind and returns arrays sorted by x.
 * @param pattern - the pattern
 * @param axis - required axis kind
 * @param what - description for the error message
 */
export function prepareSpectrum(pattern: Pattern, axis: Pattern["axis"], what: string): PreparedSpectrum {
  if (pattern.axis !== axis) {
    throw new InvalidParameterError({ parameter: "pattern.axis", value: pattern.axis, expected: `"${axis}" (${what})` });
  }
  const n = pattern.x.length;
  if (n < 16) throw new InvalidParameterError({ parameter: "pattern.x", value: `length ${n}`, expected: "at least 16 points" });
  const sigma = pattern.sigma ?? poissonSigma(pattern.y);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pattern.x[i]!) || !Number.isFinite(pattern.y[i]!)) {
      throw new InvalidParameterError({ parameter: `pattern (point ${i})`, value: `${pattern.x[i]}, ${pattern.y[i]}`, expected: "finite x and y" });
    }
  }
  let ascending = true;
  for (let i = 1; i < n; i++) if (!(pattern.x[i]! > pattern.x[i - 1]!)) ascending = false;
  if (ascending) return { x: pattern.x, y: pattern.y, sigma };
  const order = [...pattern.x.keys()].sort((a, b) => pattern.x[a]! - pattern.x[b]!);
  return { x: Float64Array.from(order, (i) => pattern.x[i]!), y: Float64Array.from(order, (i) => pattern.y[i]!), sigma: Float64Array.from(order, (i) => sigma[i]!) };
}
