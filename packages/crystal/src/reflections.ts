/**
 * Reflection lists: all symmetry-unique, non-extinct hkl of a lattice + space group inside a
 * d-spacing range, with their multiplicities.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Lattice } from "./lattice.js";
import { inverseDSquared, reciprocalMetricTensor } from "./lattice.js";
import type { SpaceGroup } from "./spaceGroup.js";

/** One symmetry-unique reflection. */
export interface Reflection {
  /** Miller index h of the representative. */
  readonly h: number;
  /** Miller index k. */
  readonly k: number;
  /** Miller index l. */
  readonly l: number;
  /** Interplanar spacing (A). */
  readonly dAngstrom: number;
  /** Number of symmetry-equivalent hkl (Friedel pairs included) that share this d and |F|. */
  readonly multiplicity: number;
}

/** Options of {@link generateReflections}. */
export interface GenerateReflectionsOptions {
  /** Smallest d kept (A). Must be > 0. */
  dMinAngstrom: number;
  /**
   * Largest d kept (A).
   * @default Infinity
   */
  dMaxAngstrom?: number;
  /**
   * Relative tolerance used only for the order of reflections of equal d (ties sort by h, k, l).
   * @default 1e-10
   */
  dTieTolerance?: number;
}

/**
 * The Laue-class orbit of hkl: every h R for the Laue rotations R, deduplicated.
 * @param group - space group (its Laue rotations are used)
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @returns the equivalent indices (including hkl itself)
 */
export function equivalentReflections(group: SpaceGroup, h: number, k: number, l: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const seen = new Set<string>();
  for (const r of group.laueRotations) {
    const h2 = h * r[0]! + k * r[3]! + l * r[6]!;
    const k2 = h * r[1]! + k * r[4]! + l * r[7]!;
    const l2 = h * r[2]! + k * r[5]! + l * r[8]!;
    const key = `${h2},${k2},${l2}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push([h2, k2, l2]);
    }
  }
  return out;
}

function lexGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

/**
 * Generates the symmetry-unique reflections of a crystal with dMin <= d <= dMax, sorted by d
 * descending. Extinct reflections (general reflection conditions of the space group) are left
 * out; equivalent reflections are merged by the Laue class, the representative being the
 * lexicographically largest (h, k, l) of its orbit (so cubic lists read 111, 200, 220, 311...).
 *
 * Index bound: |h| <= a / dMin (since h = a . g and |g| = 1/d), likewise for k and l.
 *
 * @param lattice - the cell
 * @param group - space group (from getSpaceGroup or centringSpaceGroup)
 * @param options - d range
 * @returns reflections, d descending
 * @throws InvalidParameterError when dMinAngstrom is not positive or dMax < dMin
 * @example generateReflections(cubicLattice(5.411651), getSpaceGroup("Fm-3m"), { dMinAngstrom: 1.5 })
 */
export function generateReflections(lattice: Lattice, group: SpaceGroup, options: GenerateReflectionsOptions): Reflection[] {
  const { dMinAngstrom, dMaxAngstrom = Number.POSITIVE_INFINITY, dTieTolerance = 1e-10 } = options;
  if (!(Number.isFinite(dMinAngstrom) && dMinAngstrom > 0)) {
    throw new InvalidParameterError({ parameter: "dMinAngstrom", value: dMinAngstrom, expected: "a positive d-spacing in Angstrom" });
  }
  if (!(dMaxAngstrom >= dMinAngstrom)) {
    throw new InvalidParameterError({ parameter: "dMaxAngstrom", value: dMaxAngstrom, expected: `a d-spacing >= dMinAngstrom (${dMinAngstrom})` });
  }
  const gStar = reciprocalMetricTensor(lattice);
  const hMax = Math.floor(lattice.a / dMinAngstrom);
  const kMax = Math.floor(lattice.b / dMinAngstrom);
  const lMax = Math.floor(lattice.c / dMinAngstrom);
  if ((2 * hMax + 1) * (2 * kMax + 1) * (2 * lMax + 1) > 2e7) {
    throw new InvalidParameterError({ parameter: "dMinAngstrom", value: dMinAngstrom, expected: "a d-spacing large enough that the index box stays below 2e7 hkl" });
  }
  const invMin = 1 / (dMinAngstrom * dMinAngstrom) * (1 + 1e-12);
  const invMax = Number.isFinite(dMaxAngstrom) ? (1 / (dMaxAngstrom * dMaxAngstrom)) * (1 - 1e-12) : 0;
  const out: Reflection[] = [];
  const hkl = [0, 0, 0];
  for (let h = -hMax; h <= hMax; h++) {
    for (let k = -kMax; k <= kMax; k++) {
      for (let l = -lMax; l <= lMax; l++) {
        if (h === 0 && k === 0 && l === 0) continue;
        const inv = inverseDSquared(gStar, h, k, l);
        if (inv > invMin || inv < invMax) continue;
        if (!group.isAllowed(h, k, l)) continue;
        const orbit = equivalentReflections(group, h, k, l);
        hkl[0] = h;
        hkl[1] = k;
        hkl[2] = l;
        let isRepresentative = true;
        for (const e of orbit) {
          if (lexGreater(e, hkl)) {
            isRepresentative = false;
            break;
          }
        }
        if (!isRepresentative) continue;
        out.push({ h, k, l, dAngstrom: 1 / Math.sqrt(inv), multiplicity: orbit.length });
      }
    }
  }
  out.sort((x, y) => {
    const dd = y.dAngstrom - x.dAngstrom;
    if (Math.abs(dd) > dTieTolerance * x.dAngstrom) return dd;
    return y.h - x.h || y.k - x.k || y.l - x.l;
  });
  return out;
}
