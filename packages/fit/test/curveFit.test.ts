import { FitError, InvalidParameterError, createRng } from "@operando/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JacobianFunction, ModelFunction } from "../src/index.js";
import { curveFit } from "../src/index.js";

const exponential: ModelFunction = (x, p, out) => {
  for (let i = 0; i < x.length; i++) out[i] = p[0]! * Math.exp(-p[1]! * x[i]!) + p[2]!;
};
const exponentialJacobian: JacobianFunction = (x, p, out) => {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(-p[1]! * x[i]!);
    out[i] = e;
    out[n + i] = -p[0]! * x[i]! * e;
    out[2 * n + i] = 1;
  }
};
const line: ModelFunction = (x, p, out) => {
  for (let i = 0; i < x.length; i++) out[i] = p[0]! + p[1]! * x[i]!;
};
const lineJacobian: JacobianFunction = (x, _p, out) => {
  for (let i = 0; i < x.length; i++) {
    out[i] = 1;
    out[x.length + i] = x[i]!;
  }
};

function noisyExponential(seed: number, n = 60): { x: Float64Array; y: Float64Array; sigma: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i * 0.1;
    sigma[i] = 0.05 + 0.01 * (i % 3);
    y[i] = 5 * Math.exp(-0.8 * x[i]!) + 1 + sigma[i]! * rng.normal();
  }
  return { x, y, sigma };
}

/** Closed-form weighted straight-line regression (Press et al., Numerical Recipes 3rd ed. 15.2). */
function weightedLine(x: Float64Array, y: Float64Array, sigma: Float64Array): { a: number; b: number; sa: number; sb: number; chi2: number } {
  let s = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 1 / sigma[i]! ** 2;
    s += w;
    sx += w * x[i]!;
    sy += w * y[i]!;
    sxx += w * x[i]! ** 2;
    sxy += w * x[i]! * y[i]!;
  }
  const delta = s * sxx - sx * sx;
  const a = (sxx * sy - sx * sxy) / delta;
  const b = (s * sxy - sx * sy) / delta;
  let chi2 = 0;
  for (let i = 0; i < x.length; i++) chi2 += ((y[i]! - a - b * x[i]!) / sigma[i]!) ** 2;
  return { a, b, sa: Math.sqrt(sxx / delta), sb: Math.sqrt(s / delta), chi2 };
}

// A linear least-squares problem is solved exactly up to rounding in a few LM steps.
const RTOL_LINEAR = 1e-10;

describe("curveFit basics", () => {
  it("matches the closed-form weighted straight line, absolute and relative sigma", () => {
    const rng = createRng(7);
    const x = Float64Array.from({ length: 30 }, (_, i) => i);
    const sigma = Float64Array.from({ length: 30 }, (_, i) => 0.5 + 0.1 * (i % 4));
    const y = x.map((xi, i) => 2 + 0.3 * xi + sigma[i]! * rng.normal());
    const ref = weightedLine(x, y, sigma);
    const abs = curveFit(line, x, y, [0, 0], { sigma, absoluteSigma: true, jacobian: lineJacobian });
    expect(abs.parameters[0]).toBeCloseTo(ref.a, 9);
    expect(abs.parameters[1]).toBeCloseTo(ref.b, 9);
    expect(Math.abs(abs.standardErrors[0]! / ref.sa - 1)).toBeLessThan(RTOL_LINEAR);
    expect(Math.abs(abs.standardErrors[1]! / ref.sb - 1)).toBeLessThan(RTOL_LINEAR);
    expect(Math.abs(abs.chiSquare / ref.chi2 - 1)).toBeLessThan(RTOL_LINEAR);
    const rel = curveFit(line, x, y, [0, 0], { sigma, jacobian: lineJacobian });
    const scale = Math.sqrt(ref.chi2 / 28);
    expect(Math.abs(rel.standardErrors[1]! / (ref.sb * scale) - 1)).toBeLessThan(RTOL_LINEAR);
    expect(rel.degreesOfFreedom).toBe(28);
    // weights = 1/sigma^2 give the same fit
    const w = curveFit(line, x, y, [0, 0], { weights: sigma.map((s) => 1 / (s * s)), jacobian: lineJacobian });
    expect(Math.abs(w.parameters[1]! / rel.parameters[1]! - 1)).toBeLessThan(RTOL_LINEAR);
    // residuals are sqrt(w)(y - f)
    expect(rel.residuals[3]).toBeCloseTo((y[3]! - rel.fitted[3]!) / sigma[3]!, 12);
    // correlation diagonal is 1 and symmetric
    expect(rel.correlation[0]).toBe(1);
    expect(rel.correlation[1]).toBeCloseTo(rel.correlation[2]!, 14);
  });

  it("analytic and finite-difference Jacobians give the same answer", () => {
    const { x, y, sigma } = noisyExponential(1);
    const a = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, jacobian: exponentialJacobian, ftol: 1e-14, xtol: 1e-14 });
    const f = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, ftol: 1e-14, xtol: 1e-14 });
    const c = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, finiteDifference: "central", ftol: 1e-14, xtol: 1e-14 });
    // forward differences carry ~sqrt(eps) relative Jacobian error, central ~eps^(2/3)
    const RTOL_FD = 1e-6;
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(f.parameters[j]! / a.parameters[j]! - 1)).toBeLessThan(RTOL_FD);
      expect(Math.abs(c.parameters[j]! / a.parameters[j]! - 1)).toBeLessThan(RTOL_FD);
      expect(Math.abs(f.standardErrors[j]! / a.standardErrors[j]! - 1)).toBeLessThan(RTOL_FD);
    }
    expect(a.converged).toBe(true);
    expect(a.parameterNames).toEqual(["p0", "p1", "p2"]);
    expect(a.evaluations).toBeLessThan(f.evaluations);
  });

  it("does not mutate its inputs", () => {
    const { x, y, sigma } = noisyExponential(2);
    const copies = [x.slice(), y.slice(), sigma.slice()];
    const p0 = new Float64Array([3, 0.5, 0]);
    curveFit(exponential, x, y, p0, { sigma });
    expect(x).toEqual(copies[0]);
    expect(y).toEqual(copies[1]);
    expect(sigma).toEqual(copies[2]);
    expect(Array.from(p0)).toEqual([3, 0.5, 0]);
  });

  it("reused work arrays: repeated, interleaved and nested fits give identical, unaliased results", () => {
    const a = noisyExponential(4);
    const b = noisyExponential(5, 45);
    const fit = (d: typeof a) => curveFit(exponential, d.x, d.y, [3, 0.5, 0], { sigma: d.sigma, jacobian: exponentialJacobian });
    const first = fit(a);
    const saved = { parameters: first.parameters.slice(), residuals: first.residuals.slice(), covariance: first.covariance.slice() };
    const other = fit(b); // a different size in between
    const again = fit(a); // same size as the first: the cached arrays are reused
    // bitwise equal: the same arithmetic on the same inputs, whatever the arrays held before
    expect(Array.from(again.parameters)).toEqual(Array.from(saved.parameters));
    expect(Array.from(again.covariance)).toEqual(Array.from(saved.covariance));
    // the first result was not overwritten by the later fits
    expect(Array.from(first.parameters)).toEqual(Array.from(saved.parameters));
    expect(Array.from(first.residuals)).toEqual(Array.from(saved.residuals));
    expect(other.parameters).not.toBe(first.parameters);
    // a model that runs a fit of the same size inside each evaluation gets its own arrays
    let inner = 0;
    const nested: ModelFunction = (x, p, out) => {
      inner += fit(a).parameters[0]! > 0 ? 1 : 0;
      exponential(x, p, out);
    };
    const outer = curveFit(nested, a.x, a.y, [3, 0.5, 0], { sigma: a.sigma, jacobian: exponentialJacobian });
    expect(inner).toBe(outer.evaluations);
    // the outer fit is not disturbed by the inner ones (relative 1e-12: same iterations, same inputs)
    for (let j = 0; j < 3; j++) expect(Math.abs(outer.parameters[j]! / saved.parameters[j]! - 1)).toBeLessThan(1e-12);
  });

  it("is unchanged by permuting the points (property)", () => {
    const { x, y } = noisyExponential(3, 40);
    const base = curveFit(exponential, x, y, [3, 0.5, 0], { jacobian: exponentialJacobian, ftol: 1e-14, xtol: 1e-14 });
    // different summation order only: agreement to a few ulps of the conditioning
    const RTOL_PERMUTE = 1e-8;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (keys) => {
        const order = Array.from({ length: 40 }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
        const r = curveFit(exponential, order.map((i) => x[i]!), order.map((i) => y[i]!), [3, 0.5, 0], { jacobian: exponentialJacobian, ftol: 1e-14, xtol: 1e-14 });
        for (let j = 0; j < 3; j++) expect(Math.abs(r.parameters[j]! / base.parameters[j]! - 1)).toBeLessThan(RTOL_PERMUTE);
      }),
      { numRuns: 20, seed: 11 },
    );
  });
});

describe("curveFit constraints", () => {
  it("fixed parameters stay put and get zero error; others are fitted", () => {
    const { x, y, sigma } = noisyExponential(4);
    const r = curveFit(exponential, x, y, [3, 0.5, 1], { sigma, fixed: [false, false, true] });
    expect(r.parameters[2]).toBe(1);
    expect(r.standardErrors[2]).toBe(0);
    expect(r.covariance[2 * 3 + 0]).toBe(0);
    expect(r.degreesOfFreedom).toBe(x.length - 2);
    expect(r.standardErrors[0]).toBeGreaterThan(0);
  });

  it("a tie is substituted and its error propagates from the source", () => {
    // y = a x + b x with b tied to a: b = 2a + 0.5 -> y = 3 a x + 0.5 x
    const model: ModelFunction = (x, p, out) => {
      for (let i = 0; i < x.length; i++) out[i] = p[0]! * x[i]! + p[1]! * x[i]!;
    };
    const rng = createRng(5);
    const x = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    const y = x.map((xi) => 3.5 * xi + 0.5 * xi + 0.2 * rng.normal());
    const r = curveFit(model, x, y, [1, 0], { ties: [{ parameter: 1, source: 0, factor: 2, offset: 0.5 }] });
    expect(r.parameters[1]).toBeCloseTo(2 * r.parameters[0]! + 0.5, 12);
    expect(r.standardErrors[1]).toBeCloseTo(2 * r.standardErrors[0]!, 12);
    expect(r.correlation[1]).toBeCloseTo(1, 12);
    expect(r.degreesOfFreedom).toBe(19);
    // equivalent one-parameter fit: y = (3a + 0.5) x
    const direct = curveFit((xx, p, out) => {
      for (let i = 0; i < xx.length; i++) out[i] = (3 * p[0]! + 0.5) * xx[i]!;
    }, x, y, [1]);
    expect(r.parameters[0]).toBeCloseTo(direct.parameters[0]!, 10);
    expect(r.standardErrors[0]).toBeCloseTo(direct.standardErrors[0]!, 10);
  });

  it("a parameter that starts exactly on a bound can leave it (two-sided and one-sided bounds)", () => {
    // The optimum (5, 0.8, 1) is inside the bounds; each start sits exactly on one bound, where the
    // bound transformation has dp/du = 0 (as when a sequential fit is seeded from a result that
    // ended on a bound).
    const { x, y, sigma } = noisyExponential(12);
    const free = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, jacobian: exponentialJacobian, ftol: 1e-14, xtol: 1e-14 });
    const starts: { p0: number[]; lower: number[]; upper: number[] }[] = [
      { p0: [10, 0.5, 0], lower: [0, 0, -5], upper: [10, 2, 5] }, // amplitude on its upper bound
      { p0: [3, 0, 0], lower: [0, 0, -5], upper: [10, 2, 5] }, // rate on its lower bound
      { p0: [3, 0.5, 0], lower: [-Infinity, -Infinity, 0], upper: [Infinity, Infinity, Infinity] }, // offset on a one-sided bound
    ];
    for (const { p0, lower, upper } of starts) {
      const r = curveFit(exponential, x, y, p0, { sigma, jacobian: exponentialJacobian, lower, upper, ftol: 1e-14, xtol: 1e-14 });
      expect(r.atBounds).toEqual([]);
      // same minimum as the unbounded fit, to the accuracy of the stopping rule
      for (let j = 0; j < 3; j++) expect(Math.abs(r.parameters[j]! - free.parameters[j]!)).toBeLessThan(1e-6 * free.standardErrors[j]!);
    }
  });

  it("bounds hold; an active bound is reported; inactive bounds do not change the answer", () => {
    const { x, y, sigma } = noisyExponential(6);
    const free = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, ftol: 1e-14, xtol: 1e-14 });
    const loose = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, lower: [0, 0, -10], upper: [100, 10, 10], ftol: 1e-14, xtol: 1e-14 });
    // inactive bounds: same minimum; covariance from the untransformed Jacobian -> same errors
    const RTOL_BOUNDS = 1e-6;
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(loose.parameters[j]! / free.parameters[j]! - 1)).toBeLessThan(RTOL_BOUNDS);
      expect(Math.abs(loose.standardErrors[j]! / free.standardErrors[j]! - 1)).toBeLessThan(RTOL_BOUNDS);
    }
    const tight = curveFit(exponential, x, y, [3, 0.5, 0], { sigma, upper: [Infinity, 0.6, Infinity] });
    expect(tight.parameters[1]).toBeLessThanOrEqual(0.6);
    expect(tight.parameters[1]).toBeCloseTo(0.6, 6);
    expect(tight.atBounds).toEqual([1]);
  });

  it("rejects bad ties and bounds with InvalidParameterError", () => {
    const x = [0, 1, 2, 3];
    const y = [1, 2, 3, 4];
    expect(() => curveFit(line, x, y, [0, 1], { lower: [0, 2] })).toThrow(InvalidParameterError);
    expect(() => curveFit(line, x, y, [0, 1], { lower: [0, 2] })).toThrow(/p0\[1\].*inside its bounds/);
    expect(() => curveFit(line, x, y, [0, 1], { lower: [1, 0], upper: [1, 2] })).toThrow(/options.lower\[0\]/);
    expect(() => curveFit(line, x, y, [0, 1], { ties: [{ parameter: 0, source: 0 }] })).toThrow(InvalidParameterError);
    expect(() => curveFit(line, x, y, [0, 1], { ties: [{ parameter: 0, source: 5 }] })).toThrow(/ties\[0\].source/);
    expect(() => curveFit(line, x, y, [0, 1, 2], { ties: [{ parameter: 1, source: 0 }, { parameter: 2, source: 1 }] })).toThrow(/chaining/);
    expect(() => curveFit(line, x, y, [0, 1], { fixed: [true] })).toThrow(/options.fixed/);
    expect(() => curveFit(line, x, y, [0, 1], { ftol: -1 })).toThrow(/options.ftol/);
  });
});

describe("curveFit bad input", () => {
  const x = Float64Array.from({ length: 10 }, (_, i) => i);
  const y = x.map((v) => 1 + 2 * v);

  it("NaN or Infinity in the data is an error naming the point, or masked and counted", () => {
    const bad = y.slice();
    bad[4] = Number.NaN;
    expect(() => curveFit(line, x, bad, [0, 1])).toThrow(InvalidParameterError);
    expect(() => curveFit(line, x, bad, [0, 1])).toThrow(/y\[4\]/);
    const badSigma = new Float64Array(10).fill(1);
    badSigma[2] = Number.POSITIVE_INFINITY;
    expect(() => curveFit(line, x, y, [0, 1], { sigma: badSigma })).toThrow(/sigma\[2\]/);
    const masked = curveFit(line, x, bad, [0, 1], { nonFinite: "mask" });
    expect(masked.maskedPoints).toBe(1);
    expect(masked.degreesOfFreedom).toBe(7);
    expect(masked.parameters[1]).toBeCloseTo(2, 10);
    expect(Number.isNaN(masked.residuals[4]!)).toBe(true);
    expect(masked.message).toMatch(/1 non-finite points masked/);
  });

  it("zero or negative sigma, mismatched lengths, both sigma and weights", () => {
    const sigma = new Float64Array(10).fill(1);
    sigma[3] = 0;
    expect(() => curveFit(line, x, y, [0, 1], { sigma })).toThrow(/sigma\[3\]/);
    expect(() => curveFit(line, x, y.slice(1), [0, 1])).toThrow(InvalidParameterError);
    expect(() => curveFit(line, x, y, [0, 1], { sigma: new Float64Array(10).fill(1), weights: new Float64Array(10).fill(1) })).toThrow(/not both/);
    expect(() => curveFit(line, x, y, [Number.NaN, 1])).toThrow(/p0\[0\]/);
  });

  it("fewer points than free parameters is a FitError; equal is an exact fit with NaN errors", () => {
    expect(() => curveFit(line, [1], [2], [0, 1])).toThrow(FitError);
    const exact = curveFit(line, [1, 2], [3, 5], [0, 0]);
    expect(exact.parameters[1]).toBeCloseTo(2, 10);
    expect(exact.degreesOfFreedom).toBe(0);
    expect(Number.isNaN(exact.standardErrors[0]!)).toBe(true);
    expect(Number.isNaN(exact.reducedChiSquare)).toBe(true);
  });

  it("a model returning NaN at the start is a FitError carrying the parameters", () => {
    const sqrtModel: ModelFunction = (xx, p, out) => {
      for (let i = 0; i < xx.length; i++) out[i] = Math.sqrt(p[0]!) * xx[i]!;
    };
    try {
      curveFit(sqrtModel, x, y, [-1]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FitError);
      expect((error as FitError).parameters?.[0]).toBe(-1);
      expect((error as FitError).message).toMatch(/NaN at x\[0\]/);
    }
  });

  it("a model returning NaN during the iterations rejects the step and still converges", () => {
    // f = a * sqrt(k - 0.3 x)-like domain edge: NaN when k < 0; the unconstrained Gauss-Newton
    // step from the start overshoots into that region.
    const xs = Float64Array.from({ length: 20 }, (_, i) => i / 19);
    const ys = xs.map((v) => Math.log(0.05 + v));
    let nanCalls = 0;
    const model: ModelFunction = (xx, p, out) => {
      for (let i = 0; i < xx.length; i++) out[i] = Math.log(p[0]! + xx[i]!);
      if (Number.isNaN(out[0]!)) nanCalls++;
    };
    const r = curveFit(model, xs, ys, [2]);
    expect(nanCalls).toBeGreaterThan(0);
    expect(r.converged).toBe(true);
    expect(r.parameters[0]).toBeCloseTo(0.05, 8);
  });

  it("a singular Jacobian gives singular=true, the undetermined parameters and NaN errors", () => {
    // a*x + b*x: only a + b is determined; c (offset) is fine.
    const model: ModelFunction = (xx, p, out) => {
      for (let i = 0; i < xx.length; i++) out[i] = p[0]! * xx[i]! + p[1]! * xx[i]! + p[2]!;
    };
    for (const options of [{}, { finiteDifference: "central" as const }, { jacobian: ((xx, _p, out) => {
      const n = xx.length;
      for (let i = 0; i < n; i++) {
        out[i] = xx[i]!;
        out[n + i] = xx[i]!;
        out[2 * n + i] = 1;
      }
    }) as JacobianFunction }]) {
      const s = curveFit(model, x, y, [0.3, 0.9, 0], options);
      expect(s.undetermined.sort()).toEqual([0, 1]);
    }
    const r = curveFit(model, x, y, [0.5, 0.5, 0]);
    expect(r.singular).toBe(true);
    expect(r.undetermined.sort()).toEqual([0, 1]);
    expect(Number.isNaN(r.standardErrors[0]!)).toBe(true);
    expect(Number.isNaN(r.standardErrors[1]!)).toBe(true);
    expect(r.standardErrors[2]).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(r.standardErrors[2]!)).toBe(false);
    expect(r.parameters[0]! + r.parameters[1]!).toBeCloseTo(2, 8);
    expect(r.message).toMatch(/rank deficient/);
    // a parameter the model ignores
    const ignores: ModelFunction = (xx, p, out) => line(xx, p, out);
    const r2 = curveFit(ignores, x, y, [0, 1, 5]);
    expect(r2.undetermined).toEqual([2]);
    expect(r2.parameters[2]).toBe(5);
  });

  it("maxEvaluations stops with converged=false and a clear status", () => {
    const { x: xs, y: ys } = noisyExponential(8);
    const r = curveFit(exponential, xs, ys, [30, 5, -3], { maxEvaluations: 6 });
    expect(r.status).toBe("maxEvaluations");
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/maxEvaluations/);
  });

  it("a non-finite analytic Jacobian is a FitError", () => {
    const jac: JacobianFunction = (_x, _p, out) => out.fill(Number.NaN);
    expect(() => curveFit(line, x, y, [0, 1], { jacobian: jac })).toThrow(FitError);
  });
});
