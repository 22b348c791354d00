// Writers: provenance header, round trip through our own readers (exact: shortest round-trip
// number text), JSON of typed arrays/NaN, and atomic replacement.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidParameterError, createPattern } from "@operando/core";
import { describe, expect, it } from "vitest";
import { formatXy, readCycler, readImpedance, readPattern, toJson, writeCsv, writeJson, writeXy, IO_VERSION } from "../src/index.js";
import { fixture, real } from "./paths.js";

const dir = mkdtempSync(join(tmpdir(), "operando-io-write-"));

describe("writers", () => {
  it("xy round trip of the real CeO2 pattern keeps values, axis and wavelength exactly", async () => {
    const p = await readPattern(real("xrd/dioptas_CeO2_Pilatus1M.xy"));
    const out = join(dir, "ceo2.xy");
    await writeXy(out, p, { date: new Date("2026-11-26T10:00:00Z") });
    const text = readFileSync(out, "utf8");
    expect(text).toContain(`# written by: operando @operando/io ${IO_VERSION}`);
    expect(text).toContain("# source file: ");
    expect(text).toContain("# date: 2026-11-26T10:00:00.000Z");
    expect(text).toContain("# axis: twoTheta (deg)");
    expect(text).toContain("# wavelength_A: 0.4066");
    const back = await readPattern(out);
    expect(Array.from(back.x)).toEqual(Array.from(p.x));
    expect(Array.from(back.y)).toEqual(Array.from(p.y));
    expect(back.meta.wavelengthAngstrom).toBe(0.4066);
    expect(back.axis).toBe("twoTheta");
  });

  it("xye keeps sigma; q and energy axes come back on the same axis", async () => {
    for (const axis of ["q", "energy", "d", "channel"] as const) {
      const p = createPattern({ axis, x: [1, 2, 3], y: [4, 5, 6], sigma: [0.5, 0.25, 1], meta: { twoThetaDeg: 5 } });
      const out = join(dir, `p-${axis}.xye`);
      await writeXy(out, p);
      const back = await readPattern(out);
      expect(back.axis).toBe(axis);
      expect(Array.from(back.sigma!)).toEqual([0.5, 0.25, 1]);
    }
    expect(() => formatXy(createPattern({ axis: "q", x: [1], y: [Number.NaN] }))).toThrow(InvalidParameterError);
  });

  it("CSV round trip: pattern, impedance and cycler read back by our readers", async () => {
    const z = await readImpedance(real("eis/impedancepy_exampleDataGamry.DTA"));
    await writeCsv(join(dir, "z.csv"), z);
    const zBack = await readImpedance(join(dir, "z.csv"));
    expect(Array.from(zBack.zImag)).toEqual(Array.from(z.zImag));
    const c = await readCycler(fixture("operando_biologic_gcpl_sample.mpt"));
    await writeCsv(join(dir, "c.csv"), c);
    const cBack = await readCycler(join(dir, "c.csv"));
    expect(Array.from(cBack.capacityAh!)).toEqual(Array.from(c.capacityAh!));
    expect(Array.from(cBack.cycle!)).toEqual(Array.from(c.cycle!));
    const p = await readPattern(real("xrd/dioptas_pattern_001.xy"));
    await writeCsv(join(dir, "p.csv"), p);
    const pBack = await readPattern(join(dir, "p.csv"));
    expect(Array.from(pBack.y)).toEqual(Array.from(p.y));
  });

  it("JSON: typed arrays become arrays, NaN/Infinity become null", async () => {
    const value = { a: new Float64Array([1, Number.NaN, Number.POSITIVE_INFINITY]), b: Number.NaN, n: 3n, nested: [new Int32Array([1, 2])] };
    expect(JSON.parse(toJson(value))).toEqual({ a: [1, null, null], b: null, n: 3, nested: [[1, 2]] });
    const out = join(dir, "v.json");
    await writeJson(out, value);
    expect(JSON.parse(readFileSync(out, "utf8")).a).toEqual([1, null, null]);
  });

  it("writes are atomic: an existing file is replaced whole and no temp file remains", async () => {
    const out = join(dir, "atomic.json");
    writeFileSync(out, "old");
    await writeJson(out, { x: 1 });
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({ x: 1 });
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await expect(writeJson(join(dir, "missing-dir", "x.json"), 1)).rejects.toThrow();
  });
});
