import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FitError, HC_KEV_ANGSTROM, InvalidParameterError, energyFromD } from "@operando/core";
import {
  channelAt,
  createEnergyPolynomial,
  dSpacingAt,
  energyAt,
  energyPolynomialFromAnchors,
  energyPolynomialFromHeader,
  fitEnergyPolynomial,
  fitJointCalibration,
  fitTwoTheta,
} from "../src/index.js";
import type { EnergyDispersiveCalibration, EnergyPoint } from "../src/index.js";

const TRUE = createEnergyPolynomial([0.05, 0.0245, 1e-8]);
const chOf = (e: number) => channelAt(TRUE, e);
const LINES: EnergyPoint[] = [34.7196, 39.2576, 59.5409, 88.0336].map((e, i) => ({ label: `L${i}`, channel: chOf(e), channelSigma: 0.05, energyKeV: e }));
const DS = [3.1244, 2.7058, 1.9133, 1.6316, 1.5622, 1.3529];
const BRAGG = DS.map((d, i) => ({ label: `B${i}`, channel: chOf(energyFromD(d, 2.29)), channelSigma: 0.1, dAngstrom: d }));

describe("fitEnergyPolynomial", () => {
  it("recovers exact coefficients from exact points", () => {
    const fit = fitEnergyPolynomial(LINES, { degree: 2 });
    const rtol = 1e-9; // exact data: only rounding
    TRUE.coefficients.forEach((c, k) => expect(Math.abs(fit.polynomial.coefficients[k]! - c)).toBeLessThan(rtol * Math.max(Math.abs(c), 1e-6)));
    expect(fit.degreesOfFreedom).toBe(1);
  });
  it("gives energy sigma consistent with the coefficient covariance (degree 1, two points)", () => {
    // Two points, each channel sigma s, gain g: sigma_E at either point = g s exactly.
    const pts = [
      { label: "a", channel: 1000, channelSigma: 0.5, energyKeV: 10 },
      { label: "b", channel: 2000, channelSigma: 0.5, energyKeV: 20 },
    ];
    const fit = fitEnergyPolynomial(pts);
    const atol = 1e-12;
    expect(Math.abs(energyAt(fit.polynomial, 1000).sigmaKeV - 0.005)).toBeLessThan(atol);
    expect(energyAt(fit.polynomial, 1500).sigmaKeV).toBeCloseTo(0.005 / Math.SQRT2, 12);
  });
  it("rejects too few lines for the degree, bad degree and repeated channels", () => {
    expect(() => fitEnergyPolynomial(LINES.slice(0, 2), { degree: 2 })).toThrow(/at least 3 lines/);
    expect(() => fitEnergyPolynomial(LINES, { degree: 4 })).toThrow(InvalidParameterError);
    expect(() => fitEnergyPolynomial([LINES[0]!, { ...LINES[0]!, label: "dup" }])).toThrow(/distinct channels/);
  });
  it("rejects an assignment that makes E decrease", () => {
    const bad = [
      { label: "a", channel: 1000, channelSigma: 0.1, energyKeV: 20 },
      { label: "b", channel: 2000, channelSigma: 0.1, energyKeV: 10 },
    ];
    expect(() => fitEnergyPolynomial(bad)).toThrow(FitError);
  });
});

describe("starting calibrations", () => {
  it("rejects nonsense header calibrations with the parameter name", () => {
    expect(() => energyPolynomialFromHeader({ offsetKeV: 0, slopeKeV: 0, quadraticKeV: 0 }, 2048)).toThrow(/meta.energyCalibration.slopeKeV/);
    expect(() => energyPolynomialFromHeader({ offsetKeV: 0, slopeKeV: -0.01, quadraticKeV: 0 }, 2048)).toThrow(InvalidParameterError);
    // Increasing at first, decreasing before the last channel.
    expect(() => energyPolynomialFromHeader({ offsetKeV: 0, slopeKeV: 0.01, quadraticKeV: -1e-5 }, 2048)).toThrow(/increases over channels/);
    expect(() => energyPolynomialFromAnchors([{ channel: 10, energyKeV: 5 }, { channel: 10, energyKeV: 6 }])).toThrow(InvalidParameterError);
  });
});

describe("fitTwoTheta and fitJointCalibration", () => {
  it("joint fit recovers coefficients and 2theta from exact points", () => {
    const fit = fitJointCalibration(LINES, BRAGG, { degree: 2 });
    expect(fit.singular).toBe(false);
    const atol = 1e-9; // deg, exact data
    expect(Math.abs(fit.parameters[3]! - 2.29)).toBeLessThan(atol);
    expect(fit.covariance.every(Number.isFinite)).toBe(true);
  });
  it("angle-only fit propagates the energy covariance into sigma(2theta)", () => {
    const energy = fitEnergyPolynomial(LINES.map((l) => ({ ...l, channelSigma: 1 })), { degree: 2, scaleCovariance: "never" });
    const withCov = fitTwoTheta(BRAGG, energy.polynomial);
    const without = fitTwoTheta(BRAGG, createEnergyPolynomial(energy.polynomial.coefficients));
    expect(Math.abs(withCov.twoThetaDeg - 2.29)).toBeLessThan(1e-9);
    expect(withCov.twoThetaSigmaDeg).toBeGreaterThan(2 * without.twoThetaSigmaDeg);
  });
  it("reports the gain/offset/2theta degeneracy of Bragg peaks alone", () => {
    const fit = fitJointCalibration([], BRAGG, { degree: 1 });
    expect(fit.singular).toBe(true);
    expect(fit.undetermined).toEqual(["a0", "a1", "twoThetaDeg"]);
    expect(fit.conditionNumber).toBe(Number.POSITIVE_INFINITY);
    expect(fit.parameters.every(Number.isNaN)).toBe(true);
    expect(fit.degeneracy).toMatch(/not determined/);
  });
  it("one line fixes the scale: offset, gain and 2theta are then determined", () => {
    const lin = createEnergyPolynomial([0.05, 0.0245]);
    const pts = DS.map((d, i) => ({ label: `B${i}`, channel: channelAt(lin, energyFromD(d, 2.29)), channelSigma: 0.1, dAngstrom: d }));
    const fit = fitJointCalibration([{ label: "Am", channel: channelAt(lin, 59.5409), channelSigma: 0.05, energyKeV: 59.5409 }], pts, { degree: 1 });
    expect(fit.singular).toBe(false);
    expect(fit.parameters[2]).toBeCloseTo(2.29, 9);
  });
});

describe("properties", () => {
  const cal: EnergyDispersiveCalibration = {
    kind: "energy-dispersive",
    coefficients: [0.05, 0.0244, 2e-8],
    covariance: [1e-6, -1e-10, 0, -1e-10, 1e-13, 0, 0, 0, 1e-20],
    twoThetaDeg: 2.29,
    twoThetaSigmaDeg: 2e-4,
    coefficientTwoThetaCovariance: [0, 0, 0],
    chiSquare: 0,
    degreesOfFreedom: 1,
    reducedChiSquare: 0,
    conditionNumber: 1,
    residuals: [],
    provenance: { method: "joint", lines: [], createdAt: "2024-01-01T00:00:00Z", software: "test", notes: [] },
  };
  it("d -> E -> channel -> E -> d round-trips", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.8, max: 6, noNaN: true }), (d) => {
        const e = HC_KEV_ANGSTROM / (2 * d * Math.sin((2.29 * Math.PI) / 360));
        const ch = channelAt(cal, e);
        const back = dSpacingAt(cal, ch).dAngstrom;
        return Math.abs(back - d) < 1e-10 * d; // rtol 1e-10: Newton inverse converged to 1e-10 channel
      }),
    );
  });
  it("calibration is invariant to the channel unit (rebinning by 2 and an index shift)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.05, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -100, max: 100 }), (gain, offset, shift) => {
        const base = createEnergyPolynomial([offset, gain]);
        const pts = [10, 20, 35, 50].map((e, i) => ({ label: `p${i}`, channel: channelAt(base, e), channelSigma: 0.3, energyKeV: e }));
        // Channels counted in half-width bins from another origin: c' = 2 c + shift.
        const scaled = pts.map((p) => ({ ...p, channel: 2 * p.channel + shift, channelSigma: 2 * p.channelSigma }));
        const a = fitEnergyPolynomial(pts, { scaleCovariance: "never" }).polynomial;
        const b = fitEnergyPolynomial(scaled, { scaleCovariance: "never" }).polynomial;
        const c = 1234.5;
        const ea = energyAt(a, c);
        const eb = energyAt(b, 2 * c + shift);
        const atol = 1e-9; // keV, exact data
        return Math.abs(ea.energyKeV - eb.energyKeV) < atol && Math.abs(ea.sigmaKeV - eb.sigmaKeV) < 1e-9 * Math.max(ea.sigmaKeV, 1e-12) + 1e-15;
      }),
      { numRuns: 50 },
    );
  });
});
