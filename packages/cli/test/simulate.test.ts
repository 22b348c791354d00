import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { energyFromD } from "@operando/core";
import { readPattern, readSeries } from "@operando/io";
import { runCli } from "../src/index.js";
import { memoryIO } from "./helpers/memoryIO.js";

describe("operando simulate edxrd", () => {
  it("writes an EPICS MED .mca that @operando/io reads back with calibration and angle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    const out = join(dir, "spectrum.mca");
    const { io, out: stdout } = memoryIO();
    const code = await runCli(["simulate", "edxrd", "--material", "CeO2", "--two-theta", "2.29", "--channels", "8192", "--gain", "0.02", "--offset", "0.1", "--count-scale", "1e4", "--seed", "1", "--out", out, "--json"], io);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.join("")) as { format: string; peaks: { h: number; k: number; l: number; energyKeV: number; channel: number; dAngstrom: number }[] };
    expect(summary.format).toBe("epics-med");
    const p111 = summary.peaks.find((p) => p.h === 1 && p.k === 1 && p.l === 1)!;
    expect(p111.energyKeV).toBeCloseTo(energyFromD(5.411651 / Math.sqrt(3), 2.29), 9);
    expect(p111.channel).toBeCloseTo((p111.energyKeV - 0.1) / 0.02, 9);
    const series = await readSeries(out);
    const pattern = series.patterns[0]!;
    expect(pattern.axis).toBe("channel");
    expect(pattern.y.length).toBe(8192);
    expect(pattern.meta.twoThetaDeg).toBe(2.29);
    expect(pattern.meta.energyCalibration).toEqual({ offsetKeV: 0.1, slopeKeV: 0.02, quadraticKeV: 0 });
    // the 111 peak is there: counts near its channel exceed the far background
    const c = Math.round(p111.channel);
    expect(pattern.y[c]!).toBeGreaterThan(10 * (pattern.y[200]! + 1));
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("is reproducible for a seed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    const a = join(dir, "a.xye");
    const b = join(dir, "b.xye");
    for (const out of [a, b]) expect(await runCli(["simulate", "edxrd", "--material", "alpha:0.6,epsilon:0.4:0.5", "--channels", "4096", "--gain", "0.04", "--seed", "5", "--count-scale", "100", "--out", out], memoryIO().io)).toBe(0);
    const pa = await readPattern(a);
    const pb = await readPattern(b);
    expect(pa.y).toEqual(pb.y);
  });

  it("refuses a noiseless .mca and unknown materials with usage errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    const m = memoryIO();
    expect(await runCli(["simulate", "edxrd", "--material", "CeO2", "--out", join(dir, "x.mca")], m.io)).toBe(2);
    expect(m.err.join("")).toMatch(/--seed/);
    const n = memoryIO();
    expect(await runCli(["simulate", "edxrd", "--material", "NaCl"], n.io)).toBe(2);
    expect(n.err.join("")).toMatch(/--material/);
  });

  it("prints a peak table and has help with an example", async () => {
    const m = memoryIO();
    expect(await runCli(["simulate", "edxrd", "--material", "alpha", "--channels", "4096", "--gain", "0.04"], m.io)).toBe(0);
    expect(m.out.join("")).toMatch(/alpha\s+001\s+4\.3680/);
    const h = memoryIO();
    expect(await runCli(["simulate", "edxrd", "--help"], h.io)).toBe(0);
    expect(h.out.join("")).toMatch(/Example:/);
  });
});

describe("operando simulate adxrd", () => {
  it("writes an .xye with wavelength that reads back on the twoTheta axis", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
    const out = join(dir, "lab6.xye");
    const m = memoryIO();
    expect(await runCli(["simulate", "adxrd", "--material", "LaB6", "--start", "2", "--end", "8", "--step", "0.002", "--seed", "1", "--count-scale", "0.01", "--out", out, "--json"], m.io)).toBe(0);
    const summary = JSON.parse(m.out.join("")) as { peaks: { h: number; twoThetaDeg: number }[] };
    expect(summary.peaks[0]!.h).toBe(1);
    const p = await readPattern(out);
    expect(p.axis).toBe("twoTheta");
    expect(p.meta.wavelengthAngstrom).toBeCloseTo(0.24117, 12);
    expect(p.x.length).toBe(3001);
  });
});
