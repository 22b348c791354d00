/**
 * Crystal structures (lattice + space group + asymmetric-unit sites), site expansion with the
 * space-group operations, structure factors and geometry-free powder intensities |F|^2 m.
 *
 * F(h) = sum_j occ_j f0_j(s) exp(-B_j s^2) exp(2 pi i h . r_j), s = 1/(2 d), over all atoms r_j
 * of the unit cell (International Tables Vol. C, 2004, section 6.1 and eq. 6.1.1.4;
 * Giacovazzo et al., Fundamentals of Crystallography, 3rd ed., ch. 3).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import { atomicFormFactor, cromerMannCoefficients } from "./formFactor.js";
import type { Lattice } from "./lattice.js";
import type { GenerateReflectionsOptions, Reflection } from "./reflections.js";
import { generateReflections } from "./reflections.js";
import type { SpaceGroup } from "./spaceGroup.js";

/** One atom site of the asymmetric unit (Wyckoff position representative). */
export interface AtomSite {
  /** Label, e.g. "O1". */
  readonly label: string;
  /** Element symbol with tabulated form factor (see FORM_FACTOR_ELEMENTS). */
  readonly element: string;
  /** Fractional coordinate x. */
  readonly x: number;
  /** Fractional coordinate y. */
  readonly y: number;
  /** Fractional coordinate z. */
  readonly z: number;
  /**
   * Site occupancy in [0, 1].
   * @default 1
   */
  readonly occupancy?: number;
  /**
   * Isotropic displacement parameter B = 8 pi^2 U (A^2).
   * @default 0
   */
  readonly bIsoAngstrom2?: number;
}

/** A crystal structure: cell, space group and asymmetric-unit sites. */
export interface CrystalStructure {
  /** Unit cell. */
  readonly lattice: Lattice;
  /** Space group (setting must match the site coordinates). */
  readonly spaceGroup: SpaceGroup;
  /** Asymmetric-unit sites. */
  readonly sites: readonly AtomSite[];
}

/** An atom of the full unit cell after expansion. */
export interface ExpandedAtom {
  /** Label of the generating site. */
  readonly label: string;
  /** Element symbol. */
  readonly element: string;
  /** Fractional coordinates in [0, 1). */
  readonly x: number;
  /** Fractional y. */
  readonly y: number;
  /** Fractional z. */
  readonly z: number;
  /** Occupancy. */
  readonly occupancy: number;
  /** B (A^2). */
  readonly bIsoAngstrom2: number;
}

const POSITION_TOLERANCE = 1e-4; // fractional; coordinates in CIFs carry 4-5 decimals

function frac(v: number): number {
  const f = v - Math.floor(v);
  return f > 1 - POSITION_TOLERANCE ? 0 : f;
}

function sameFrac(a: number, b: number): boolean {
  const d = Math.abs(a - b);
  return d < POSITION_TOLERANCE || Math.abs(d - 1) < POSITION_TOLERANCE;
}

function validateSite(site: AtomSite, index: number): void {
  cromerMannCoefficients(site.element);
  for (const key of ["x", "y", "z"] as const) {
    if (!Number.isFinite(site[key])) throw new InvalidParameterError({ parameter: `sites[${index}].${key}`, value: site[key], expected: "a finite fractional coordinate" });
  }
  const occ = site.occupancy ?? 1;
  if (!(occ >= 0 && occ <= 1)) throw new InvalidParameterError({ parameter: `sites[${index}].occupancy`, value: occ, expected: "a number in [0, 1]" });
  const b = site.bIsoAngstrom2 ?? 0;
  if (!(Number.isFinite(b) && b >= 0)) throw new InvalidParameterError({ parameter: `sites[${index}].bIsoAngstrom2`, value: b, expected: "a non-negative B in A^2" });
}

/**
 * Expands asymmetric-unit sites to all atoms of the unit cell with the space-group operations
 * (coordinates reduced to [0, 1), coincident images merged: a special position yields its
 * Wyckoff multiplicity, not the general one).
 *
 * @param group - space group in the setting of the coordinates
 * @param sites - asymmetric-unit sites
 * @returns atoms of the unit cell
 * @throws InvalidParameterError for an unknown element or invalid coordinate/occupancy/B
 * @example expandSites(getSpaceGroup("Fm-3m"), [{ label: "Ce", element: "Ce", x: 0, y: 0, z: 0 }]).length // 4
 */
export function expandSites(group: SpaceGroup, sites: readonly AtomSite[]): ExpandedAtom[] {
  const out: ExpandedAtom[] = [];
  sites.forEach((site, index) => {
    validateSite(site, index);
    const images: [number, number, number][] = [];
    for (const op of group.operations) {
      const r = op.rotation;
      const x = frac(r[0]! * site.x + r[1]! * site.y + r[2]! * site.z + op.translation[0]);
      const y = frac(r[3]! * site.x + r[4]! * site.y + r[5]! * site.z + op.translation[1]);
      const z = frac(r[6]! * site.x + r[7]! * site.y + r[8]! * site.z + op.translation[2]);
      if (!images.some((p) => sameFrac(p[0], x) && sameFrac(p[1], y) && sameFrac(p[2], z))) images.push([x, y, z]);
    }
    for (const [x, y, z] of images) {
      out.push({ label: site.label, element: site.element, x, y, z, occupancy: site.occupancy ?? 1, bIsoAngstrom2: site.bIsoAngstrom2 ?? 0 });
    }
  });
  return out;
}

/** A complex structure factor. */
export interface StructureFactor {
  /** Real part (electrons). */
  readonly re: number;
  /** Imaginary part (electrons). */
  readonly im: number;
}

/**
 * Structure factor of one reflection from expanded atoms:
 * F = sum_j occ_j f0_j(s) exp(-B_j s^2) exp(2 pi i (h x_j + k y_j + l z_j)), s = 1/(2 d).
 *
 * @param atoms - atoms of the unit cell (from {@link expandSites})
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @param dAngstrom - d(hkl) (A), for s = 1/(2 d)
 * @returns F (electrons)
 */
export function structureFactor(atoms: readonly ExpandedAtom[], h: number, k: number, l: number, dAngstrom: number): StructureFactor {
  const s = 1 / (2 * dAngstrom);
  const s2 = s * s;
  const fCache = new Map<string, number>();
  let re = 0;
  let im = 0;
  for (const atom of atoms) {
    let f0 = fCache.get(atom.element);
    if (f0 === undefined) {
      f0 = atomicFormFactor(atom.element, s);
      fCache.set(atom.element, f0);
    }
    const amplitude = atom.occupancy * f0 * Math.exp(-atom.bIsoAngstrom2 * s2);
    const phase = 2 * Math.PI * (h * atom.x + k * atom.y + l * atom.z);
    re += amplitude * Math.cos(phase);
    im += amplitude * Math.sin(phase);
  }
  return { re, im };
}

/** A reflection with its structure-factor intensity. */
export interface ReflectionIntensity extends Reflection {
  /** |F(hkl)|^2 (electrons^2). */
  readonly fSquared: number;
  /**
   * Geometry-free powder intensity |F|^2 m (electrons^2); apply Lorentz-polarization
   * (angle-dispersive) or the energy-dispersive factors in @operando/simulate.
   */
  readonly intensity: number;
}

/** Options of {@link reflectionIntensities}: the d range of {@link generateReflections}. */
export interface ReflectionIntensitiesOptions extends GenerateReflectionsOptions {
  /**
   * Drop reflections whose |F|^2 is below this fraction of the strongest |F|^2 m in the list
   * (accidental near-extinctions of special positions).
   * @default 0 (keep all allowed reflections)
   */
  minRelativeIntensity?: number;
}

/**
 * Reflections of a structure with |F|^2 and |F|^2 m, d descending.
 *
 * @param structure - lattice, space group and sites
 * @param options - d range and optional relative cutoff
 * @returns reflection list with intensities
 * @throws InvalidParameterError for invalid sites or d range
 * @example reflectionIntensities(ceo2Structure(), { dMinAngstrom: 1 })[0] // 111
 */
export function reflectionIntensities(structure: CrystalStructure, options: ReflectionIntensitiesOptions): ReflectionIntensity[] {
  const atoms = expandSites(structure.spaceGroup, structure.sites);
  const reflections = generateReflections(structure.lattice, structure.spaceGroup, options);
  const out: ReflectionIntensity[] = reflections.map((r) => {
    const f = structureFactor(atoms, r.h, r.k, r.l, r.dAngstrom);
    const fSquared = f.re * f.re + f.im * f.im;
    return { ...r, fSquared, intensity: fSquared * r.multiplicity };
  });
  const cutoff = options.minRelativeIntensity ?? 0;
  if (!(cutoff >= 0 && cutoff < 1)) {
    throw new InvalidParameterError({ parameter: "minRelativeIntensity", value: cutoff, expected: "a fraction in [0, 1)" });
  }
  if (cutoff === 0) return out;
  const max = out.reduce((m, r) => Math.max(m, r.intensity), 0);
  return out.filter((r) => r.intensity >= cutoff * max);
}
