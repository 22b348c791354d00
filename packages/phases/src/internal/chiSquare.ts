/**
 * Chi-square distribution quantiles for the likelihood-ratio phase test: the regularized lower
 * incomplete gamma function P(a, x) by its series / continued fraction (Numerical Recipes 3rd ed.,
 * section 6.2; Abramowitz & Stegun 6.5.29 and 6.5.31) and the quantile by bisection.
 *
 * @packageDocumentation
 */
import { logGamma } from "@operando/core";

function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 500; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  // Modified Lentz evaluation of the continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Chi-square CDF with `df` degrees of freedom at `x`: P(df/2, x/2). */
export function chiSquareCdf(x: number, df: number): number {
  if (!(x > 0)) return 0;
  const a = df / 2;
  const h = x / 2;
  return h < a + 1 ? gammaSeries(a, h) : 1 - gammaContinuedFraction(a, h);
}

/** Chi-square quantile: the x with CDF(x; df) = p (bisection to 1e-10 relative). */
export function chiSquareQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = Math.max(10, df * 10);
  while (chiSquareCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareCdf(mid, df) < p) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-10 * hi) break;
  }
  return (lo + hi) / 2;
}
