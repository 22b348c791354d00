import { describe, expect, it } from "vitest";
import { createRng, InvalidParameterError } from "@operando/core";
import { quantifyPattern, WindowOutsidePatternError } from "../src/index.js";
import { adxrdCalibration, adxrdPattern, edxrdCalibration, edxrdPattern, equilibriumX, RESOLUTION, SPECTRUM } from "./helpers/synthetic.js";

// Fractions: 0.03 absolute (issue 6 acceptance); x: 0.03; peak d: 0.002 A.
const FRACTION_ATOL = 0.03;
const X_ATOL = 0.03;
const D_ATOL = 0.002;
const OPTIONS = { incidentSpectrum: SPECTRUM, resolution: RESOLUTION };

describe("quantifyPattern (EDXRD, 2theta = 2.29 deg)", () => {
  it("recovers alpha + epsilon fractions, c and x from a Poisson spectrum", () => {
    const truth = [{ id: "alpha", fraction: 0.35 }, { id: "epsilon", fraction: 0.65, x: 0.45 }];
    const sim = edxrdPattern(truth, createRng(11));
    const q = quantifyPattern(sim.pattern, edxrdCalibration(), OPTIONS);
    expect(q.phases.map((p) => p.id)).toEqual(["alpha", "epsilon"]);
    const alpha = q.phases[0]!;
    const eps = q.phases[1]!;
    expect(Math.abs(alpha.fraction - 0.35)).toBeLessThan(FRACTION_ATOL);
    expect(Math.abs(eps.fraction - 0.65)).toBeLessThan(FRACTION_ATOL);
    // true x = 0.35 * 0.1 + 0.65 * 0.45: alpha coexisting with epsilon sits at its saturation x = 0.1
    expect(Math.abs(q.x - equilibriumX(truth)!)).toBeLessThan(X_ATOL);
    expect(alpha.x).toBe(0.1);
    expect(alpha.xSource).toBe("boundary");
    expect(eps.xSource).toBe("lattice");
    expect(q.xSigma).toBeGreaterThan(0);
    for (const p of q.phases) {
      for (const r of p.reflections) {
        const truePeak = sim.peaks.find((t) => t.label === p.id && t.h === r.h && t.k === r.k && t.l === r.l);
        expect(truePeak).toBeDefined();
        expect(Math.abs(r.dAngstrom - truePeak!.dAngstrom)).toBeLessThan(D_ATOL);
      }
    }
    expect(q.reducedChiSquare).toBeLessThan(1.3);
    expect(q.flags).toEqual([]);
  });

  it("flags a window without signal instead of inventing numbers", () => {
    const sim = edxrdPattern([], undefined);
    const zero = { ...sim.pattern, y: new Float64Array(sim.pattern.y.length) };
    const q = quantifyPattern(zero, edxrdCalibration(), OPTIONS);
    expect(q.flags).toContain("noSignal");
    expect(q.x).toBeNaN();
    expect(q.phases).toEqual([]);
  });

  it("reports no phase for background-only counts", () => {
    const sim = edxrdPattern([{ id: "alpha", fraction: 0 }], createRng(3));
    const q = quantifyPattern(sim.pattern, edxrdCalibration(), { ...OPTIONS, phases: ["alpha", "epsilon"] });
    expect(q.flags).toContain("noPhase");
    expect(q.x).toBeNaN();
  });

  it("throws a typed error when the calibration puts the window outside the spectrum", () => {
    const sim = edxrdPattern([{ id: "alpha", fraction: 1 }], undefined);
    // 2theta = 0.5 deg moves d = 3.8-5.2 A to 270-370 keV, beyond the 160 keV spectrum.
    expect(() => quantifyPattern(sim.pattern, edxrdCalibration(0.5), OPTIONS)).toThrow(WindowOutsidePatternError);
  });

  it("rejects an unknown phase name", () => {
    const sim = edxrdPattern([{ id: "alpha", fraction: 1 }], undefined);
    expect(() => quantifyPattern(sim.pattern, edxrdCalibration(), { ...OPTIONS, phases: ["alpha", "beta"] })).toThrow(InvalidParameterError);
  });
});

describe("quantifyPattern (ADXRD, 0.24117 A)", () => {
  it("recovers epsilon + delta", () => {
    const truth = [{ id: "epsilon", fraction: 0.6, x: 0.6 }, { id: "delta", fraction: 0.4 }];
    const sim = adxrdPattern(truth, createRng(5));
    const q = quantifyPattern(sim.pattern, adxrdCalibration(), { caglioti: { u: 0, v: 0, w: 0.012 ** 2 } });
    expect(q.phases.map((p) => p.id)).toEqual(["epsilon", "delta"]);
    expect(Math.abs(q.phases[0]!.fraction - 0.6)).toBeLessThan(FRACTION_ATOL);
    // delta next to epsilon sits at the lower end of its range, x = 0.8
    expect(Math.abs(q.x - equilibriumX(truth)!)).toBeLessThan(X_ATOL);
    expect(q.phases[1]!.x).toBe(0.8);
    expect(q.phases[1]!.xSource).toBe("boundary");
  });
});
