import { describe, expect, it } from "vitest";
import { createPattern } from "@operando/core";
import { applyCalibration, calibrateEnergy, calibrateJoint, calibrateTwoTheta } from "../src/index.js";
import { jointErrors, SIM_START as START, simulateCeO2Standard } from "./helpers.js";

describe("simulated EDXRD CeO2 standard (8192 channels, 2theta 2.29 deg, Ce K lines)", () => {
  it("joint fit recovers 2theta within 0.002 deg and d within 5e-4 A across 3.8-5.2 A (5 seeds)", () => {
    const atolTwoTheta = 0.002; // deg, brief requirement
    const atolD = 5e-4; // A, brief requirement
    let chi2 = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const e = jointErrors(seed);
      expect(Math.abs(e.twoThetaError)).toBeLessThan(atolTwoTheta);
      expect(Math.abs(e.dError)).toBeLessThan(atolD);
      chi2 += (e.twoThetaError / e.twoThetaSigma) ** 2;
    }
    // 5 seeds: chi-square with 5 dof is < 20.5 with probability 0.999; a sigma 3x too small fails.
    expect(chi2).toBeLessThan(20.5);
  }, 30000);

  it("energy-then-angle calibration agrees with the joint fit", () => {
    const spectrum = simulateCeO2Standard(11);
    // Ce K lines alone (34-40 keV) extrapolated to 100+ keV: use Ka, Kb and Kb2 with degree 1.
    const energy = calibrateEnergy(spectrum, { lines: ["Ce:K"], start: START });
    const angle = calibrateTwoTheta(spectrum, { calibrant: "CeO2", energyCalibration: energy.calibration, twoThetaDeg: 2.25 });
    const joint = calibrateJoint(spectrum, { lines: ["Ce:K"], calibrant: "CeO2", twoThetaDeg: 2.25, start: START });
    const diff = angle.calibration.twoThetaDeg! - joint.calibration.twoThetaDeg!;
    const sigma = Math.hypot(angle.calibration.twoThetaSigmaDeg!, joint.calibration.twoThetaSigmaDeg!);
    expect(Math.abs(diff)).toBeLessThan(4 * sigma); // 4 sigma: the two estimates share data, so this is loose
    expect(angle.calibration.twoThetaSigmaDeg!).toBeGreaterThan(0);
  }, 20000);

  it("refuses Bragg peaks alone (gain, offset and 2theta degenerate)", () => {
    expect(() => calibrateJoint(simulateCeO2Standard(2), { lines: ["70.5"], calibrant: "CeO2", twoThetaDeg: 2.25, start: START })).toThrow(/degenerate/);
  }, 20000);

  it("refuses a calibrant that does not match the peaks", () => {
    expect(() => calibrateJoint(simulateCeO2Standard(3), { lines: ["Ce:K"], calibrant: "LaB6", twoThetaDeg: 2.25, start: START, twoThetaSearchRange: 0.01 })).toThrow(/does not match/);
  }, 20000);

  it("applies the joint calibration: d axis ascending with xSigma from the full covariance", () => {
    const spectrum = simulateCeO2Standard(4);
    const r = calibrateJoint(spectrum, { lines: ["Ce:K"], calibrant: "CeO2", twoThetaDeg: 2.25, start: START });
    const from = 1500;
    const sub = createPattern({ axis: "channel", x: spectrum.x.subarray(from), y: spectrum.y.subarray(from), sigma: spectrum.sigma?.subarray(from) });
    const d = applyCalibration(sub, r.calibration);
    expect(d.axis).toBe("d");
    expect(d.x[0]!).toBeLessThan(d.x[d.x.length - 1]!);
    const i = d.x.findIndex((v) => v > 4.5);
    expect(d.xSigma![i]!).toBeGreaterThan(0);
    expect(d.xSigma![i]!).toBeLessThan(5e-4);
  }, 20000);
});
