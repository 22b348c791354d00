/**
 * Characteristic transport times of the paper's Methods (eqs. 15-16) and a regime diagnosis.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { CellParameters } from "./parameters.js";
import { validateCellParameters } from "./parameters.js";

/** Result of {@link transportTimescales}. */
export interface TransportTimescales {
  /** Per particle class: intercalation length l (m) and t_s = l^2 / D_s (s). */
  solid: { label: string; lengthM: number; timeS: number }[];
  /** t_e = L^2 / ((eps / tau) D_e) (s). */
  electrolyteS: number;
  /** Duration of one half cycle at the C-rate: 3600 / cRate (s). */
  operationS: number;
  /** Which transport, if any, is slow compared with the operation time. */
  regime: "uniform" | "electrolyte-limited" | "solid-limited" | "electrolyte-and-solid-limited";
  /** One-sentence explanation with the ratios. */
  description: string;
}

/** Options of {@link transportTimescales}. */
export interface TransportTimescalesOptions {
  /** C-rate of the operation. @default 1/20 */
  cRate?: number;
  /** A process is called limiting when its time exceeds this fraction of the operation time. @default 0.05 */
  threshold?: number;
}

/**
 * Transport timescales [paper, Methods eqs. 15-16]:
 *   t_s = l^2 / D_s, with l the particle dimension: sphere DIAMETER and slab full THICKNESS.
 *   (The paper's text says radius, but its quoted ~0.5 s for 49 nm spheres at D_s = 5e-15
 *   m^2/s is (49 nm)^2 / D_s; the radial diffusion time R^2 / D_s is 4x shorter.)
 *   t_e = L^2 / ((eps / tau) D_e).
 * The regime is "limited" for a process whose time exceeds `threshold` x the operation time.
 *
 * @param params - cell parameters
 * @param options - C-rate and threshold
 * @returns the timescales and the regime
 * @throws InvalidParameterError for bad parameters or options
 */
export function transportTimescales(params: CellParameters, options: TransportTimescalesOptions = {}): TransportTimescales {
  validateCellParameters(params);
  const cRate = options.cRate ?? 1 / 20;
  const threshold = options.threshold ?? 0.05;
  if (!(cRate > 0) || !Number.isFinite(cRate)) throw new InvalidParameterError({ parameter: "options.cRate", value: cRate, expected: "a C-rate > 0" });
  if (!(threshold > 0)) throw new InvalidParameterError({ parameter: "options.threshold", value: threshold, expected: "a fraction > 0" });
  const solid = params.activeMaterial.particles.map((cls, k) => {
    const lengthM = cls.geometry === "sphere" ? 2 * cls.radiusM : 2 * cls.halfThicknessM;
    return { label: cls.label ?? `class ${k}`, lengthM, timeS: (lengthM * lengthM) / cls.diffusivityM2PerS };
  });
  const e = params.electrode;
  const electrolyteS = (e.thicknessM * e.thicknessM) / ((e.porosity / e.tortuosity) * params.electrolyte.diffusivityM2PerS);
  const operationS = 3600 / cRate;
  const rs = Math.max(...solid.map((s) => s.timeS)) / operationS;
  const re = electrolyteS / operationS;
  const eLim = re > threshold;
  const sLim = rs > threshold;
  const regime = eLim && sLim ? "electrolyte-and-solid-limited" : eLim ? "electrolyte-limited" : sLim ? "solid-limited" : "uniform";
  const description =
    `t_e/t_op = ${re.toPrecision(2)}, max t_s/t_op = ${rs.toPrecision(2)} (threshold ${threshold}): ` +
    (regime === "uniform"
      ? "transport is fast; expect near-uniform lithiation through the thickness"
      : regime === "electrolyte-limited"
        ? "electrolyte transport is slow; expect lithiation fronts from the separator side"
        : regime === "solid-limited"
          ? "solid diffusion is slow; expect particle-scale gradients"
          : "both electrolyte and solid transport are slow");
  return { solid, electrolyteS, operationS, regime, description };
}
