import { describe, expect, it } from "vitest";
import * as operando from "../src/index.js";

describe("umbrella package", () => {
  it("re-exports every package flat and as a namespace", () => {
    // One representative export per package, flat and namespaced.
    const representatives: Array<[keyof typeof operando, string]> = [
      ["core", "createPattern"], ["io", "read"], ["fit", "curveFit"], ["crystal", "generateReflections"],
      ["calibrate", "calibrateJoint"], ["eis", "fitCircuit"], ["mesoscale", "simulateCell"],
      ["phasefield", "createCahnHilliardSolver"], ["simulate", "simulateEdxrd"], ["phases", "quantifyPattern"],
      ["maps", "buildLayerMap"], ["plot", "buildReport"], ["cli", "runCli"],
    ];
    for (const [ns, name] of representatives) {
      const namespace = operando[ns] as Record<string, unknown>;
      expect(typeof namespace[name], `${ns}.${name}`).toBe("function");
      expect(typeof (operando as Record<string, unknown>)[name], name).toBe("function");
    }
  });
  it("resolves names exported by two packages", () => {
    expect(operando.layerTable).toBe(operando.phases.layerTable);
    expect(operando.modelLayerTable).toBe(operando.mesoscale.layerTable);
    expect(operando.writeJson).toBe(operando.io.writeJson);
  });
});
