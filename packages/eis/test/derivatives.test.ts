import { describe, expect, it } from "vitest";
import { CIRCUIT_ELEMENTS, createCircuit, evaluateCircuit } from "../src/index.js";

// Central differences with h = 1e-6 |p| have truncation error ~h^2 |Z'''| (relative ~1e-12)
// and rounding error ~eps |Z| / h = 2e-10 |Z| / |p|: compare within 1e-6 of the gradient plus
// a rounding floor of 1e-8 |Z| / |p| (50x the expected rounding error).
const rtol = 1e-6;
const roundingFloor = 1e-8;

const FREQS = [1e-3, 0.05, 1, 37, 1e3, 2e5];

// Parameter sets chosen so that each element is in its interesting (curved) regime.
const PARAMS: Record<string, number[]> = {
  R: [3.3],
  C: [2e-4],
  L: [1e-6],
  CPE: [1.5e-3, 0.83],
  W: [12],
  Wo: [5, 0.4],
  Ws: [5, 0.4],
  G: [7, 0.02],
  Gs: [7, 0.02, 1.3],
  K: [4, 3e-3],
  TLMQ: [144, 2e-4, 0.92],
  TLMRQ: [80, 300, 5e-4, 0.88],
  T: [2, 0.5, 0.3, 0.05],
};

function checkGradients(text: string, p: number[]): void {
  const circuit = createCircuit(text);
  const analytic = evaluateCircuit(circuit, FREQS, p, { jacobian: true });
  const n = FREQS.length;
  for (let j = 0; j < p.length; j++) {
    const h = 1e-6 * Math.abs(p[j]!);
    const plus = p.slice();
    const minus = p.slice();
    plus[j]! += h;
    minus[j]! -= h;
    const zp = evaluateCircuit(circuit, FREQS, plus);
    const zm = evaluateCircuit(circuit, FREQS, minus);
    for (let i = 0; i < n; i++) {
      const fdRe = (zp.zReal[i]! - zm.zReal[i]!) / (2 * h);
      const fdIm = (zp.zImag[i]! - zm.zImag[i]!) / (2 * h);
      const aRe = analytic.jacobianReal![j * n + i]!;
      const aIm = analytic.jacobianImag![j * n + i]!;
      const floor = (roundingFloor * Math.hypot(analytic.zReal[i]!, analytic.zImag[i]!)) / Math.abs(p[j]!);
      const scale = Math.hypot(fdRe, fdIm);
      expect(Math.abs(aRe - fdRe), `${text} d/d${circuit.parameterNames[j]} Re at ${FREQS[i]} Hz`).toBeLessThanOrEqual(rtol * scale + floor);
      expect(Math.abs(aIm - fdIm), `${text} d/d${circuit.parameterNames[j]} Im at ${FREQS[i]} Hz`).toBeLessThanOrEqual(rtol * scale + floor);
    }
  }
}

describe("analytic derivatives vs central finite differences", () => {
  it("covers every element", () => {
    expect(Object.keys(PARAMS).sort()).toEqual(Object.keys(CIRCUIT_ELEMENTS).sort());
  });
  for (const [symbol, p] of Object.entries(PARAMS)) {
    it(symbol, () => checkGradients(`${symbol}1`, p));
  }
  it("series and nested parallel composition", () => {
    checkGradients("R0-p(R1,CPE1)-p(R2-Wo1,C2)-L0", [10, 50, 1e-5, 0.85, 20, 30, 2, 1e-3, 1e-7]);
    checkGradients("p(R1,p(C1,R2-TLMQ1),G1)", [100, 1e-6, 5, 80, 3e-4, 0.9, 40, 0.01]);
  });
});
