/**
 * Writes a PNG of each @operando/plot figure type to docs/figures/ (for the docs).
 * Run: npx tsx --conditions=source scripts/figures.ts
 * Inputs: synthetic seeded data (packages/plot/test/synthetic.ts), the real XRD pattern
 * shared/data/real/xrd/dioptas_pattern_001.xy and the real impedance spectrum
 * shared/data/real/eis/impedancepy_exampleData.csv (see shared/data/real/PROVENANCE.md).
 */
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildLayerMap, compareLayerMaps } from "@operando/maps";
import * as aq from "arquero";
import { createRng } from "@operando/core";
import {
  calibrationSpec,
  fieldImageSpec,
  layerMapComparisonSpec,
  nyquistSpec,
  bodeSpec,
  patternFitSpec,
  phaseFractionsSpec,
  renderPng,
  renderSvg,
  seriesHeatmapSpec,
  xyLineSpec,
} from "@operando/plot";
import type { PlotSpec } from "@operando/plot";
import { syntheticField, syntheticPatternFit, syntheticPhaseFractions, syntheticSeries } from "../packages/plot/test/synthetic.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const shared = fileURLToPath(new URL("../../shared/data/real/", import.meta.url));

/** Numeric rows of a text file (comma or whitespace separated, # comments skipped). */
async function readColumns(path: string): Promise<number[][]> {
  const text = await readFile(path, "utf8");
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"))
    .map((l) => l.trim().split(/[\s,]+/).map(Number));
}

/** Synthetic measured and modelled layer tables: a lithiation front crossing 7 layers of 30 µm. */
export function layerTables(seed = 4) {
  const rng = createRng(seed);
  const depths = [15, 45, 75, 105, 135, 165, 195];
  const profile = (z: number, t: number, speed: number) => 1 / (1 + Math.exp((z - speed * t) / 25));
  const rows = (speed: number, noise: number, step: number, count: number) => {
    const cols: Record<string, number[]> = { timeS: [], layer: [], depthUm: [], x: [], xSigma: [] };
    for (let k = 0; k < count; k++) {
      depths.forEach((z, i) => {
        const t = k * step + i * (step / 7);
        cols.timeS!.push(t);
        cols.layer!.push(i + 1);
        cols.depthUm!.push(z);
        cols.x!.push(profile(z, t, speed) + noise * rng.normal());
        cols.xSigma!.push(noise === 0 ? 0 : noise);
      });
    }
    return aq.table(cols);
  };
  return { measured: rows(0.0060, 0.02, 280, 130), model: rows(0.0055, 0, 200, 190) };
}

/** Every docs figure as (file stem, spec). */
export async function docsFigures(): Promise<[string, PlotSpec][]> {
  const pattern = await readColumns(`${shared}xrd/dioptas_pattern_001.xy`);
  const eis = await readColumns(`${shared}eis/impedancepy_exampleData.csv`);
  // Calibration: gamma lines (keV) of Am-241 59.5409, Ba-133 80.9979, Cd-109 88.0336,
  // Co-57 122.0607 and 136.4736 (NNDC NuDat 3 / LNHB recommended data), on a synthetic MCA
  // with E = 0.05 + 0.0305 ch; the fitted line is a least-squares straight line.
  const energies = [59.5409, 80.9979, 88.0336, 122.0607, 136.4736];
  const rng = createRng(5);
  const channels = energies.map((e) => (e - 0.05) / 0.0305 + 0.4 * rng.normal());
  const n = channels.length;
  const mx = channels.reduce((a, b) => a + b) / n;
  const my = energies.reduce((a, b) => a + b) / n;
  const slope = channels.reduce((a, c, i) => a + (c - mx) * (energies[i]! - my), 0) / channels.reduce((a, c) => a + (c - mx) ** 2, 0);
  const fitted = channels.map((c) => my + slope * (c - mx));
  const { measured, model } = layerTables();
  const cmp = compareLayerMaps(measured, model, { timeStepS: 280 });
  const field = syntheticField();
  return [
    ["pattern-fit", patternFitSpec(syntheticPatternFit(), { title: "Pattern fit (synthetic α-V2O5 window)" })],
    ["calibration", calibrationSpec({ x: channels, y: energies, ySigma: energies.map(() => 0.01), fitted, labels: ["Am-241", "Ba-133", "Cd-109", "Co-57", "Co-57"] }, { title: "MCA energy calibration (synthetic channels)" })],
    ["series-heatmap", seriesHeatmapSpec(syntheticSeries(), { title: "Series heat map with voltage (synthetic discharge)" })],
    ["phase-fractions", phaseFractionsSpec(syntheticPhaseFractions(), { title: "Phase fractions and lattice c vs x (synthetic)" })],
    ["layer-maps", layerMapComparisonSpec({ measured: cmp.measuredMap, model: cmp.modelMap, residual: cmp.residualMap }, { valueLabel: "x", title: "Layer x time maps (synthetic front)" })],
    ["layer-map-single", xyLineSpec({ series: buildLayerMap(measured).layers.map((l, i) => {
      const m = buildLayerMap(measured);
      const nt = m.timesS.length;
      return { name: `layer ${l}`, x: Float64Array.from(m.timesS, (t) => t / 3600), y: m.values.subarray(i * nt, (i + 1) * nt) };
    }) }, { xLabel: "Time (h)", yLabel: "x in LixV2O5", title: "x per layer (synthetic)" })],
    ["nyquist", nyquistSpec({ measured: { frequencyHz: eis.map((r) => r[0]!), zReal: eis.map((r) => r[1]!), zImag: eis.map((r) => r[2]!) } }, { title: "Nyquist (impedance.py example data)" })],
    ["bode", bodeSpec({ measured: { frequencyHz: eis.map((r) => r[0]!), zReal: eis.map((r) => r[1]!), zImag: eis.map((r) => r[2]!) } }, { title: "Bode (impedance.py example data)" })],
    ["xy-line", xyLineSpec({ series: [{ name: "pattern_001", x: pattern.map((r) => r[0]!), y: pattern.map((r) => r[1]!) }] }, { xLabel: "2θ (deg)", yLabel: "Intensity (counts)", title: "Real pattern (Dioptas pattern_001.xy)" })],
    ["field", fieldImageSpec(field.values, field.nx, field.ny, { cellSize: 5, xLabel: "x (nm)", yLabel: "y (nm)", valueLabel: "c", domain: [0, 1], title: "2D field (synthetic)" })],
  ];
}

/** Renders every docs figure to docs/figures/<name>.png and prints sizes. */
export async function main(): Promise<void> {
  const out = `${root}docs/figures/`;
  await mkdir(out, { recursive: true });
  for (const [name, spec] of await docsFigures()) {
    const svg = await renderSvg(spec);
    const png = await renderPng(spec, { scale: 1.5 });
    await writeFile(`${out}${name}.png`, png);
    console.log(`${name.padEnd(18)} svg ${(svg.length / 1024).toFixed(0).padStart(5)} KiB  png ${(png.length / 1024).toFixed(0).padStart(5)} KiB`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
