import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertPattern, convertValue, createPattern, dFromEnergy, dFromTwoTheta, energyFromD, energyFromWavelength, InvalidParameterError, twoThetaFromD } from "../src/index.js";

describe("axis conversions (science.md section 2 reference numbers)", () => {
  it("0.24117 A is 51.41 keV", () => {
    // science.md quotes 51.41 keV (4 significant digits), so 5e-3 keV absolute.
    expect(energyFromWavelength(0.24117)).toBeCloseTo(51.41, 2);
  });
  it("EDXRD window at 2theta = 2.29 deg: 3.8 A <-> 81.6 keV, 5.2 A <-> 59.7 keV", () => {
    // science.md gives one decimal in keV: atol 0.05 keV.
    expect(Math.abs(energyFromD(3.8, 2.29) - 81.6)).toBeLessThan(0.05);
    expect(Math.abs(energyFromD(5.2, 2.29) - 59.7)).toBeLessThan(0.05);
    expect(dFromEnergy(energyFromD(4.368, 2.29), 2.29)).toBeCloseTo(4.368, 12);
  });
  it("Bragg: CeO2 (111) at 0.4066 A", () => {
    // d(111) = a / sqrt(3) with a = 5.411651 A (NIST SRM 674b); exact identity to round-off.
    const d = 5.411651 / Math.sqrt(3);
    const tt = twoThetaFromD(d, 0.4066);
    expect(dFromTwoTheta(tt, 0.4066)).toBeCloseTo(d, 12);
    expect(twoThetaFromD(0.1, 0.4066)).toBeNaN();
  });
  it("round trips between all physical axes (property)", () => {
    const kinds = ["twoTheta", "q", "d", "energy"] as const;
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 20, noNaN: true }), fc.constantFrom(...kinds), fc.constantFrom(...kinds), (d, a, b) => {
        const g = { wavelengthAngstrom: 0.24117, twoThetaDeg: 2.29 };
        const va = convertValue(d, "d", a, g).value;
        const vb = convertValue(va, a, b, g).value;
        const back = convertValue(vb, b, "d", g).value;
        // rtol 1e-10: three chained closed-form conversions in double precision.
        expect(Math.abs(back - d) / d).toBeLessThan(1e-10);
      }),
    );
  });
  it("analytic derivatives match central differences", () => {
    const g = { wavelengthAngstrom: 0.4066, twoThetaDeg: 2.29 };
    const cases: Array<[number, "twoTheta" | "q" | "d" | "energy", "twoTheta" | "q" | "d" | "energy"]> = [
      [8.5, "twoTheta", "d"], [4.2, "d", "twoTheta"], [70, "energy", "d"], [4.4, "d", "energy"],
      [1.5, "q", "twoTheta"], [12, "twoTheta", "energy"], [60, "energy", "q"],
    ];
    for (const [v, from, to] of cases) {
      const h = v * 1e-6;
      const fd = (convertValue(v + h, from, to, g).value - convertValue(v - h, from, to, g).value) / (2 * h);
      const c = convertValue(v, from, to, g, 0.01);
      // rtol 1e-7: central-difference truncation error O(h^2) ~ 1e-12 plus round-off ~ 1e-10/h.
      expect(Math.abs(c.derivative - fd) / Math.abs(fd)).toBeLessThan(1e-7);
      expect(c.sigma).toBeCloseTo(Math.abs(fd) * 0.01, 8);
    }
  });
  it("needs the geometry it uses", () => {
    expect(() => convertValue(70, "energy", "d", {})).toThrow(InvalidParameterError);
    expect(() => convertValue(10, "twoTheta", "q", { twoThetaDeg: 2 })).toThrow(/wavelength/);
    expect(() => convertValue(10, "channel", "d", {})).toThrow(/calibration/);
  });
});

describe("convertPattern", () => {
  const p = createPattern({
    axis: "energy",
    x: [60, 70, 80],
    y: [10, 20, 30],
    sigma: [1, 2, 3],
    meta: { twoThetaDeg: 2.29 },
  });
  it("energy -> d reverses to ascending d and keeps counts", () => {
    const q = convertPattern(p, "d");
    expect(q.axis).toBe("d");
    expect(q.x[0]).toBeLessThan(q.x[2]!);
    expect([...q.y]).toEqual([30, 20, 10]);
    expect([...q.sigma!]).toEqual([3, 2, 1]);
    expect(p.x[0]).toBe(60); // input untouched
  });
  it("density convention scales y and sigma by |dE/dd|", () => {
    const q = convertPattern(p, "d", { intensity: "density" });
    const e = 80;
    const d = dFromEnergy(e, 2.29);
    expect(q.y[0]).toBeCloseTo(30 * (e / d), 9);
    expect(q.sigma![0]).toBeCloseTo(3 * (e / d), 9);
  });
});
