import { describe, expect, it } from "vitest";
import { createPattern, createRng, createSeries, InvalidParameterError, logGamma, ParseError, poissonSigma, seriesLayer, seriesLayers } from "../src/index.js";

describe("errors", () => {
  it("ParseError names file, line and column", () => {
    const e = new ParseError({ file: "a.xy", line: 12, column: 3, expected: "a number", found: "abc" });
    expect(e.message).toBe('a.xy:12:3: expected a number, found "abc"');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("ParseError");
    const b = new ParseError({ file: "b.h5", offset: 512, expected: "HDF5 signature", found: "xx", cause: e });
    expect(b.message.startsWith("b.h5@512")).toBe(true);
    expect(b.cause).toBe(e);
  });
});

describe("Pattern and Series", () => {
  it("validates lengths and sigma", () => {
    expect(() => createPattern({ axis: "d", x: [1, 2], y: [1] })).toThrow(InvalidParameterError);
    expect(() => createPattern({ axis: "d", x: [1], y: [1], sigma: [-1] })).toThrow(/sigma\[0\]/);
    expect(() => createPattern({ axis: "bogus" as "d", x: [], y: [] })).toThrow(/axis/);
  });
  it("groups by layer and orders by time", () => {
    const mk = (layer: number, timeS: number) => createPattern({ axis: "energy", x: [1], y: [1], meta: { layer, timeS } });
    const s = createSeries([mk(2, 40), mk(1, 0), mk(2, 0), mk(1, 40)]);
    expect(seriesLayers(s)).toEqual([1, 2]);
    expect(seriesLayer(s, 2).map((p) => p.meta.timeS)).toEqual([0, 40]);
    expect(() => createSeries([mk(1, 0), createPattern({ axis: "d", x: [1], y: [1] })])).toThrow(/axis/);
  });
  it("poissonSigma floors at 1 count", () => {
    expect([...poissonSigma([0, 4, 100])]).toEqual([1, 2, 10]);
  });
});

describe("seeded RNG", () => {
  it("is reproducible", () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 10; i++) expect(a.uniform()).toBe(b.uniform());
  });
  it("normal and poisson moments", () => {
    const rng = createRng(123);
    const n = 20000;
    for (const mean of [0.7, 4, 25, 1500]) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const k = rng.poisson(mean);
        s += k;
        s2 += k * k;
      }
      const m = s / n;
      const v = s2 / n - m * m;
      // 99.9 % band: the sample mean has sd sqrt(mean/n); 3.3 sd. Variance within 6 %
      // (sd of the sample variance ~ mean*sqrt(2/n) ~ 1 %).
      expect(Math.abs(m - mean)).toBeLessThan(3.3 * Math.sqrt(mean / n));
      expect(Math.abs(v / mean - 1)).toBeLessThan(0.06);
    }
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(3.3 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });
  it("logGamma matches factorials", () => {
    // ln(10!) = ln(3628800); Lanczos g=7 is accurate to ~1e-14 relative.
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });
});
