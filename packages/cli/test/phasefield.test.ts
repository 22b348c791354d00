import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { memoryIO } from "./helpers/memoryIO.js";

const base = {
  grid: { nx: 32, ny: 32, lengthX: 32, lengthY: 32 },
  freeEnergy: { kind: "regularSolution", chi: 3 },
  gradientCoefficient: 1,
  mobility: { kind: "cOneMinusC", value: 1 },
  initial: { kind: "uniform", value: 0.05, noise: 0.001, seed: 3 },
  timeStep: 0.05,
  steps: 60,
  recordEvery: 10,
  snapshotEvery: 30,
  particle: { shape: { kind: "sphere", radius: 10 }, interfaceWidth: 1.5 },
  fillRate: 0.002,
};

describe("operando phasefield", () => {
  it("runs a lithiated disc and writes energy.csv, PNG snapshots and summary.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pf-cli-"));
    const cfg = join(dir, "run.json");
    writeFileSync(cfg, JSON.stringify(base));
    const { io, out } = memoryIO();
    const code = await runCli(["phasefield", "--config", cfg, "--out", join(dir, "out"), "--json"], io);
    expect(code).toBe(0);
    const summary = JSON.parse(out.join("")) as { final: { meanConcentration: number; time: number }; initial: { meanConcentration: number } };
    // fillRate is the mean-concentration rise per unit time (rtol 1e-9: exact flux bookkeeping)
    expect(summary.final.meanConcentration - summary.initial.meanConcentration).toBeCloseTo(0.002 * summary.final.time, 9);
    const csv = readFileSync(join(dir, "out", "energy.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toMatch(/^step,time,energy_bulk/);
    expect(csv).toHaveLength(1 + 7);
    const pngs = readdirSync(join(dir, "out")).filter((f) => f.endsWith(".png"));
    expect(pngs).toHaveLength(3);
    expect([...readFileSync(join(dir, "out", pngs[0]!)).subarray(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
  });

  it("names the invalid config field and exits with code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pf-cli-"));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, grid: { ...base.grid, nx: 30 } }, /grid|nx/],
      [{ ...base, freeEnergy: { kind: "regularSolution" } }, /freeEnergy\.chi/],
      [{ ...base, timeStep: -1 }, /timeStep/],
      [{ ...base, particle: undefined }, /fillRate/],
      [{ ...base, colour: "red" }, /colour/],
    ];
    for (const [config, pattern] of cases) {
      const cfg = join(dir, "bad.json");
      writeFileSync(cfg, JSON.stringify(config));
      const { io, err } = memoryIO();
      expect(await runCli(["phasefield", "--config", cfg, "--out", join(dir, "o")], io)).toBe(2);
      expect(err.join("")).toMatch(pattern);
    }
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "grid": ,\n}');
    const { io, err } = memoryIO();
    expect(await runCli(["phasefield", "--config", broken], io)).toBe(3);
    expect(err.join("")).toMatch(/broken\.json.*expected valid JSON/);
  });
});
