/**
 * Space groups used by operando: full general-position operations (for structure factors and
 * Wyckoff-site expansion), the Laue class (for merging symmetry-equivalent reflections) and the
 * general reflection conditions (systematic extinctions).
 *
 * Source of the operations and reflection conditions: International Tables for Crystallography
 * Vol. A (Hahn, ed., 5th ed. 2005, doi:10.1107/97809553602060000100), the space-group tables for
 * Nos. 10, 11, 12, 59 (origin choice 2), 62, 63, 221, 225 and 227 (origin choice 2). Each group is
 * stored as the ITA generator triplets and closed into the full coset list here; the reflection
 * conditions are coded by hand from the "Reflection conditions - General" block of each table and
 * are cross-checked in the tests against the extinctions implied by the operations themselves
 * (h is absent iff some operation with h R = h has h.t not an integer).
 *
 * Amma (No. 63 in the "cab" setting, ITA Table 4.3.2.1) is the setting used for delta-LiV2O5
 * (Cava et al. 1986). With a' = c, b' = a, c' = b of Cmcm, the Cmcm conditions
 * (hkl: h+k; 0kl: k; h0l: h, l; hk0: h+k; h00: h; 0k0: k; 00l: l, all = 2n) become, in Amma,
 * hkl: k+l = 2n; 0kl: k+l = 2n; h0l: l = 2n; hk0: h, k = 2n; h00: h = 2n; 0k0: k = 2n; 00l: l = 2n.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { SymmetryOperation } from "./internal/symmetry.js";
import { closeGroup, laueRotations } from "./internal/symmetry.js";
import type { CrystalSystem } from "./lattice.js";
import { CRYSTAL_SYSTEMS } from "./lattice.js";

export type { SymmetryOperation } from "./internal/symmetry.js";

/** Lattice centring symbol (R = rhombohedral centring of a hexagonal cell, obverse setting). */
export type Centring = "P" | "A" | "B" | "C" | "I" | "F" | "R";

/** A space group in a specific setting. */
export interface SpaceGroup {
  /** International Tables number (0 for the centring-only fallback). */
  readonly number: number;
  /** Hermann-Mauguin symbol in the setting used, e.g. "Amma", "Fd-3m". */
  readonly symbol: string;
  /** Setting / origin choice remark. */
  readonly setting: string;
  /** Crystal system (fixes the metric constraints of the lattice). */
  readonly crystalSystem: CrystalSystem;
  /** Lattice centring. */
  readonly centring: Centring;
  /** Full list of general-position operations, centring translations included (identity first). */
  readonly operations: readonly SymmetryOperation[];
  /** Rotation matrices of the Laue group (point group plus inversion), row-major 3x3. */
  readonly laueRotations: readonly (readonly number[])[];
  /** General reflection conditions as text, as listed in ITA Vol. A. */
  readonly reflectionConditions: string;
  /**
   * Whether reflection hkl satisfies the general reflection conditions (is not systematically
   * absent); hand-coded from ITA Vol. A.
   */
  readonly isAllowed: (h: number, k: number, l: number) => boolean;
}

const even = (n: number): boolean => n % 2 === 0;
const mod4 = (n: number): boolean => n % 4 === 0;

const CENTRING_VECTORS: Readonly<Record<Centring, readonly (readonly [number, number, number])[]>> = {
  P: [],
  A: [[0, 0.5, 0.5]],
  B: [[0.5, 0, 0.5]],
  C: [[0.5, 0.5, 0]],
  I: [[0.5, 0.5, 0.5]],
  F: [
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
  ],
  R: [
    [2 / 3, 1 / 3, 1 / 3],
    [1 / 3, 2 / 3, 2 / 3],
  ],
};

/** Integral (centring) condition of each lattice type, ITA Vol. A Table 2.2.13.1. */
function centringAllows(centring: Centring, h: number, k: number, l: number): boolean {
  switch (centring) {
    case "P":
      return true;
    case "A":
      return even(k + l);
    case "B":
      return even(h + l);
    case "C":
      return even(h + k);
    case "I":
      return even(h + k + l);
    case "F":
      return even(h + k) && even(h + l) && even(k + l);
    case "R":
      return (-h + k + l) % 3 === 0;
  }
}

const CENTRING_TEXT: Readonly<Record<Centring, string>> = {
  P: "none",
  A: "hkl: k+l=2n",
  B: "hkl: h+l=2n",
  C: "hkl: h+k=2n",
  I: "hkl: h+k+l=2n",
  F: "hkl: h+k, h+l, k+l=2n",
  R: "hkl: -h+k+l=3n (obverse, hexagonal axes)",
};

/** Holohedry (symmorphic) generators per crystal system, used for the Laue class of the fallback. */
const HOLOHEDRY_GENERATORS: Readonly<Record<CrystalSystem, readonly string[]>> = {
  cubic: ["-x,-y,z", "-x,y,-z", "z,x,y", "y,x,-z", "-x,-y,-z"],
  tetragonal: ["-y,x,z", "x,-y,-z", "-x,-y,-z"],
  orthorhombic: ["-x,-y,z", "-x,y,-z", "-x,-y,-z"],
  hexagonal: ["x-y,x,z", "y,x,-z", "-x,-y,-z"],
  rhombohedral: ["z,x,y", "-y,-x,-z", "-x,-y,-z"],
  monoclinic: ["-x,y,-z", "-x,-y,-z"],
  triclinic: ["-x,-y,-z"],
};

interface GroupDefinition {
  number: number;
  symbol: string;
  aliases: readonly string[];
  setting: string;
  crystalSystem: CrystalSystem;
  centring: Centring;
  generators: readonly string[];
  reflectionConditions: string;
  isAllowed: (h: number, k: number, l: number) => boolean;
}

/** Cmcm (No. 63, standard setting) general conditions, ITA Vol. A. */
function cmcmAllows(h: number, k: number, l: number): boolean {
  if (!even(h + k)) return false;
  if (h === 0 && !even(k)) return false;
  if (k === 0 && !(even(h) && even(l))) return false;
  if (l === 0 && !even(h + k)) return false;
  if (h === 0 && k === 0 && !even(l)) return false;
  return true;
}

/** Fd-3m (No. 227) general conditions, ITA Vol. A; cubic permutations of 0kl apply to any zero index. */
function fd3mAllows(h: number, k: number, l: number): boolean {
  if (!centringAllows("F", h, k, l)) return false;
  // 0kl: k+l = 4n (k, l = 2n follows from F); hhl: h+l = 2n follows from F; h00: h = 4n.
  if (h === 0 && !mod4(k + l)) return false;
  if (k === 0 && !mod4(h + l)) return false;
  if (l === 0 && !mod4(h + k)) return false;
  return true;
}

const DEFINITIONS: readonly GroupDefinition[] = [
  {
    number: 10,
    symbol: "P2/m",
    aliases: ["P 1 2/m 1", "P2/m"],
    setting: "unique axis b",
    crystalSystem: "monoclinic",
    centring: "P",
    generators: ["-x,y,-z", "-x,-y,-z"],
    reflectionConditions: "none",
    isAllowed: () => true,
  },
  {
    number: 11,
    symbol: "P2_1/m",
    aliases: ["P21/m", "P 1 21/m 1", "P2_1/m"],
    setting: "unique axis b",
    crystalSystem: "monoclinic",
    centring: "P",
    generators: ["-x,y+1/2,-z", "-x,-y,-z"],
    reflectionConditions: "0k0: k=2n",
    isAllowed: (h, k, l) => !(h === 0 && l === 0 && !even(k)),
  },
  {
    number: 12,
    symbol: "C2/m",
    aliases: ["C 1 2/m 1", "C2/m"],
    setting: "unique axis b, cell choice 1",
    crystalSystem: "monoclinic",
    centring: "C",
    generators: ["-x,y,-z", "-x,-y,-z"],
    reflectionConditions: "hkl: h+k=2n; h0l: h=2n; 0kl: k=2n; hk0: h+k=2n; 0k0: k=2n; h00: h=2n",
    isAllowed: (h, k) => even(h + k),
  },
  {
    number: 59,
    symbol: "Pmmn",
    aliases: ["P 21/m 21/m 2/n", "Pmmn", "Pmmn:2"],
    setting: "origin choice 2 (origin at -1 on n)",
    crystalSystem: "orthorhombic",
    centring: "P",
    generators: ["-x+1/2,-y+1/2,z", "-x,y+1/2,-z", "-x,-y,-z"],
    reflectionConditions: "hk0: h+k=2n; h00: h=2n; 0k0: k=2n",
    isAllowed: (h, k, l) => !(l === 0 && !even(h + k)),
  },
  {
    number: 62,
    symbol: "Pnma",
    aliases: ["P 21/n 21/m 21/a", "Pnma"],
    setting: "standard",
    crystalSystem: "orthorhombic",
    centring: "P",
    generators: ["-x+1/2,-y,z+1/2", "-x,y+1/2,-z", "-x,-y,-z"],
    reflectionConditions: "0kl: k+l=2n; hk0: h=2n; h00: h=2n; 0k0: k=2n; 00l: l=2n",
    isAllowed: (h, k, l) => {
      if (h === 0 && !even(k + l)) return false;
      if (l === 0 && !even(h)) return false;
      if (h === 0 && l === 0 && !even(k)) return false;
      if (h === 0 && k === 0 && !even(l)) return false;
      return true;
    },
  },
  {
    number: 63,
    symbol: "Cmcm",
    aliases: ["C 2/m 2/c 21/m", "Cmcm"],
    setting: "standard (abc)",
    crystalSystem: "orthorhombic",
    centring: "C",
    generators: ["-x,-y,z+1/2", "-x,y,-z+1/2", "-x,-y,-z"],
    reflectionConditions: "hkl: h+k=2n; 0kl: k=2n; h0l: h,l=2n; hk0: h+k=2n; h00: h=2n; 0k0: k=2n; 00l: l=2n",
    isAllowed: cmcmAllows,
  },
  {
    number: 63,
    symbol: "Amma",
    aliases: ["A 21/m 2/m 2/a", "Amma"],
    setting: "cab setting of Cmcm (a' = c, b' = a, c' = b), used for delta-LiV2O5",
    crystalSystem: "orthorhombic",
    centring: "A",
    // Cmcm generators rewritten in the cab axes: (x,y,z)_Cmcm = (y',z',x').
    generators: ["x+1/2,-y,-z", "-x+1/2,-y,z", "-x,-y,-z"],
    reflectionConditions: "hkl: k+l=2n; 0kl: k+l=2n; h0l: l=2n; hk0: h,k=2n; h00: h=2n; 0k0: k=2n; 00l: l=2n",
    isAllowed: (h, k, l) => cmcmAllows(k, l, h),
  },
  {
    number: 221,
    symbol: "Pm-3m",
    aliases: ["P 4/m -3 2/m", "Pm-3m", "Pm3m"],
    setting: "standard",
    crystalSystem: "cubic",
    centring: "P",
    generators: HOLOHEDRY_GENERATORS.cubic,
    reflectionConditions: "none",
    isAllowed: () => true,
  },
  {
    number: 225,
    symbol: "Fm-3m",
    aliases: ["F 4/m -3 2/m", "Fm-3m", "Fm3m"],
    setting: "standard",
    crystalSystem: "cubic",
    centring: "F",
    generators: HOLOHEDRY_GENERATORS.cubic,
    reflectionConditions: "hkl: h+k, h+l, k+l=2n; 0kl: k,l=2n; hhl: h+l=2n; h00: h=2n",
    isAllowed: (h, k, l) => centringAllows("F", h, k, l),
  },
  {
    number: 227,
    symbol: "Fd-3m",
    aliases: ["F 41/d -3 2/m", "Fd-3m", "Fd3m", "Fd-3m:2"],
    setting: "origin choice 2 (origin at -3m)",
    crystalSystem: "cubic",
    centring: "F",
    generators: ["-x+3/4,-y+1/4,z+1/2", "-x+1/4,y+1/2,-z+3/4", "z,x,y", "y+3/4,x+1/4,-z+1/2", "-x,-y,-z"],
    reflectionConditions: "hkl: h+k, h+l, k+l=2n; 0kl: k+l=4n and k,l=2n; hhl: h+l=2n; h00: h=4n",
    isAllowed: fd3mAllows,
  },
];

function build(def: GroupDefinition): SpaceGroup {
  const operations = closeGroup(def.generators, CENTRING_VECTORS[def.centring]);
  return Object.freeze({
    number: def.number,
    symbol: def.symbol,
    setting: def.setting,
    crystalSystem: def.crystalSystem,
    centring: def.centring,
    operations,
    laueRotations: laueRotations(operations),
    reflectionConditions: def.reflectionConditions,
    isAllowed: def.isAllowed,
  });
}

const cache = new Map<string, SpaceGroup>();

function normaliseSymbol(s: string): string {
  return s.replace(/\s+/g, "").replace(/_/g, "").toLowerCase();
}

/** Hermann-Mauguin symbols (and numbers) accepted by {@link getSpaceGroup}. */
export const SUPPORTED_SPACE_GROUPS: readonly { number: number; symbol: string; setting: string }[] = DEFINITIONS.map((d) => ({ number: d.number, symbol: d.symbol, setting: d.setting }));

/**
 * Looks up a supported space group by number or Hermann-Mauguin symbol. Number 63 gives the
 * standard Cmcm setting; ask for "Amma" for the delta-LiV2O5 setting. Spaces and underscores in
 * symbols are ignored ("P 21/m", "P2_1/m" and "P21/m" are the same).
 *
 * @param key - ITA number or symbol (case-insensitive)
 * @returns the space group (operations generated once, then cached)
 * @throws InvalidParameterError for an unsupported group; use {@link centringSpaceGroup} for others
 * @example getSpaceGroup("Fm-3m").isAllowed(2, 0, 0) // true
 */
export function getSpaceGroup(key: number | string): SpaceGroup {
  const def =
    typeof key === "number"
      ? DEFINITIONS.find((d) => d.number === key)
      : DEFINITIONS.find((d) => normaliseSymbol(d.symbol) === normaliseSymbol(key) || d.aliases.some((a) => normaliseSymbol(a) === normaliseSymbol(key)));
  if (def === undefined) {
    throw new InvalidParameterError({
      parameter: "spaceGroup",
      value: key,
      expected: `one of ${DEFINITIONS.map((d) => `${d.symbol} (${d.number})`).join(", ")}, or a centring-only group from centringSpaceGroup()`,
    });
  }
  const cacheKey = `${def.number}:${def.symbol}`;
  let group = cache.get(cacheKey);
  if (group === undefined) {
    group = build(def);
    cache.set(cacheKey, group);
  }
  return group;
}

/**
 * General fallback when the exact space group is not tabulated: the symmorphic holohedral group
 * of the crystal system with the given centring (e.g. "I" + "tetragonal" = I4/mmm). Its
 * reflection conditions are those of the centring only (ITA Vol. A Table 2.2.13.1), so glide and
 * screw extinctions are NOT applied: reflections they would extinguish are kept (over-complete
 * list, safe for fitting with free intensities).
 *
 * @param centring - lattice centring
 * @param crystalSystem - crystal system (sets the Laue class used to merge equivalents)
 * @returns a space group with number 0
 * @throws InvalidParameterError for an unknown centring or system, or R centring outside the hexagonal system
 * @example centringSpaceGroup("I", "cubic").isAllowed(1, 0, 0) // false
 */
export function centringSpaceGroup(centring: Centring, crystalSystem: CrystalSystem): SpaceGroup {
  if (!(centring in CENTRING_VECTORS)) {
    throw new InvalidParameterError({ parameter: "centring", value: centring, expected: "one of P, A, B, C, I, F, R" });
  }
  if (!CRYSTAL_SYSTEMS.includes(crystalSystem)) {
    throw new InvalidParameterError({ parameter: "crystalSystem", value: crystalSystem, expected: CRYSTAL_SYSTEMS.join(", ") });
  }
  if (centring === "R" && crystalSystem !== "hexagonal") {
    throw new InvalidParameterError({ parameter: "centring", value: centring, expected: "R only with hexagonal axes (use crystalSystem 'rhombohedral' with P for rhombohedral axes)" });
  }
  const cacheKey = `fallback:${centring}:${crystalSystem}`;
  let group = cache.get(cacheKey);
  if (group === undefined) {
    // R-centred hexagonal cells have Laue class -3m (R-3m), not 6/mmm.
    const generators = centring === "R" ? ["-y,x-y,z", "y,x,-z", "-x,-y,-z"] : HOLOHEDRY_GENERATORS[crystalSystem];
    const operations = closeGroup(generators, CENTRING_VECTORS[centring]);
    group = Object.freeze({
      number: 0,
      symbol: `${centring} (centring only, ${crystalSystem})`,
      setting: "symmorphic holohedry; only the centring extinctions are applied",
      crystalSystem,
      centring,
      operations,
      laueRotations: laueRotations(operations),
      reflectionConditions: CENTRING_TEXT[centring],
      isAllowed: (h: number, k: number, l: number) => centringAllows(centring, h, k, l),
    });
    cache.set(cacheKey, group);
  }
  return group;
}

/**
 * Systematic absence derived from the operations themselves (independent of the hand-coded ITA
 * conditions): h is absent iff some operation (R, t) has h R = h and h . t not an integer,
 * because then the contributions of the coset cancel for any atom arrangement.
 *
 * @param group - the space group
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @returns true when hkl is extinct by symmetry
 */
export function isSystematicallyAbsent(group: SpaceGroup, h: number, k: number, l: number): boolean {
  for (const op of group.operations) {
    const r = op.rotation;
    // row vector h times R
    const h2 = h * r[0]! + k * r[3]! + l * r[6]!;
    const k2 = h * r[1]! + k * r[4]! + l * r[7]!;
    const l2 = h * r[2]! + k * r[5]! + l * r[8]!;
    if (h2 !== h || k2 !== k || l2 !== l) continue;
    const phase = h * op.translation[0] + k * op.translation[1] + l * op.translation[2];
    if (Math.abs(phase - Math.round(phase)) > 1e-6) return true;
  }
  return false;
}
