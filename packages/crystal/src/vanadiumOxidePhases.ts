/**
 * The LixV2O5 phase library (alpha, epsilon, epsilon', delta, gamma) used to quantify operando
 * diffraction of V2O5 cathodes (Luo et al., Nat. Mater. 2021), as cited data, plus the
 * user-override mechanism (`createPhaseLibrary`).
 *
 * What is published and what is ours:
 * - alpha-V2O5: cell and atom coordinates of Enjalbert & Galy (1986), Acta Cryst. C42, 1467,
 *   doi:10.1107/S0108270186091825, Pmmn origin choice 2. The coordinates reproduce the published
 *   V-O bond set 1.58, 1.78, 1.88 (x2), 2.02 and 2.79 A (checked in the tests).
 * - epsilon-LixV2O5: Pmmn, a ~ 11.4, b ~ 3.57 A, c growing from ~4.52 to ~4.64 A across the solid
 *   solution (Cava et al. 1986, J. Solid State Chem. 65, 63, doi:10.1016/0022-4596(86)90089-5;
 *   Rozier et al. 1996), values as quoted in the project's science notes (science.md section 3).
 *   c(x) is OUR linear interpolation between those two quoted cells at x = 0.3 and 0.7. Intensities
 *   use the alpha-V2O5 framework coordinates in the epsilon cell, without Li (Li has 3 electrons
 *   against 86 for a V2O5 unit) - an approximation: the extra puckering of epsilon is not modelled.
 * - epsilon'-LixV2O5: the paper identifies "a distorted monoclinic crystal structure" with a
 *   reflection near 4.65 A but gives no cell. We DEFINE it as the epsilon cell made monoclinic
 *   (P2/m, unique axis b, beta refinable in [88, 92] deg) with c sin(beta) = 4.65 A so that its
 *   (001) sits at the paper's 4.65 A; intensities: Wilson model.
 * - delta-LiV2O5: Amma (cab setting of Cmcm), a 11.24, b 3.60, c 9.91 A (Cava et al. 1986, as
 *   quoted in science.md); intensities: Wilson model (coordinates not transcribed).
 * - gamma-LiV2O5: Pnma, a 9.70, b 3.61, c 10.66 A (Cocciantelli et al. 1991, Solid State Ionics
 *   50, 99, as quoted in science.md); intensities: Wilson model.
 * - x ranges: Luo et al. 2021 (the paper) and science.md section 3.
 * - Coordinates for epsilon, epsilon', delta and gamma: none reachable to us in a trustworthy form
 *   (searched public CIF text, COD/ICSD/Pearson mirrors and paper pages, 2026-11; see README "Known
 *   limits"), so the approximate models above are kept. Users with refined coordinates can switch a
 *   phase to intensityModel "structure" through createPhaseLibrary overrides.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import { monoclinicLattice, orthorhombicLattice } from "./lattice.js";
import type { PhaseDefinition } from "./phase.js";
import { parsePhaseDefinition } from "./phase.js";

const ORTHO_ANGLES = { alphaDeg: [90, 90], betaDeg: [90, 90], gammaDeg: [90, 90] } as const;

/** Cell contents of the V2O5 framework (Z = 2 V2O5 per Pmmn cell). */
const V2O5_CELL_CONTENTS = [
  { element: "V", count: 4 },
  { element: "O", count: 10 },
];

/**
 * The V2O5 framework sites of Enjalbert & Galy 1986 (Pmmn origin choice 2) with isotropic B values:
 * typical room-temperature values (V 0.4, O1/O2 0.7, O3 0.6 A^2; not from the paper) plus `extraB`.
 * Used by alpha (extraB 0) and, as an approximation, by epsilon (framework only, Li omitted).
 */
function v2o5FrameworkSites(extraB: number) {
  return [
    { label: "V", element: "V", x: 0.10118, y: 0.25, z: 0.89184, bIsoAngstrom2: 0.4 + extraB },
    { label: "O1", element: "O", x: 0.1043, y: 0.25, z: 0.5313, bIsoAngstrom2: 0.7 + extraB },
    { label: "O2", element: "O", x: 0.25, y: 0.25, z: 0.001, bIsoAngstrom2: 0.7 + extraB },
    { label: "O3", element: "O", x: -0.0689, y: 0.25, z: 0.0028, bIsoAngstrom2: 0.6 + extraB },
  ];
}

/** alpha-V2O5 (Enjalbert & Galy 1986), Pmmn origin choice 2, Z = 2. */
export const ALPHA_V2O5: PhaseDefinition = parsePhaseDefinition({
  id: "alpha",
  name: "alpha-V2O5",
  formula: "LixV2O5",
  spaceGroup: "Pmmn",
  crystalSystem: "orthorhombic",
  lattice: orthorhombicLattice(11.512, 3.564, 4.368),
  // +-1.5 %: covers alpha-LixV2O5 up to x ~ 0.1 and thermal/strain offsets, excludes epsilon's c.
  latticeBounds: { a: [11.34, 11.69], b: [3.51, 3.62], c: [4.3, 4.45], ...ORTHO_ANGLES },
  xRange: [0, 0.1],
  xReference: 0,
  latticeRelations: [],
  intensityModel: "structure",
  sites: v2o5FrameworkSites(0),
  cellContents: V2O5_CELL_CONTENTS,
  source: "Enjalbert & Galy 1986, Acta Cryst. C42, 1467, doi:10.1107/S0108270186091825 (cell and coordinates; B values typical, not from the paper)",
  notes: "Pmmn origin choice 2. B values are typical room-temperature values for relative intensities only.",
});

/** epsilon-LixV2O5, Pmmn; c(x) is our linear interpolation between the quoted x = 0.3 and 0.7 cells. */
export const EPSILON_LIXV2O5: PhaseDefinition = parsePhaseDefinition({
  id: "epsilon",
  name: "epsilon-LixV2O5",
  formula: "LixV2O5",
  spaceGroup: "Pmmn",
  crystalSystem: "orthorhombic",
  lattice: orthorhombicLattice(11.4, 3.57, 4.52),
  latticeBounds: { a: [11.2, 11.6], b: [3.5, 3.65], c: [4.45, 4.72], ...ORTHO_ANGLES },
  xRange: [0.3, 0.8],
  xReference: 0.3,
  latticeRelations: [
    {
      parameter: "c",
      x0: 0.3,
      value0: 4.52,
      x1: 0.7,
      value1: 4.64,
      source: "linear interpolation (ours) between epsilon cells c ~ 4.52 A and ~ 4.64 A (Cava et al. 1986; Rozier et al. 1996, as quoted in science.md section 3); above x = 0.7 extrapolated",
    },
  ],
  intensityModel: "structure",
  sites: v2o5FrameworkSites(0.1),
  cellContents: V2O5_CELL_CONTENTS,
  source: "Cava et al. 1986, J. Solid State Chem. 65, 63, doi:10.1016/0022-4596(86)90089-5; Rozier et al. 1996 (cells as quoted in science.md section 3)",
  notes: "Approximate intensities: alpha-V2O5 framework coordinates in the epsilon cell, Li omitted. c(x) is a linear interpolation, not a published law.",
});

/** epsilon'-LixV2O5: defined by us from the paper's description (monoclinic, reflection near 4.65 A). */
export const EPSILON_PRIME_LIXV2O5: PhaseDefinition = parsePhaseDefinition({
  id: "epsilonPrime",
  name: "epsilon'-LixV2O5",
  formula: "LixV2O5",
  spaceGroup: "P2/m",
  crystalSystem: "monoclinic",
  lattice: monoclinicLattice(11.4, 3.57, 4.65, 90),
  latticeBounds: { a: [11.2, 11.6], b: [3.5, 3.65], c: [4.55, 4.75], betaDeg: [88, 92], alphaDeg: [90, 90], gammaDeg: [90, 90] },
  xRange: [0.7, 0.95],
  xReference: 0.88,
  latticeRelations: [],
  intensityModel: "wilson",
  cellContents: [
    { element: "Li", count: 1.76 },
    { element: "V", count: 4 },
    { element: "O", count: 10 },
  ],
  bIsoAngstrom2: 0.6,
  source: "Luo et al. 2021, Nat. Mater. (distorted monoclinic epsilon', reflection at 4.65 A); cell defined by operando",
  notes: "No published cell: epsilon cell made monoclinic with c sin(beta) = 4.65 A; beta free in [88, 92] deg. Wilson intensities.",
});

/** delta-LiV2O5 (Cava et al. 1986), Amma, Z = 4. */
export const DELTA_LIV2O5: PhaseDefinition = parsePhaseDefinition({
  id: "delta",
  name: "delta-LiV2O5",
  formula: "LixV2O5",
  spaceGroup: "Amma",
  crystalSystem: "orthorhombic",
  lattice: orthorhombicLattice(11.24, 3.6, 9.91),
  latticeBounds: { a: [11.05, 11.45], b: [3.54, 3.66], c: [9.75, 10.1], ...ORTHO_ANGLES },
  xRange: [0.8, 1],
  xReference: 1,
  latticeRelations: [],
  intensityModel: "wilson",
  cellContents: [
    { element: "Li", count: 4 },
    { element: "V", count: 8 },
    { element: "O", count: 20 },
  ],
  bIsoAngstrom2: 0.6,
  source: "Cava et al. 1986, J. Solid State Chem. 65, 63, doi:10.1016/0022-4596(86)90089-5 (cell as quoted in science.md section 3)",
  notes: "Amma = cab setting of Cmcm (alternate layers shifted by b/2, c doubled). Wilson intensities (coordinates not transcribed).",
});

/** gamma-LiV2O5 (Cocciantelli et al. 1991), Pnma, Z = 4; forms irreversibly below 2.8 V. */
export const GAMMA_LIV2O5: PhaseDefinition = parsePhaseDefinition({
  id: "gamma",
  name: "gamma-LiV2O5",
  formula: "LixV2O5",
  spaceGroup: "Pnma",
  crystalSystem: "orthorhombic",
  lattice: orthorhombicLattice(9.7, 3.61, 10.66),
  latticeBounds: { a: [9.55, 9.85], b: [3.55, 3.67], c: [10.5, 10.82], ...ORTHO_ANGLES },
  xRange: [1, 1],
  xReference: 1,
  latticeRelations: [],
  intensityModel: "wilson",
  cellContents: [
    { element: "Li", count: 4 },
    { element: "V", count: 8 },
    { element: "O", count: 20 },
  ],
  bIsoAngstrom2: 0.6,
  source: "Cocciantelli et al. 1991, Solid State Ionics 50, 99 (cell as quoted in science.md section 3)",
  notes: "Irreversible phase below 2.8 V; Wilson intensities.",
});

/** The built-in LixV2O5 phases by id. */
export const LIXV2O5_PHASES: Readonly<Record<string, PhaseDefinition>> = Object.freeze({
  alpha: ALPHA_V2O5,
  epsilon: EPSILON_LIXV2O5,
  epsilonPrime: EPSILON_PRIME_LIXV2O5,
  delta: DELTA_LIV2O5,
  gamma: GAMMA_LIV2O5,
});

/** A set of phases by id. */
export type PhaseLibrary = Readonly<Record<string, PhaseDefinition>>;

/**
 * Builds a phase library: the built-in LixV2O5 phases with user additions or overrides. An
 * override whose id matches a built-in phase is merged over it (give only the fields that change);
 * a new id must be a complete definition.
 *
 * @param overrides - phase definitions as JSON text, a JSON array/object, or parsed objects
 * @returns the library (frozen)
 * @throws InvalidParameterError naming the field of the first invalid override, e.g. "overrides[1]: phase.lattice.c"
 * @example createPhaseLibrary([{ id: "alpha", lattice: { c: 4.37 } }]).alpha.lattice.c // 4.37
 */
export function createPhaseLibrary(overrides: string | readonly unknown[] | Record<string, unknown> = []): PhaseLibrary {
  let list: unknown = overrides;
  if (typeof overrides === "string") {
    try {
      list = JSON.parse(overrides);
    } catch (error) {
      throw new InvalidParameterError({ parameter: "overrides", value: overrides, expected: "valid JSON text", cause: error });
    }
  }
  const items: unknown[] = Array.isArray(list) ? list : [list];
  const library: Record<string, PhaseDefinition> = { ...LIXV2O5_PHASES };
  items.forEach((item, i) => {
    const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
    const base = typeof id === "string" ? library[id] : undefined;
    try {
      const phase = parsePhaseDefinition(item, base);
      library[phase.id] = phase;
    } catch (error) {
      if (error instanceof InvalidParameterError) {
        throw new InvalidParameterError({ parameter: `overrides[${i}]: ${error.parameter}`, value: error.value, expected: error.expected, cause: error });
      }
      throw error;
    }
  });
  return Object.freeze(library);
}

/**
 * One phase of a library by id.
 * @param id - phase id ("alpha", "epsilon", "epsilonPrime", "delta", "gamma" or a user id)
 * @param library - library to look in; default the built-in phases
 * @throws InvalidParameterError for an unknown id
 * @returns the phase definition (lattice in Å and degrees, space group, sites)
 */
export function getPhase(id: string, library: PhaseLibrary = LIXV2O5_PHASES): PhaseDefinition {
  const phase = library[id];
  if (phase === undefined) throw new InvalidParameterError({ parameter: "phase", value: id, expected: `one of ${Object.keys(library).join(", ")}` });
  return phase;
}
