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
// The sigma check compares the statistical part, so it runs with intensityUncertainty 0 (the
// synthetic intensities are exact, the scatter over seeds is Poisson only). With the default 0.1
// the sigma also carries the intensity-model uncertainty, which the scatter over seeds cannot show.
const STATISTICAL = { ...OPTIONS, intensityUncertainty: 0 };

describe("quantifyPattern over seeds", () => {
  const truth = [{ id: "alpha", fraction: 0.3 }, { id: "epsilon", fraction: 0.7, x: 0.5 }];
  const patterns = Array.from({ length: SEEDS }, (_, s) => edxrdPattern(truth, createRng(1000 + s)).pattern);
  const results = patterns.map((p) => quantifyPattern(p, edxrdCalibration(), { ...OPTIONS, intensityFactors: "always" as const }));
  const statistical = patterns.map((p) => quantifyPattern(p, edxrdCalibration(), STATISTICAL));
  const gated = patterns.map((p) => quantifyPattern(p, edxrdCalibration(), OPTIONS)); // default: intensityFactors "onMisfit"

  it("finds no false delta when delta is absent (default options and without intensity factors)", () => {
    for (const rs of [results, statistical]) {
      const falsePositives = rs.filter((q) => q.phases.some((p) => p.id === "delta")).length;
      expect(falsePositives).toBeLessThanOrEqual(MAX_FALSE_POSITIVES);
    }
  });

  it("with intensityFactors always the sigma covers the scatter (it adds the intensity-model part)", () => {
    const f = results.map((q) => q.phases.find((p) => p.id === "epsilon")!.fraction);
    const sig = results.map((q) => q.phases.find((p) => p.id === "epsilon")!.fractionSigma);
    const mean = f.reduce((a, b) => a + b, 0) / f.length;
    const sd = Math.sqrt(f.reduce((a, b) => a + (b - mean) ** 2, 0) / (f.length - 1));
    const meanSigma = sig.reduce((a, b) => a + b, 0) / sig.length;
    expect(sd / meanSigma).toBeLessThan(SIGMA_RATIO[0]);
  });

  it("with the default intensityFactors onMisfit (exact intensities: mostly the plain fit) the sigma stays consistent with the scatter", () => {
    const f = gated.map((q) => q.phases.find((p) => p.id === "epsilon")!.fraction);
    const sig = gated.map((q) => q.phases.find((p) => p.id === "epsilon")!.fractionSigma);
    const mean = f.reduce((a, b) => a + b, 0) / f.length;
    const sd = Math.sqrt(f.reduce((a, b) => a + (b - mean) ** 2, 0) / (f.length - 1));
    const meanSigma = sig.reduce((a, b) => a + b, 0) / sig.length;
    expect(sd / meanSigma).toBeGreaterThan(SIGMA_RATIO[0]);
    expect(sd / meanSigma).toBeLessThan(SIGMA_RATIO[1]);
    expect(gated.filter((q) => q.phases.some((p) => p.id === "delta")).length).toBeLessThanOrEqual(MAX_FALSE_POSITIVES);
  });

  it("reports the statistical sigma consistent with the scatter over seeds (intensityUncertainty 0)", () => {
    const results = statistical;
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
