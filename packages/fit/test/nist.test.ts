import { describe, expect, it } from "vitest";
import type { CurveFitOptions } from "../src/index.js";
import { curveFit } from "../src/index.js";
import { NIST_MODELS, readNist } from "./helpers/nist.js";
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
// - Lanczos2/Lanczos3 with forward differences: ~5-7 digits (central: 7-10). The forward-difference
//   Jacobian error (~sqrt(eps)) shifts the fixed point of these very ill-conditioned problems.
// - Lanczos1: parameters to 10 digits, but its residuals (RSS 1.4e-25) are at the rounding level of
//   the float64 model evaluation, so the certified standard errors (computed in 128-bit) cannot be
//   reproduced in double precision: 3 digits (the same for the residual sum of squares).
const FORWARD_EXCEPTIONS: Record<string, number> = { Lanczos2: 5, Lanczos3: 4.5 };
const SE_EXCEPTIONS: Record<string, number> = { Lanczos1: 2.5 };

describe("NIST StRD nonlinear regression", () => {
  for (const [name, path] of Object.entries(NIST_FILES)) {
    const problem = readNist(path, name);
    const nist = NIST_MODELS[name]!;
    for (const start of [1, 2] as const) {
      for (const derivatives of ["analytic", "forward", "central"] as const) {
        it(`${name} from start ${start} with ${derivatives} derivatives`, () => {
          const p0 = start === 1 ? problem.start1 : problem.start2;
          const options: CurveFitOptions =
            derivatives === "analytic" ? { ...TIGHT, jacobian: nist.jacobian } : { ...TIGHT, finiteDifference: derivatives };
          const result = curveFit(nist.model, problem.x, problem.y, p0, options);
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
      const nist = NIST_MODELS[name]!;
      for (const p0 of [problem.start1, problem.start2]) {
        const result = curveFit(nist.model, problem.x, problem.y, p0, { ...TIGHT, jacobian: nist.jacobian, linearSolver: "qr" });
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
      MGH10: 16, Misra1b: 14, Misra1c: 14, Misra1d: 14, Lanczos1: 24, Lanczos3: 24,
    };
    for (const [name, path] of Object.entries(NIST_FILES)) expect(readNist(path, name).x.length, name).toBe(counts[name]);
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
