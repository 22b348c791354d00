/**
 * The Faddeeva function w(z) = exp(-z^2) erfc(-i z) for Im z >= 0, the kernel of the Voigt
 * profile: Voigt(x; sigma, gamma) = Re w((x + i gamma) / (sigma sqrt 2)) / (sigma sqrt(2 pi)).
 *
 * Inside |z| < 12 it uses Weideman's rational series with N = 36 terms (J. A. C. Weideman,
 * "Computation of the complex error function", SIAM J. Numer. Anal. 31 (1994) 1497-1518,
 * doi:10.1137/0731077); outside, the Laplace continued fraction
 * w(z) = (i/sqrt(pi)) / (z - (1/2)/(z - 1/(z - (3/2)/(z - ...)))) (Gautschi, SIAM J. Numer.
 * Anal. 7 (1970) 187, doi:10.1137/0707012). Checked against scipy.special.wofz (test fixture).
 *
 * @packageDocumentation
 */

const WEIDEMAN_N = 36;
const WEIDEMAN_L = Math.sqrt(WEIDEMAN_N / Math.SQRT2);
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

/** Weideman's coefficients a_1..a_N: the cosine series of f(theta) = exp(-t^2)(L^2 + t^2), t = L tan(theta/2). */
function weidemanCoefficients(): Float64Array {
  const n = WEIDEMAN_N;
  const m = 2 * n;
  const l = WEIDEMAN_L;
  const samples = new Float64Array(2 * m);
  const thetas = new Float64Array(2 * m);
  for (let k = -m + 1; k <= m - 1; k++) {
    const theta = (k * Math.PI) / m;
    const t = l * Math.tan(theta / 2);
    samples[k + m] = Math.exp(-t * t) * (l * l + t * t);
    thetas[k + m] = theta;
  }
  // k = -m (theta = -pi) contributes f = 0.
  const a = new Float64Array(n);
  for (let j = 1; j <= n; j++) {
    let sum = 0;
    for (let k = -m + 1; k <= m - 1; k++) sum += samples[k + m]! * Math.cos(j * thetas[k + m]!);
    a[j - 1] = sum / (2 * m);
  }
  return a;
}

const COEFFICIENTS = weidemanCoefficients();

/** A complex number as [re, im]. */
export type Complex = [re: number, im: number];

/**
 * Faddeeva function w(z) for Im z >= 0 (relative accuracy better than 1e-12 of |w| there;
 * see the fixture test against scipy.special.wofz).
 *
 * @param re - Re z
 * @param im - Im z (must be >= 0)
 * @param out - optional [re, im] array to write into (avoids allocation in hot loops)
 * @returns [Re w, Im w]
 * @example
 * faddeeva(0, 0); // [1, 0]
 */
export function faddeeva(re: number, im: number, out: Complex = [0, 0]): Complex {
  const ax = Math.abs(re);
  if (ax + im > 12) {
    // Continued fraction, evaluated bottom-up: z - (k/2)/(...)
    let dr = re;
    let di = im;
    for (let k = 40; k >= 1; k--) {
      const c = k / 2;
      // t = c / (dr + i di)
      const den = dr * dr + di * di;
      dr = re - (c * dr) / den;
      di = im + (c * di) / den;
    }
    // w = i/sqrt(pi) / (dr + i di)
    const den = dr * dr + di * di;
    out[0] = im === 0 ? Math.exp(-re * re) : (INV_SQRT_PI * di) / den;
    out[1] = (INV_SQRT_PI * dr) / den;
    return out;
  }
  const l = WEIDEMAN_L;
  // iz = -im + i re ; L - iz = (L + im) - i re ; L + iz = (L - im) + i re
  const ar = l + im;
  const ai = -re;
  const br = l - im;
  const bi = re;
  // Z = (L + iz)/(L - iz)
  const aden = ar * ar + ai * ai;
  const zr = (br * ar + bi * ai) / aden;
  const zi = (bi * ar - br * ai) / aden;
  // p(Z) = sum a_n Z^(n-1), Horner
  let pr = COEFFICIENTS[WEIDEMAN_N - 1]!;
  let pi = 0;
  for (let k = WEIDEMAN_N - 2; k >= 0; k--) {
    const tr = pr * zr - pi * zi + COEFFICIENTS[k]!;
    pi = pr * zi + pi * zr;
    pr = tr;
  }
  // 1/(L - iz)
  const invr = ar / aden;
  const invi = -ai / aden;
  // 1/(L - iz)^2
  const inv2r = invr * invr - invi * invi;
  const inv2i = 2 * invr * invi;
  out[0] = im === 0 ? Math.exp(-re * re) : 2 * (pr * inv2r - pi * inv2i) + INV_SQRT_PI * invr;
  out[1] = 2 * (pr * inv2i + pi * inv2r) + INV_SQRT_PI * invi;
  return out;
}
