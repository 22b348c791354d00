import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";
import type { CliIO } from "../src/index.js";

function memoryIO(): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = "";
  let e = "";
  stdout.on("data", (c) => (o += String(c)));
  stderr.on("data", (c) => (e += String(c)));
  return { io: { stdout, stderr, interactive: false }, out: () => o, err: () => e };
}

const ceo2 = fileURLToPath(new URL("../../../../shared/data/real/xrd/dioptas_CeO2_Pilatus1M.xy", import.meta.url));
const poni = fileURLToPath(new URL("../../../../shared/data/real/xrd/dioptas_CeO2_Pilatus1M.poni", import.meta.url));

describe("operando calibrate", () => {
  it("wavelength: prints the table and writes the JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cal-"));
    const out = join(dir, "cal.json");
    const m = memoryIO();
    const code = await runCli(["calibrate", "wavelength", ceo2, "--calibrant", "CeO2", "--poni", poni, "--out", out], m.io);
    expect(code).toBe(0);
    expect(m.out()).toMatch(/wavelength = 0\.406/);
    expect(m.out()).toMatch(/CeO2 111/);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.format).toBe("operando-calibration");
    expect(Math.abs(saved.calibration.wavelengthAngstrom - 0.4066)).toBeLessThan(2e-4);
  }, 30000);
  it("--json output and a usage error", async () => {
    const m = memoryIO();
    expect(await runCli(["calibrate", "wavelength", ceo2, "--calibrant", "CeO2", "--wavelength", "0.4066", "--json"], m.io)).toBe(0);
    expect(JSON.parse(m.out()).calibration.kind).toBe("angle-dispersive");
    const bad = memoryIO();
    expect(await runCli(["calibrate", "joint", ceo2], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/--lines/);
  }, 30000);
});
