import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@operando/core";
import { createCircuit, evaluateCircuit, linKK } from "../src/index.js";
import { readExampleSpectrum } from "./helpers.js";
import { blockingSpectrum } from "./synthetic.js";

/**
 * Multiplies Z by (1 + drift t / t_end), t = elapsed time of a high-to-low sweep in which each
 * point takes max(3 periods, 0.5 s): a cell whose impedance changes by `drift` during the
 * measurement (temperature, wetting, ageing), the classic Lin-KK failure.
 */
function withDrift(s: { frequencyHz: Float64Array; zReal: Float64Array; zImag: Float64Array }, drift: number) {
  const order = Array.from(s.frequencyHz.keys()).sort((a, b) => s.frequencyHz[b]! - s.frequencyHz[a]!);
  const t = new Float64Array(s.frequencyHz.length);
  let elapsed = 0;
  for (const i of order) {
    elapsed += Math.max(3 / s.frequencyHz[i]!, 0.5);
    t[i] = elapsed;
  }
  const g = t.map((ti) => 1 + (drift * ti) / elapsed);
  return { frequencyHz: s.frequencyHz, zReal: s.zReal.map((v, i) => v * g[i]!), zImag: s.zImag.map((v, i) => v * g[i]!) };
}

describe("linKK", () => {
  it("passes the real impedance.py example spectrum", () => {
    const kk = linKK(readExampleSpectrum());
    // measured: M = 22, mu = 0.847, max |residual| 0.375 %, rms 0.129 %
    expect(kk.pass).toBe(true);
    expect(kk.mu).toBeLessThanOrEqual(0.85);
    expect(kk.elementCount).toBeGreaterThan(5);
    expect(kk.maxAbsResidual).toBeLessThan(0.005);
  });

  it("flags the same real spectrum after injecting a 10 % drift", () => {
    const kk = linKK(withDrift(readExampleSpectrum(), 0.1));
    expect(kk.pass).toBe(false);
    expect(kk.maxAbsResidual).toBeGreaterThan(0.01);
  });

  it("passes a clean blocking-electrode spectrum and flags it with drift", () => {
    const clean = blockingSpectrum(3, 0.001);
    const ok = linKK(clean);
    expect(ok.pass).toBe(true);
    const drifted = linKK(withDrift(clean, 0.1));
    expect(drifted.pass).toBe(false);
    // residuals grow towards the end of the sweep (lowest frequencies)
    const n = clean.frequencyHz.length;
    const tail = Math.max(...Array.from({ length: 10 }, (_, k) => Math.abs(drifted.residualImag[n - 1 - k]!)));
    const head = Math.max(...Array.from({ length: 10 }, (_, k) => Math.abs(drifted.residualImag[k]!)));
    expect(tail).toBeGreaterThan(3 * head);
  });

  it("reproduces exactly a spectrum made of its own basis (RC elements on the grid)", () => {
    const f = Float64Array.from({ length: 41 }, (_, i) => Math.pow(10, 4 - i / 5));
    const tauMin = 1 / (2 * Math.PI * 1e4);
    const tauMax = 1 / (2 * Math.PI * f[40]!);
    const m = 7;
    const tau = Array.from({ length: m }, (_, k) => tauMin * Math.pow(tauMax / tauMin, k / (m - 1)));
    const r = [1, 5, 2, 8, 3, 1, 4];
    const text = ["R0", ...tau.map((_, k) => `K${k}`)].join("-");
    const p = [2, ...tau.flatMap((t, k) => [r[k]!, t])];
    const z = evaluateCircuit(createCircuit(text), f, p);
    const kk = linKK({ frequencyHz: f, zReal: z.zReal, zImag: z.zImag }, { elementCount: m, includeInductance: false, includeCapacitance: false });
    // linear least squares on exact data: rounding only
    const atol = 1e-10;
    expect(kk.maxAbsResidual).toBeLessThan(atol);
    expect(kk.seriesResistanceOhm).toBeCloseTo(2, 9);
    r.forEach((rk, k) => expect(kk.resistancesOhm[k]).toBeCloseTo(rk, 8));
    expect(kk.mu).toBe(1);
    for (const fitType of ["real", "imag"] as const) {
      const other = linKK({ frequencyHz: f, zReal: z.zReal, zImag: z.zImag }, { elementCount: m, fitType, includeInductance: false, includeCapacitance: false });
      expect(other.maxAbsResidual).toBeLessThan(atol);
    }
  });

  it("recovers a series inductance and capacitance (manual M)", () => {
    // With a dominant ideal series L and C the mu criterion stops at M = 3 (negative R_k appear
    // at once; a documented limitation), so this check sets M by hand.
    const f = Float64Array.from({ length: 50 }, (_, i) => Math.pow(10, 5 - i / 7));
    const z = evaluateCircuit(createCircuit("R0-p(R1,C1)-L0-C0"), f, [3, 10, 1e-4, 2e-6, 5e-2]);
    const kk = linKK({ frequencyHz: f, zReal: z.zReal, zImag: z.zImag }, { elementCount: 30 });
    expect(kk.pass).toBe(true);
    // L and C are identified from the spectrum ends to within the RC-basis misfit (< 1 %)
    expect(Math.abs(kk.inductanceH - 2e-6) / 2e-6).toBeLessThan(0.01);
    expect(Math.abs(kk.capacitanceF! - 5e-2) / 5e-2).toBeLessThan(0.01);
  });

  it("rejects bad data and options with typed errors", () => {
    const s = blockingSpectrum(1);
    expect(() => linKK({ ...s, frequencyHz: s.frequencyHz.map((v, i) => (i === 2 ? Number.NaN : v)) })).toThrow(InvalidParameterError);
    expect(() => linKK({ frequencyHz: [1, 1, 2], zReal: [1, 1, 1], zImag: [-1, -1, -1] })).toThrow(/distinct/);
    expect(() => linKK(s, { muCriterion: 1.5 })).toThrow(/muCriterion/);
    expect(() => linKK(s, { elementCount: 500 })).toThrow(/elementCount/);
    expect(() => linKK(s, { residualThreshold: 0 })).toThrow(/residualThreshold/);
    expect(() => linKK({ frequencyHz: [1, 2], zReal: [1, 1], zImag: [0, 0] })).toThrow(/at least 3 points/);
  });
});
