import { createRng } from "@operando/core";
import { createPeakShape } from "../../src/index.js";

/** Two (or more) pseudo-Voigt peaks on a linear background with Poisson-like Gaussian noise. */
export function syntheticPattern(seed: number, options: { points?: number; peaks?: { center: number; height: number; fwhm: number; eta: number }[]; background?: [number, number] } = {}) {
  const rng = createRng(seed);
  const n = options.points ?? 600;
  const peaks = options.peaks ?? [
    { center: 4.2, height: 900, fwhm: 0.12, eta: 0.4 },
    { center: 4.6, height: 500, fwhm: 0.15, eta: 0.6 },
  ];
  const [b0, b1] = options.background ?? [50, 8];
  const x = Float64Array.from({ length: n }, (_, i) => 3.5 + (2 * i) / (n - 1));
  const truth = new Float64Array(n);
  const pv = createPeakShape("pseudoVoigt");
  for (const pk of peaks) pv.add(x, Float64Array.of(pk.center, pk.height, pk.fwhm, pk.eta), 0, truth);
  for (let i = 0; i < n; i++) truth[i]! += b0 + b1 * (x[i]! - 3.5);
  const y = truth.map((t) => t + Math.sqrt(Math.max(t, 1)) * rng.normal());
  const sigma = truth.map((t) => Math.sqrt(Math.max(t, 1)));
  return { x, y, sigma, truth, peaks };
}
