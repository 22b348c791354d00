import { createRng, FWHM_PER_SIGMA, twoThetaFromD } from "@operando/core";
import { describe, expect, it } from "vitest";
import { simulateAdxrd } from "../src/index.js";

const base = {
  wavelengthAngstrom: 0.24117, // APS 17-BM-B (science.md section 1)
  twoThetaStartDeg: 2,
  twoThetaEndDeg: 12,
  stepDeg: 0.001,
  caglioti: { u: 0.002, v: -0.001, w: 0.0004 },
};

function window(y: Float64Array, x: Float64Array, center: number, half: number) {
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - center) <= half) { s0 += y[i]!; s1 += x[i]! * y[i]!; }
  const mean = s1 / s0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - center) <= half) s2 += (x[i]! - mean) ** 2 * y[i]!;
  return { sum: s0, mean, variance: s2 / s0 };
}

describe("simulateAdxrd", () => {
  const { pattern, peaks } = simulateAdxrd({ ...base, zeroShiftDeg: 0.01, phases: [{ material: "CeO2" }], countScale: 1e-3 });

  it("returns a twoTheta pattern with wavelength metadata and Poisson sigma", () => {
    expect(pattern.axis).toBe("twoTheta");
    expect(pattern.meta.wavelengthAngstrom).toBe(0.24117);
    expect(pattern.x[0]).toBe(2);
    expect(pattern.x[pattern.x.length - 1]).toBeCloseTo(12, 9);
    expect(pattern.sigma![500]).toBeCloseTo(Math.sqrt(Math.max(1, pattern.y[500]!)), 12);
  });

  it("places CeO2 peaks at 2theta(d) + zero shift, with Caglioti widths and LP-weighted areas", () => {
    // centroid of an exactly bin-integrated symmetric Gaussian: error << step
    const atolDeg = 1e-5;
    const rtolArea = 1e-8;
    const rtolWidth = 1e-3;
    const first = peaks.slice(0, 4);
    expect(first.map((p) => `${p.h}${p.k}${p.l}`)).toEqual(["111", "200", "220", "311"]);
    for (const p of first) {
      const tt = twoThetaFromD(p.dAngstrom, 0.24117) + 0.01;
      expect(p.twoThetaDeg).toBeCloseTo(tt, 12);
      const m = window(pattern.y, pattern.x, tt, 8 * p.fwhmDeg);
      expect(Math.abs(m.mean - tt)).toBeLessThan(atolDeg);
      expect(Math.abs(m.sum - p.integratedCounts) / p.integratedCounts).toBeLessThan(rtolArea);
      const theta = ((tt - 0.01) * Math.PI) / 360;
      const fwhm = Math.sqrt(0.002 * Math.tan(theta) ** 2 - 0.001 * Math.tan(theta) + 0.0004);
      expect(Math.abs(Math.sqrt(m.variance - base.stepDeg ** 2 / 12) * FWHM_PER_SIGMA - fwhm) / fwhm).toBeLessThan(rtolWidth);
      const lp = (1 + Math.cos(2 * theta) ** 2) / 2 / (Math.sin(theta) ** 2 * Math.cos(theta));
      expect(p.lorentzPolarization).toBeCloseTo(lp, 8);
    }
  });

  it("TCH with zero Lorentzian width reduces to the Gaussian; polarization at chi = 90 deg raises the factor", () => {
    const g = simulateAdxrd({ ...base, tch: { x: 0, y: 0 }, phases: [{ material: "Si" }] });
    expect(g.peaks[0]!.eta).toBe(0);
    const l = simulateAdxrd({ ...base, tch: { x: 0.01, y: 0 }, phases: [{ material: "Si" }] });
    expect(l.peaks[0]!.eta).toBeGreaterThan(0.2);
    const pol = simulateAdxrd({ ...base, polarization: { fraction: 1, azimuthDeg: 90 }, phases: [{ material: "Si" }] });
    expect(pol.peaks[0]!.lorentzPolarization).toBeGreaterThan(g.peaks[0]!.lorentzPolarization);
  });

  it("adds a polynomial background and Poisson noise reproducibly", () => {
    const a = simulateAdxrd({ ...base, background: { polynomial: [50, -2] }, phases: [{ material: "LaB6" }], countScale: 1e-3, noise: { rng: createRng(11) } });
    const b = simulateAdxrd({ ...base, background: { polynomial: [50, -2] }, phases: [{ material: "LaB6" }], countScale: 1e-3, noise: { rng: createRng(11) } });
    expect(a.pattern.y).toEqual(b.pattern.y);
    expect(a.pattern.y.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });

  it("rejects invalid options by name", () => {
    expect(() => simulateAdxrd({ ...base, wavelengthAngstrom: 0, phases: [{ material: "Si" }] })).toThrow(/wavelengthAngstrom/);
    expect(() => simulateAdxrd({ ...base, twoThetaEndDeg: 1, phases: [{ material: "Si" }] })).toThrow(/twoThetaEndDeg/);
    expect(() => simulateAdxrd({ ...base, caglioti: { u: 0, v: 0, w: -1 }, phases: [{ material: "Si" }] })).toThrow(/caglioti/);
    expect(() => simulateAdxrd({ ...base, lorentzianFraction: 2, phases: [{ material: "Si" }] })).toThrow(/lorentzianFraction/);
    expect(() => simulateAdxrd({ ...base, phases: [{ material: "NaCl" }] })).toThrow(/calibrant/);
  });
});
