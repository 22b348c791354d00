import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { v2o5CellParameters } from "@operando/mesoscale";
import { runCli } from "../src/program.js";
import { memoryIOText } from "./helpers/memoryIO.js";

describe("operando simulate-cell / invert", () => {
  it("simulates a cell and writes the time series and the layer table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meso-cli-"));
    const cell = join(dir, "cell.json");
    writeFileSync(cell, JSON.stringify({ cell: v2o5CellParameters("platelets"), grid: { electrodeCells: 15, shells: 6 } }));
    const m = memoryIOText();
    const code = await runCli(["simulate-cell", "--params", cell, "--out", join(dir, "run.csv"), "--layers-out", join(dir, "layers.csv"), "--json"], m.io);
    expect(code).toBe(0);
    const summary = JSON.parse(m.out()) as { segments: { end: string }[]; capacityDifference: number };
    expect(summary.segments.map((s) => s.end)).toEqual(["voltageCutoff", "voltageCutoff"]);
    expect(summary.capacityDifference).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "run.csv"), "utf8").split("\n")[0]).toBe("timeS,voltageV,currentA,chargeAh,xMean");
    expect(readFileSync(join(dir, "layers.csv"), "utf8").split("\n")[0]).toBe("timeS,layer,depthUm,x,xSigma,voltageV,f_alpha,f_epsilon,f_delta");
  });

  it("rejects bad parameters with exit code 2 and shows help with an example", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meso-cli-"));
    const cell = join(dir, "cell.json");
    const p = v2o5CellParameters("platelets");
    p.electrode.porosity = 1.5;
    writeFileSync(cell, JSON.stringify(p));
    const m = memoryIOText();
    expect(await runCli(["simulate-cell", "--params", cell], m.io)).toBe(2);
    expect(m.err()).toMatch(/electrode.porosity/);
    const h = memoryIOText();
    expect(await runCli(["invert", "--help"], h.io)).toBe(0);
    expect(h.out()).toMatch(/operando invert --map layers.csv/);
  });
});
