import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, ParseError } from "@operando/core";
import {
  buildLayerMap,
  compareLayerMaps,
  depthGradient,
  layerMapToJson,
  layerMapToTable,
  layerSpread,
  lithiationFront,
  parseLayerTableCsv,
  phaseBoundaryCrossings,
  strandedLithium,
  tableToCsv,
  writeJson,
  writeTableCsv,
} from "../src/index.js";
import type { LayerMap } from "../src/index.js";
import { syntheticLayerTable } from "./fixtures.js";

// Every synthetic profile below is linear in time and depth between samples, so linear
// interpolation reproduces it up to floating-point rounding.
const atol = 1e-9;

/** Seven 30 µm gauge layers (seed paper: 30 µm layers, seven across the pellet). */
const DEPTHS = [15, 45, 75, 105, 135, 165, 195];
// x = 0.5 + (v t − z)/L: a front at z_f = v t for threshold 0.5 with v = 0.05 µm/s.
const V_UM_PER_S = 0.05;
const L_UM = 400;
const linearFront = (z: number, t: number) => 0.5 + (V_UM_PER_S * t - z) / L_UM;

function table() {
  // EDXRD-like: one layer every 40 s, so each layer is revisited every 280 s.
  return syntheticLayerTable({ depthsUm: DEPTHS, periodS: 280, offsetS: 40, count: 20, x: linearFront });
}

function at(map: LayerMap, layerIndex: number, timeIndex: number): number {
  return map.values[layerIndex * map.timesS.length + timeIndex]!;
}

describe("buildLayerMap", () => {
  it("grids staggered layer samples on a regular time grid, layer-major, depth order", () => {
    const map = buildLayerMap(table(), { value: "x" });
    expect(map.layers).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(map.depthsUm)).toEqual(DEPTHS);
    // Default step = median per-layer spacing = 280 s; grid spans 0 .. 19*280 + 6*40.
    expect(map.timesS[1]! - map.timesS[0]!).toBe(280);
    expect(map.timesS[0]).toBe(0);
    expect(map.values.length).toBe(7 * map.timesS.length);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < map.timesS.length; j++) {
        const t = map.timesS[j]!;
        const first = i * 40;
        const last = 19 * 280 + i * 40;
        const v = at(map, i, j);
        if (t < first || t > last) expect(v).toBeNaN();
        else expect(v).toBeCloseTo(linearFront(DEPTHS[i]!, t), 9);
      }
    }
    expect(Array.from(map.sampleCounts)).toEqual(Array(7).fill(20));
    expect(map.sigma).toBeDefined();
    expect(map.sigma![0]).toBeCloseTo(0.01, 12);
  });

  it("maps any column (phase fraction) on an explicit grid and leaves long gaps empty", () => {
    const t = syntheticLayerTable({ depthsUm: [10, 40], periodS: 100, offsetS: 0, count: 5, x: () => 0.3, extra: { f_delta: (_z, tt) => tt / 1000 } });
    // Remove the sample at t = 200 of layer 1 (row 4) to make a 200 s gap.
    const gappy = t.filter((d: { layer: number; timeS: number }) => !(d.layer === 1 && d.timeS === 200));
    const map = buildLayerMap(gappy, { value: "f_delta", timesS: Float64Array.of(50, 150, 250), maxGapS: 150 });
    expect(map.sigma).toBeUndefined();
    expect(at(map, 0, 0)).toBeCloseTo(0.05, 12);
    expect(at(map, 0, 1)).toBeNaN(); // inside the 100..300 gap of 200 s > maxGapS
    expect(at(map, 1, 1)).toBeCloseTo(0.15, 12);
  });

  it("rejects bad input with typed errors", () => {
    expect(() => buildLayerMap(table(), { value: "f_gamma" })).toThrow(InvalidParameterError);
    const noDepth = aq.table({ timeS: [0], layer: [1], x: [0.1] });
    expect(() => buildLayerMap(noDepth)).toThrow(/depthUm/);
    const twoDepths = aq.table({ timeS: [0, 1], layer: [1, 1], depthUm: [10, 20], x: [0.1, 0.2] });
    expect(() => buildLayerMap(twoDepths)).toThrow(/depthUm 10/);
    const allMissing = aq.table({ timeS: [0, 1], layer: [1, 1], depthUm: [10, 10], x: [null, null] });
    expect(() => buildLayerMap(allMissing)).toThrow(/finite value/);
    expect(() => buildLayerMap(table(), { timeStepS: 1e-6 })).toThrow(/grid times/);
  });
});

describe("metrics", () => {
  const map = buildLayerMap(table());

  it("layerSpread: range and population std across layers", () => {
    const spread = layerSpread(map);
    const times = spread.array("timeS") as number[];
    const j = times.indexOf(2800);
    // At t = 2800 s all layers have values: x_i = 0.5 + (140 − z_i)/400, range = 180/400.
    expect((spread.array("range") as number[])[j]).toBeCloseTo(180 / 400, 12);
    const xs = DEPTHS.map((z) => linearFront(z, 2800));
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect((spread.array("std") as number[])[j]).toBeCloseTo(std, 12);
    expect((spread.array("count") as number[])[j]).toBe(7);
  });

  it("depthGradient: slope −1/L with the weighted-LSQ sigma σ/sqrt(Σ(z−z̄)²)", () => {
    const g = depthGradient(map);
    const slopes = g.array("slopePerUm") as number[];
    for (const s of slopes) expect(s).toBeCloseTo(-1 / L_UM, 12);
    const times = g.array("timeS") as number[];
    const j = times.indexOf(2800);
    const zMean = DEPTHS.reduce((a, b) => a + b) / 7;
    const sxx = DEPTHS.reduce((a, z) => a + (z - zMean) ** 2, 0);
    expect((g.array("slopeSigmaPerUm") as number[])[j]).toBeCloseTo(0.01 / Math.sqrt(sxx), 12);
    expect((g.array("weighted") as boolean[])[j]).toBe(true);
  });

  it("lithiationFront: front depth v·t and speed v", () => {
    const result = lithiationFront(map, { threshold: 0.5 });
    const times = result.fronts.array("timeS") as number[];
    const depths = result.fronts.array("frontDepthUm") as (number | null)[];
    const status = result.fronts.array("status") as string[];
    times.forEach((t, k) => {
      if (status[k] === "inside") expect(depths[k]).toBeCloseTo(V_UM_PER_S * t, 9);
    });
    expect(status[0]).toBe("notStarted"); // t = 0: x = 0.5 − 15/400 < 0.5 at the separator layer
    expect(status).toContain("beyond");
    expect(result.speed!.umPerS).toBeCloseTo(V_UM_PER_S, 12);
    expect(result.speed!.sigmaUmPerS!).toBeLessThan(atol);
    // Delithiation direction: at t = 0 only layer 1 has a value, x < 0.5: all layers "reached".
    const below = lithiationFront(map, { threshold: 0.5, direction: "below" });
    expect((below.fronts.array("status") as string[])[0]).toBe("beyond");
    const k = (below.fronts.array("timeS") as number[]).indexOf(2800);
    expect((below.fronts.array("status") as string[])[k]).toBe("notStarted");
  });

  it("strandedLithium: interior minus the separator layer at the end", () => {
    const result = strandedLithium(map, { timeS: 4480 });
    expect(result.timeS).toBe(4480);
    expect(result.referenceLayer).toBe(1);
    // x_i − x_1 = −(z_i − z_1)/L: deeper layers hold less Li in this profile.
    expect(result.maxStrandedX).toBeCloseTo(-30 / L_UM, 12);
    const sigmas = result.table.array("strandedSigma") as number[];
    expect(sigmas[1]).toBeCloseTo(Math.SQRT2 * 0.01, 12);
    const last = strandedLithium(map);
    // Default: last grid time where all 7 layers have values (19*280 = 5320 s).
    expect(last.timeS).toBe(5320);
    expect(() => strandedLithium({ ...map, layers: [1], depthsUm: Float64Array.of(1), values: map.values.subarray(0, map.timesS.length), sigma: undefined })).toThrow(InvalidParameterError);
  });

  it("phaseBoundaryCrossings: interpolated crossing times with σ_t = σ_f / |df/dt|", () => {
    // f_delta = (t − t_i)/T + 0.5 crosses 0.5 at t_i = 1000 + 100 i; T = 2000 s; σ_f = 0.02.
    const T = 2000;
    const t = syntheticLayerTable({
      depthsUm: [15, 45, 75],
      periodS: 120,
      offsetS: 40,
      count: 30,
      x: () => 0.5,
      extra: { f_delta: (z, tt) => (tt - (1000 + 100 * ((z - 15) / 30))) / T + 0.5, f_delta_sigma: () => 0.02 },
    });
    const fmap = buildLayerMap(t, { value: "f_delta" });
    const crossings = phaseBoundaryCrossings(fmap, { level: 0.5 });
    expect(crossings.numRows()).toBe(3);
    const times = crossings.array("timeS") as number[];
    times.forEach((tc, i) => expect(tc).toBeCloseTo(1000 + 100 * i, 9));
    for (const s of crossings.array("timeSigmaS") as number[]) expect(s).toBeCloseTo(0.02 * T, 9);
    expect(phaseBoundaryCrossings(fmap, { level: 0.5, direction: "falling" }).numRows()).toBe(0);
  });
});

describe("compareLayerMaps", () => {
  it("interpolates the model onto the measured times; RMS and chi-square of a known offset", () => {
    const measured = table();
    // Model on a coarser 500 s grid, offset by −0.02 in x, over 0..4000 s only.
    const model = syntheticLayerTable({ depthsUm: DEPTHS, periodS: 500, offsetS: 0, count: 9, x: (z, t) => linearFront(z, t) - 0.02, xSigma: 0 });
    const result = compareLayerMaps(measured, model);
    for (const r of result.residuals.array("residual") as number[]) expect(r).toBeCloseTo(0.02, 9);
    expect(result.summary.rms).toBeCloseTo(0.02, 9);
    // σ = 0.01 → every normalised residual is 2 → reduced chi-square 4.
    expect(result.summary.reducedChi2!).toBeCloseTo(4, 9);
    expect(result.summary.chi2).toBeCloseTo(4 * result.summary.count, 6);
    expect(result.summary.outsideModelTime + result.summary.count).toBe(140);
    expect(result.summary.outsideModelTime).toBeGreaterThan(0);
    expect(result.perLayer.numRows()).toBe(7);
    for (const r of result.perLayer.array("rms") as number[]) expect(r).toBeCloseTo(0.02, 9);
    expect(result.residualMap.values.filter(Number.isFinite).every((v) => Math.abs(v - 0.02) < atol)).toBe(true);
    expect(result.modelMap.timesS).toBe(result.measuredMap.timesS);
  });

  it("matches by depth when the model has its own layer grid", () => {
    const measured = table();
    const model = syntheticLayerTable({ depthsUm: [0, 50, 100, 150, 200], periodS: 500, offsetS: 0, count: 12, x: linearFront, xSigma: 0 });
    const result = compareLayerMaps(measured, model, { match: "depth" });
    for (const r of result.residuals.array("residual") as number[]) expect(Math.abs(r)).toBeLessThan(atol);
    expect(() => compareLayerMaps(measured, model)).toThrow(/layer/);
    const shallow = syntheticLayerTable({ depthsUm: [20, 100], periodS: 500, offsetS: 0, count: 12, x: linearFront });
    expect(() => compareLayerMaps(measured, shallow, { match: "depth" })).toThrow(/bracket/);
  });
});

describe("tables and writers", () => {
  it("long table, JSON, CSV round trip through parseLayerTableCsv", async () => {
    const map = buildLayerMap(table());
    const long = layerMapToTable(map);
    expect(long.numRows()).toBe(map.values.filter(Number.isFinite).length);
    const json = layerMapToJson(map);
    expect(json.values).toContain(null);
    const dir = await mkdtemp(join(tmpdir(), "maps-"));
    await writeTableCsv(join(dir, "t.csv"), table());
    const back = parseLayerTableCsv(await readFile(join(dir, "t.csv"), "utf8"), { file: "t.csv" });
    expect(back.numRows()).toBe(140);
    expect(Array.from(buildLayerMap(back).values)).toEqual(Array.from(map.values));
    await writeJson(join(dir, "m.json"), { map, spread: layerSpread(map) });
    const parsed = JSON.parse(await readFile(join(dir, "m.json"), "utf8"));
    expect(parsed.map.values.length).toBe(map.values.length);
    expect(parsed.spread[0].timeS).toBe(0);
  });

  it("parse errors name the file, line and column", () => {
    const text = "timeS,layer,depthUm,x\n0,1,15,0.1\n40,1,15,abc\n";
    expect(() => parseLayerTableCsv(text, { file: "q.csv" })).toThrow(ParseError);
    expect(() => parseLayerTableCsv(text, { file: "q.csv" })).toThrow(/q\.csv:3:4/);
    expect(() => parseLayerTableCsv("time,layer\n", { file: "q.csv" })).toThrow(/timeS/);
    expect(() => parseLayerTableCsv("timeS,layer,depthUm\n0,1\n", { file: "q.csv" })).toThrow(/q\.csv:2/);
    expect(tableToCsv(aq.table({ a: [1, Number.NaN], b: ["x,y", null] }))).toBe('a,b\n1,"x,y"\n,\n');
  });
});
