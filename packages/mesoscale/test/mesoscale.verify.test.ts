import { describe, expect, it } from "vitest";
import { createRng } from "@operando/core";
import type { SimulateCellResult } from "../src/index.js";
import { invertTransport, layerTable, simulateCell, v2o5CellParameters } from "../src/index.js";

/** True platelet tortuosity [paper, EIS]; the synthetic data are made with it. */
const TAU_TRUE = 14.571;
const LAYERS = [
  { layer: 5, depthUm: 15 },
  { layer: 4, depthUm: 50 },
  { layer: 3, depthUm: 85 },
];

function observations(run: SimulateCellResult, sigma: number, seed: number | undefined) {
  const table = layerTable(run, { layers: LAYERS, thicknessUm: 30 });
  const rng = createRng(seed ?? 0);
  const x0 = table.array("x") as Float64Array;
  const x = Float64Array.from(x0, (v) => (seed === undefined ? v : v + sigma * rng.normal()));
  return {
    timeS: table.array("timeS") as Float64Array,
    layer: table.array("layer") as Float64Array,
    depthUm: table.array("depthUm") as Float64Array,
    x,
    xSigma: new Float64Array(x.length).fill(sigma),
  };
}

/** A start away from the truth: tau 9 (-38 %), D_s 2e-14 (4x the true 5e-15). */
function start() {
  const p = v2o5CellParameters("platelets");
  p.electrode.tortuosity = 9;
  p.activeMaterial.particles[0]!.diffusivityM2PerS = 2e-14;
  return p;
}

describe("inversion (synthetic data from the model on the default 50 x 20 grid, fitted on 20 x 8)", () => {
  // Synthetic EDXRD-like layer table: 3 gauge layers every 300 s over the C/20 cycle (~1400 rows).
  const truth = simulateCell(v2o5CellParameters("platelets"), { electrodeCells: 50, shells: 20, outputIntervalS: 300 });
  const fitGrid = { electrodeCells: 20, shells: 8 };

  it("noiseless data: tau recovered to < 0.5 % with tau and D_s both fitted (discretisation bias)", () => {
    const result = invertTransport(observations(truth, 0.005, undefined), start(), { simulation: fitGrid });
    const bias = result.tortuosity / TAU_TRUE - 1;
    console.log(
      `noiseless: tau ${result.tortuosity.toFixed(4)} (bias ${(bias * 100).toFixed(3)} %), D_s ${result.diffusivityM2PerS.toExponential(3)} (true 5e-15), ${result.evaluations} simulations`,
    );
    // rtol 0.5 %: grid bias must sit well below the 2 % noise sigma of the noisy check (measured 0.01 %).
    expect(Math.abs(bias)).toBeLessThan(0.005);
  });

  it("noisy data (sigma_x 0.005), 5 seeds: every tau within 5 %, sigma consistent with the scatter", () => {
    const sigmaX = 0.005;
    const z: number[] = [];
    const lines: string[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      // D_s is not identifiable at C/20 (t_s = 50 s << hours); it stays at the wrong start value.
      const r = invertTransport(observations(truth, sigmaX, seed), start(), { simulation: fitGrid, fitDiffusivity: false, absoluteSigma: true });
      const err = r.tortuosity / TAU_TRUE - 1;
      z.push((r.tortuosity - TAU_TRUE) / r.tortuositySigma);
      lines.push(`seed ${seed}: tau ${r.tortuosity.toFixed(3)} +- ${r.tortuositySigma.toFixed(3)} (${(err * 100).toFixed(2)} %, z ${z[z.length - 1]!.toFixed(2)}), chi2r ${r.reducedChiSquare.toFixed(3)}`);
      // rtol 5 %: the acceptance requirement (about 3.5 sigma at this noise and sampling).
      expect(Math.abs(err)).toBeLessThan(0.05);
    }
    const chi2 = z.reduce((s, v) => s + v * v, 0);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    console.log(`${lines.join("\n")}\nsum z^2 = ${chi2.toFixed(2)} (chi-square, 5 dof), mean z = ${mean.toFixed(2)}`);
    // Chi-square with 5 degrees of freedom, two-sided 98 % interval [0.554, 15.09]: the reported
    // sigma must match the seed-to-seed scatter (too small or too large sigma fails).
    expect(chi2).toBeGreaterThan(0.554);
    expect(chi2).toBeLessThan(15.09);
  });
});
