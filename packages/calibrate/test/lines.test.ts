import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@operando/core";
import { emissionLine, emissionLines, gammaLines, lineGroups, sourceXrayElement } from "../src/index.js";

describe("emission lines (Deslattes et al. 2003 via xraylib)", () => {
  // Values printed in Deslattes et al. 2003 Table 5 / NIST XrayTrans (eV, 0.1 eV rounding in the table)
  const atol = 1e-4; // keV: the table is given to 0.1 eV
  it.each([
    ["Co", "Ka1", 6.9303],
    ["Co", "Ka2", 6.9153],
    ["Co", "Kb1", 7.6494],
    ["Mo", "Ka1", 17.4793],
    ["Cu", "Ka1", 8.0478],
    ["Pb", "La1", 10.5512],
  ])("%s %s = %f keV", (el, line, e) => {
    expect(Math.abs(emissionLine(el, line).energyKeV - e)).toBeLessThan(atol);
  });
  it("carries relative rates (Co Ka2/Ka1 ~ 0.51, Scofield)", () => {
    const ka1 = emissionLine("Co", "Ka1").radiativeRate!;
    const ka2 = emissionLine("co", "KL2").radiativeRate!;
    expect(ka2 / ka1).toBeCloseTo(0.511, 2);
  });
  it("covers the elements the brief names", () => {
    for (const el of ["Ce", "La", "Pb", "W", "Mo", "Ag", "Cd", "Cu", "Co", "Fe", "V", "Ni", "Zn", "Sn", "Au", "Pt", "Ba", "Eu", "U"]) expect(emissionLines(el).length).toBeGreaterThan(4);
  });
  it("rejects unknown elements and lines", () => {
    expect(() => emissionLines("Xx")).toThrow(InvalidParameterError);
    expect(() => emissionLine("Co", "Lg1")).toThrow(/one of/);
  });
});

describe("gamma lines (ENSDF)", () => {
  it("Am-241 59.5409, Co-57 14.413/122.061/136.474, Cd-109 88.0336 keV", () => {
    expect(gammaLines("Am-241").map((l) => l.energyKeV)).toContain(59.5409);
    expect(gammaLines("57Co").map((l) => l.energyKeV)).toEqual([14.41295, 122.06065, 136.47356]);
    expect(gammaLines("cd109")[0]!.energyKeV).toBe(88.0336);
    expect(sourceXrayElement("Cd-109")).toBe("Ag");
    expect(() => gammaLines("Cs-999")).toThrow(InvalidParameterError);
  });
});

describe("lineGroups", () => {
  it("makes Ka doublets with normalized tabulated weights", () => {
    const [ka] = lineGroups(["Co:Ka"]);
    expect(ka!.components.map((c) => c.label)).toEqual(["Co Ka1", "Co Ka2"]);
    expect(ka!.components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    expect(ka!.energyKeV).toBe(6.9303);
    expect(ka!.meanEnergyKeV).toBeGreaterThan(6.915);
    expect(ka!.meanEnergyKeV).toBeLessThan(6.9303);
    expect(ka!.explicit).toBe(true);
  });
  it("expands elements and sources, labels user energies", () => {
    const groups = lineGroups(["Cd-109", "elastic=17.4443"]);
    const labels = groups.map((g) => g.label);
    expect(labels).toContain("Cd-109 88.03");
    expect(labels).toContain("Cd-109 Ag Ka");
    expect(labels).toContain("elastic");
    expect(groups.find((g) => g.label === "Cd-109 88.03")!.explicit).toBe(false);
    expect(lineGroups(["Ce:K"]).map((g) => g.label)).toEqual(["Ce Ka", "Ce Kb", "Ce Kb2"]);
  });
  it("rejects malformed specifications", () => {
    expect(() => lineGroups(["Co:Kz"])).toThrow(InvalidParameterError);
    expect(() => lineGroups(["-3"])).toThrow(/positive energy/);
    expect(() => lineGroups(["Am-241:60.5"])).toThrow(/within 0.05 keV/);
  });
});
