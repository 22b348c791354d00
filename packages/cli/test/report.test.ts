import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import { memoryIO } from "./helpers/memoryIO.js";

const DEPTHS = [15, 45, 75, 105, 135];

/** A layer table CSV: a front moving into the electrode; one row flagged as a failed fit. */
function layerCsv(speedUmPerS: number, sigma: number, failRow = -1): string {
  const lines = ["timeS,layer,depthUm,x,xSigma,voltageV,f_alpha,f_epsilon,c_epsilon,chi2,flags"];
  let row = 0;
  for (let k = 0; k < 40; k++) {
    DEPTHS.forEach((z, i) => {
      const t = k * 200 + i * 40;
      const x = 1 / (1 + Math.exp((z - speedUmPerS * t) / 20));
      const failed = row === failRow;
      lines.push([t, i + 1, z, failed ? "" : x.toFixed(5), sigma, (3.6 - 0.5 * x).toFixed(4), (1 - x).toFixed(4), x.toFixed(4), (4.52 + 0.1 * x).toFixed(4), 1.1, failed ? "fitFailed" : ""].join(","));
      row++;
    });
  }
  return `${lines.join("\n")}\n`;
}

describe("operando report", () => {
  it("builds a report from quantification, model and calibration files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "report-cli-"));
    writeFileSync(join(dir, "q.csv"), layerCsv(0.02, 0.01, 7));
    writeFileSync(join(dir, "m.csv"), layerCsv(0.018, 0));
    writeFileSync(join(dir, "cal.json"), JSON.stringify({ a0: 0.05, a1: 0.0305, twoThetaDeg: 2.29 }));
    const { io, out } = memoryIO();
    const outPath = join(dir, "out", "report.html");
    const code = await runCli(["report", "--quantification", join(dir, "q.csv"), "--model", join(dir, "m.csv"), "--calibration", join(dir, "cal.json"), "--out", outPath, "--json"], io);
    expect(code).toBe(0);
    const summary = JSON.parse(out.join("")) as { sections: string[]; warnings: string[]; bytes: number };
    expect(summary.sections).toEqual(["calibration", "series", "quantification", "maps", "modelComparison"]);
    const html = readFileSync(outPath, "utf8");
    expect(Buffer.byteLength(html)).toBe(summary.bytes);
    for (const id of ["x-vs-time", "voltage", "phase-fractions", "layer-map-x", "layer-map-f-alpha", "model-comparison"]) expect(html).toContain(`data-figure="${id}"`);
    expect(html).toContain("fitFailed"); // the failed row is listed
    expect(html).toContain("a1");
    expect(html).toContain("0.0305");
    expect(html).toMatch(/[0-9a-f]{64}/); // sha256 of the inputs in the provenance
    expect(html).toContain("front speed at x = 0.5");
    expect(html).not.toMatch(/<script|(src|href)\s*=\s*["']https?:/i);
  });

  it("works with only a quantification table; notes the missing sections", async () => {
    const dir = mkdtempSync(join(tmpdir(), "report-cli-"));
    writeFileSync(join(dir, "q.csv"), layerCsv(0.02, 0.01));
    const { io, out } = memoryIO();
    const code = await runCli(["report", "--quantification", join(dir, "q.csv"), "--out", join(dir, "r.html")], io);
    expect(code).toBe(0);
    expect(out.join("")).toContain("wrote");
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain("No calibration was given.");
    expect(html).toContain("No model was given");
  });

  it("exit codes: 3 for an unreadable/bad CSV with file:line, 2 for bad options", async () => {
    const dir = mkdtempSync(join(tmpdir(), "report-cli-"));
    writeFileSync(join(dir, "bad.csv"), "timeS,layer,depthUm,x\n0,1,15,0.1\n40,1,oops,0.2\n");
    const bad = memoryIO();
    expect(await runCli(["report", "--quantification", join(dir, "bad.csv"), "--out", join(dir, "r.html")], bad.io)).toBe(3);
    expect(bad.err.join("")).toMatch(/bad\.csv:3:3/);
    const missing = memoryIO();
    expect(await runCli(["report", "--quantification", join(dir, "none.csv"), "--out", join(dir, "r.html")], missing.io)).toBe(3);
    const noOut = memoryIO();
    expect(await runCli(["report", "--quantification", join(dir, "bad.csv")], noOut.io)).toBe(2);
    writeFileSync(join(dir, "q.csv"), layerCsv(0.02, 0.01));
    const badThreshold = memoryIO();
    expect(await runCli(["report", "--quantification", join(dir, "q.csv"), "--threshold", "abc", "--out", join(dir, "r.html")], badThreshold.io)).toBe(2);
    const help = memoryIO();
    expect(await runCli(["report", "--help"], help.io)).toBe(0);
    expect(help.out.join("")).toContain("Example:");
  });
});
