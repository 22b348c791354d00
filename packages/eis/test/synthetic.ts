import { createRng } from "@operando/core";
import { createCircuit, evaluateCircuit } from "../src/index.js";

/** Parameters of the synthetic blocking symmetric cell (R_HFR + TLMQ): ohm, ohm, F s^(alpha-1), -. */
export const BLOCKING_TRUE = { rHfr: 12, rIon: 144, q: 2e-4, alpha: 0.92 };

/**
 * Synthetic blocking-electrode spectrum, 1 MHz to 10 mHz at 10 points per decade (the paper's
 * range), with Gaussian noise of `noise` x |Z| added independently to both parts.
 */
export function blockingSpectrum(seed: number, noise = 0.005): { frequencyHz: Float64Array; zReal: Float64Array; zImag: Float64Array } {
  const frequencyHz = Float64Array.from({ length: 81 }, (_, i) => Math.pow(10, 6 - i / 10));
  const { rHfr, rIon, q, alpha } = BLOCKING_TRUE;
  const z = evaluateCircuit(createCircuit("R0-TLMQ0"), frequencyHz, [rHfr, rIon, q, alpha]);
  const rng = createRng(seed);
  const zReal = new Float64Array(frequencyHz.length);
  const zImag = new Float64Array(frequencyHz.length);
  for (let i = 0; i < frequencyHz.length; i++) {
    const m = Math.hypot(z.zReal[i]!, z.zImag[i]!);
    zReal[i] = z.zReal[i]! + noise * m * rng.normal();
    zImag[i] = z.zImag[i]! + noise * m * rng.normal();
  }
  return { frequencyHz, zReal, zImag };
}
