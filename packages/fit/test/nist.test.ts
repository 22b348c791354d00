import { describe, expect, it } from "vitest";
import type { CurveFitOptions } from "../src/index.js";
import { curveFit } from "../src/index.js";
import { NIST_MODELS, nistFitInputs, readNist } from "./helpers/nist.js";
import { NIST_FILES } from "./helpers/nistFiles.js";

/** Log relative error (number of agreeing significant digits), the StRD accuracy measure. */
function lre(value: number, certified: number): number {
  const rel = Math.abs(value - certified) / Math.abs(certified);
  return rel === 0 ? 16 : -Math.log10(rel);
}

// Required digits (issue 4): parameters >= 6 significant digits, standard errors >= 4.
const PARAMETER_DIGITS = 6;
const SE_DIGITS = 4;
// Tight stopping tolerances: the scipy-like defaults (1.49e-8) stop on a relative chi-square
// reduction, which on slowly converging StRD problems (MGH09, Thurber) leaves ~4 digits.
const TIGHT: CurveFitOptions = { ftol: 1e-15, xtol: 1e-15 };

// Known limits (measured, see README):
// - Lanczos1: parameters to 10 digits, but its residuals (RSS 1.4e-25) are at the rounding level of
//   the float64 model evaluation, so the certified standard errors (computed in 128-bit) cannot be
//   reproduced in double precision: 2.9-3.3 digits (the same for the residual sum of squares), so 2.5 is asked.
// - Forward differences: the iterations converge to the fixed point of the forward-difference
//   Jacobian, which the O(sqrt(eps)) error of that Jacobian shifts by up to ~1e-5 relative on the
//   ill-conditioned problems (MINPACK lmdif gets 5.1-5.6 digits on Bennett5, 6.1 on ENSO b8,
//   7.1 on MGH17 start 2); curveFit ends with one Gauss-Newton step on the central-difference
//   Jacobian it computes for the covariance, which removes that shift: every problem has 6+
//   digits (the least, Lanczos3 start 2: 6.05-6.35 depending on summation order).
const FORWARD_EXCEPTIONS: Record<string, number> = {};
const SE_EXCEPTIONS: Record<string, number> = { Lanczos1: 2.5 };
// BoxBOD from start 1 (b = 1, 1) with finite differences: see the dedicated test below.
const isBoxBodStart1Fd = (name: string, start: number, derivatives: string): boolean =>
  name === "BoxBOD" && start === 1 && derivatives !== "analytic";

describe("NIST StRD nonlinear regression", () => {
  for (const [name, path] of Object.entries(NIST_FILES)) {
    const problem = readNist(path, name);
    const { x, y, nist } = nistFitInputs(problem);
    for (const start of [1, 2] as const) {
      for (const derivatives of ["analytic", "forward", "central"] as const) {
        if (isBoxBodStart1Fd(name, start, derivatives)) continue;
        it(`${name} from start ${start} with ${derivatives} derivatives`, () => {
          const p0 = start === 1 ? problem.start1 : problem.start2;
          const options: CurveFitOptions =
            derivatives === "analytic" ? { ...TIGHT, jacobian: nist.jacobian } : { ...TIGHT, finiteDifference: derivatives };
          const result = curveFit(nist.model, x, y, p0, options);
          expect(result.converged).toBe(true);
          expect(result.singular).toBe(false);
          const digits = derivatives === "forward" ? (FORWARD_EXCEPTIONS[name] ?? PARAMETER_DIGITS) : PARAMETER_DIGITS;
          problem.certified.forEach((c, j) => expect(lre(result.parameters[j]!, c), `b${j + 1}`).toBeGreaterThanOrEqual(digits));
          const seDigits = SE_EXCEPTIONS[name] ?? (derivatives === "forward" ? (FORWARD_EXCEPTIONS[name] ?? SE_DIGITS) : SE_DIGITS);
          problem.certifiedSe.forEach((c, j) => expect(lre(result.standardErrors[j]!, c), `se b${j + 1}`).toBeGreaterThanOrEqual(seDigits));
          expect(lre(result.chiSquare, problem.residualSumOfSquares)).toBeGreaterThanOrEqual(SE_EXCEPTIONS[name] ?? PARAMETER_DIGITS);
          expect(result.degreesOfFreedom).toBe(problem.x.length - p0.length);
        });
      }
    }
  }

  for (const [name, path] of Object.entries(NIST_FILES)) {
    it(`${name} with linearSolver "qr" (pure Householder QR steps) from both starts`, () => {
      const problem = readNist(path, name);
      const { x, y, nist } = nistFitInputs(problem);
      for (const p0 of [problem.start1, problem.start2]) {
        const result = curveFit(nist.model, x, y, p0, { ...TIGHT, jacobian: nist.jacobian, linearSolver: "qr" });
        expect(result.converged).toBe(true);
        problem.certified.forEach((c, j) => expect(lre(result.parameters[j]!, c), `b${j + 1}`).toBeGreaterThanOrEqual(PARAMETER_DIGITS));
        const seDigits = SE_EXCEPTIONS[name] ?? SE_DIGITS;
        problem.certifiedSe.forEach((c, j) => expect(lre(result.standardErrors[j]!, c), `se b${j + 1}`).toBeGreaterThanOrEqual(seDigits));
      }
    });
  }

  it("reads every data row of the certificate", () => {
    // Observation counts from the certificates' "Number of Observations" lines.
    const counts: Record<string, number> = {
      Chwirut2: 54, Gauss1: 250, Gauss2: 250, Lanczos2: 24, MGH09: 11, Misra1a: 14, Thurber: 37, Roszman1: 25,
      MGH10: 16, Misra1b: 14, Misra1c: 14, Misra1d: 14, Lanczos1: 24, Lanczos3: 24, Chwirut1: 214, DanWood: 6,
      Gauss3: 250, Kirby2: 151, Hahn1: 236, ENSO: 168, Nelson: 128, MGH17: 33, Eckerle4: 35, Rat42: 9, Rat43: 15,
      BoxBOD: 6, Bennett5: 154,
    };
    for (const [name, path] of Object.entries(NIST_FILES)) expect(readNist(path, name).x.length, name).toBe(counts[name]);
  });

  it("covers all 27 StRD nonlinear regression problems, with a model for each", () => {
    expect(Object.keys(NIST_FILES)).toHaveLength(27);
    for (const name of Object.keys(NIST_FILES)) expect(name === "Nelson" || NIST_MODELS[name] !== undefined, name).toBe(true);
    // Nelson is the only two-predictor problem (log y = b1 - b2 x1 exp(-b3 x2))
    expect(readNist(NIST_FILES["Nelson"]!, "Nelson").x2).toHaveLength(128);
  });

  it("BoxBOD start 1 with finite differences: the MINPACK plateau, flagged as rank deficient (not a silent answer)", () => {
    // From b = (1, 1) the first Gauss-Newton step (the same with analytic and difference Jacobians)
    // lands at b2 ~ 111, where exp(-b2 x) < 1e-48: the model is the constant b1 and the difference
    // quotient for b2 is exactly 0. LM then fits b1 = mean(y) = 172.5 on that plateau. MINPACK does the
    // same: scipy.optimize.leastsq (lmdif, diag mode 1 = this engine's scaling) from (1, 1) returns
    // b = (172.49999969, 110.94891272), RSS 9771.5, info 1 and no covariance (singular); lmder with the
    // analytic Jacobian stops at (172.5, 87.898), RSS 9771.5. Our analytic fit escapes (tested above).
    const problem = readNist(NIST_FILES["BoxBOD"]!, "BoxBOD");
    const { x, y } = nistFitInputs(problem);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const plateauRss = y.reduce((a, v) => a + (v - mean) ** 2, 0);
    for (const finiteDifference of ["forward", "central"] as const) {
      const result = curveFit(NIST_MODELS["BoxBOD"]!.model, x, y, problem.start1, { ...TIGHT, finiteDifference });
      // the caller is told: b2 is undetermined at this point and has no standard error
      expect(result.singular).toBe(true);
      expect(result.undetermined).toEqual([1]);
      expect(Number.isNaN(result.standardErrors[1]!)).toBe(true);
      expect(result.message).toContain("rank deficient");
      // and the point is the constant-model plateau, far from the certified minimum (RSS 1168.0)
      const PLATEAU_RTOL = 1e-9; // b1 and the RSS of the constant fit are exact up to rounding
      expect(Math.abs(result.parameters[0]! - mean) / mean).toBeLessThan(PLATEAU_RTOL);
      expect(Math.abs(result.chiSquare - plateauRss) / plateauRss).toBeLessThan(PLATEAU_RTOL);
      expect(result.parameters[1]!).toBeGreaterThan(50);
      // start 2 with the same differences reaches the certified values (main loop)
    }
  });

  it("default tolerances still give 4 digits on the hardest local problems (MGH09, Thurber)", () => {
    for (const name of ["MGH09", "Thurber"]) {
      const problem = readNist(NIST_FILES[name]!, name);
      const result = curveFit(NIST_MODELS[name]!.model, problem.x, problem.y, problem.start1, { jacobian: NIST_MODELS[name]!.jacobian });
      expect(result.converged).toBe(true);
      // scipy-like defaults stop on a relative chi-square reduction of 1.5e-8: ~4 digits here
      const DEFAULT_DIGITS = 3.9;
      problem.certified.forEach((c, j) => expect(lre(result.parameters[j]!, c)).toBeGreaterThanOrEqual(DEFAULT_DIGITS));
    }
  });
});
