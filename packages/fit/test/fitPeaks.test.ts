import { createRng, FitError, InvalidParameterError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { createBackground, createPeakModel, curveFit, estimateBackground, findPeaks, fitPeaks } from "../src/index.js";
import { syntheticPattern } from "./helpers/synthetic.js";

// Truth recovery is judged in units of the fitted standard error: |fit - truth| < 5 sigma
// fails by chance with probability < 1e-6 per parameter for a correct fit.
const Z_MAX = 5;

describe("backgrounds", () => {
  it("analytic derivatives of every background match finite differences", () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => 2 + 0.1 * i);
    for (const [kind, p] of [
      ["polynomial", [1, -2, 0.5, 0.3]],
      ["chebyshev", [1, -2, 0.5, 0.3]],
      ["exponential", [3, 0.7, 1]],
    ] as const) {
      const bg = createBackground(kind, 2, 4.9, { degree: 3 });
      const params = Float64Array.from(p);
      const n = x.length;
      const jac = new Float64Array(n * params.length);
      bg.addJacobian(x, params, 0, jac, 0);
      for (let j = 0; j < params.length; j++) {
        const h = 1e-6;
        const a = new Float64Array(n);
        const b = new Float64Array(n);
        const pp = params.slice();
        pp[j] = params[j]! + h;
        bg.add(x, pp, 0, a);
        pp[j] = params[j]! - h;
        bg.add(x, pp, 0, b);
        // central difference of smooth functions, h = 1e-6: error ~1e-9 relative
        const ATOL_FD = 1e-7;
        for (let i = 0; i < n; i++) expect(Math.abs((a[i]! - b[i]!) / (2 * h) - jac[j * n + i]!)).toBeLessThan(ATOL_FD);
      }
    }
  });

  it("Chebyshev T3 and the polynomial of the same degree describe the same cubic", () => {
    const x = Float64Array.from({ length: 11 }, (_, i) => i);
    const cheb = createBackground("chebyshev", 0, 10, { degree: 3 });
    const target = x.map((v) => 1 + 0.2 * v - 0.03 * v * v + 0.002 * v ** 3);
    const c = cheb.initialGuess(x, target);
    const out = new Float64Array(11);
    cheb.add(x, c, 0, out);
    // exact representation: rounding only
    const ATOL_EXACT = 1e-10;
    for (let i = 0; i < 11; i++) expect(Math.abs(out[i]! - target[i]!)).toBeLessThan(ATOL_EXACT);
  });

  it("SNIP background follows a smooth baseline under peaks", () => {
    const d = syntheticPattern(21);
    const bg = estimateBackground(d.y, { windowPoints: 40 });
    // away from the peaks the estimate is within a few noise sigmas of the true baseline (~50-60 counts, sigma ~7.5)
    const ATOL_COUNTS = 25;
    for (const i of [10, 100, 500, 590]) expect(Math.abs(bg[i]! - (50 + 8 * (d.x[i]! - 3.5)))).toBeLessThan(ATOL_COUNTS);
    // under the strong peak the background stays near the baseline, far below the peak top (~950)
    const top = d.x.findIndex((v) => v >= 4.2);
    expect(bg[top]!).toBeLessThan(150);
    expect(() => estimateBackground([1, Number.NaN, 2])).toThrow(InvalidParameterError);
  });
});

describe("peak search and model", () => {
  it("finds the two peaks of a noisy pattern", () => {
    const d = syntheticPattern(3);
    const found = findPeaks(d.x, d.y, { count: 2 });
    expect(found.peaks).toHaveLength(2);
    // located to within one FWHM/4 of the truth
    expect(Math.abs(found.peaks[0]!.x - 4.2)).toBeLessThan(0.03);
    expect(Math.abs(found.peaks[1]!.x - 4.6)).toBeLessThan(0.04);
    expect(found.peaks[0]!.snr).toBeGreaterThan(20);
    // pure noise with a high threshold finds nothing
    const rng = createRng(99);
    // Gaussian noise: a 6-sigma excursion among 600 smoothed points is improbable (< 1e-5)
    const flat = findPeaks(d.x, d.x.map(() => 100 + 5 * rng.normal()), { minSnr: 6 });
    expect(flat.peaks).toHaveLength(0);
  });

  it("fitPeaks recovers the truth within its standard errors and returns components", () => {
    const d = syntheticPattern(4);
    const r = fitPeaks(d.x, d.y, { peaks: 2, sigma: d.sigma });
    expect(r.fit.converged).toBe(true);
    expect(r.fit.parameterNames.slice(0, 4)).toEqual(["p0_center", "p0_height", "p0_fwhm", "p0_eta"]);
    d.peaks.forEach((truth, k) => {
      const v = r.values;
      expect(Math.abs(v[`p${k}_center`]!.value - truth.center) / v[`p${k}_center`]!.error).toBeLessThan(Z_MAX);
      expect(Math.abs(v[`p${k}_height`]!.value - truth.height) / v[`p${k}_height`]!.error).toBeLessThan(Z_MAX);
      expect(Math.abs(v[`p${k}_fwhm`]!.value - truth.fwhm) / v[`p${k}_fwhm`]!.error).toBeLessThan(Z_MAX);
    });
    // chi-square per degree of freedom ~ 1 for correct sigma (600 points: sd of chi2/dof ~ 0.06)
    expect(Math.abs(r.fit.reducedChiSquare - 1)).toBeLessThan(0.3);
    expect(r.components.map((c) => c.name)).toEqual(["p0", "p1", "background"]);
    // components add up to the fitted model
    const ATOL_SUM = 1e-9;
    for (let i = 0; i < r.x.length; i += 37) {
      const sum = r.components.reduce((s, c) => s + c.y[i]!, 0);
      expect(Math.abs(sum - r.fit.fitted[i]!)).toBeLessThan(ATOL_SUM);
    }
  });

  it("area intensity, shared widths, fixed ratio tie and window", () => {
    const d = syntheticPattern(5, {
      peaks: [
        { center: 4.2, height: 900, fwhm: 0.12, eta: 0.5 },
        { center: 4.6, height: 450, fwhm: 0.12, eta: 0.5 },
      ],
    });
    const r = fitPeaks(d.x, d.y, {
      peaks: [4.2, 4.6],
      intensity: "area",
      shareWidths: true,
      ties: [{ parameter: "p1_area", source: "p0_area", factor: 0.5 }],
      window: [3.8, 5.0],
      sigma: d.sigma,
    });
    expect(r.x[0]!).toBeGreaterThanOrEqual(3.8);
    expect(r.values.p1_fwhm!.value).toBe(r.values.p0_fwhm!.value);
    expect(r.values.p1_area!.value).toBeCloseTo(0.5 * r.values.p0_area!.value, 10);
    expect(r.values.p1_area!.error).toBeCloseTo(0.5 * r.values.p0_area!.error, 10);
    expect(r.peaks[0]!.height).toBeGreaterThan(850);
    expect(r.fit.degreesOfFreedom).toBe(r.x.length - (10 - 3));
  });

  it("every shape fits its own synthetic peak (model Jacobian consistent with curveFit)", () => {
    for (const shape of ["gaussian", "lorentzian", "pseudoVoigt", "tchPseudoVoigt", "pearson7", "splitPseudoVoigt", "voigt"] as const) {
      const x = Float64Array.from({ length: 200 }, (_, i) => i * 0.01);
      const truthModel = createPeakModel({ peaks: [{ center: 1.02, intensity: 100, fwhm: 0.2, shape }], xRange: [0, 2] });
      const p = truthModel.initial.slice();
      p[p.length - 2] = 5;
      const y = new Float64Array(200);
      truthModel.model(x, p, y);
      const start = createPeakModel({ peaks: [{ center: 0.95, intensity: 70, fwhm: 0.3, shape }], xRange: [0, 2] });
      const fit = curveFit(start.model, x, y, start.initial, { jacobian: start.jacobian, lower: start.lower, upper: start.upper, ftol: 1e-14, xtol: 1e-14 });
      // noiseless data: exact recovery up to conditioning
      const RTOL_NOISELESS = 1e-6;
      expect(Math.abs(fit.parameters[0]! - 1.02), shape).toBeLessThan(RTOL_NOISELESS);
      expect(Math.abs(fit.parameters[1]! / 100 - 1), shape).toBeLessThan(RTOL_NOISELESS);
    }
  });

  it("linearSolver auto (normal equations) and qr give the same fit and errors", () => {
    const d = syntheticPattern(8);
    const m = createPeakModel({ peaks: [{ center: 4.19, intensity: 800, fwhm: 0.1 }, { center: 4.62, intensity: 450, fwhm: 0.18 }], xRange: [3.5, 5.5], backgroundValues: [55, 7] });
    const common = { jacobian: m.jacobian, lower: m.lower, upper: m.upper, sigma: d.sigma, ftol: 1e-14, xtol: 1e-14 };
    const auto = curveFit(m.model, d.x, d.y, m.initial, common);
    const qr = curveFit(m.model, d.x, d.y, m.initial, { ...common, linearSolver: "qr" });
    // same minimum (J^T f = 0) up to the stopping tolerance; covariance from J^T J at cond ~1e2-1e3: ~1e-12
    const RTOL_SAME = 1e-8;
    for (let j = 0; j < auto.parameters.length; j++) {
      expect(Math.abs(auto.parameters[j]! - qr.parameters[j]!)).toBeLessThanOrEqual(RTOL_SAME * Math.max(1, Math.abs(qr.parameters[j]!)));
      expect(Math.abs(auto.standardErrors[j]! / qr.standardErrors[j]! - 1)).toBeLessThan(RTOL_SAME);
    }
    expect(() => curveFit(m.model, d.x, d.y, m.initial, { linearSolver: "lu" as "qr" })).toThrow(/linearSolver/);
  });

  it("bad requests give typed errors", () => {
    const d = syntheticPattern(6);
    expect(() => fitPeaks(d.x, d.y, { peaks: 2, window: [10, 11] })).toThrow(FitError);
    expect(() => fitPeaks(d.x, d.y, { peaks: 0 })).toThrow(InvalidParameterError);
    expect(() => fitPeaks(d.x, d.y, { peaks: [4.2], fixed: ["p9_center"] })).toThrow(/options.fixed/);
    expect(() => fitPeaks(d.x, d.y, { peaks: [4.2], start: [1, 2] })).toThrow(/options.start/);
  });
});
