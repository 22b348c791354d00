/**
 * Error function from the Chebyshev-fitted complementary error function of Numerical Recipes
 * (Press, Teukolsky, Vetterling & Flannery, 2nd ed., section 6.2, "erfcc"; fractional error
 * below 1.2e-7 everywhere), enough for detector-gauge weights.
 *
 * @packageDocumentation
 */

/** erf(x) with absolute error below 1.2e-7 (enough for gauge weights). */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc : erfc - 1;
}
