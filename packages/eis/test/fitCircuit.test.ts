import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FitError, InvalidParameterError } from "@operando/core";
import { CircuitSyntaxError, createCircuit, evaluateCircuit, fitCircuit } from "../src/index.js";
import { readExampleSpectrum } from "./helpers.js";
import { BLOCKING_TRUE, blockingSpectrum } from "./synthetic.js";

interface Reference {
  initial: Record<string, number>;
  results: Record<"unit" | "modulus", { parameters: Record<string, number>; standardErrors: Record<string, number>; chiSquare: number }>;
}
const reference = JSON.parse(readFileSync(new URL("./fixtures/eis-fit-reference.json", import.meta.url), "utf8")) as Reference;

describe("fitCircuit on the impedance.py example spectrum vs scipy least_squares", () => {
  const spectrum = readExampleSpectrum();
  const circuit = "R0-p(R1,C1)-p(R2-Wo1,C2)";
  for (const weighting of ["unit", "modulus"] as const) {
    it(`agrees with scipy (${weighting} weighting)`, () => {
      const ref = reference.results[weighting];
      const fit = fitCircuit(circuit, spectrum, { weighting, initial: reference.initial, tolerance: 1e-15 });
      expect(fit.converged).toBe(true);
      // Both sides converge to 1e-15 tolerances; the issue asks for 1e-4 relative on the
      // parameters (measured agreement ~5e-7, limited by the flat Wo1 direction).
      const rtol = 1e-4;
      for (const e of fit.estimates) {
        const expected = ref.parameters[e.name]!;
        expect(Math.abs(e.value - expected), e.name).toBeLessThanOrEqual(rtol * Math.abs(expected));
        // standard errors from the same Jacobian and chi2/dof scaling
        expect(Math.abs(e.standardError - ref.standardErrors[e.name]!), `${e.name} sigma`).toBeLessThanOrEqual(rtol * ref.standardErrors[e.name]!);
      }
      expect(Math.abs(fit.chiSquare - ref.chiSquare)).toBeLessThanOrEqual(1e-9 * ref.chiSquare);
      expect(fit.degreesOfFreedom).toBe(2 * spectrum.frequencyHz.length - 7);
      // correlation matrix: symmetric with unit diagonal
      const p = fit.parameters.length;
      for (let a = 0; a < p; a++) {
        expect(fit.correlation[a * p + a]).toBeCloseTo(1, 12);
        for (let b = 0; b < p; b++) expect(fit.correlation[a * p + b]).toBeCloseTo(fit.correlation[b * p + a]!, 12);
      }
    });
  }

  it("returns plot-ready curves and residual spectra", () => {
    const fit = fitCircuit(circuit, spectrum, { initial: reference.initial });
    const c = fit.curves;
    expect(c.measured.frequencyHz.length).toBe(spectrum.frequencyHz.length);
    expect(Array.from(c.measured.zImag)).toEqual(Array.from(spectrum.zImag));
    const z = evaluateCircuit(createCircuit(circuit), spectrum.frequencyHz, fit.parameters);
    expect(Array.from(c.fitted.zReal)).toEqual(Array.from(z.zReal));
    const i = 10;
    const mod = Math.hypot(spectrum.zReal[i]!, spectrum.zImag[i]!);
    expect(c.residualImag[i]).toBeCloseTo((spectrum.zImag[i]! - z.zImag[i]!) / mod, 14);
    expect(c.model.frequencyHz[0]).toBeCloseTo(Math.min(...spectrum.frequencyHz), 12);
    expect(c.model.frequencyHz.length).toBeGreaterThan(100);
  });
});

describe("synthetic blocking symmetric cell (R_HFR + TLMQ, 0.5 % noise)", () => {
  it("recovers R_ion within 2 % and the low-frequency limit R_HFR + R_ion / 3", () => {
    const spectrum = blockingSpectrum(2021);
    const fit = fitCircuit("R0-TLMQ0", spectrum, { weighting: "modulus", starts: 4, seed: 3 });
    expect(fit.converged).toBe(true);
    const byName = Object.fromEntries(fit.estimates.map((e) => [e.name, e]));
    const rIon = byName["TLMQ0_Rion"]!;
    // the requirement: R_ion within 2 % of the truth at 0.5 % noise
    const rtol = 0.02;
    expect(Math.abs(rIon.value - BLOCKING_TRUE.rIon)).toBeLessThanOrEqual(rtol * BLOCKING_TRUE.rIon);
    // the reported sigma is consistent with the actual error (within 4 sigma)
    expect(Math.abs(rIon.value - BLOCKING_TRUE.rIon)).toBeLessThanOrEqual(4 * rIon.standardError);
    const limitFit = byName["R0"]!.value + rIon.value / 3;
    const limitTrue = BLOCKING_TRUE.rHfr + BLOCKING_TRUE.rIon / 3;
    expect(Math.abs(limitFit - limitTrue)).toBeLessThanOrEqual(rtol * limitTrue);
    // reduced chi-square ~ (0.005)^2 for modulus weighting at 0.5 % noise
    expect(fit.reducedChiSquare / 0.005 ** 2).toBeGreaterThan(0.6);
    expect(fit.reducedChiSquare / 0.005 ** 2).toBeLessThan(1.5);
  });

  it("is reproducible for a fixed seed and the best start is never worse than the first", () => {
    const spectrum = blockingSpectrum(7);
    const a = fitCircuit("R0-TLMQ0", spectrum, { starts: 5, seed: 11 });
    const b = fitCircuit("R0-TLMQ0", spectrum, { starts: 5, seed: 11 });
    expect(Array.from(a.parameters)).toEqual(Array.from(b.parameters));
    expect(a.starts.initial.length).toBe(5);
    expect(a.chiSquare).toBeLessThanOrEqual(a.starts.chiSquare[0]!);
  });

  it("escapes a bad starting point with several seeded starts", () => {
    const spectrum = blockingSpectrum(5, 0.001);
    const bad = { R0: 1, TLMQ0_Rion: 2, TLMQ0_Q: 1, TLMQ0_alpha: 0.5 };
    const multi = fitCircuit("R0-TLMQ0", spectrum, { initial: bad, starts: 12, seed: 1, spreadDecades: 2 });
    // the single start from `bad` stalls in a poor local region; another start finds the minimum
    expect(multi.starts.chiSquare[0]!).toBeGreaterThan(100 * multi.chiSquare);
    const rIon = multi.parameters[1]!;
    // 0.1 % noise: the global minimum is within a fraction of a percent of the truth
    expect(Math.abs(rIon - BLOCKING_TRUE.rIon)).toBeLessThanOrEqual(0.01 * BLOCKING_TRUE.rIon);
  });

  it("honours fixed parameters and bounds", () => {
    const spectrum = blockingSpectrum(9);
    const fit = fitCircuit("R0-TLMQ0", spectrum, { fixed: { R0: 12 }, upper: { TLMQ0_alpha: 0.9 } });
    expect(fit.parameters[0]).toBe(12);
    expect(fit.standardErrors[0]).toBe(0);
    expect(fit.estimates[0]!.fixed).toBe(true);
    expect(fit.parameters[3]!).toBeLessThanOrEqual(0.9);
    expect(fit.degreesOfFreedom).toBe(2 * 81 - 3);
  });

  it("supports proportional weighting and explicit sigma", () => {
    const spectrum = blockingSpectrum(13);
    const prop = fitCircuit("R0-TLMQ0", spectrum, { weighting: "proportional" });
    expect(prop.weighting).toBe("proportional");
    expect(Math.abs(prop.parameters[1]! - BLOCKING_TRUE.rIon)).toBeLessThanOrEqual(0.03 * BLOCKING_TRUE.rIon);
    const mod = Float64Array.from(spectrum.frequencyHz, (_, i) => 0.005 * Math.hypot(spectrum.zReal[i]!, spectrum.zImag[i]!));
    const withSigma = fitCircuit("R0-TLMQ0", spectrum, { sigma: { real: mod, imag: mod }, absoluteSigma: true });
    const modulus = fitCircuit("R0-TLMQ0", spectrum, { weighting: "modulus" });
    // same relative weights -> same optimum; absolute sigma -> chi2/dof ~ 1
    expect(withSigma.parameters[1]).toBeCloseTo(modulus.parameters[1]!, 6);
    expect(withSigma.reducedChiSquare).toBeGreaterThan(0.6);
    expect(withSigma.reducedChiSquare).toBeLessThan(1.5);
  });
});

describe("bad input never gives a silent fit", () => {
  const good = blockingSpectrum(1);
  const withRow = (i: number, f: number, re: number, im: number) => {
    const s = { frequencyHz: Float64Array.from(good.frequencyHz), zReal: Float64Array.from(good.zReal), zImag: Float64Array.from(good.zImag) };
    s.frequencyHz[i] = f;
    s.zReal[i] = re;
    s.zImag[i] = im;
    return s;
  };
  it("negative frequency", () => {
    expect(() => fitCircuit("R0-TLMQ0", withRow(3, -5, 1, -1))).toThrow(InvalidParameterError);
    expect(() => fitCircuit("R0-TLMQ0", withRow(3, -5, 1, -1))).toThrow(/frequencyHz\[3\]/);
  });
  it("duplicate frequency", () => {
    expect(() => fitCircuit("R0-TLMQ0", withRow(4, good.frequencyHz[3]!, 1, -1))).toThrow(/distinct frequencies \(same as row 3\)/);
  });
  it("NaN row", () => {
    expect(() => fitCircuit("R0-TLMQ0", withRow(6, good.frequencyHz[6]!, Number.NaN, -1))).toThrow(/zReal\[6\]/);
    expect(() => fitCircuit("R0-TLMQ0", withRow(6, good.frequencyHz[6]!, 1, Number.NaN))).toThrow(/zImag\[6\]/);
  });
  it("unparsable circuit shows the position", () => {
    expect(() => fitCircuit("R0-TLMQ0-p(R1,", good)).toThrow(CircuitSyntaxError);
    expect(() => fitCircuit("R0-TLMQ0-p(R1,", good)).toThrow(/position 14/);
  });
  it("too few points for the parameters", () => {
    const tiny = { frequencyHz: [1, 10, 100], zReal: [1, 2, 3], zImag: [-1, -1, -1] };
    expect(() => fitCircuit("R0-p(R1,CPE1)-p(R2,CPE2)", tiny)).toThrow(FitError);
    expect(() => fitCircuit("R0-p(R1,CPE1)-p(R2,CPE2)", tiny)).toThrow(/6 residuals .* 7 free parameters/);
  });
  it("mismatched lengths, unknown names, bad options", () => {
    expect(() => fitCircuit("R0-TLMQ0", { frequencyHz: [1, 2], zReal: [1], zImag: [1, 2] })).toThrow(/equal length/);
    expect(() => fitCircuit("R0-TLMQ0", good, { initial: { R7: 1 } })).toThrow(/options\.initial\.R7/);
    expect(() => fitCircuit("R0-TLMQ0", good, { initial: [1, 2] })).toThrow(/4 values/);
    expect(() => fitCircuit("R0-TLMQ0", good, { initial: { R0: -1 } })).toThrow(/within \[0, Infinity\]/);
    expect(() => fitCircuit("R0-TLMQ0", good, { starts: 0 })).toThrow(/options\.starts/);
    expect(() => fitCircuit("R0-TLMQ0", good, { weighting: "log" as never })).toThrow(/options\.weighting/);
  });
  it("proportional weighting with an exactly zero measured part", () => {
    expect(() => fitCircuit("R0-TLMQ0", withRow(2, good.frequencyHz[2]!, 5, 0), { weighting: "proportional" })).toThrow(/row 2/);
  });
  it("does not mutate its input", () => {
    const copy = Float64Array.from(good.zReal);
    fitCircuit("R0-TLMQ0", good);
    expect(Array.from(good.zReal)).toEqual(Array.from(copy));
  });
});
