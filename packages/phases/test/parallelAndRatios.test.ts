import { describe, expect, it } from "vitest";
import { createRng, createSeries } from "@operando/core";
import type { Pattern } from "@operando/core";
import { fitReferenceIntensityRatios, quantifySeries, quantifySeriesParallel } from "../src/index.js";
import type { TruePhase } from "./helpers/synthetic.js";
import { edxrdCalibration, edxrdPattern, RESOLUTION, SPECTRUM } from "./helpers/synthetic.js";

const OPTIONS = { phases: ["alpha", "epsilon", "delta"], incidentSpectrum: SPECTRUM, resolution: RESOLUTION };
// Worker results must equal the single-thread ones: same window points, same spectrum table,
// same arithmetic; 1e-12 allows only for a different order of nothing (exact in practice).
const SAME_ATOL = 1e-12;

function truthAt(s: number): TruePhase[] {
  const steps: TruePhase[][] = [
    [{ id: "alpha", fraction: 1 }],
    [{ id: "alpha", fraction: 0.6 }, { id: "epsilon", fraction: 0.4, x: 0.3 }],
    [{ id: "epsilon", fraction: 1, x: 0.5 }],
  ];
  return steps[s]!;
}

describe("quantifySeriesParallel", () => {
  it("gives the same results as quantifySeries with 2 workers (window slices, batches)", async () => {
    const rng = createRng(77);
    const patterns: Pattern[] = [];
    for (let s = 0; s < 3; s++) {
      for (const layer of [1, 2]) {
        const sim = edxrdPattern(truthAt(s), rng);
        patterns.push({ ...sim.pattern, meta: { ...sim.pattern.meta, timeS: s * 600, layer } });
      }
    }
    const series = createSeries(patterns);
    const one = quantifySeries(series, edxrdCalibration(), OPTIONS);
    let progress = 0;
    // batchSize 2: each layer chain is split, so the seed is carried between batches.
    const two = await quantifySeriesParallel(series, edxrdCalibration(), { ...OPTIONS, workers: 2, batchSize: 2, onProgress: () => progress++ });
    expect(progress).toBe(patterns.length);
    expect(two.phases).toEqual(one.phases);
    one.rows.forEach((r, i) => {
      const t = two.rows[i]!;
      expect(t.index).toBe(r.index);
      expect(t.result.phases.map((p) => p.id)).toEqual(r.result.phases.map((p) => p.id));
      expect(Math.abs(t.result.x - r.result.x)).toBeLessThanOrEqual(SAME_ATOL);
      expect(Math.abs(t.result.xSigma - r.result.xSigma)).toBeLessThanOrEqual(SAME_ATOL);
      r.result.phases.forEach((p, k) => {
        expect(Math.abs(t.result.phases[k]!.fraction - p.fraction)).toBeLessThanOrEqual(SAME_ATOL);
        expect(Math.abs(t.result.phases[k]!.lattice.c - p.lattice.c)).toBeLessThanOrEqual(SAME_ATOL);
      });
      expect(t.result.flags).toEqual(r.result.flags);
      // Only the window came back (not the whole 8192-channel pattern).
      expect(t.result.window.counts.length).toBe(r.result.window.counts.length);
    });
  }, 60_000);

  it("evaluates a singlePhaseX function on the main thread: same results as one thread", async () => {
    // Single-phase alpha in both layers: the composition comes from the caller (e.g. coulomb
    // counting), here a function of layer and time with a sigma.
    const rng = createRng(78);
    const patterns: Pattern[] = [];
    for (let s = 0; s < 2; s++) {
      for (const layer of [1, 2]) {
        const sim = edxrdPattern([{ id: "alpha", fraction: 1 }], rng);
        patterns.push({ ...sim.pattern, meta: { ...sim.pattern.meta, timeS: s * 600, layer } });
      }
    }
    const hint = (id: string, layer: number, timeS: number) => ({ x: id === "alpha" ? 0.01 * layer + timeS / 1e5 : Number.NaN, sigma: 0.004 });
    const series = createSeries(patterns);
    const one = quantifySeries(series, edxrdCalibration(), { ...OPTIONS, singlePhaseX: hint });
    const two = await quantifySeriesParallel(series, edxrdCalibration(), { ...OPTIONS, singlePhaseX: hint, workers: 2 });
    one.rows.forEach((r, i) => {
      const t = two.rows[i]!;
      expect(r.result.phases.map((p) => p.id)).toEqual(["alpha"]);
      expect(r.result.x).toBeCloseTo(0.01 * r.layer + r.timeS / 1e5, 12);
      expect(r.result.xSigma).toBeCloseTo(0.004, 12);
      expect(r.result.phases[0]!.xSource).toBe("hint");
      expect(r.result.flags).toContain("xFromRange:alpha");
      expect(Math.abs(t.result.x - r.result.x)).toBeLessThanOrEqual(SAME_ATOL);
      expect(Math.abs(t.result.xSigma - r.result.xSigma)).toBeLessThanOrEqual(SAME_ATOL);
      expect(t.result.flags).toEqual(r.result.flags);
    });
  }, 60_000);

  it("flags patterns whose window is outside the spectrum without sending them", async () => {
    const sim = edxrdPattern([{ id: "alpha", fraction: 1 }], createRng(1));
    const short = (layer: number): Pattern => ({ axis: "channel", x: sim.pattern.x.subarray(0, 1000), y: sim.pattern.y.subarray(0, 1000), meta: { timeS: 0, layer } });
    const q = await quantifySeriesParallel(createSeries([short(1), short(2)]), edxrdCalibration(), { ...OPTIONS, workers: 2 });
    expect(q.rows.map((r) => r.result.flags)).toEqual([["windowOutside"], ["windowOutside"]]);
  });
});

describe("fitReferenceIntensityRatios", () => {
  it("recovers a known reference-intensity ratio from a series whose coulomb x is known", () => {
    // epsilon diffracts 1.3 times more per formula unit than the library says (e.g. texture):
    // simulated with its scale x 1.3, quantified with the default ratios, so its fraction comes
    // out high; x follows coulomb counting, which fixes r_epsilon / r_alpha = 1.3.
    const trueRatio = 1.3;
    const rng = createRng(31);
    const patterns: Pattern[] = [];
    const xCoulomb: number[] = [];
    const steps = 8;
    for (let s = 0; s < steps; s++) {
      const fe = 0.15 + (0.7 * s) / (steps - 1);
      const xe = 0.3 + 0.1 * (s / (steps - 1));
      const truth: TruePhase[] = [{ id: "alpha", fraction: 1 - fe }, { id: "epsilon", fraction: fe * trueRatio, x: xe }];
      const sim = edxrdPattern(truth, rng);
      patterns.push({ ...sim.pattern, meta: { ...sim.pattern.meta, timeS: s * 600, layer: 0 } });
      // Equilibrium alpha + epsilon: alpha at its saturation x = 0.1 (library xRange upper end).
      xCoulomb.push((1 - fe) * 0.1 + fe * xe);
    }
    const q = quantifySeries(createSeries(patterns), edxrdCalibration(), { ...OPTIONS, phases: ["alpha", "epsilon"] });
    const fit = fitReferenceIntensityRatios(q, xCoulomb, { referencePhase: "alpha" });
    expect(fit.equations).toBe(steps);
    expect(fit.ratios.alpha).toBe(1);
    // rtol 0.05: fractions carry ~0.005-0.01 noise each; the ratio pools 8 patterns.
    const RATIO_RTOL = 0.05;
    expect(Math.abs(fit.ratios.epsilon! / trueRatio - 1)).toBeLessThan(RATIO_RTOL);
    // The reported sigma is consistent with the error (within 4 sigma) and informative (< 0.1).
    const SIGMA_FACTOR = 4;
    const MAX_RATIO_SIGMA = 0.1;
    expect(Math.abs(fit.ratios.epsilon! - trueRatio)).toBeLessThan(SIGMA_FACTOR * fit.ratioSigmas.epsilon!);
    expect(fit.ratioSigmas.epsilon!).toBeLessThan(MAX_RATIO_SIGMA);
    // With the fitted ratios, x follows coulomb counting (x sigma per pattern ~0.003; 0.01 = 3 sigma).
    const X_ATOL = 0.01;
    const corrected = quantifySeries(createSeries(patterns), edxrdCalibration(), { ...OPTIONS, phases: ["alpha", "epsilon"], referenceIntensityRatios: fit.ratios });
    corrected.rows.forEach((r, i) => expect(Math.abs(r.result.x - xCoulomb[i]!)).toBeLessThan(X_ATOL));
  });

  it("refuses a series with fewer informative equations than unknowns", () => {
    const sim = edxrdPattern([{ id: "alpha", fraction: 0.5 }, { id: "epsilon", fraction: 0.5, x: 0.4 }], createRng(2));
    const q = quantifySeries(createSeries([{ ...sim.pattern, meta: { timeS: 0, layer: 0 } }]), edxrdCalibration(), { ...OPTIONS, phases: ["alpha", "epsilon"] });
    expect(() => fitReferenceIntensityRatios(q, [0.2])).toThrow(/equations/);
  });
});
