// NeXus/HDF5 reading: files are written with h5wasm itself into a temp dir (no python needed).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ParseError } from "@operando/core";
import h5wasm from "h5wasm/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNexus, read, readNexus, readSeries } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "operando-io-nexus-"));
const nxPath = join(dir, "scan.nxs");
const plainPath = join(dir, "plain.h5");
const badUnitsPath = join(dir, "badunits.h5");
const pyfaiStylePath = join(dir, "pyfai-style.h5");

beforeAll(async () => {
  await h5wasm.ready;
  const f = new h5wasm.File(nxPath, "w");
  f.create_attribute("default", "entry");
  const entry = f.create_group("entry");
  entry.create_attribute("NX_class", "NXentry");
  entry.create_attribute("default", "data");
  entry.create_dataset({ name: "start_time", data: "2026-11-26T09:00:00" });
  const mono = entry.create_group("instrument").create_group("monochromator");
  const wl = mono.create_dataset({ name: "wavelength", data: new Float64Array([0.02]), shape: [] });
  wl.create_attribute("units", "nm");
  const data = entry.create_group("data");
  data.create_attribute("NX_class", "NXdata");
  data.create_attribute("signal", "counts");
  data.create_attribute("axes", [".", "two_theta"]);
  data.create_dataset({ name: "counts", data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
  const tth = data.create_dataset({ name: "two_theta", data: new Float64Array([10, 10.5, 11]) });
  tth.create_attribute("units", "degrees");
  // One value per spectrum: time in minutes, the gauge layer, and a ring current.
  data.create_dataset({ name: "time", data: new Float64Array([0.5, 1.5]) }).create_attribute("units", "min");
  data.create_dataset({ name: "layer", data: new Int32Array([3, 5]) });
  data.create_dataset({ name: "ring_current", data: new Float64Array([101.5, 101.2]) });
  const edx = entry.create_group("edxrd");
  const spectrum = edx.create_dataset({ name: "spectrum", data: new Int32Array([7, 8, 9, 10]) });
  spectrum.create_attribute("axes", "energy");
  const energy = edx.create_dataset({ name: "energy", data: new Float64Array([20000, 20010, 20020, 20030]) });
  energy.create_attribute("units", "eV");
  const q = entry.create_group("q_data");
  q.create_dataset({ name: "I", data: new Float64Array([5, 6]) });
  const qAxis = q.create_dataset({ name: "q", data: new Float64Array([10, 20]) });
  qAxis.create_attribute("units", "1/nm");
  f.close();
  const g = new h5wasm.File(plainPath, "w");
  g.create_group("raw").create_dataset({ name: "mca", data: new BigInt64Array([1n, 5n, 9n]) });
  g.close();
  const h = new h5wasm.File(badUnitsPath, "w");
  const d = h.create_group("d");
  d.create_attribute("signal", "y");
  d.create_attribute("axes", "x");
  d.create_dataset({ name: "y", data: new Float64Array([1, 2]) });
  d.create_dataset({ name: "x", data: new Float64Array([1, 2]) }).create_attribute("units", "furlong");
  h.close();
  // azimuthal-integration results whose radial dataset carries its unit in its name, without a
  // units attribute (pyFAI's unit names: q_nm^-1, 2th_rad, r_mm)
  const k = new h5wasm.File(pyfaiStylePath, "w");
  const addResult = (name: string, axis: string, values: Float64Array, withAxesAttribute: boolean): void => {
    const grp = k.create_group(name);
    grp.create_attribute("NX_class", "NXdata");
    grp.create_attribute("signal", "I");
    if (withAxesAttribute) grp.create_attribute("axes", axis);
    grp.create_dataset({ name: "I", data: new Float64Array([3, 4, 5]) });
    grp.create_dataset({ name: axis, data: values });
  };
  addResult("q_nm", "q_nm^-1", new Float64Array([10, 20, 30]), true);
  addResult("tth_rad", "2th_rad", new Float64Array([0.1, 0.2, 0.3]), false);
  addResult("radius", "r_mm", new Float64Array([1, 2, 3]), true);
  k.close();
});

afterAll(() => undefined);

describe("NeXus / HDF5 via h5wasm", () => {
  it("follows default attributes to NXdata: 2D signal -> series on the two_theta axis, scalar metadata", async () => {
    const r = await read(nxPath);
    expect(r.kind).toBe("series");
    if (r.kind !== "series") return;
    expect(r.format).toBe("nexus");
    expect(r.series.patterns.length).toBe(2);
    const p = r.series.patterns[1]!;
    expect(p.axis).toBe("twoTheta");
    expect(Array.from(p.x)).toEqual([10, 10.5, 11]);
    expect(Array.from(p.y)).toEqual([4, 5, 6]);
    expect(p.meta.wavelengthAngstrom).toBe(0.2); // 0.02 nm
    expect(p.meta.startTime).toBe("2026-11-26T09:00:00");
    expect(p.meta.label).toBe("/entry/data/counts[1]");
  });

  it("per-spectrum datasets of a 2D signal become timeS (unit-converted), layer and extra", async () => {
    const series = await readSeries(nxPath);
    expect(series.patterns.map((p) => p.meta.timeS)).toEqual([30, 90]);
    expect(series.patterns.map((p) => p.meta.layer)).toEqual([3, 5]);
    expect(series.patterns[1]!.meta.extra!["ring_current"]).toBe(101.2);
  });

  it("file::/path addresses a 1D dataset; its axes attribute and eV units give an energy axis in keV", async () => {
    const r = await read(`${nxPath}::/entry/edxrd/spectrum`);
    if (r.kind !== "pattern") throw new Error("pattern expected");
    expect(r.pattern.axis).toBe("energy");
    expect(Array.from(r.pattern.x)).toEqual([20, 20.01, 20.02, 20.03]);
    expect(Array.from(r.pattern.y)).toEqual([7, 8, 9, 10]);
  });

  it("a sibling axis dataset in 1/nm is converted to 1/A", async () => {
    const r = await readNexus(`${nxPath}::/entry/q_data/I`);
    if (r.kind !== "pattern") throw new Error("pattern expected");
    expect(r.pattern.axis).toBe("q");
    expect(Array.from(r.pattern.x)).toEqual([1, 2]);
  });

  it("an axis named with its unit and no units attribute: q_nm^-1 -> 1/A, 2th_rad -> deg (found as a sibling), r_mm refused", async () => {
    const pattern = async (path: string) => {
      const r = await readNexus(`${pyfaiStylePath}::${path}`);
      if (r.kind !== "pattern") throw new Error("pattern expected");
      return r.pattern;
    };
    const q = await pattern("/q_nm");
    expect(q.axis).toBe("q");
    // 1 nm^-1 = 0.1 A^-1 (was taken as 1/A before: a factor 10 off); rtol: one multiplication
    q.x.forEach((v, i) => expect(Math.abs(v / (i + 1) - 1)).toBeLessThan(1e-15));
    const t = await pattern("/tth_rad");
    expect(t.axis).toBe("twoTheta");
    t.x.forEach((v, i) => expect(Math.abs(v - ((i + 1) * 0.1 * 180) / Math.PI)).toBeLessThan(1e-12));
    await expect(readNexus(`${pyfaiStylePath}::/radius`)).rejects.toThrow(ParseError);
  });

  it("without NeXus attributes: first plottable dataset on a channel axis; int64 values", async () => {
    const s = await readSeries(plainPath);
    expect(s.patterns.length).toBe(1);
    expect(Array.from(s.patterns[0]!.x)).toEqual([0, 1, 2]);
    expect(Array.from(s.patterns[0]!.y)).toEqual([1, 5, 9]);
  });

  it("parseNexus reads bytes", async () => {
    const r = await parseNexus(readFileSync(nxPath), { file: "mem.nxs", dataset: "/entry/q_data/I" });
    expect(r.kind).toBe("pattern");
  });

  it("errors carry the file and byte offset: missing path, unknown units, not HDF5, truncated", async () => {
    await expect(read(`${nxPath}::/entry/nothing`)).rejects.toThrow(/scan\.nxs@0: expected an object at \/entry\/nothing/);
    await expect(read(badUnitsPath)).rejects.toThrow(/badunits\.h5@0: expected axis units/);
    const notH5 = join(dir, "fake.h5");
    writeFileSync(notH5, "hello");
    await expect(read(notH5, { format: "nexus" })).rejects.toThrow(ParseError);
    const truncated = join(dir, "truncated.nxs");
    const bytes = readFileSync(nxPath);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const err = await read(truncated).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).offset).toBe(0);
  });

  it("random bytes, with and without the HDF5 signature, give a ParseError at offset 0", async () => {
    const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), async (bytes, signed) => {
        const input = signed ? new Uint8Array([...signature, ...bytes]) : bytes;
        const err = await parseNexus(input, { file: "rand.h5" }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ParseError);
        expect((err as ParseError).offset).toBe(0);
        expect((err as ParseError).file).toBe("rand.h5");
      }),
      { numRuns: 25 },
    );
  });
});
