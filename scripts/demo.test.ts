// End-to-end check of the demo pipeline on part of the bundled data (2 layers x 6 times): the
// numbers the issue asks for (x within 0.03 of the truth, 2theta within 0.002 deg), the EIS
// tortuosity of the synthetic blocking cell, and a complete report. The full run is `npm run demo`.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoSummary } from "./demo-pipeline.js";
import { runDemo } from "./demo-pipeline.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/demo", import.meta.url));
const TRUTH = JSON.parse(readFileSync(join(FIXTURES, "truth.json"), "utf8")) as {
  twoThetaDeg: number;
  rows: { layer: number; timeS: number; xModel: number; fractions: Record<string, number> }[];
  eis: { tortuosity: number };
};

describe("demo pipeline (layers 3 and 5, 6 times)", () => {
  let outDir = "";
  let summary: DemoSummary;
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "operando-demo-"));
    summary = await runDemo({ fixturesDir: FIXTURES, outDir, subset: { layers: [3, 5], maxTimes: 6 }, workers: 2 });
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("quantifies the selected spectra", () => {
    expect(summary.spectra.count).toBe(12);
    expect(summary.spectra.flagged).toBe(0);
    expect(summary.spectra.layers.slice().sort()).toEqual([3, 5]);
  });

  it("recovers the layer x within 0.03 of the model x where diffraction determines x (issue 9 acceptance)", () => {
    // Truth = the mesoscale model's x. In single-phase alpha or delta (no lattice-composition
    // relation) diffraction cannot see x: anywhere in [0, 0.1] or [0.8, 1], reported as the
    // midpoint +- range/sqrt(12) and flagged xFromRange, so 0.03 is not achievable there (up to
    // 0.05 off); the criterion applies where x is determined (epsilon's c(x), or alpha/delta at
    // the two-phase boundary), and the single-phase spectra must hold the model x in their range.
    // atol from the acceptance criterion; the measured max |dx| there is ~0.001.
    const atol = 0.03;
    expect(summary.recovery.map((r) => r.layer)).toEqual([3, 5]);
    for (const r of summary.recovery) {
      expect(r.count).toBe(6);
      // Single-phase alpha/delta spectra expected from the truth fractions at the analysed times.
      const singlePhase = summary.spectra.timesS.filter((t) => {
        const row = TRUTH.rows.find((q) => q.layer === r.layer && q.timeS === t)!;
        const present = Object.entries(row.fractions).filter(([, f]) => f > 0);
        return present.length === 1 && present[0]![0] !== "epsilon";
      }).length;
      expect(singlePhase).toBeGreaterThan(0);
      expect(r.rangeCount, `layer ${r.layer}`).toBe(singlePhase);
      expect(r.determinedCount, `layer ${r.layer}`).toBe(6 - singlePhase);
      expect(r.maxAbsDxDetermined, `layer ${r.layer}`).toBeLessThanOrEqual(atol);
      expect(r.rmsXDetermined, `layer ${r.layer}`).toBeLessThanOrEqual(atol);
      expect(r.rangeCovered, `layer ${r.layer}`).toBe(r.rangeCount);
      // The equilibrium rule beats the former nominal-x convention (alpha 0, delta 1) overall.
      expect(r.rmsX, `layer ${r.layer}`).toBeLessThan(r.rmsXNominal);
    }
  });

  it("recovers 2theta within 0.002 deg and the energy scale", () => {
    // atol: the 2theta criterion (the fit's own sigma is ~6e-4 deg).
    const atolDeg = 0.002;
    expect(Math.abs(summary.calibration.twoThetaDeg - TRUTH.twoThetaDeg)).toBeLessThanOrEqual(atolDeg);
    // 0.05 keV = 2.5 channels at 0.02 keV/channel: far below the header's 0.5 keV error.
    expect(summary.calibration.maxEnergyErrorKeV).toBeLessThan(0.05);
  });

  it("compares with the model and recovers the blocking cell's tortuosity", () => {
    expect(Number.isFinite(summary.modelComparison.rms)).toBe(true);
    expect(summary.modelComparison.perLayer.map((r) => r.layer).sort()).toEqual([3, 5]);
    expect(summary.eis.linKKPass).toBe(true);
    expect(summary.eis.trueTortuosity).toBe(TRUTH.eis.tortuosity);
    // 0.5 % noise on 81 points gives sigma(tau)/tau ~ 0.4 %: within 4 sigma, and 2 % absolute rtol.
    const SIGMAS = 4;
    const TAU_RTOL = 0.02;
    expect(Math.abs(summary.eis.tortuosity - TRUTH.eis.tortuosity)).toBeLessThan(SIGMAS * summary.eis.tortuositySigma);
    expect(Math.abs(summary.eis.tortuosity / TRUTH.eis.tortuosity - 1)).toBeLessThan(TAU_RTOL);
    expect(summary.eis.example.linKKPass).toBe(true);
  });

  it("writes a report with every section and the outputs", () => {
    const html = readFileSync(summary.paths.report, "utf8");
    for (const title of ["Calibration", "Series overview", "Quantification", "Layer x time maps", "Model comparison", "Provenance"]) expect(html).toContain(`${title}</h2>`);
    // every figure rendered (9 figures, inline SVG)
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(9);
    expect(html).toContain("blocking_cell.csv");
    expect(html).toContain("operando_edxrd.h5");
    const cal = JSON.parse(readFileSync(summary.paths.calibration, "utf8")) as { calibration: { twoThetaDeg: number } };
    expect(cal.calibration.twoThetaDeg).toBeCloseTo(summary.calibration.twoThetaDeg, 12);
    const table = readFileSync(summary.paths.layerTable, "utf8").trim().split("\n");
    expect(table.length).toBe(1 + 12);
  });

  it("the truth file covers every spectrum of the series", () => {
    expect(TRUTH.rows.length).toBe(110);
  });
});
