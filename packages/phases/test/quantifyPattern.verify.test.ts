// Many-seed checks (npm run verify): false-positive rate of delta selection, detection of delta
// above the detection limit, and reported sigma against the scatter over seeds.
import { describe, expect, it } from "vitest";
import { createRng } from "@operando/core";
import { quantifyPattern } from "../src/index.js";
import { edxrdCalibration, edxrdPattern, RESOLUTION, SPECTRUM } from "./helpers/synthetic.js";

const OPTIONS = { incidentSpectrum: SPECTRUM, resolution: RESOLUTION, phases: ["alpha", "epsilon", "delta"] };
const SEEDS = 100;
// Significance of the selection test (the default alpha = 0.001); with 100 seeds we allow
// up to 3 false positives (binomial 99.9 % upper bound for p = 0.001 is 2 in 100; +1 for the
// look-elsewhere effect of the free delta lattice).
const MAX_FALSE_POSITIVES = 3;
// Reported sigma vs scatter: ratio within [0.6, 1.6] (the sample sd of 100 values has ~7 % sd; wide
// band allows for the Neyman-weight bias).
const SIGMA_RATIO = [0.6, 1.6] as const;

describe("quantifyPattern over seeds", () => {
  const truth = [{ id: "alpha", fraction: 0.3 }, { id: "epsilon", fraction: 0.7, x: 0.5 }];
  const results = Array.from({ length: SEEDS }, (_, s) => quantifyPattern(edxrdPattern(truth, createRng(1000 + s)).pattern, edxrdCalibration(), OPTIONS));

  it("finds no false delta when delta is absent", () => {
    const falsePositives = results.filter((q) => q.phases.some((p) => p.id === "delta")).length;
    expect(falsePositives).toBeLessThanOrEqual(MAX_FALSE_POSITIVES);
  });

  it("reports sigma consistent with the scatter over seeds", () => {
    const f = results.map((q) => q.phases.find((p) => p.id === "epsilon")!.fraction);
    const sig = results.map((q) => q.phases.find((p) => p.id === "epsilon")!.fractionSigma);
    const mean = f.reduce((a, b) => a + b, 0) / f.length;
    const sd = Math.sqrt(f.reduce((a, b) => a + (b - mean) ** 2, 0) / (f.length - 1));
    const meanSigma = sig.reduce((a, b) => a + b, 0) / sig.length;
    expect(sd / meanSigma).toBeGreaterThan(SIGMA_RATIO[0]);
    expect(sd / meanSigma).toBeLessThan(SIGMA_RATIO[1]);
    const x = results.map((q) => q.x);
    const xs = results.map((q) => q.xSigma);
    const xm = x.reduce((a, b) => a + b, 0) / x.length;
    const xsd = Math.sqrt(x.reduce((a, b) => a + (b - xm) ** 2, 0) / (x.length - 1));
    const xsm = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(xsd / xsm).toBeGreaterThan(SIGMA_RATIO[0]);
    expect(xsd / xsm).toBeLessThan(SIGMA_RATIO[1]);
  });

  it("finds delta at 5 % (above the detection limit) in at least 95 % of seeds", () => {
    const withDelta = [{ id: "epsilon", fraction: 0.95, x: 0.7 }, { id: "delta", fraction: 0.05 }];
    let found = 0;
    for (let s = 0; s < 40; s++) {
      const q = quantifyPattern(edxrdPattern(withDelta, createRng(5000 + s)).pattern, edxrdCalibration(), OPTIONS);
      if (q.phases.some((p) => p.id === "delta")) found++;
    }
    expect(found).toBeGreaterThanOrEqual(38);
  });
});
