/**
 * Opens a generated report in headless Chromium, takes a screenshot and checks that every figure
 * drew: the pixels inside each `<figure data-figure>` box are not blank. Needs Debian's chromium
 * (`apt-get install -y chromium`; CI installs it in .ci/run). Fails, does not skip, without it.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { decode } from "fast-png";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import {
  bodeSpec,
  buildReport,
  calibrationSpec,
  fieldImageSpec,
  layerMapComparisonSpec,
  nyquistSpec,
  patternFitSpec,
  phaseFractionsSpec,
  reportTable,
  seriesHeatmapSpec,
  writeReport,
  xyLineSpec,
} from "../src/index.js";
import { syntheticField, syntheticPatternFit, syntheticPhaseFractions, syntheticSeries } from "./synthetic.js";

const CHROMIUM = process.env.OPERANDO_CHROMIUM ?? "/usr/bin/chromium";

function grid(nl: number, nt: number, f: (i: number, j: number) => number) {
  return {
    depthsUm: Float64Array.from({ length: nl }, (_, i) => 15 + 30 * i),
    timesS: Float64Array.from({ length: nt }, (_, j) => 300 * j),
    values: Float64Array.from({ length: nl * nt }, (_, k) => f(Math.floor(k / nt), k % nt)),
  };
}

describe("report in headless Chromium", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("renders every figure (non-blank pixels inside each figure box)", async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (Debian; CI does this in .ci/run) or set OPERANDO_CHROMIUM to a Chromium binary.`);
    }
    const measured = grid(7, 60, (i, j) => 1 / (1 + Math.exp((30 * i - 4 * j) / 20)));
    const model = grid(7, 60, (i, j) => 1 / (1 + Math.exp((30 * i - 3.6 * j) / 20)));
    const residual = { ...measured, values: measured.values.map((v, k) => v - model.values[k]!) };
    const field = syntheticField(48, 32);
    const eis = { frequencyHz: [1e4, 1e3, 100, 10, 1, 0.1], zReal: [1, 1.2, 2, 3, 3.5, 4], zImag: [-0.1, -0.5, -1, -0.6, -0.8, -1.5] };
    const figures = [
      { id: "pattern", spec: patternFitSpec(syntheticPatternFit(400)) },
      { id: "calibration", spec: calibrationSpec({ x: [100, 200, 300, 400], y: [3.1, 6.1, 9.2, 12.2], fitted: [3.1, 6.15, 9.18, 12.2] }) },
      { id: "heatmap", spec: seriesHeatmapSpec(syntheticSeries(60, 200)) },
      { id: "phases", spec: phaseFractionsSpec(syntheticPhaseFractions(20)) },
      { id: "maps", spec: layerMapComparisonSpec({ measured, model, residual }) },
      { id: "nyquist", spec: nyquistSpec({ measured: eis }) },
      { id: "bode", spec: bodeSpec({ measured: eis }) },
      { id: "xy", spec: xyLineSpec({ series: [{ name: "V", x: [0, 1, 2, 3], y: [3.6, 3.4, 3.2, 2.8] }] }, { xLabel: "Time (h)", yLabel: "Voltage (V)" }) },
      { id: "field", spec: fieldImageSpec(field.values, field.nx, field.ny) },
    ];
    const html = await buildReport({
      calibration: { summary: [["a0 (keV)", 0.05], ["a1 (keV/channel)", 0.0305]], figures: figures.slice(1, 2) },
      series: { figures: [figures[0]!, figures[2]!, figures[7]!], failures: [{ item: "p_003.xy", message: "no peaks" }] },
      quantification: { tables: [reportTable({ columnNames: () => ["timeS", "x"], numRows: () => 3, array: (c) => (c === "x" ? [0.1, 0.2, 0.3] : [0, 40, 80]) })], figures: [figures[3]!] },
      maps: { figures: [figures[4]!] },
      modelComparison: { figures: [figures[5]!, figures[6]!, figures[8]!] },
      provenance: { version: "0.1.0", date: "2024-01-01T00:00:00Z" },
    });
    const dir = await mkdtemp(join(tmpdir(), "report-browser-"));
    dirs.push(dir);
    const path = join(dir, "report.html");
    await writeReport(path, html);

    // Playwright makes a fresh temporary profile (user data dir) for each launch.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      // Block every network request: the report must not need one.
      const external: string[] = [];
      await page.route(/^(https?|wss?):/, (route) => {
        external.push(route.request().url());
        return route.abort();
      });
      await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
      const boxes = await page.$$eval("figure[data-figure]", (els) =>
        els.map((el) => {
          const r = el.querySelector("svg")!.getBoundingClientRect();
          return { id: el.getAttribute("data-figure")!, x: r.left, y: r.top, // page not scrolled: viewport = page coordinates
            width: r.width, height: r.height };
        }),
      );
      expect(boxes.map((b) => b.id).sort()).toEqual(figures.map((f) => f.id).sort());
      const shot = decode(await page.screenshot({ fullPage: true, type: "png" }));
      // Set OPERANDO_REPORT_SCREENSHOT=<file.png> to keep the screenshot for a look.
      const keep = process.env.OPERANDO_REPORT_SCREENSHOT;
      if (keep !== undefined) await writeFile(keep, await page.screenshot({ fullPage: true, type: "png" }));
      for (const box of boxes) {
        expect(box.width, box.id).toBeGreaterThan(100);
        expect(box.height, box.id).toBeGreaterThan(100);
        let ink = 0;
        let colour = 0;
        let total = 0;
        const x0 = Math.max(0, Math.floor(box.x));
        const y0 = Math.max(0, Math.floor(box.y));
        const x1 = Math.min(shot.width, Math.floor(box.x + box.width));
        const y1 = Math.min(shot.height, Math.floor(box.y + box.height));
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const o = (y * shot.width + x) * shot.channels;
            const r = shot.data[o] as number;
            const g = shot.data[o + 1] as number;
            const b = shot.data[o + 2] as number;
            total++;
            if (r + g + b < 3 * 235) ink++;
            if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
          }
        }
        // A drawn figure has axes, labels and marks: well above 1 % non-white pixels, and coloured
        // (not grey) pixels from data marks (six hollow circles of the smallest figure give ~150).
        // A blank or broken SVG has ~0 of both.
        expect(ink / total, `${box.id}: non-white fraction`).toBeGreaterThan(0.01);
        expect(colour, `${box.id}: coloured pixels`).toBeGreaterThan(50);
      }
      expect(external).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
