import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

describe("public surface", () => {
  it("exports exactly the documented names", () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        "CahnHilliardSolver", "DEFAULT_PSI_MIN", "LOG_CLAMP", "PFHUB_BM1", "bulkChemicalPotential", "bulkCurvature", "bulkFreeEnergy",
        "cahnHilliardGrowthRate", "createCahnHilliardSolver", "createGrid", "createParticleDomain", "defaultStabilization", "interfaceArea",
        "lameConstants", "meanStrainFactor", "mobilityAt", "parsePhaseFieldConfig", "phaseFieldOptionsFromConfig", "phaseFraction",
        "pfhubBenchmark1Initial", "simulatePhaseField", "solveDilatationalElasticity",
      ].sort(),
    );
  });

  it("config errors name the field", () => {
    const good = {
      grid: { nx: 32, ny: 32, lengthX: 32, lengthY: 32 },
      freeEnergy: { kind: "polynomial", rho: 5, cAlpha: 0.3, cBeta: 0.7 },
      gradientCoefficient: 2,
      mobility: { kind: "constant", value: 5 },
      initial: { kind: "uniform", value: 0.5, noise: 0.01, seed: 2 },
      timeStep: 1,
      steps: 10,
    };
    const options = api.phaseFieldOptionsFromConfig(api.parsePhaseFieldConfig(good));
    expect(options.initialConcentration).toHaveLength(32 * 32);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, mobility: { kind: "fast", value: 1 } }, "mobility.kind"],
      [{ ...good, initial: { kind: "uniform", value: 1.5 } }, "initial.value"],
      [{ ...good, steps: 2.5 }, "steps"],
      [{ ...good, elasticity: { shearModulus: -1, poissonRatio: 0.3, eigenstrainPerConcentration: 0.01 } }, "elasticity.shearModulus"],
      [{ ...good, particle: { shape: { kind: "sphere", radius: 5 }, interfaceWidth: 0 } }, "particle.interfaceWidth"],
      [{ ...good, grid: { nx: 32, ny: 32, lengthX: -1, lengthY: 32 } }, "grid.lengthX"],
      [{ ...good, particle: { shape: { kind: "sphere", radius: -5 }, interfaceWidth: 1 } }, "particle.shape.radius"],
    ];
    for (const [config, field] of cases) {
      let error: unknown;
      try {
        api.parsePhaseFieldConfig(config);
      } catch (e) {
        error = e;
      }
      expect((error as { parameter?: string }).parameter).toBe(field);
    }
  });

  it("example configs parse", () => {
    for (const name of ["disc.json", "platelet.json", "pfhub-bm1a.json"]) {
      const json = JSON.parse(readFileSync(fileURLToPath(new URL(`../examples/${name}`, import.meta.url)), "utf8")) as unknown;
      const options = api.phaseFieldOptionsFromConfig(api.parsePhaseFieldConfig(json));
      expect(options.steps).toBeGreaterThan(0);
    }
  });
});
