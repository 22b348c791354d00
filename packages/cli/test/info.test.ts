// `operando info` on every real file (JSON and text), on a corrupted file (exit 3, file:line) and
// with --strict on the excerpted Fit2D .chi whose header count does not match its rows.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { memoryIO } from "./helpers/memoryIO.js";

const REAL = fileURLToPath(new URL("../../../../shared/data/real/", import.meta.url));
const realFiles = ["xrd", "eis", "mca"].flatMap((d) => readdirSync(join(REAL, d)).map((f) => join(REAL, d, f)));

interface Info {
  file: string;
  format: string;
  kind: string;
  axis?: string;
  points: number;
  ranges: Record<string, [number, number]>;
  meta: Record<string, unknown>;
  warnings: string[];
}

describe("operando info", () => {
  it("--json describes every file in ../shared/data/real", async () => {
    const { io, out, err } = memoryIO();
    const code = await runCli(["info", ...realFiles, "--json"], io);
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    const infos = JSON.parse(out.join("")) as Info[];
    expect(infos.length).toBe(realFiles.length);
    const by = (name: string) => infos.find((i) => i.file.endsWith(name))!;
    expect(by("dioptas_CeO2_Pilatus1M.xy")).toMatchObject({ format: "xy", kind: "pattern", axis: "twoTheta", points: 1512, meta: { wavelengthAngstrom: 0.4066 } });
    expect(by("dioptas_CeO2_Pilatus1M.xy").ranges["x"]).toEqual([0.01019698551, 30.82548718]);
    expect(by("dioptas_pattern_001.chi").warnings).toEqual(["1455 data rows as declared in the header, found 75"]);
    expect(by("gsas2tut_11bmb_8716.fxye")).toMatchObject({ format: "gsas", points: 49494, meta: { wavelengthAngstrom: 0.413259 } });
    expect(by("dioptas_CeO2_Pilatus1M.poni")).toMatchObject({ kind: "geometry", meta: { distanceM: 0.208651380603 } });
    expect(by("impedancepy_exampleData.csv")).toMatchObject({ kind: "impedance", points: 66 });
    expect(by("impedancepy_exampleData.csv").ranges["frequencyHz"]).toEqual([0.0031623, 10000]);
    expect(by("impedancepy_exampleDataBioLogic.mpt")).toMatchObject({ format: "biologic-mpt", points: 43 });
    expect(by("impedancepy_exampleDataGamry.DTA")).toMatchObject({ format: "gamry-dta", points: 72 });
    expect(by("pymca_XRFSpectrum.mca")).toMatchObject({ format: "mca-column", axis: "channel", points: 4096 });
    expect(by("pymca_Steel.spe").ranges["y"]).toEqual([0, 202571]);
  });

  it("text output: one block per file with axis, unit, ranges and metadata", async () => {
    const { io, out } = memoryIO();
    const code = await runCli(["info", join(REAL, "xrd/dioptas_CeO2_Pilatus1M.xy"), join(REAL, "xrd/dioptas_pattern_001.chi")], io);
    expect(code).toBe(0);
    const text = out.join("");
    expect(text).toContain("format: xy  kind: pattern");
    expect(text).toContain("axis: twoTheta (deg)  points: 1512");
    expect(text).toContain("wavelengthAngstrom: 0.4066");
    expect(text).toContain("x: 0.010196986 .. 30.825487");
    expect(text).toContain("WARNING: 1455 data rows as declared in the header, found 75");
  });

  it("a corrupted file exits 3 with file:line; --strict turns a count mismatch into exit 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "info-cli-"));
    const bad = join(dir, "broken.xy");
    const lines = readFileSync(join(REAL, "xrd/dioptas_CeO2_Pilatus1M.xy"), "latin1").split("\n");
    lines[100] = lines[100]!.replace(/^(\S+)/, "$1x");
    writeFileSync(bad, lines.join("\n"));
    const { io, err } = memoryIO();
    expect(await runCli(["info", bad], io)).toBe(3);
    expect(err.join("")).toMatch(/broken\.xy:101:\d+: expected a finite number/);
    const strict = memoryIO();
    expect(await runCli(["info", "--strict", join(REAL, "xrd/dioptas_pattern_001.chi")], strict.io)).toBe(3);
    expect(strict.err.join("")).toMatch(/dioptas_pattern_001\.chi:\d+: expected 1455 data rows/);
  });

  it("a missing file exits 3 naming the file", async () => {
    const { io, err } = memoryIO();
    expect(await runCli(["info", "/nonexistent/operando/missing.xy"], io)).toBe(3);
    expect(err.join("")).toContain("/nonexistent/operando/missing.xy: cannot read the file (no such file)");
  });

  it("--help shows an example", async () => {
    const { io, out } = memoryIO();
    expect(await runCli(["info", "--help"], io)).toBe(0);
    expect(out.join("")).toContain("operando info --json");
  });
});
