/**
 * Synthetic inputs for the figure tests and scripts/figures.ts (seeded, no files).
 * Peak positions come from docs/science.md §3: alpha-V2O5 (001) 4.368 Å and (101) 4.085 Å
 * (Enjalbert & Galy 1986), delta-LiV2O5 (002) 4.95 Å (Cava 1986); the epsilon (001) moves over
 * 4.52-4.64 Å with x (Cava 1986; Rozier 1996).
 */
import { createRng } from "@operando/core";

function gauss(x: number, centre: number, fwhm: number): number {
  const s = fwhm / 2.354820045; // FWHM = 2 sqrt(2 ln 2) sigma
  return Math.exp(-0.5 * ((x - centre) / s) ** 2);
}

/** A pattern in the d = 3.8-5.2 Å window with two alpha peaks, background and Poisson noise. */
export function syntheticPatternFit(n = 700, seed = 1) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n }, (_, i) => 3.8 + (1.4 * i) / (n - 1));
  const background = Float64Array.from(x, (d) => 120 + 30 * (d - 3.8));
  const p1 = Float64Array.from(x, (d) => 900 * gauss(d, 4.368, 0.03));
  const p2 = Float64Array.from(x, (d) => 500 * gauss(d, 4.085, 0.03));
  const calculated = Float64Array.from(x, (_, i) => background[i]! + p1[i]! + p2[i]!);
  const observed = Float64Array.from(calculated, (c) => rng.poisson(c));
  const observedSigma = Float64Array.from(observed, (o) => Math.sqrt(Math.max(o, 1)));
  return { x, observed, observedSigma, calculated, background, components: [{ name: "α (001)", y: p1 }, { name: "α (101)", y: p2 }] };
}

/**
 * A discharge series: alpha (001) fading, epsilon (001) growing and shifting 4.52 → 4.64 Å,
 * delta (002) appearing late; voltage falling from 3.6 to 2.8 V over 10 h.
 */
export function syntheticSeries(patterns = 200, points = 800, seed = 2) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: points }, (_, i) => 3.8 + (1.4 * i) / (points - 1));
  const timesS = Float64Array.from({ length: patterns }, (_, j) => (j * 36000) / (patterns - 1));
  const intensity = new Float64Array(patterns * points);
  for (let j = 0; j < patterns; j++) {
    const u = j / (patterns - 1);
    const alpha = Math.max(0, 1 - u / 0.4);
    const eps = Math.min(1, u / 0.4) * (u > 0.75 ? Math.max(0, 1 - (u - 0.75) / 0.25) : 1);
    const delta = Math.max(0, (u - 0.7) / 0.3);
    const cEps = 4.52 + 0.12 * Math.min(1, u / 0.8);
    for (let i = 0; i < points; i++) {
      const d = x[i]!;
      const mean = 50 + 800 * alpha * gauss(d, 4.368, 0.025) + 500 * alpha * gauss(d, 4.085, 0.025) + 700 * eps * gauss(d, cEps, 0.03) + 600 * delta * gauss(d, 4.95, 0.03);
      intensity[j * points + i] = rng.poisson(mean);
    }
  }
  const voltageV = Float64Array.from(timesS, (t) => {
    const u = t / 36000;
    return u < 0.4 ? 3.38 + 0.2 * Math.exp(-u * 30) : u < 0.75 ? 3.19 + 0.1 * Math.exp(-(u - 0.4) * 20) : 3.19 - 0.39 * ((u - 0.75) / 0.25) ** 2;
  });
  return { x, timesS, intensity, voltage: { timeS: timesS, voltageV } };
}

/** Phase fractions of the bulk electrode on discharge, roughly after docs/science.md §3. */
export function syntheticPhaseFractions(n = 40) {
  const x = Float64Array.from({ length: n }, (_, i) => (0.95 * i) / (n - 1));
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const alpha = Float64Array.from(x, (v) => clamp(1 - (v - 0.08) / 0.22));
  const delta = Float64Array.from(x, (v) => clamp((v - 0.8) / 0.3));
  const epsilon = Float64Array.from(x, (_, i) => clamp(1 - alpha[i]! - delta[i]!));
  const sigma = Float64Array.from(x, () => 0.02);
  const cAlpha = Float64Array.from(alpha, (f) => (f > 0 ? 4.368 : Number.NaN));
  const cEps = Float64Array.from(x, (v, i) => (epsilon[i]! > 0 ? 4.52 + 0.15 * clamp((v - 0.08) / 0.8) : Number.NaN));
  return {
    x,
    phases: [
      { name: "alpha", fraction: alpha, fractionSigma: sigma, latticeCAngstrom: cAlpha },
      { name: "epsilon", fraction: epsilon, fractionSigma: sigma, latticeCAngstrom: cEps, latticeCSigmaAngstrom: Float64Array.from(x, () => 0.005) },
      { name: "delta", fraction: delta, fractionSigma: sigma },
    ],
  };
}

/** A smooth two-phase field on an nx x ny grid (tanh of a sum of seeded sinusoids). */
export function syntheticField(nx = 96, ny = 64, seed = 3) {
  const rng = createRng(seed);
  const waves = Array.from({ length: 6 }, () => ({ kx: 1 + rng.integer(4), ky: 1 + rng.integer(3), phase: 2 * Math.PI * rng.uniform() }));
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (const w of waves) s += Math.cos((2 * Math.PI * w.kx * i) / nx + (2 * Math.PI * w.ky * j) / ny + w.phase);
      values[j * nx + i] = 0.5 + 0.5 * Math.tanh(2 * s);
    }
  }
  return { values, nx, ny };
}
