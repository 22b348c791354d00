import { describe, expect, it } from "vitest";
import { CIRCUIT_ELEMENTS, createCircuit, evaluateCircuit } from "../src/index.js";

// Reference values: impedance.py impedance/tests/test_circuit_elements.py (test_each_element),
// parameters [0.1, 0.2, 0.3, 0.4][:n] at f = [0.001, 1, 1000] Hz. impedance.py checks them
// with np.isclose (rtol 1e-5, atol 1e-8); several are printed with only 6-9 digits.
const FREQS = [0.001, 1.0, 1000];
const INPUT = [0.1, 0.2, 0.3, 0.4];
const REFERENCE: Record<string, [number, number][]> = {
  R: [[0.1, 0], [0.1, 0], [0.1, 0]],
  C: [[0, -1591.5494309189532], [0, -1.5915494309189535], [0, -0.0015915494309189533]],
  L: [[0, 0.000628319], [0, 0.628319], [0, 628.319]],
  W: [[1.26156626, -1.26156626], [0.03989423, -0.03989423], [0.00126157, -0.00126157]],
  Wo: [[0.033333332999112786, -79.57747433847442], [0.03300437046673635, -0.08232866785870396], [0.0019947114020071634, -0.0019947114020071634]],
  Ws: [[0.09999998, -4.18878913e-5], [0.08327519, -3.33838167e-2], [0.00199471, -1.9947114e-3]],
  CPE: [[26.216236841407248, -8.51817171087997], [6.585220960717244, -2.139667994182814], [1.6541327179718126, -0.537460300252313]],
  G: [[0.09999994078244179, -0.00006283179105931961], [0.07107755021941357, -0.03427465211788068], [0.00199550459845528, -0.0019939172581851707]],
  Gs: [[0.3432733166533134, -0.00041895248193532704], [0.1391819314527732, -0.16248466787637972], [0.0019955029598887875, -0.0019939170758457437]],
  T: [[1.00041, -0.00837309], [0.0156037, -0.114062], [0.00141056, -0.00141039]],
  K: [[0.099999842086579, -0.000125663507704], [0.038772663673915, -0.048723166143232], [6.332569967499333e-8, -7.957742115295703e-5]],
  // TLMQ: values from the issue (impedance.py TLMQ at [0.1, 0.2, 0.3]), 5 significant digits.
  TLMQ: [[20.422, -10.389], [2.6001, -1.3079], [0.35594, -0.16492]],
};

describe("elements vs impedance.py reference values", () => {
  for (const [symbol, expected] of Object.entries(REFERENCE)) {
    it(symbol, () => {
      const def = CIRCUIT_ELEMENTS[symbol]!;
      const circuit = createCircuit(`${symbol}0`);
      const z = evaluateCircuit(circuit, FREQS, INPUT.slice(0, def.parameterNames.length));
      expected.forEach(([re, im], i) => {
        const scale = Math.hypot(re, im);
        // impedance.py's own tolerance is rtol 1e-5; the printed references carry 5-17 digits,
        // so compare relative to |Z| at half a unit of the last printed digit (<= 6e-5 relative).
        const rtol = 6e-5;
        expect(Math.abs(z.zReal[i]! - re)).toBeLessThanOrEqual(rtol * scale + 1e-8);
        expect(Math.abs(z.zImag[i]! - im)).toBeLessThanOrEqual(rtol * scale + 1e-8);
      });
    });
  }
});

describe("TLMQ", () => {
  it("matches impedance.py's TLMQ([0.1, 0.2, 0.3]) to every digit shown in the issue", () => {
    const z = evaluateCircuit(createCircuit("TLMQ0"), [1e-3, 1, 1e3], [0.1, 0.2, 0.3]);
    // [value, number of decimals shown]; each must round to the shown digits.
    const shown: [number, number, number, number][] = [
      [20.422, -10.389, 3, 3],
      [2.6001, -1.3079, 4, 4],
      [0.35594, -0.16492, 5, 5],
    ];
    shown.forEach(([re, im, dRe, dIm], i) => {
      expect(z.zReal[i]!.toFixed(dRe)).toBe(re.toFixed(dRe));
      expect(z.zImag[i]!.toFixed(dIm)).toBe(im.toFixed(dIm));
    });
  });

  it("has the low-frequency real-axis limit R_HFR + R_ion / 3", () => {
    const rHfr = 12;
    const rIon = 144;
    const circuit = createCircuit("R0-TLMQ0");
    // alpha = 1: Z -> R_HFR + R_ion/3 + 1/(j omega Q), so Re Z -> R_HFR + R_ion/3 exactly.
    const ideal = evaluateCircuit(circuit, [1e-7], [rHfr, rIon, 2e-4, 1]);
    // Next term of the expansion is O(R_ion (omega R_ion Q)) ~ 1e-8 relative at 1e-7 Hz.
    const rtol = 1e-7;
    expect(Math.abs(ideal.zReal[0]! - (rHfr + rIon / 3))).toBeLessThanOrEqual(rtol * (rHfr + rIon / 3));
    // alpha < 1: the CPE adds cos(alpha pi/2)/(Q omega^alpha) to Re Z; removing it leaves the same limit.
    const alpha = 0.9;
    const q = 2e-4;
    const f = 1e-7;
    const z = evaluateCircuit(circuit, [f], [rHfr, rIon, q, alpha]);
    const omega = 2 * Math.PI * f;
    const cpeRe = Math.cos((alpha * Math.PI) / 2) / (q * Math.pow(omega, alpha));
    expect(Math.abs(z.zReal[0]! - cpeRe - (rHfr + rIon / 3))).toBeLessThanOrEqual(1e-5 * (rHfr + rIon / 3));
  });

  it("tends to sqrt(R_ion Z_Q) (semi-infinite line, 45 degree branch) at high frequency", () => {
    const [rIon, q, alpha] = [144, 2e-4, 1];
    const f = 1e6;
    const z = evaluateCircuit(createCircuit("TLMQ0"), [f], [rIon, q, alpha]);
    const omega = 2 * Math.PI * f;
    // sqrt(R_ion / (j omega Q)) = sqrt(R_ion / (omega Q)) (1 - j) / sqrt(2); coth -> 1 to 1e-100
    const m = Math.sqrt(rIon / (omega * q)) / Math.SQRT2;
    const rtol = 1e-12;
    expect(Math.abs(z.zReal[0]! - m)).toBeLessThanOrEqual(rtol * m);
    expect(Math.abs(z.zImag[0]! + m)).toBeLessThanOrEqual(rtol * m);
  });

  it("stays finite for huge and tiny arguments", () => {
    const z = evaluateCircuit(createCircuit("TLMQ0-Wo0-T0-Gs0"), [1e-9, 1e12], [1e6, 10, 1, 3, 1e4, 2, 1, 1e3, 1e4, 5, 1e3, 50]);
    for (const v of [...z.zReal, ...z.zImag]) expect(Number.isFinite(v)).toBe(true);
  });
});

describe("TLMRQ", () => {
  it("reduces to TLMQ when R_ct is huge and to sqrt(R_ion R_ct) coth(sqrt(R_ion/R_ct)) at low frequency", () => {
    const f = [1e-3, 1, 1e3];
    const a = evaluateCircuit(createCircuit("TLMRQ0"), f, [0.1, 1e12, 0.2, 0.3]);
    const b = evaluateCircuit(createCircuit("TLMQ0"), f, [0.1, 0.2, 0.3]);
    // 1/R_ct = 1e-12 against |Q (j omega)^alpha| >= 0.02: relative change <= 1e-10
    const rtol = 1e-9;
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(a.zReal[i]! - b.zReal[i]!)).toBeLessThanOrEqual(rtol * Math.abs(b.zReal[i]!));
      expect(Math.abs(a.zImag[i]! - b.zImag[i]!)).toBeLessThanOrEqual(rtol * Math.abs(b.zImag[i]!));
    }
    const [rIon, rCt] = [80, 300];
    const low = evaluateCircuit(createCircuit("TLMRQ0"), [1e-9], [rIon, rCt, 5e-4, 0.9]);
    const x = Math.sqrt(rIon / rCt);
    const expected = (Math.sqrt(rIon * rCt) * Math.cosh(x)) / Math.sinh(x);
    // the CPE admittance at 1e-9 Hz is ~1e-11 S against 1/R_ct = 3e-3 S
    expect(Math.abs(low.zReal[0]! - expected)).toBeLessThanOrEqual(1e-6 * expected);
  });
});
