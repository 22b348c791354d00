// Long check: PFHub benchmark 1a to t = 10000 on 256 x 256 (dx = 0.78125) against
// (1) the same scheme, grid and steps in numpy (independent implementation; numpy.fft.rfft2):
//     scripts/reference/phasefield-numpy.py reference --n 256 --dt0 0.25 -> fixtures/pfhub-bm1a-numpy-256.json
// (2) our numpy reference run on 1024 x 1024 (dx = 0.195) with 4x smaller steps:
//     scripts/reference/phasefield-numpy.py reference --n 1024 --dt0 0.0625 -> fixtures/pfhub-bm1a-reference.json
// (3) the PRISMS-PF upload to PFHub (usnistgov/pfhub _data/charts/1a1_free_energy.json, "prismspf_1a"),
//     printed for comparison only: PFHub uploads of 1a differ among codes by tens of percent after
//     t ~ 100 (e.g. PRISMS-PF 115.6 vs our 137.4 at t = 100; FiPy's upload gives ~165 at t = 50, ours 168.0).
// Schedule: dt = 0.25 to t = 100, 1 to t = 1000, 4 to t = 10000 (reference: 0.0625 / 0.25 / 1).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCahnHilliardSolver, createGrid, PFHUB_BM1, pfhubBenchmark1Initial } from "../src/index.js";

/** PRISMS-PF free energies (time -> F) as uploaded to PFHub benchmark 1a. */
const PRISMS_PF: Record<number, number> = { 0: 319.0337102, 100: 115.6166174, 1000: 70.35382018, 10000: 40.81065093 };

interface Reference {
  records: { time: number; energy: number }[];
}

function fixture(name: string): Reference {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8")) as Reference;
}

describe("PFHub BM1a long run", () => {
  it("free energy decreases monotonically and agrees with the 4x-finer reference run", () => {
    const reference = fixture("pfhub-bm1a-reference.json");
    const numpySame = new Map(fixture("pfhub-bm1a-numpy-256.json").records.map((r) => [r.time, r.energy]));
    const grid = createGrid({ nx: 256, ny: 256, lengthX: 200, lengthY: 200 });
    let c = pfhubBenchmark1Initial(grid);
    let time = 0;
    let previous = Infinity;
    const energies = new Map<number, number>();
    const marks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    energies.set(0, createCahnHilliardSolver({ grid, ...PFHUB_BM1, initialConcentration: c, timeStep: 1 }).energy().total);
    for (const [dt, until] of [[0.25, 100], [1, 1000], [4, 10000]] as const) {
      const solver = createCahnHilliardSolver({ grid, freeEnergy: PFHUB_BM1.freeEnergy, gradientCoefficient: 2, mobility: PFHUB_BM1.mobility, initialConcentration: c, timeStep: dt });
      for (const m of marks) {
        if (m <= time || m > until) continue;
        const steps = Math.round((m - time) / dt);
        // monotone decrease, checked every 10 steps
        for (let done = 0; done < steps; done += 10) {
          solver.advance(Math.min(10, steps - done));
          const f = solver.energy().total;
          expect(f).toBeLessThanOrEqual(previous);
          previous = f;
        }
        time = m;
        energies.set(m, solver.energy().total);
      }
      c = Float64Array.from(solver.concentration);
    }
    const rows = [];
    for (const r of reference.records) {
      const ours = energies.get(r.time);
      if (ours === undefined) continue;
      rows.push({ time: r.time, ours, numpy256: numpySame.get(r.time), reference1024: r.energy, relDiff: (ours - r.energy) / r.energy, prismsPf: PRISMS_PF[r.time] });
    }
    console.table(rows);
    for (const row of rows) {
      // same scheme, same grid, other FFT library: identical up to accumulated round-off
      expect(Math.abs(row.ours - row.numpy256!) / row.ours).toBeLessThan(1e-6);
      // rtol: up to t = 1000 the coarse run (dx 0.78, dt <= 1) tracks the fine one within 2 %. Later the
      // coarsening path differs by individual domain events: 512^2 and 1024^2 runs differ by 8-10 % at
      // t = 2000 and 10000 themselves, so the late-time bound is 20 % (see the package README)
      const rtol = row.time <= 1000 ? 0.02 : 0.2;
      expect(Math.abs(row.relDiff)).toBeLessThan(rtol);
    }
    expect(rows.length).toBeGreaterThanOrEqual(8);
  });
});
