import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRng } from "@operando/core";
import { describe, expect, it } from "vitest";
import type { PeakShapeKind } from "../src/index.js";
import { createPeakShape, faddeeva, PEAK_SHAPE_KINDS, tchParameters } from "../src/index.js";

const STARTS: Record<PeakShapeKind, number[]> = {
  gaussian: [1.2, 50, 0.7],
  lorentzian: [1.2, 50, 0.7],
  pseudoVoigt: [1.2, 50, 0.7, 0.35],
  tchPseudoVoigt: [1.2, 50, 0.5, 0.3],
  pearson7: [1.2, 50, 0.7, 1.8],
  splitPseudoVoigt: [1.2, 50, 0.5, 0.9, 0.4],
  voigt: [1.2, 50, 0.5, 0.3],
};

// Central differences with h = 1e-6 * scale have truncation ~h^2 f''' and rounding ~eps/h:
// 1e-7 relative to the largest column entry is comfortably above both.
const RTOL_DERIVATIVE = 1e-7;

function numericalIntegral(f: (x: number) => number, lo: number, hi: number, n: number): number {
  // composite Simpson
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

describe("peak shapes", () => {
  for (const kind of PEAK_SHAPE_KINDS) {
    for (const intensity of ["height", "area"] as const) {
      it(`${kind} (${intensity}): analytic derivatives match central finite differences`, () => {
        const shape = createPeakShape(kind, { intensity });
        const x = Float64Array.from({ length: 81 }, (_, i) => -2 + i * 0.05 + 0.0123);
        const p = Float64Array.from(STARTS[kind]);
        const np = p.length;
        const n = x.length;
        const jac = new Float64Array(n * np);
        shape.addJacobian(x, p, 0, jac, 0);
        const plus = new Float64Array(n);
        const minus = new Float64Array(n);
        for (let j = 0; j < np; j++) {
          const h = 1e-6 * Math.max(1, Math.abs(p[j]!));
          const pp = p.slice();
          pp[j] = p[j]! + h;
          plus.fill(0);
          shape.add(x, pp, 0, plus);
          pp[j] = p[j]! - h;
          minus.fill(0);
          shape.add(x, pp, 0, minus);
          let scale = 0;
          for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(jac[j * n + i]!));
          for (let i = 0; i < n; i++) {
            const fd = (plus[i]! - minus[i]!) / (2 * h);
            expect(Math.abs(fd - jac[j * n + i]!), `${shape.parameterNames[j]} at x=${x[i]}`).toBeLessThanOrEqual(RTOL_DERIVATIVE * Math.max(scale, 1));
          }
        }
      });

      it(`${kind} (${intensity}): height and area are consistent with the profile`, () => {
        const shape = createPeakShape(kind, { intensity });
        const p = Float64Array.from(STARTS[kind]);
        const center = p[0]!;
        const one = new Float64Array(1);
        const f = (xv: number): number => {
          one[0] = 0;
          shape.add(Float64Array.of(xv), p, 0, one);
          return one[0]!;
        };
        // Lorentzian-like tails decay as 1/x^2: integrate far out and add the analytic tail.
        const half = 2000;
        const integral = numericalIntegral(f, center - half, center + half, 400_000);
        // tail beyond |dx| > half for a Lorentzian component of height hL and FWHM w: hL w^2 / (2 half)
        const area = shape.area(p, 0);
        // Simpson + truncated 1/x^2 tails (<1e-3 relative for these widths)
        const RTOL_AREA = 1e-3;
        expect(Math.abs(integral / area - 1)).toBeLessThan(RTOL_AREA);
        // height at the centre
        const RTOL_HEIGHT = 1e-12;
        expect(Math.abs(f(center) / shape.height(p, 0) - 1)).toBeLessThan(RTOL_HEIGHT);
        // FWHM: the profile is at half height at centre +- fwhm/2 (symmetric, single-width shapes)
        if (kind === "gaussian" || kind === "lorentzian" || kind === "pseudoVoigt" || kind === "pearson7" || kind === "tchPseudoVoigt") {
          const w = shape.fwhm(p, 0);
          const RTOL_FWHM = 1e-12;
          expect(Math.abs(f(center + w / 2) / f(center) - 0.5)).toBeLessThan(RTOL_FWHM);
        }
      });
    }
  }

  it("voigt FWHM (Olivero-Longbothum) within its stated 0.02%", () => {
    const shape = createPeakShape("voigt");
    const p = Float64Array.of(0, 1, 0.5, 0.3);
    const w = shape.fwhm(p, 0);
    const one = new Float64Array(1);
    shape.add(Float64Array.of(w / 2), p, 0, one);
    // Olivero & Longbothum (1977) quote 0.02% accuracy of their FWHM formula.
    const RTOL_OL = 2e-4;
    expect(Math.abs(one[0]! - 0.5)).toBeLessThan(RTOL_OL * 5);
  });

  it("limits: pV eta=0 is Gaussian, eta=1 Lorentzian; Pearson VII m=1 Lorentzian; TCH with gL=0 Gaussian; Voigt gL->0 Gaussian", () => {
    const x = Float64Array.from({ length: 21 }, (_, i) => -1 + 0.1 * i);
    const run = (kind: PeakShapeKind, p: number[]): Float64Array => {
      const out = new Float64Array(x.length);
      createPeakShape(kind, { intensity: "area" }).add(x, Float64Array.from(p), 0, out);
      return out;
    };
    const RTOL_EXACT = 1e-13;
    const close = (a: Float64Array, b: Float64Array, rtol: number): void => {
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(b[i]!)));
    };
    close(run("pseudoVoigt", [0.1, 3, 0.4, 0]), run("gaussian", [0.1, 3, 0.4]), RTOL_EXACT);
    close(run("pseudoVoigt", [0.1, 3, 0.4, 1]), run("lorentzian", [0.1, 3, 0.4]), RTOL_EXACT);
    close(run("pearson7", [0.1, 3, 0.4, 1]), run("lorentzian", [0.1, 3, 0.4]), RTOL_EXACT);
    close(run("tchPseudoVoigt", [0.1, 3, 0.4, 0]), run("gaussian", [0.1, 3, 0.4]), RTOL_EXACT);
    close(run("voigt", [0.1, 3, 0.4, 0]), run("gaussian", [0.1, 3, 0.4]), RTOL_EXACT);
    close(run("splitPseudoVoigt", [0.1, 3, 0.4, 0.4, 0.3]), run("pseudoVoigt", [0.1, 3, 0.4, 0.3]), RTOL_EXACT);
  });

  it("TCH eta and FWHM at known points", () => {
    // pure Lorentzian: G = gL, q = 1, eta = 1.36603 - 0.47719 + 0.11116 = 1.0 (TCH 1987, eq. 4)
    const t = tchParameters(0, 1);
    expect(t[0]).toBeCloseTo(1, 14);
    expect(t[3]).toBeCloseTo(1, 5);
    const g = tchParameters(2, 0);
    expect(g[0]).toBeCloseTo(2, 14);
    expect(g[3]).toBe(0);
  });

  it("Faddeeva function: known values", () => {
    // w(0) = 1; w(i y) = exp(y^2) erfc(y) is real: w(i) = e * erfc(1) = 0.42758357615580700 (A&S 7.1)
    expect(faddeeva(0, 0)).toEqual([1, 0]);
    const w = faddeeva(0, 1);
    const RTOL_W = 1e-13;
    expect(Math.abs(w[0] / 0.427583576155807 - 1)).toBeLessThan(RTOL_W);
    expect(Math.abs(w[1])).toBeLessThan(RTOL_W);
    // symmetry w(-x + iy) = conj(w(x + iy))
    const rng = createRng(3);
    for (let k = 0; k < 50; k++) {
      const xr = 20 * rng.uniform() - 10;
      const yi = 5 * rng.uniform();
      const a = faddeeva(xr, yi);
      const b = faddeeva(-xr, yi);
      expect(Math.abs(a[0] - b[0])).toBeLessThan(RTOL_W);
      expect(Math.abs(a[1] + b[1])).toBeLessThan(RTOL_W);
    }
  });
});

describe("Faddeeva function against scipy.special.wofz", () => {
  const fixture = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/faddeeva-scipy.json", import.meta.url)), "utf8")) as { points: [number, number, number, number][] };
  // Weideman N=36 / continued fraction: |w - w_ref| / |w| < 1e-12 everywhere in Im z >= 0, and
  // Re w (the Voigt profile) to 1e-10 relative wherever Im z >= 1e-3 or Re w = exp(-x^2) exactly (Im z = 0).
  const RTOL_ABS = 1e-12;
  const RTOL_RE = 1e-10;
  it("matches on a grid spanning both algorithms", () => {
    for (const [x, y, re, im] of fixture.points) {
      const w = faddeeva(x, y);
      const mag = Math.hypot(re, im);
      expect(Math.hypot(w[0] - re, w[1] - im) / mag, `z = ${x} + ${y}i`).toBeLessThan(RTOL_ABS);
      if ((y >= 1e-3 || y === 0) && re > 1e-300) expect(Math.abs(w[0] - re) / re, `Re w(${x} + ${y}i)`).toBeLessThan(RTOL_RE);
    }
  });
});
