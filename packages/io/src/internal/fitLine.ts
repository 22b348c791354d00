/**
 * Ordinary least-squares straight line y = a + b x (for channel -> energy calibration points).
 *
 * @packageDocumentation
 */

/**
 * Fits y = offset + slope * x by least squares: slope = Sxy / Sxx, offset = mean(y) - slope mean(x).
 * @returns offset and slope, or undefined with fewer than 2 distinct x
 */
export function fitLine(x: readonly number[], y: readonly number[]): { offset: number; slope: number } | undefined {
  const n = x.length;
  if (n < 2 || y.length !== n) return undefined;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxy / sxx;
  return { offset: my - slope * mx, slope };
}
