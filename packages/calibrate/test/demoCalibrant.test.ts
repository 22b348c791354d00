// The bundled demo CeO2 standard (fixtures/demo/ceo2_calibrant.mca, EPICS MED, 8192 channels):
// its header calibration (0.235 keV + 19.98 eV/ch) is off from the truth (0.085 keV + 19.92 eV/ch
// + 3.5e-9 keV/ch^2, fixtures/demo/truth.json) by ~0.36 keV at the 111 reflection (~99 keV), as real
// detector headers often are. The joint calibration must work from that header alone.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@operando/core";
import { readPattern } from "@operando/io";
import { calibrateJoint, energyAt } from "../src/index.js";

const file = fileURLToPath(new URL("../../../fixtures/demo/ceo2_calibrant.mca", import.meta.url));
const truth = JSON.parse(readFileSync(fileURLToPath(new URL("../../../fixtures/demo/truth.json", import.meta.url)), "utf8")) as {
  twoThetaDeg: number;
  calibration: { offsetKeV: number; slopeKeV: number; quadraticKeV: number };
};
const trueEnergy = (ch: number) => truth.calibration.offsetKeV + truth.calibration.slopeKeV * ch + truth.calibration.quadraticKeV * ch * ch;
const atolTwoTheta = 0.002; // deg, issue 5 acceptance
const atolEnergy = 0.01; // keV over the whole spectrum, issue 5 acceptance

function worstEnergyError(coefficients: readonly number[]): number {
  let worst = 0;
  for (let ch = 0; ch < 8192; ch += 8) worst = Math.max(worst, Math.abs(energyAt({ coefficients, covariance: coefficients.flatMap(() => coefficients.map(() => 0)) }, ch).energyKeV - trueEnergy(ch)));
  return worst;
}

describe("joint calibration of the demo CeO2 standard from its header", () => {
  it("recovers 2theta within 0.002 deg and the energy scale within 0.01 keV from the header", async () => {
    const pattern = await readPattern(file);
    const header = pattern.meta.energyCalibration!;
    expect(worstEnergyError([header.offsetKeV, header.slopeKeV, header.quadraticKeV])).toBeGreaterThan(0.3); // the header really is off
    const r = calibrateJoint(pattern, { lines: ["Ce:K"], calibrant: "CeO2", degree: 2, twoThetaDeg: 2.3 });
    const c = r.calibration;
    expect(Math.abs(c.twoThetaDeg! - truth.twoThetaDeg)).toBeLessThan(atolTwoTheta);
    expect(Math.abs(c.twoThetaDeg! - truth.twoThetaDeg)).toBeLessThan(4 * c.twoThetaSigmaDeg!); // sigma is honest
    expect(worstEnergyError(c.coefficients)).toBeLessThan(atolEnergy);
    expect(r.reflections.filter((m) => m.status === "used").map((m) => m.peak.label)).toEqual(["CeO2 111", "CeO2 200", "CeO2 220"]);
    // The lines corrected the header before the Bragg search: the search scale is within a search
    // window (1 % of E) of the truth at the 220 reflection (~162 keV).
    expect(Math.abs(energyAt(r.searchCalibration, 8124).energyKeV - trueEnergy(8124))).toBeLessThan(0.3);
    expect(c.provenance.notes.join("\n")).toMatch(/starting calibration corrected from Ce Ka, Ce Kb/);
  });

  it.each([2.2, 2.4])("finds the reflections from a 2theta guess of %f deg (inside the default 5 percent scan)", async (guess) => {
    const r = calibrateJoint(await readPattern(file), { lines: ["Ce:K"], calibrant: "CeO2", degree: 2, twoThetaDeg: guess });
    expect(Math.abs(r.calibration.twoThetaDeg! - truth.twoThetaDeg)).toBeLessThan(atolTwoTheta);
  });

  it("rejects a scan range outside [0, 1)", async () => {
    await expect(async () => calibrateJoint(await readPattern(file), { lines: ["Ce:K"], calibrant: "CeO2", twoThetaDeg: 2.3, twoThetaSearchRange: 1.5 })).rejects.toThrow(InvalidParameterError);
  });
});
