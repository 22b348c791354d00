import { describe, expect, it } from "vitest";
import { jointErrors } from "./helpers.js";

describe("simulated EDXRD: sigma consistency over 50 noise seeds", () => {
  it("sum of (error/sigma)^2 of 2theta over 50 seeds is chi-square(50)-consistent", () => {
    let chi2 = 0;
    let worstD = 0;
    for (let seed = 100; seed < 150; seed++) {
      const e = jointErrors(seed);
      chi2 += (e.twoThetaError / e.twoThetaSigma) ** 2;
      worstD = Math.max(worstD, Math.abs(e.dError));
    }
    // chi-square with 50 dof: 0.1% and 99.9% quantiles are 24.7 and 86.7.
    expect(chi2).toBeGreaterThan(24.7);
    expect(chi2).toBeLessThan(86.7);
    expect(worstD).toBeLessThan(5e-4); // A, brief requirement
  }, 300000);
});
