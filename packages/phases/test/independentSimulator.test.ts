import { describe, expect, it } from "vitest";
import { createRng } from "@operando/core";
import { quantifyPattern } from "../src/index.js";
import { independentCalibration, independentEdxrd, independentSpectrum } from "./helpers/independentSimulator.js";
import { RESOLUTION } from "./helpers/synthetic.js";

const TRUTH = [{ id: "alpha", fraction: 0.4 }, { id: "epsilon", fraction: 0.6, x: 0.45 }];
// Exact intensities and no background step: only the peak shape (pseudo-Voigt eta 0.2) and the
// resolution function differ from the quantifier's model; fractions 0.01 (Poisson sigma 0.001 at these counts).
const FRACTION_ATOL_EXACT = 0.01;
// Free eta must find the simulator's 0.2 (the residual shape mismatch is the sampling at channel centres).
const ETA_ATOL = 0.02;
// With +-20 % random intensity errors per reflection: fraction errors up to ~0.08 measured over 8 seeds (README accuracy table); 0.12 bounds it.
const FRACTION_ATOL_PERTURBED = 0.12;
const X_ATOL_PERTURBED = 0.05;

describe("independent simulator (pseudo-Voigt, tabulated spectrum, quadratic + step background)", () => {
  it("free Lorentzian fraction recovers eta = 0.2 and removes the shape misfit", () => {
    const sim = independentEdxrd(TRUTH, { rng: createRng(100), stepCounts: 0, perturbation: 0, countScale: 20000 });
    const opts = { phases: ["alpha", "epsilon"], incidentSpectrum: independentSpectrum, resolution: RESOLUTION };
    const held = quantifyPattern(sim.pattern, independentCalibration(), opts);
    const free = quantifyPattern(sim.pattern, independentCalibration(), { ...opts, lorentzianFraction: "free" });
    expect(held.reducedChiSquare).toBeGreaterThan(2);
    expect(free.reducedChiSquare).toBeLessThan(1.2);
    expect(Math.abs(free.lorentzianFraction - 0.2)).toBeLessThan(ETA_ATOL);
    for (const t of TRUTH) expect(Math.abs(free.phases.find((p) => p.id === t.id)!.fraction - t.fraction)).toBeLessThan(FRACTION_ATOL_EXACT);
  });

  it("library intensities off by up to 20 %: fractions and x within the measured bounds", () => {
    const sim = independentEdxrd(TRUTH, { rng: createRng(101) });
    const q = quantifyPattern(sim.pattern, independentCalibration(), { phases: ["alpha", "epsilon", "delta"], incidentSpectrum: independentSpectrum, resolution: RESOLUTION, backgroundTerms: 5 });
    for (const t of TRUTH) expect(Math.abs(q.phases.find((p) => p.id === t.id)!.fraction - t.fraction)).toBeLessThan(FRACTION_ATOL_PERTURBED);
    expect(Math.abs(q.x - (0.4 * 0.1 + 0.6 * 0.45))).toBeLessThan(X_ATOL_PERTURBED);
  });
});
