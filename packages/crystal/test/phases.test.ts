import { dFromEnergy, energyFromD, InvalidParameterError } from "@operando/core";
import { describe, expect, it } from "vitest";
import {
  ALPHA_V2O5,
  createPhaseLibrary,
  dSpacing,
  expandSites,
  getPhase,
  LIXV2O5_PHASES,
  parsePhaseDefinition,
  phaseLattice,
  phaseReflections,
  phaseSpaceGroup,
} from "../src/index.js";

const find = <T extends { h: number; k: number; l: number }>(list: T[], hkl: string): T | undefined => list.find((r) => `${r.h}${r.k}${r.l}` === hkl);

describe("LixV2O5 phase library", () => {
  it("alpha: science.md d-spacings (001) 4.368, (101) 4.085, (200) 5.756, (110) 3.40 A from generated reflections", () => {
    const r = phaseReflections(ALPHA_V2O5, { dMinAngstrom: 3 });
    // science.md quotes 3-4 significant figures
    expect(find(r, "001")!.dAngstrom).toBeCloseTo(4.368, 3);
    expect(find(r, "101")!.dAngstrom).toBeCloseTo(4.085, 2);
    expect(find(r, "200")!.dAngstrom).toBeCloseTo(5.756, 3);
    expect(find(r, "110")!.dAngstrom).toBeCloseTo(3.4, 2);
    expect(find(r, "100")).toBeUndefined(); // Pmmn h00: h = 2n
  });

  it("delta: (002) 4.95 A and (102) 4.53 A are generated (Amma allows them, forbids 001 and 101)", () => {
    const r = phaseReflections(getPhase("delta"), { dMinAngstrom: 3 });
    expect(find(r, "002")!.dAngstrom).toBeCloseTo(4.955, 2);
    expect(find(r, "102")!.dAngstrom).toBeCloseTo(4.534, 2);
    expect(find(r, "001")).toBeUndefined();
    expect(find(r, "101")).toBeUndefined();
  });

  it("alpha-V2O5 coordinates reproduce the published V-O bond lengths (Enjalbert & Galy 1986)", () => {
    const atoms = expandSites(phaseSpaceGroup(ALPHA_V2O5), ALPHA_V2O5.sites);
    expect(atoms.filter((a) => a.element === "V")).toHaveLength(4);
    expect(atoms.filter((a) => a.element === "O")).toHaveLength(10);
    const L = ALPHA_V2O5.lattice;
    const v = atoms.find((a) => a.element === "V")!;
    const bonds: number[] = [];
    for (const o of atoms.filter((a) => a.element === "O"))
      for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (let k = -1; k <= 1; k++) {
        const d = Math.hypot((o.x + i - v.x) * L.a, (o.y + j - v.y) * L.b, (o.z + k - v.z) * L.c);
        if (d < 3) bonds.push(d);
      }
    bonds.sort((a, b) => a - b);
    // Published bond set to 0.01 A (coordinates carry 4 decimals -> ~0.005 A).
    const published = [1.58, 1.78, 1.88, 1.88, 2.02, 2.79];
    expect(bonds).toHaveLength(published.length);
    bonds.forEach((b, i) => expect(Math.abs(b - published[i]!)).toBeLessThan(0.01));
  });

  it("the paper's window d = 3.8-5.2 A holds alpha (001)/(101) and the lithiated counterparts", () => {
    const window = { dMinAngstrom: 3.8, dMaxAngstrom: 5.2 };
    const ids = (id: string, x?: number) => phaseReflections(getPhase(id), { ...window, ...(x === undefined ? {} : { x }) }).map((r) => `${r.h}${r.k}${r.l}`);
    expect(ids("alpha")).toEqual(["001", "101"]);
    expect(ids("epsilon", 0.3)).toEqual(["001", "101"]);
    expect(ids("epsilon", 0.7)).toEqual(["001", "101"]);
    expect(ids("epsilonPrime")).toContain("001");
    expect(ids("delta")).toEqual(["002", "102"]);
    // window edges at 2theta = 2.29 deg: 81.6 and 59.7 keV (science.md section 2)
    expect(energyFromD(3.8, 2.29)).toBeCloseTo(81.6, 1);
    expect(energyFromD(5.2, 2.29)).toBeCloseTo(59.7, 1);
    expect(dFromEnergy(71.0, 2.29)).toBeCloseTo(4.368, 1);
  });

  it("epsilon: (001) is the strongest window reflection and moves from 4.52 to 4.64 A across x = 0.3-0.7 (science.md section 3)", () => {
    for (const [x, d001] of [[0.3, 4.52], [0.5, 4.58], [0.7, 4.64]] as const) {
      const r = phaseReflections(getPhase("epsilon"), { dMinAngstrom: 3.8, dMaxAngstrom: 5.2, x });
      const strongest = r.reduce((a, b) => (b.intensity > a.intensity ? b : a));
      expect(`${strongest.h}${strongest.k}${strongest.l}`).toBe("001");
      expect(strongest.dAngstrom).toBeCloseTo(d001, 10); // d(001) = c exactly for an orthorhombic cell
    }
  });

  it("a built-in Wilson phase can be switched to atom sites through an override (path for published coordinates)", () => {
    const wilson = phaseReflections(getPhase("delta"), { dMinAngstrom: 3.8, dMaxAngstrom: 5.2 });
    // One V site on the Amma mirror at y = 1/4 (illustrative, not a delta-LiV2O5 structure).
    const lib = createPhaseLibrary([{ id: "delta", intensityModel: "structure", sites: [{ label: "V", element: "V", x: 0.1, y: 0.25, z: 0.1, bIsoAngstrom2: 0.5 }] }]);
    expect(lib["delta"]!.intensityModel).toBe("structure");
    const sited = phaseReflections(lib["delta"]!, { dMinAngstrom: 3.8, dMaxAngstrom: 5.2 });
    expect(sited.map((r) => `${r.h}${r.k}${r.l}`)).toEqual(wilson.map((r) => `${r.h}${r.k}${r.l}`));
    const ratio = (list: typeof wilson) => list[0]!.intensity / list[1]!.intensity;
    expect(Math.abs(ratio(sited) / ratio(wilson) - 1)).toBeGreaterThan(0.05); // intensities now come from |F|^2, not <|F|^2>
  });

  it("epsilon c(x) follows the stated linear interpolation and refuses extrapolation outside xRange", () => {
    const eps = getPhase("epsilon");
    expect(phaseLattice(eps, 0.3).c).toBeCloseTo(4.52, 12);
    expect(phaseLattice(eps, 0.5).c).toBeCloseTo(4.58, 12);
    expect(phaseLattice(eps, 0.7).c).toBeCloseTo(4.64, 12);
    expect(() => phaseLattice(eps, 0.1)).toThrow(/x: expected a composition in \[0.3, 0.8\]/);
    expect(dSpacing(phaseLattice(getPhase("epsilonPrime")), 0, 0, 1)).toBeCloseTo(4.65, 10);
  });

  it("every built-in phase has bounds containing its lattice and generates reflections", () => {
    for (const p of Object.values(LIXV2O5_PHASES)) {
      expect(phaseReflections(p, { dMinAngstrom: 2 }).length).toBeGreaterThan(3);
      for (const [name, [lo, hi]] of Object.entries(p.latticeBounds) as [keyof typeof p.lattice, [number, number]][]) {
        expect(p.lattice[name]).toBeGreaterThanOrEqual(lo);
        expect(p.lattice[name]).toBeLessThanOrEqual(hi);
      }
    }
  });
});

describe("user phases from JSON", () => {
  it("overrides a built-in phase by id with only the changed fields", () => {
    const lib = createPhaseLibrary('[{"id": "alpha", "lattice": {"c": 4.37}}]');
    expect(lib["alpha"]!.lattice.c).toBe(4.37);
    expect(lib["alpha"]!.lattice.a).toBe(11.512);
    expect(lib["alpha"]!.sites).toHaveLength(4);
    expect(LIXV2O5_PHASES["alpha"]!.lattice.c).toBe(4.368); // built-in untouched
  });

  it("adds a new phase (centring-only space group, Wilson intensities)", () => {
    const lib = createPhaseLibrary([
      { id: "omega", name: "omega-Li3V2O5", formula: "Li3V2O5", spaceGroup: "F", crystalSystem: "cubic", lattice: { a: 4.1, b: 4.1, c: 4.1, alphaDeg: 90, betaDeg: 90, gammaDeg: 90 }, cellContents: [{ element: "V", count: 4 }, { element: "O", count: 10 }], xRange: [2, 3] },
    ]);
    const r = phaseReflections(lib["omega"]!, { dMinAngstrom: 1.2 });
    expect(r.map((x) => `${x.h}${x.k}${x.l}`).slice(0, 3)).toEqual(["111", "200", "220"]);
    expect(Object.keys(lib)).toContain("delta");
  });

  it("names the offending field in validation errors", () => {
    expect(() => createPhaseLibrary([{ id: "alpha", lattice: { c: -1 } }])).toThrow(/overrides\[0\]: phase.lattice.c/);
    expect(() => parsePhaseDefinition({ id: "x", spaceGroup: "Pmmn", crystalSystem: "orthorhombic", lattice: { a: 1, b: 1, c: 1, alphaDeg: 90, betaDeg: 90, gammaDeg: 90 }, sites: [{ element: "Zz", x: 0, y: 0, z: 0 }] })).toThrow(/phase.sites\[0\].element/);
    expect(() => parsePhaseDefinition({ id: "x", spaceGroup: "P63/mmc", crystalSystem: "hexagonal", lattice: { a: 1, b: 1, c: 1, alphaDeg: 90, betaDeg: 90, gammaDeg: 120 }, cellContents: [{ element: "O", count: 1 }] })).toThrow(/phase.spaceGroup/);
    expect(() => parsePhaseDefinition('{"id": "x",')).toThrow(InvalidParameterError);
    expect(() => createPhaseLibrary([{ id: "alpha", latticeBounds: { c: [4.0, 4.1] } }])).toThrow(/latticeBounds.c/);
    expect(() => getPhase("beta")).toThrow(/phase/);
  });
});
