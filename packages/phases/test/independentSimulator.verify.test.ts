// Recovery on the independent simulator over seeds (numbers in the README accuracy section).
import { describe, expect, it } from "vitest";
import { createRng } from "@operando/core";
import type { QuantifyPatternOptions } from "../src/index.js";
import { quantifyPattern } from "../src/index.js";
import { independentCalibration, independentEdxrd, independentSpectrum } from "./helpers/independentSimulator.js";
import { RESOLUTION } from "./helpers/synthetic.js";

const SEEDS = 8;
const CASES = [
  { name: "alpha+epsilon", truth: [{ id: "alpha", fraction: 0.4 }, { id: "epsilon", fraction: 0.6, x: 0.45 }], x: 0.4 * 0.1 + 0.6 * 0.45 },
  { name: "epsilon+delta", truth: [{ id: "epsilon", fraction: 0.75, x: 0.65 }, { id: "delta", fraction: 0.25 }], x: 0.75 * 0.65 + 0.25 * 0.8 },
  { name: "alpha+epsilon(0.3)", truth: [{ id: "alpha", fraction: 0.2 }, { id: "epsilon", fraction: 0.8, x: 0.3 }], x: 0.2 * 0.1 + 0.8 * 0.3 },
];
const CANDIDATES = ["alpha", "epsilon", "epsilonPrime", "delta"];
// Bounds from the measured table (library intensities, +-20 % errors): max |df| 0.11, max |dx| 0.041.
const FRACTION_ATOL = 0.12;
const X_ATOL = 0.05;

describe("independent simulator over seeds", () => {
  it("library intensities with +-20 % errors: fraction / x error table", () => {
    const rows: string[] = [];
    for (const c of CASES) {
      for (const [label, extra] of [["library", {}], ["library, 5 bg terms", { backgroundTerms: 5 }], ["free", { intensities: "free" }]] as [string, QuantifyPatternOptions][]) {
        const fe: number[] = [];
        const xe: number[] = [];
        let covered = 0;
        let falsePhases = 0;
        for (let s = 0; s < SEEDS; s++) {
          const sim = independentEdxrd(c.truth, { rng: createRng(100 + s) });
          const q = quantifyPattern(sim.pattern, independentCalibration(), { phases: CANDIDATES, incidentSpectrum: independentSpectrum, resolution: RESOLUTION, ...extra });
          for (const p of q.phases) if (!c.truth.some((t) => t.id === p.id) && p.fraction > 0.03) falsePhases++;
          for (const t of c.truth) {
            const p = q.phases.find((ph) => ph.id === t.id);
            const e = (p?.fraction ?? 0) - t.fraction;
            fe.push(e);
            if (p !== undefined && Math.abs(e) <= 2 * p.fractionSigma) covered++;
          }
          xe.push(q.x - c.x);
          if (label !== "free") {
            for (const e of fe) expect(Math.abs(e)).toBeLessThan(FRACTION_ATOL);
            expect(Math.abs(q.x - c.x)).toBeLessThan(X_ATOL);
          }
        }
        const rms = (a: number[]) => Math.sqrt(a.reduce((t, v) => t + v * v, 0) / a.length);
        rows.push(`${c.name} | ${label} | ${rms(fe).toFixed(3)} | ${Math.max(...fe.map(Math.abs)).toFixed(3)} | ${rms(xe).toFixed(3)} | ${covered}/${fe.length} | ${falsePhases}`);
      }
    }
    console.log(["case | intensities | f rms | f max | x rms | 2 sigma covers | false phases > 0.03", ...rows].join("\n"));
  }, 300_000);
});
