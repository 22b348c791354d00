// Internal cross-checks of the fast window solver: the analytic Jacobian against central
// differences, and the solver's answers against @operando/fit's curveFit at tight tolerance.
import { describe, expect, it } from "vitest";
import { createRng } from "@operando/core";
import { getPhase, phaseLattice, phaseReflections } from "@operando/crystal";
import { buildGeometry } from "../src/internal/geometry.js";
import { buildWindowModel, windowData } from "../src/internal/windowModel.js";
import { quantifyPatternWith } from "../src/quantifyPattern.js";
import { edxrdCalibration, edxrdPattern, RESOLUTION, SPECTRUM } from "./helpers/synthetic.js";

// Central differences with h = 1e-6 relative: truncation ~h^2 and rounding ~1e-16/h, so 1e-6
// relative to the column's largest entry separates a correct derivative from a wrong one.
const JACOBIAN_RTOL = 1e-6;
// The window solver stops within 0.01 standard errors of the minimum (chi-square tolerance 1e-4);
// fraction sigmas are ~0.005, so answers agree with a 1e-13-tolerance curveFit to ~1e-4 at worst.
const SAME_MINIMUM_ATOL = 1e-4;
// Sigmas come from (J^T W J)^-1 at points 0.01 sigma apart: equal to 1 % relative.
const SIGMA_RTOL = 0.01;
// chi-square differs by at most the stopping tolerance 1e-4 over ~1100 degrees of freedom.
const REDUCED_CHI_SQUARE_ATOL = 1e-5;

describe("window model", () => {
  it("has an analytic Jacobian equal to central differences", () => {
    const sim = edxrdPattern([{ id: "alpha", fraction: 0.4 }, { id: "epsilon", fraction: 0.6, x: 0.45 }], createRng(1));
    const geometry = buildGeometry({
      pattern: sim.pattern,
      calibration: edxrdCalibration(),
      dMinAngstrom: 3.8,
      dMaxAngstrom: 5.2,
      resolution: { electronicNoiseFwhmKeV: 0.2, fanoFactor: 0.11, pairEnergyEv: 2.96, angularSpreadDeg: 0.004 },
      caglioti: { u: 0, v: 0, w: 1 },
      incidentSpectrum: SPECTRUM,
      minimumPoints: 10,
    });
    const y = sim.pattern.y.slice(geometry.start, geometry.end);
    const data = windowData(geometry, y, y.map((v) => 1 / (v + 1)), 3);
    const phase = (id: string, x: number) => ({
      definition: getPhase(id),
      lattice: phaseLattice(getPhase(id), x),
      free: ["c", "a"] as ("c" | "a")[],
      reflections: phaseReflections(getPhase(id), { dMinAngstrom: 3.8 / 1.04, dMaxAngstrom: 5.2 * 1.04 }).map((r) => ({ h: r.h, k: r.k, l: r.l, intensity: r.intensity })),
      freeIntensities: false,
    });
    const model = buildWindowModel({ data, lorentzianFraction: 0.3, phases: [phase("alpha", 0), phase("epsilon", 0.45)] });
    const P = model.parameterCount;
    const n = y.length;
    // background (3), width scale, alpha scale, c, a, epsilon scale, c, a
    const p = Float64Array.from([300, 10, 5, 1.05, 1e-3, 4.37, 11.51, 1.2e-3, 4.58, 11.4]);
    expect(P).toBe(p.length);
    const jac = new Float64Array(P * n);
    model.denseJacobian(p, jac);
    const plus = new Float64Array(n);
    const minus = new Float64Array(n);
    for (let j = 0; j < P; j++) {
      const h = 1e-6 * Math.max(Math.abs(p[j]!), 1e-3);
      const q = Float64Array.from(p);
      q[j] = p[j]! + h;
      model.evaluate(q, plus);
      q[j] = p[j]! - h;
      model.evaluate(q, minus);
      let scale = 0;
      let error = 0;
      for (let i = 0; i < n; i++) {
        const fd = (plus[i]! - minus[i]!) / (2 * h);
        scale = Math.max(scale, Math.abs(fd));
        error = Math.max(error, Math.abs(fd - jac[j * n + i]!));
      }
      expect(error / scale, model.names[j]).toBeLessThan(JACOBIAN_RTOL);
    }
  });
});

describe("window solver", () => {
  it("reaches the same minimum as curveFit at tight tolerance", () => {
    for (const seed of [3, 4]) {
      const truth = [{ id: "alpha", fraction: 0.25 }, { id: "epsilon", fraction: 0.7, x: 0.55 }, { id: "delta", fraction: 0.05 }];
      const pattern = edxrdPattern(truth, createRng(seed)).pattern;
      const options = { incidentSpectrum: SPECTRUM, resolution: RESOLUTION, phases: ["alpha", "epsilon", "delta"] };
      const fast = quantifyPatternWith(pattern, edxrdCalibration(), options, {});
      const reference = quantifyPatternWith(pattern, edxrdCalibration(), options, { solver: "curveFit" });
      expect(fast.phases.map((p) => p.id)).toEqual(reference.phases.map((p) => p.id));
      expect(Math.abs(fast.x - reference.x)).toBeLessThan(SAME_MINIMUM_ATOL);
      fast.phases.forEach((p, k) => {
        const r = reference.phases[k]!;
        expect(Math.abs(p.fraction - r.fraction)).toBeLessThan(SAME_MINIMUM_ATOL);
        expect(Math.abs(p.fractionSigma / r.fractionSigma - 1)).toBeLessThan(SIGMA_RTOL);
        expect(Math.abs(p.lattice.c - r.lattice.c)).toBeLessThan(SAME_MINIMUM_ATOL);
      });
      expect(Math.abs(fast.reducedChiSquare - reference.reducedChiSquare)).toBeLessThan(REDUCED_CHI_SQUARE_ATOL);
    }
  });
});
