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

  it("invert refuses a layer table without depths (empty cells are not 0 um) and one without any x", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meso-cli-"));
    const cell = join(dir, "cell.json");
    writeFileSync(cell, JSON.stringify({ cell: v2o5CellParameters("platelets") }));
    // as `operando quantify` writes it without --depths: depthUm empty
    writeFileSync(join(dir, "q.csv"), "timeS,layer,depthUm,x,xSigma\n0,0,,0.1,0.01\n60,0,,0.2,0.01\n");
    const m = memoryIOText();
    expect(await runCli(["invert", "--map", join(dir, "q.csv"), "--params", cell], m.io)).toBe(3);
    expect(m.err()).toMatch(/q\.csv:2/);
    expect(m.err()).toMatch(/depthUm.*--depths/);
    writeFileSync(join(dir, "none.csv"), "timeS,layer,depthUm,x,xSigma\n0,0,15,,\n60,0,15,,\n");
    const n = memoryIOText();
    expect(await runCli(["invert", "--map", join(dir, "none.csv"), "--params", cell], n.io)).toBe(3);
    expect(n.err()).toMatch(/finite x/);
  });
});
