import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { calibrationToJson } from "@operando/calibrate";
import { createRng } from "@operando/core";
import { bendingMagnetSpectrum, simulateEdxrd } from "@operando/simulate";
import { getPhase } from "@operando/crystal";
import { runCli } from "../src/program.js";

function memoryIO() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += String(c)));
  stderr.on("data", (c) => (err += String(c)));
  return { io: { stdout, stderr, interactive: false }, out: () => out, err: () => err };
}

const calibration = {
  kind: "energy-dispersive" as const,
  coefficients: [0.05, 0.0195, 0],
  covariance: new Array<number>(9).fill(0),
  twoThetaDeg: 2.29,
  twoThetaSigmaDeg: 0,
  coefficientTwoThetaCovariance: [0, 0, 0],
  residuals: [],
  provenance: { method: "joint" as const, lines: [], createdAt: "2026-01-01T00:00:00Z", software: "test", notes: [] },
  chiSquare: 0,
  degreesOfFreedom: 0,
  reducedChiSquare: Number.NaN,
  conditionNumber: 1,
};

/** A temp dir with s.xy (one simulated alpha-V2O5 EDXRD spectrum, channel axis, optional fluorescence lines) and cal.json. */
async function writeAlphaSpectrum(seed: number, fluorescenceLines: { energyKeV: number; intensity: number }[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "quantify-"));
  const sim = simulateEdxrd({
    twoThetaDeg: 2.29,
    energyCalibration: { offsetKeV: 0.05, slopeKeV: 0.0195, quadraticKeV: 0 },
    resolution: { electronicNoiseFwhmKeV: 0.2 },
    incidentSpectrum: bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 }),
    phases: [{ phase: getPhase("alpha"), scale: 1e-3 }],
    background: () => 50,
    countScale: 2500,
    ...(fluorescenceLines.length > 0 ? { fluorescenceLines } : {}),
    noise: { rng: createRng(seed) },
  });
  await writeFile(join(dir, "s.xy"), Array.from(sim.pattern.x, (x, i) => `${x} ${sim.pattern.y[i]}`).join("\n"));
  await writeFile(join(dir, "cal.json"), calibrationToJson(calibration));
  return dir;
}

describe("operando quantify", () => {
  it("quantifies an xy spectrum and writes the layer table", async () => {
    const dir = await writeAlphaSpectrum(4);
    const m = memoryIO();
    const code = await runCli(["quantify", join(dir, "s.xy"), "--calibration", join(dir, "cal.json"), "--axis", "channel", "--phases", "alpha,epsilon", "--out", join(dir, "t.csv"), "--json"], m.io);
    expect(m.err()).toBe("");
    expect(code).toBe(0);
    const summary = JSON.parse(m.out());
    expect(summary.patterns).toBe(1);
    const csv = await readFile(join(dir, "t.csv"), "utf8");
    expect(csv.split("\n")[0]).toBe("timeS,layer,depthUm,x,xSigma,voltageV,f_alpha,f_alpha_sigma,f_epsilon,f_epsilon_sigma,c_alpha,c_alpha_sigma,c_epsilon,c_epsilon_sigma,chi2,flags");
  });

  it("--depths fills the depthUm column by layer index; a missing layer depth is a usage error", async () => {
    const dir = await writeAlphaSpectrum(5);
    const base = ["quantify", join(dir, "s.xy"), "--calibration", join(dir, "cal.json"), "--axis", "channel", "--phases", "alpha,epsilon", "--out", join(dir, "t.csv")];
    const m = memoryIO();
    expect(await runCli([...base, "--depths", "12.5"], m.io)).toBe(0);
    const [header, row] = (await readFile(join(dir, "t.csv"), "utf8")).split("\n");
    expect(row!.split(",")[header!.split(",").indexOf("depthUm")]).toBe("12.5");
    const bad = memoryIO();
    expect(await runCli([...base, "--depths", "abc"], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/--depths/);
  });

  it("--fluorescence Pb:K models Pb K lines in the window; without it the summary reports the unexplained peak", async () => {
    // Pb Ka1 74.97 / Ka2 72.80 keV (calibrate's emission table), 2e4 counts in Ka1: inside the window at 2theta 2.29 deg.
    const dir = await writeAlphaSpectrum(6, [{ energyKeV: 74.9694, intensity: 20000 }, { energyKeV: 72.8042, intensity: 12000 }]);
    const base = ["quantify", join(dir, "s.xy"), "--calibration", join(dir, "cal.json"), "--axis", "channel", "--phases", "alpha,epsilon", "--noise-fwhm-kev", "0.2", "--critical-energy-kev", "19.5", "--out", join(dir, "t.csv"), "--json"];
    const without = memoryIO();
    expect(await runCli(base, without.io)).toBe(0);
    expect(JSON.parse(without.out()).unexplainedPeaks.patterns).toBe(1);
    const withLines = memoryIO();
    expect(await runCli([...base, "--fluorescence", "Pb:K"], withLines.io)).toBe(0);
    expect(withLines.err()).toBe("");
    expect(JSON.parse(withLines.out()).unexplainedPeaks.patterns).toBe(0);
    const csv = (await readFile(join(dir, "t.csv"), "utf8")).split("\n");
    const header = csv[0]!.split(",");
    const row = csv[1]!.split(",");
    // Only alpha is present (the Pb lines are not a phase): f_alpha = 1.
    expect(Number(row[header.indexOf("f_alpha")])).toBeCloseTo(1, 6);
    const bad = memoryIO();
    expect(await runCli([...base, "--fluorescence", "Xx:K"], bad.io)).toBe(2);
  });

  it("rejects an unknown phase with a usage error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quantify-"));
    await writeFile(join(dir, "cal.json"), calibrationToJson(calibration));
    await writeFile(join(dir, "s.xy"), "0 1\n1 2\n2 3\n");
    const m = memoryIO();
    const code = await runCli(["quantify", join(dir, "s.xy"), "--calibration", join(dir, "cal.json"), "--phases", "alpha,beta", "--out", join(dir, "t.csv")], m.io);
    expect(code).toBe(2);
    expect(m.err()).toMatch(/beta/);
  });

  it("rejects an unknown weighting with a usage error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quantify-"));
    await writeFile(join(dir, "cal.json"), calibrationToJson(calibration));
    await writeFile(join(dir, "s.xy"), "0 1\n1 2\n2 3\n");
    const m = memoryIO();
    const code = await runCli(["quantify", join(dir, "s.xy"), "--calibration", join(dir, "cal.json"), "--weighting", "pearson", "--out", join(dir, "t.csv")], m.io);
    expect(code).toBe(2);
    expect(m.err()).toMatch(/weighting/);
  });
});
