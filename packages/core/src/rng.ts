/**
 * A seeded, reproducible random number generator (no global state: pass it in options).
 *
 * Uniforms come from xoshiro128** (Blackman & Vigna 2018, https://prng.di.unimi.it/), seeded
 * through splitmix32; normals from the Box-Muller transform; Poisson deviates from
 * inversion by multiplication for small means and the PTRS transformed-rejection method of
 * Hoermann (1993, Insurance: Mathematics and Economics 12, 39-45, doi:10.1016/0167-6687(93)90997-4)
 * for means >= 10.
 *
 * @packageDocumentation
 */

/** A source of random numbers. */
export interface Rng {
  /** Uniform deviate in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal deviate (mean 0, sd 1). */
  normal(): number;
  /** Poisson deviate with the given mean (>= 0). */
  poisson(mean: number): number;
  /** Uniform integer in [0, n). */
  integer(n: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Natural log of the gamma function for x > 0 (Lanczos approximation, g = 7, n = 9;
 * coefficients from Press et al., Numerical Recipes 3rd ed. section 6.1 style tables;
 * relative error < 1e-14 for x > 0.5).
 * @param x - argument (> 0)
 * @returns ln Γ(x)
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Creates a seeded generator. The same seed always gives the same sequence.
 *
 * @param seed - any integer (only the low 32 bits are used)
 * @returns an {@link Rng}
 * @example
 * const rng = createRng(42);
 * const counts = rng.poisson(1500);
 */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spare = Number.NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const phi = 2 * Math.PI * uniform();
    spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  };
  const poisson = (mean: number): number => {
    if (!(mean >= 0) || !Number.isFinite(mean)) return Number.NaN;
    if (mean === 0) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = uniform();
      while (p > limit) {
        k++;
        p *= uniform();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = uniform() - 0.5;
      const v = uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) return k;
    }
  };
  const integer = (n: number): number => Math.floor(uniform() * n);
  return { uniform, normal, poisson, integer };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
