import { createRng } from "@operando/core";
import { describe, expect, it } from "vitest";
import { simulateEdxrd } from "../src/index.js";

describe("EDXRD noise statistics over many seeds", () => {
  it("windowed peak counts are unbiased with Poisson variance (200 seeds)", () => {
    const options = {
      twoThetaDeg: 2.29,
      channelCount: 4096,
      energyCalibration: { offsetKeV: 20, slopeKeV: 0.03, quadraticKeV: 0 },
      resolution: { electronicNoiseFwhmKeV: 0.15 },
      incidentSpectrum: () => 1,
      phases: [{ reflections: [{ dAngstrom: 4.368, intensity: 1 }] }],
      countScale: 500,
      background: { polynomial: [3] },
    };
    const truth = simulateEdxrd(options);
    const peak = truth.peaks[0]!;
    const c = Math.round(peak.channel);
    const w = 40;
    let expected = 0;
    for (let i = c - w; i <= c + w; i++) expected += truth.pattern.y[i]!;
    const seeds = 200;
    const sums: number[] = [];
    for (let s = 0; s < seeds; s++) {
      const y = simulateEdxrd({ ...options, noise: { rng: createRng(1000 + s) } }).pattern.y;
      let t = 0;
      for (let i = c - w; i <= c + w; i++) t += y[i]!;
      sums.push(t);
    }
    const mean = sums.reduce((a, b) => a + b, 0) / seeds;
    const variance = sums.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1);
    // mean: sd = sqrt(expected / seeds); variance estimate: relative sd ~ sqrt(2 / (seeds - 1)) = 0.1
    expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(expected / seeds));
    expect(Math.abs(variance / expected - 1)).toBeLessThan(5 * Math.sqrt(2 / (seeds - 1)));
  });
});
