// `operando fit` on the real CeO2 pattern (Dioptas example, ../shared/data/real/xrd) and on a
// small synthetic series written to a temp dir; bad options exit 2 naming the option.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng } from "@operando/core";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { memoryIO } from "./helpers/memoryIO.js";

const CEO2 = fileURLToPath(new URL("../../../../shared/data/real/xrd/dioptas_CeO2_Pilatus1M.xy", import.meta.url));

/** 2theta (deg) at lambda = 0.4066 A (file header) for spacing d (A). */
function twoTheta(d: number): number {
  return (2 * Math.asin(0.4066 / (2 * d)) * 180) / Math.PI;
}

describe("operando fit", () => {
  it("fits CeO2 (111) and (200) in the real Dioptas pattern (--json)", async () => {
    const { io, out } = memoryIO();
    const code = await runCli(["fit", CEO2, "--peaks", "2", "--window", "7:9.2", "--json"], io);
    expect(code).toBe(0);
    const result = JSON.parse(out.join("")) as { rows: { status: string; peaks: { center: number; fwhm: number }[] }[] };
    const peaks = result.rows[0]!.peaks;
    expect(peaks).toHaveLength(2);
    // CeO2 NIST SRM 674b, a = 5.411651 A (certificate; science.md): d(111) = a/sqrt 3, d(200) = a/2.
    // The pyFAI calibration of this pattern leaves the lines within 0.03 deg of the ideal positions.
    const A_CEO2 = 5.411651;
    const ATOL_DEG = 0.03;
    expect(Math.abs(peaks[0]!.center - twoTheta(A_CEO2 / Math.sqrt(3)))).toBeLessThan(ATOL_DEG);
    expect(Math.abs(peaks[1]!.center - twoTheta(A_CEO2 / 2))).toBeLessThan(ATOL_DEG);
    expect(peaks[0]!.fwhm).toBeGreaterThan(0.05);
    expect(peaks[0]!.fwhm).toBeLessThan(0.3);
  });

  it("writes the series fit table for several files, each seeded from the previous", async () => {
    const dir = mkdtempSync(join(tmpdir(), "operando-fit-cli-"));
    const rng = createRng(5);
    const files: string[] = [];
    for (let s = 0; s < 3; s++) {
      const lines = ["# 2theta intensity"];
      for (let i = 0; i < 300; i++) {
        const x = 5 + i * 0.01;
        const y = 20 + 400 * Math.exp(-4 * Math.LN2 * ((x - 6.2 - 0.01 * s) / 0.08) ** 2) + 3 * rng.normal();
        lines.push(`${x.toFixed(4)} ${y.toFixed(3)}`);
      }
      const file = join(dir, `scan_${s}.xy`);
      writeFileSync(file, `${lines.join("\n")}\n`);
      files.push(file);
    }
    const out = join(dir, "fits.csv");
    const { io, out: stdout } = memoryIO();
    const code = await runCli(["fit", ...files, "--centers", "6.2", "--shape", "g", "--degree", "0", "--out", out], io);
    expect(code).toBe(0);
    const csv = readFileSync(out, "utf8").trim().split("\n");
    expect(csv[0]).toBe("index,timeS,layer,p0_center,p0_center_sigma,p0_height,p0_height_sigma,p0_fwhm,p0_fwhm_sigma,bg_c0,bg_c0_sigma,chi2,reducedChi2,rwp,evaluations,status,flags");
    expect(csv).toHaveLength(4);
    const centers = csv.slice(1).map((line) => Number(line.split(",")[3]));
    // centre moves 0.01 per scan; noise 3 counts on a 400-count peak -> sigma(centre) ~ 5e-4
    const ATOL_CENTER = 3e-3;
    centers.forEach((c, s) => expect(Math.abs(c - (6.2 + 0.01 * s))).toBeLessThan(ATOL_CENTER));
    expect(stdout.join("")).toMatch(/wrote .*fits.csv \(3 rows/);
  });

  it("bad options exit with code 2 and name the option", async () => {
    for (const [args, name] of [
      [["--shape", "triangle"], "--shape"],
      [["--window", "9:7"], "--window"],
      [["--peaks", "0"], "--peaks"],
      [["--peaks", "2", "--centers", "1,2"], "--centers"],
    ] as const) {
      const { io, err } = memoryIO();
      const code = await runCli(["fit", CEO2, ...args], io);
      expect(code).toBe(2);
      expect(err.join("")).toContain(name);
    }
  });

  it("--help shows an example", async () => {
    const { io, out } = memoryIO();
    expect(await runCli(["fit", "--help"], io)).toBe(0);
    expect(out.join("")).toMatch(/operando fit scan_\*\.xy --centers/);
  });
});
