import { describe, expect, it } from "vitest";
import * as eis from "../src/index.js";

describe("public API", () => {
  it("exports exactly these values", () => {
    expect(Object.keys(eis).sort()).toEqual(
      [
        "CIRCUIT_ELEMENTS",
        "CircuitSyntaxError",
        "checkImpedanceData",
        "circuitParameterIndex",
        "createCircuit",
        "discAreaCm2",
        "evaluateCircuit",
        "fitCircuit",
        "guessCircuitParameters",
        "ionicResistanceFromTortuosity",
        "linKK",
        "parseCircuit",
        "porosityFromMass",
        "tortuosityFromIonicResistance",
      ].sort(),
    );
  });
  it("every element documents formula, units and a reference", () => {
    for (const [symbol, def] of Object.entries(eis.CIRCUIT_ELEMENTS)) {
      expect(def.symbol).toBe(symbol);
      expect(def.formula).toMatch(/^Z = /);
      expect(def.parameterUnits).toHaveLength(def.parameterNames.length);
      expect(def.positive).toHaveLength(def.parameterNames.length);
      expect(def.reference.length).toBeGreaterThan(5);
    }
  });
});
