/**
 * Special functions needed by the peak shapes.
 *
 * @packageDocumentation
 */
import { logGamma } from "@operando/core";

/** ln Gamma(x) for x > 0 (delegates to @operando/core's Lanczos implementation). */
export function logGammaPositive(x: number): number {
  return logGamma(x);
}

/**
 * Digamma psi(x) = d ln Gamma / dx for x > 0: upward recurrence psi(x) = psi(x + 1) - 1/x to
 * x >= 10, then the asymptotic series of Abramowitz & Stegun 6.3.18
 * (ln x - 1/(2x) - 1/(12x^2) + 1/(120x^4) - 1/(252x^6) + 1/(240x^8) - 1/(132x^10)),
 * absolute error < 1e-15 there.
 */
export function digamma(x: number): number {
  let result = 0;
  let v = x;
  while (v < 10) {
    result -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  result += Math.log(v) - 0.5 * inv - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return result;
}
