import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCircuit, discAreaCm2, evaluateCircuit, ionicResistanceFromTortuosity } from "@operando/eis";
import { runCli } from "../src/index.js";
import { memoryIO } from "./helpers/memoryIO.js";

const EXAMPLE = fileURLToPath(new URL("../../../../shared/data/real/eis/impedancepy_exampleData.csv", import.meta.url));

/** Noise-free blocking-cell spectrum written as a three-column CSV (f, Z', Z''). */
function writeBlockingCsv(dir: string, rIon: number): string {
  const f = Float64Array.from({ length: 61 }, (_, i) => Math.pow(10, 5 - i / 10));
  const z = evaluateCircuit(createCircuit("R0-TLMQ0"), f, [10, rIon, 3e-4, 0.93]);
  const path = join(dir, "blocking.csv");
  writeFileSync(path, Array.from(f, (v, i) => `${v},${z.zReal[i]},${z.zImag[i]}`).join("\n") + "\n");
  return path;
}

describe("operando eis fit", () => {
  it("fits the real example spectrum and writes the residual CSV atomically", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eis-cli-"));
    const out = join(dir, "res.csv");
    const { io, out: stdout } = memoryIO();
    const code = await runCli(
      ["eis", "fit", EXAMPLE, "--circuit", "R0-p(R1,C1)-p(R2-Wo1,C2)", "--initial", ".01,.01,100,.01,.05,100,1", "--out", out, "--json"],
      io,
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout.join("")) as { parameters: { name: string; value: number }[]; converged: boolean; curves: { measured: { frequencyHz: number[] } } };
    expect(result.converged).toBe(true);
    expect(result.parameters.map((p) => p.name)).toEqual(["R0", "R1", "C1", "R2", "Wo1_Z0", "Wo1_tau", "C2"]);
    // R0 is the high-frequency intercept ~0.0159 ohm (scipy reference: 0.0159159)
    expect(result.parameters[0]!.value).toBeCloseTo(0.0159159, 5);
    expect(result.curves.measured.frequencyHz).toHaveLength(66);
    const csv = readFileSync(out, "utf8").trim().split("\n");
    expect(csv[1]).toBe("frequency_Hz,z_real_ohm,z_imag_ohm,fit_real_ohm,fit_imag_ohm,residual_real_rel,residual_imag_rel");
    expect(csv).toHaveLength(2 + 66);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("computes the tortuosity from the transmission line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eis-cli-"));
    const assumed = { porosity: 0.4, conductivitySPerM: 0.035, thicknessUm: 7.51 };
    const rIon = ionicResistanceFromTortuosity({ tortuosity: 14.571, areaCm2: discAreaCm2(1.27), ...assumed });
    const file = writeBlockingCsv(dir, rIon);
    const { io, out } = memoryIO();
    const code = await runCli(
      ["eis", "fit", file, "--circuit", "R0-TLMQ0", "--tortuosity", "--diameter-cm", "1.27", "--thickness-um", "7.51", "--porosity", "0.4", "--conductivity-S-per-m", "0.035", "--json"],
      io,
    );
    expect(code).toBe(0);
    const result = JSON.parse(out.join("")) as { tortuosity: { tortuosity: number; macMullinNumber: number; ionicResistanceParameter: string } };
    expect(result.tortuosity.ionicResistanceParameter).toBe("TLMQ0_Rion");
    // noise-free data: the fit returns R_ion to ~1e-6, so tau to the same
    expect(result.tortuosity.tortuosity).toBeCloseTo(14.571, 3);
    expect(result.tortuosity.macMullinNumber).toBeCloseTo(14.571 / 0.4, 2);
    const text = memoryIO();
    expect(await runCli(["eis", "fit", file, "--circuit", "R0-TLMQ0", "--tortuosity", "--area-cm2", "1.2668", "--thickness-um", "7.51", "--porosity", "0.4", "--conductivity-S-per-m", "0.035"], text.io)).toBe(0);
    expect(text.out.join("")).toMatch(/tau = 14\.5\d+/);
    expect(text.out.join("")).toMatch(/TLMQ0_Rion/);
  });

  it("reports a circuit that does not parse with its position (exit 2)", async () => {
    const { io, err } = memoryIO();
    const code = await runCli(["eis", "fit", EXAMPLE, "--circuit", "R0-p(R1,C1"], io);
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/position 10/);
    expect(err.join("")).toMatch(/\^/);
  });

  it("rejects missing tortuosity inputs and bad values (exit 2) and reports a missing file (non-zero exit)", async () => {
    const a = memoryIO();
    expect(await runCli(["eis", "fit", EXAMPLE, "--circuit", "R0-p(R1,C1)-p(R2-Wo1,C2)", "--tortuosity"], a.io)).toBe(2);
    expect(a.err.join("")).toMatch(/TLMQ or TLMRQ/);
    const b = memoryIO();
    expect(await runCli(["eis", "fit", EXAMPLE, "--circuit", "R0-p(R1,C1)", "--initial", "R0=abc"], b.io)).toBe(2);
    expect(b.err.join("")).toMatch(/--initial R0/);
    const dir = mkdtempSync(join(tmpdir(), "eis-cli-"));
    const bad = join(dir, "bad.csv");
    const rows = readFileSync(EXAMPLE, "utf8").trim().split("\n");
    // a header names the columns (io's detection then reads it as an impedance table)
    writeFileSync(bad, ["freq/Hz,Re(Z)/Ohm,Im(Z)/Ohm", ...rows.slice(0, 5), rows[3], ...rows.slice(5)].join("\n") + "\n");
    const c = memoryIO();
    expect(await runCli(["eis", "fit", bad, "--circuit", "R0-p(R1,C1)"], c.io)).toBe(2);
    expect(c.err.join("")).toMatch(/distinct frequencies/);
    const d = memoryIO();
    expect(await runCli(["eis", "fit", join(dir, "missing.csv"), "--circuit", "R0"], d.io)).not.toBe(0);
  });

  it("has --help with an example", async () => {
    const { io, out } = memoryIO();
    expect(await runCli(["eis", "fit", "--help"], io)).toBe(0);
    expect(out.join("")).toMatch(/Example/);
  });
});

describe("operando eis kk", () => {
  it("passes the real example spectrum", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eis-cli-"));
    const res = join(dir, "kk.csv");
    const { io, out } = memoryIO();
    expect(await runCli(["eis", "kk", EXAMPLE, "--json", "--out", res], io)).toBe(0);
    const result = JSON.parse(out.join("")) as { verdict: string; elementCount: number; maxAbsResidual: number };
    expect(result.verdict).toBe("pass");
    expect(result.maxAbsResidual).toBeLessThan(0.01);
    expect(readFileSync(res, "utf8").trim().split("\n")).toHaveLength(2 + 66);
    const text = memoryIO();
    expect(await runCli(["eis", "kk", EXAMPLE], text.io)).toBe(0);
    expect(text.out.join("")).toMatch(/Lin-KK PASS/);
  });

  it("fails the example without the series capacitance (diffusion tail, no intercept)", async () => {
    const { io, out } = memoryIO();
    expect(await runCli(["eis", "kk", EXAMPLE, "--no-capacitance"], io)).toBe(0);
    expect(out.join("")).toMatch(/Lin-KK FAIL/);
  });

  it("has --help with an example", async () => {
    const { io, out } = memoryIO();
    expect(await runCli(["eis", "kk", "--help"], io)).toBe(0);
    expect(out.join("")).toMatch(/Example/);
  });
});
