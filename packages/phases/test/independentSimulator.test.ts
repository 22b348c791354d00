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
// A false phase counts above the event detection limit (phaseTransitionEvents default 0.03).
const FALSE_PHASE_LIMIT = 0.03;
// u = 0.1 on 2 reflections per phase adds ~0.02 to a fraction sigma of ~0.003 (statistical): at least 3x.
const SIGMA_WIDENING = 3;

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

  it("intensity nuisance factors widen sigma to cover the intensity error; the look-alike guard refuses epsilon' on a step", () => {
    // Seed 105: without factors and guard, epsilon' (c 4.715 A) takes ~0.03 with its (001) on the
    // 66 keV background step and its (101)/(10-1), 2/3 of its intensity, within 1 FWHM of alpha (001).
    const sim = independentEdxrd(TRUTH, { rng: createRng(105) });
    const opts = { phases: ["alpha", "epsilon", "epsilonPrime", "delta"], incidentSpectrum: independentSpectrum, resolution: RESOLUTION };
    const before = quantifyPattern(sim.pattern, independentCalibration(), { ...opts, intensityUncertainty: 0, selection: { lookAlikeGuard: false } });
    const after = quantifyPattern(sim.pattern, independentCalibration(), { ...opts, intensityFactors: "always" });
    expect(before.phases.some((p) => p.id === "epsilonPrime")).toBe(true);
    expect(after.phases.filter((p) => p.fraction > FALSE_PHASE_LIMIT).map((p) => p.id)).toEqual(["alpha", "epsilon"]);
    for (const t of TRUTH) {
      const p = after.phases.find((ph) => ph.id === t.id)!;
      const b = before.phases.find((ph) => ph.id === t.id)!;
      expect(p.fractionSigma).toBeGreaterThan(SIGMA_WIDENING * b.fractionSigma);
      expect(Math.abs(p.fraction - t.fraction)).toBeLessThan(2 * p.fractionSigma);
    }
    expect(() => quantifyPattern(sim.pattern, independentCalibration(), { ...opts, intensityUncertainty: -0.1 })).toThrow(/intensityUncertainty/);
    expect(() => quantifyPattern(sim.pattern, independentCalibration(), { ...opts, intensityFactors: "sometimes" as "always" })).toThrow(/intensityFactors/);
  });
});
