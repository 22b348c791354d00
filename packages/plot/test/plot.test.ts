import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@operando/core";
import {
  bodeSpec,
  buildReport,
  calibrationSpec,
  fieldImageSpec,
  fileProvenance,
  layerMapComparisonSpec,
  layerMapSpec,
  nyquistSpec,
  patternFitSpec,
  phaseFractionsSpec,
  renderFieldPng,
  renderPng,
  renderSvg,
  reportTable,
  seriesHeatmapSpec,
  svgToPng,
  display,
  writeReport,
  xyLineSpec,
} from "../src/index.js";
import type { PlotSpec } from "../src/index.js";
import { syntheticField, syntheticPatternFit, syntheticPhaseFractions, syntheticSeries } from "./synthetic.js";

/** Decodes the PNG data URI of the first image mark of a spec (any nesting). */
function embeddedPng(spec: unknown): ReturnType<typeof decode> {
  const json = JSON.stringify(spec);
  const m = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(json);
  if (m === null) throw new Error("no embedded PNG");
  return decode(Buffer.from(m[1]!, "base64"));
}

function pixel(img: ReturnType<typeof decode>, x: number, y: number): number[] {
  const c = img.channels;
  const o = (y * img.width + x) * c;
  return Array.from(img.data.slice(o, o + c) as ArrayLike<number>);
}

// vega's viridis scheme starts at #440154 and ends at #fde725 (matplotlib viridis endpoints).
const VIRIDIS_LOW = [0x44, 0x01, 0x54, 255];
const VIRIDIS_HIGH = [0xfd, 0xe7, 0x25, 255];

describe("figure specs render to SVG with unit-bearing axis titles", () => {
  const cases: [string, PlotSpec, string[]][] = [
    ["pattern fit", patternFitSpec(syntheticPatternFit(300)), ["d (Å)", "Intensity (counts)", "(obs − calc)/σ", "α (001)"]],
    ["calibration", calibrationSpec({ x: [100, 200, 300], y: [3.1, 6.1, 9.2], fitted: [3.1, 6.15, 9.2], labels: ["a", "b", "c"] }), ["MCA channel", "Energy (keV)", "Residual (keV)"]],
    ["heat map", seriesHeatmapSpec(syntheticSeries(30, 100)), ["d (Å)", "Time (h)", "Voltage (V)", "Intensity (counts)"]],
    ["phase fractions", phaseFractionsSpec(syntheticPhaseFractions(10)), ["x in LixV2O5", "Phase fraction", "Lattice parameter c (Å)"]],
    ["nyquist", nyquistSpec({ measured: { frequencyHz: [1, 10, 100], zReal: [3, 2, 1], zImag: [-1, -1.5, -0.5] }, fit: { frequencyHz: [1, 100], zReal: [3, 1], zImag: [-1, -0.5] } }), ["Re(Z) (Ω)", "−Im(Z) (Ω)"]],
    ["bode", bodeSpec({ measured: { frequencyHz: [1, 10, 100], zReal: [3, 2, 1], zImag: [-1, -1.5, -0.5] } }), ["Frequency (Hz)", "|Z| (Ω)", "Phase (deg)"]],
    ["xy", xyLineSpec({ series: [{ name: "a", x: [0, 1, 2], y: [1, 2, 1], ySigma: [0.1, 0.1, 0.1] }] }, { xLabel: "Time (s)", yLabel: "Voltage (V)" }), ["Time (s)", "Voltage (V)"]],
    ["field", fieldImageSpec(syntheticField(20, 10).values, 20, 10, { xLabel: "x (nm)", yLabel: "y (nm)" }), ["x (nm)", "y (nm)"]],
  ];
  for (const [name, spec, titles] of cases) {
    it(name, async () => {
      const svg = await renderSvg(spec);
      expect(svg.startsWith("<svg")).toBe(true);
      const text = svg.replace(/&amp;/g, "&");
      for (const t of titles) expect(text).toContain(`>${t}<`);
    });
  }

  it("rejects mismatched inputs with InvalidParameterError", () => {
    expect(() => patternFitSpec({ x: [1, 2], observed: [1], calculated: [1, 2] })).toThrow(InvalidParameterError);
    expect(() => seriesHeatmapSpec({ x: [1, 2], timesS: [0, 1], intensity: [1, 2, 3] })).toThrow(/length 4/);
    expect(() => seriesHeatmapSpec({ x: [1, 3, 2], timesS: [0], intensity: [1, 2, 3] })).toThrow(/increasing/);
    expect(() => xyLineSpec({ series: [] })).toThrow(InvalidParameterError);
    expect(() => renderFieldPng([1, 2, 3], 2, 2)).toThrow(/nx \* ny/);
    expect(() => layerMapSpec({ depthsUm: [1], timesS: [0, 1], values: [Number.NaN, Number.NaN] })).toThrow(/finite/);
  });
});

describe("rasters", () => {
  it("renderFieldPng maps the domain ends to the viridis ends, row 0 at the bottom", () => {
    const img = decode(renderFieldPng([0, 1, 1, 1], 2, 2, { pixelsPerCell: 3 }));
    expect([img.width, img.height]).toEqual([6, 6]);
    expect(pixel(img, 0, 5)).toEqual(VIRIDIS_LOW); // cell (0, 0) is bottom-left
    expect(pixel(img, 0, 0)).toEqual(VIRIDIS_HIGH);
    const top = decode(renderFieldPng([0, 1, 1, 1], 2, 2, { flipY: false }));
    expect(pixel(top, 0, 0)).toEqual(VIRIDIS_LOW);
  });

  it("heat map raster puts a stripe where its x and time range are", () => {
    // 60 patterns x 200 points over d = 4.0..5.99; intensity 1 for 4.5 ≤ d < 5.0 and t ≥ 3000 s.
    const nx = 200;
    const nt = 60;
    const x = Float64Array.from({ length: nx }, (_, i) => 4 + i * 0.01);
    const timesS = Float64Array.from({ length: nt }, (_, j) => j * 100);
    const intensity = new Float64Array(nx * nt);
    for (let j = 30; j < nt; j++) for (let i = 50; i < 100; i++) intensity[j * nx + i] = 1;
    const spec = seriesHeatmapSpec({ x, timesS, intensity }, { scaleType: "linear", width: 200, height: 60, rasterScale: 1 });
    const img = embeddedPng(spec);
    expect([img.width, img.height]).toEqual([200, 60]);
    // Pixel column p covers d in [3.995 + p*0.01, ...): stripe = columns 50..99. Time runs upwards.
    expect(pixel(img, 75, 10)).toEqual(VIRIDIS_HIGH);
    expect(pixel(img, 75, 50)).toEqual(VIRIDIS_LOW);
    expect(pixel(img, 49, 10)).toEqual(VIRIDIS_LOW);
    expect(pixel(img, 50, 10)).toEqual(VIRIDIS_HIGH);
    expect(pixel(img, 99, 10)).toEqual(VIRIDIS_HIGH);
    expect(pixel(img, 100, 10)).toEqual(VIRIDIS_LOW);
  });

  it("layer map bands follow non-uniform depths; NaN cells are transparent", () => {
    // Depths 15, 45, 105 µm → band edges 0, 30, 75, 135 µm.
    const values = [0, 0, 0.5, 0.5, 1, Number.NaN];
    const img = embeddedPng(layerMapSpec({ depthsUm: [15, 45, 105], timesS: [0, 100], values }, { width: 20, height: 135, rasterScale: 1, domain: [0, 1] }));
    expect(img.height).toBe(135);
    expect(pixel(img, 5, 10)).toEqual(VIRIDIS_LOW); // depth 10.5 µm: layer 1
    expect(pixel(img, 5, 29)[3]).toBe(255);
    expect(pixel(img, 5, 50)).not.toEqual(VIRIDIS_LOW); // layer 2 (0.5)
    expect(pixel(img, 5, 100)).toEqual(VIRIDIS_HIGH); // layer 3 at t = 0
    expect(pixel(img, 15, 100)[3]).toBe(0); // layer 3 at t = 100: NaN → transparent
  });

  it("keeps the SVG small for 1000 patterns x 2000 points (raster size set by the panel)", async () => {
    const series = syntheticSeries(1000, 2000, 7);
    const svg = await renderSvg(seriesHeatmapSpec(series));
    // Panel 460 x 380 px at rasterScale 2 → a 920 x 760 PNG; noise compresses poorly, so allow 3 MiB.
    expect(svg.length).toBeLessThan(3 * 1024 * 1024);
    console.log(`heat map 1000 x 2000: SVG ${(svg.length / 1024).toFixed(0)} KiB`);
  });
});

describe("PNG rendering embeds a font", () => {
  it("draws text pixels with the embedded DejaVu Sans", () => {
    const withText = decode(svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="10" y="30" font-family="DejaVu Sans, sans-serif" font-size="24">Voltage (V)</text></svg>', { scale: 1 }));
    let dark = 0;
    for (let i = 0; i < withText.width * withText.height; i++) if ((withText.data[i * withText.channels] as number) < 128) dark++;
    // "Voltage (V)" at 24 px covers a few hundred dark pixels; no font would give 0.
    expect(dark).toBeGreaterThan(200);
  });

  it("renderPng of a figure has the requested scale", async () => {
    const spec = xyLineSpec({ series: [{ name: "a", x: [0, 1], y: [0, 1] }] }, { width: 100, height: 80, title: "T" });
    const svg = await renderSvg(spec);
    const w = Number(/width="(\d+)"/.exec(svg)![1]);
    const img = decode(await renderPng(spec, { scale: 2 }));
    expect(img.width).toBe(2 * w);
  });
});

describe("display", () => {
  it("sends HTML or PNG to a notebook target, and only renders outside one", async () => {
    const spec = xyLineSpec({ series: [{ name: "a", x: [0, 1], y: [0, 1] }] });
    const seen: string[] = [];
    const target = { html: (h: string) => seen.push(`html:${h.slice(0, 4)}`), png: (b: Uint8Array) => seen.push(`png:${b[1]}`) };
    expect((await display(spec, { target })).shown).toBe(true);
    const png = await display(spec, { target, format: "png" });
    expect(png.png![0]).toBe(0x89);
    expect(seen).toEqual(["html:<svg", "png:80"]); // 0x50 = "P" of the PNG signature
    const outside = await display(spec);
    expect(outside.shown).toBe(false);
    expect(outside.svg.startsWith("<svg")).toBe(true);
    const notReady = { html: () => { throw new Error("Not ready"); }, png: () => undefined };
    expect((await display(spec, { target: notReady })).shown).toBe(false);
  });
});

describe("report", () => {
  const table = { columnNames: () => ["timeS", "layer", "x", "flags"], numRows: () => 30, array: (c: string) => Array.from({ length: 30 }, (_, i) => (c === "flags" ? (i === 3 ? "lowSignal" : "") : c === "x" ? i / 30 : i)) };

  it("builds a self-contained page with all sections, notes for missing ones and failures", async () => {
    const html = await buildReport({
      title: "Test <report>",
      series: { figures: [{ id: "heat", spec: seriesHeatmapSpec(syntheticSeries(20, 50)), caption: "Heat map" }], failures: [{ item: "pattern_017.xy", message: "fit diverged" }] },
      quantification: { tables: [reportTable(table, { maxRows: 5, csv: true, csvFileName: "q.csv" })] },
      maps: { figures: [{ id: "bad", spec: { mark: "nonsense" } as unknown as PlotSpec }] },
      provenance: { version: "0.1.0", date: "2024-01-01T00:00:00Z", files: [{ path: "q.csv", sizeBytes: 3, sha256: "ab" }], parameters: { threshold: 0.5 } },
      warnings: ["layer 7 has no data after 8 h"],
    });
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("Test &lt;report&gt;");
    expect(html).toContain("No calibration was given.");
    expect(html).toContain("No model was given");
    expect(html).toContain('data-figure="heat"');
    expect(html).toContain("pattern_017.xy");
    expect(html).toContain("fit diverged");
    expect(html).toContain("First 5 of 30 rows.");
    expect(html).toContain('download="q.csv" href="data:text/csv');
    expect(html).toContain('data-figure-error="bad"');
    expect(html).toContain("layer 7 has no data after 8 h");
    // Nothing fetched from a network: no scripts, stylesheets, or http(s) sources.
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(\s*["']?https?:/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']https?:/i);
  });

  it("rejects duplicate figure ids; writes atomically; hashes files", async () => {
    const spec = xyLineSpec({ series: [{ name: "a", x: [0, 1], y: [0, 1] }] });
    await expect(buildReport({ series: { figures: [{ id: "a", spec }] }, maps: { figures: [{ id: "a", spec }] } })).rejects.toThrow(InvalidParameterError);
    const dir = await mkdtemp(join(tmpdir(), "report-"));
    const path = join(dir, "sub", "r.html");
    await writeReport(path, "<html>abc</html>");
    expect(await readFile(path, "utf8")).toBe("<html>abc</html>");
    expect(await readdir(join(dir, "sub"))).toEqual(["r.html"]);
    await writeReport(join(dir, "abc.txt"), "abc");
    // SHA-256("abc") from FIPS 180-2 appendix B.1.
    expect(await fileProvenance(join(dir, "abc.txt"))).toEqual({ path: join(dir, "abc.txt"), sizeBytes: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" });
  });
});
