import { createPattern, createSeries } from "@operando/core";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@operando/core";
import { createFitWorkerPool, fitPatternsParallel, fitSeries } from "../src/index.js";
import { syntheticPattern } from "./helpers/synthetic.js";

function makeSeries(count: number, options: { dropout?: number } = {}) {
  const patterns = Array.from({ length: count }, (_, s) => {
    const shift = 0.004 * s;
    const dead = s === options.dropout;
    const d = syntheticPattern(100 + s, {
      peaks: [
        { center: 4.2 + shift, height: dead ? 0 : 900 - 10 * s, fwhm: 0.12, eta: 0.4 },
        { center: 4.6 - shift, height: dead ? 0 : 500, fwhm: 0.15, eta: 0.6 },
      ],
    });
    return createPattern({ axis: "q", x: d.x, y: d.y, sigma: d.sigma, meta: { timeS: 60 * s, layer: 2 } });
  });
  return createSeries(patterns);
}

describe("fitSeries", () => {
  it("fits a drifting series forward and reverse to the same answers, with the documented table columns", () => {
    const series = makeSeries(8);
    const forward = fitSeries(series, { peaks: 2 });
    const reverse = fitSeries(series, { peaks: 2, order: "reverse" });
    const t = forward.table;
    expect(t.numRows()).toBe(8);
    expect(t.columnNames().slice(0, 5)).toEqual(["index", "timeS", "layer", "p0_center", "p0_center_sigma"]);
    expect(t.columnNames().slice(-7)).toEqual(["bg_c1_sigma", "chi2", "reducedChi2", "rwp", "evaluations", "status", "flags"]);
    expect(t.get("timeS", 3)).toBe(180);
    expect(t.get("layer", 0)).toBe(2);
    for (let s = 0; s < 8; s++) {
      const c = t.get("p0_center", s) as number;
      const e = t.get("p0_center_sigma", s) as number;
      // truth within 5 standard errors (chance failure < 1e-6)
      expect(Math.abs(c - (4.2 + 0.004 * s)) / e).toBeLessThan(5);
      // both orders converge to the same minimum (tolerance-limited: ftol 1.5e-8 -> << 1e-3 sigma)
      expect(Math.abs(c - (reverse.table.get("p0_center", s) as number)) / e).toBeLessThan(1e-2);
      expect(t.get("flags", s)).toBe("");
    }
  });

  it("a pattern without peaks is flagged and does not seed the next fit", () => {
    const series = makeSeries(6, { dropout: 3 });
    const r = fitSeries(series, { peaks: 2 });
    expect(r.entries[3]!.flags).toContain("reseeded");
    expect(r.entries[3]!.flags.some((f) => f === "lowSnr" || f === "failed")).toBe(true);
    // the pattern after the dropout is fitted well again
    const c = r.table.get("p0_center", 4) as number;
    expect(Math.abs(c - (4.2 + 0.016))).toBeLessThan(5 * (r.table.get("p0_center_sigma", 4) as number));
    expect(r.entries[4]!.flags).not.toContain("failed");
  });
});

describe("fitPatternsParallel (piscina workers from TypeScript sources)", () => {
  it("gives the same fits as the sequential fitter with fresh starts", async () => {
    const series = makeSeries(4);
    const parallel = await fitPatternsParallel(series, { peaks: 2, threads: 2 });
    expect(parallel.entries.every((e) => e.result !== undefined)).toBe(true);
    for (let s = 0; s < 4; s++) {
      const p = series.patterns[s]!;
      const seq = fitSeries(createSeries([p]), { peaks: 2 });
      // identical code and starting values in the worker: identical floating-point result
      expect(parallel.table.get("p0_center", s)).toBe(seq.table.get("p0_center", 0));
    }
    expect(parallel.table.get("timeS", 2)).toBe(120);
  });

  it("a started pool serves several calls, with several patterns per message, in input order", async () => {
    const series = makeSeries(7);
    const pool = createFitWorkerPool({ threads: 2 });
    try {
      const a = await fitPatternsParallel(series, { peaks: 2, pool, batchSize: 3 });
      const b = await fitPatternsParallel(series.patterns.slice(2, 5), { peaks: 2, pool, batchSize: 1 });
      expect(pool.closed).toBe(false);
      for (let s = 0; s < 7; s++) {
        const seq = fitSeries(createSeries([series.patterns[s]!]), { peaks: 2 });
        // same code and starts in the worker: bitwise the same answer, whatever the batching
        expect(a.table.get("p0_center", s)).toBe(seq.table.get("p0_center", 0));
        if (s >= 2 && s < 5) expect(b.table.get("p0_center", s - 2)).toBe(seq.table.get("p0_center", 0));
      }
      expect(a.table.get("timeS", 6)).toBe(360);
    } finally {
      await pool.close();
    }
    expect(pool.closed).toBe(true);
    await expect(fitPatternsParallel(series, { peaks: 2, pool })).rejects.toThrow(InvalidParameterError);
    await expect(fitPatternsParallel(series, { peaks: 2, batchSize: 0 })).rejects.toThrow(InvalidParameterError);
  });

  it("reports a failing pattern instead of rejecting the batch", async () => {
    const good = makeSeries(1).patterns[0]!;
    const bad = { ...good, x: good.x.slice(0, 2), y: good.y.slice(0, 2), sigma: good.sigma!.slice(0, 2) };
    const r = await fitPatternsParallel([good, bad], { peaks: 2, threads: 1 });
    expect(r.entries[0]!.flags).toEqual([]);
    expect(r.entries[1]!.flags).toEqual(["failed"]);
    expect(r.entries[1]!.error).toMatch(/FitError/);
    expect(r.table.get("status", 1)).toBe("failed");
  });
});
