/**
 * Diffraction calibrants (NIST Standard Reference Materials) as cited data: certified lattice
 * parameter with its expanded uncertainty, space group and atom sites for intensities.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Lattice } from "./lattice.js";
import { cubicLattice } from "./lattice.js";
import type { SpaceGroup } from "./spaceGroup.js";
import { getSpaceGroup } from "./spaceGroup.js";
import type { AtomSite, CrystalStructure, ReflectionIntensitiesOptions, ReflectionIntensity } from "./structureFactor.js";
import { reflectionIntensities } from "./structureFactor.js";

/** A calibrant material with certified lattice parameter. */
export interface Calibrant {
  /** Short name used in the CLI and options, e.g. "CeO2". */
  readonly name: string;
  /** Chemical formula. */
  readonly formula: string;
  /** Reference material designation, e.g. "NIST SRM 674b". */
  readonly reference: string;
  /** Certified cubic lattice parameter a (A) at the certificate temperature. */
  readonly aAngstrom: number;
  /**
   * Expanded uncertainty (k = 2) of a (A) as printed on the certificate, or undefined when we
   * could not verify it from a primary source.
   */
  readonly aUncertaintyAngstrom: number | undefined;
  /** Temperature of the certified value (deg C). */
  readonly temperatureC: number;
  /** Space-group symbol (setting of the sites). */
  readonly spaceGroupSymbol: string;
  /** Asymmetric-unit sites. */
  readonly sites: readonly AtomSite[];
  /** Citation of the lattice parameter and of the structure. */
  readonly source: string;
}

/**
 * CeO2, NIST SRM 674b (X-ray powder diffraction intensity set): a = 5.411651 A at 22.5 C.
 * Value as given by NIST for SRM 674b and as listed by GSAS-II (ImageCalibrants.py,
 * 'CeO2 SRM674b') and pyFAI (resources/calibration/CeO2.D, "Ref: NIST SRM 674b"). We could not
 * read the certificate's uncertainty statement from a primary copy, so it is left undefined.
 * Fluorite structure, Fm-3m: Ce 4a (0,0,0), O 8c (1/4,1/4,1/4) (Wyckoff 1963, Crystal
 * Structures vol. 1). B values are typical room-temperature values (Ce 0.3, O 0.6 A^2;
 * order of magnitude from Yashima et al. 2003, Chem. Phys. Lett. 372, 784), used for relative
 * intensities only.
 */
export const CEO2_SRM674B: Calibrant = Object.freeze({
  name: "CeO2",
  formula: "CeO2",
  reference: "NIST SRM 674b",
  aAngstrom: 5.411651,
  aUncertaintyAngstrom: undefined,
  temperatureC: 22.5,
  spaceGroupSymbol: "Fm-3m",
  sites: [
    { label: "Ce", element: "Ce", x: 0, y: 0, z: 0, bIsoAngstrom2: 0.3 },
    { label: "O", element: "O", x: 0.25, y: 0.25, z: 0.25, bIsoAngstrom2: 0.6 },
  ],
  source: "NIST SRM 674b; a as listed in GSAS-II ImageCalibrants.py and pyFAI CeO2.D",
});

/**
 * LaB6, NIST SRM 660c: certified a = 0.4156826 nm +- 0.000008 nm (k = 2) at 22.5 C (NIST
 * Certificate SRM 660c, "Line Position and Line Shape Standard for Powder Diffraction"; pyFAI
 * LaB6_SRM660c.D lists d(100) = 4.156826 A). Note: the often-quoted 4.15689 A is not the 660c
 * certificate value (660b is 4.15691 A, Black et al. 2011 Powder Diffr. 26, 155).
 * Structure Pm-3m: La 1a (0,0,0), B 6f (x,1/2,1/2) with x = 0.1992 (Eremenko et al. 1980;
 * the 6f x value used in SRM 660 analyses is 0.199). B values: La 0.2, B 0.3 A^2 (typical).
 */
export const LAB6_SRM660C: Calibrant = Object.freeze({
  name: "LaB6",
  formula: "LaB6",
  reference: "NIST SRM 660c",
  aAngstrom: 4.156826,
  aUncertaintyAngstrom: 0.00008,
  temperatureC: 22.5,
  spaceGroupSymbol: "Pm-3m",
  sites: [
    { label: "La", element: "La", x: 0, y: 0, z: 0, bIsoAngstrom2: 0.2 },
    { label: "B", element: "B", x: 0.1992, y: 0.5, z: 0.5, bIsoAngstrom2: 0.3 },
  ],
  source: "NIST SRM 660c certificate: a = 0.4156826 nm +- 0.000008 nm (k = 2), 22.5 C",
});

/**
 * Si, NIST SRM 640f: certified a = 0.5431144 nm +- 0.000008 nm (k = 2) at 22.5 C (Black,
 * Mendenhall, Henins, Filliben & Cline 2020, "Certification of SRM 640f", Powder Diffraction 35,
 * 156, doi:10.1017/S0885715620000366). Diamond structure, Fd-3m origin choice 2: Si 8a
 * (1/8,1/8,1/8). B = 0.46 A^2 (room temperature, Flensburg & Stewart 1999 Phys. Rev. B 60, 284).
 */
export const SI_SRM640F: Calibrant = Object.freeze({
  name: "Si",
  formula: "Si",
  reference: "NIST SRM 640f",
  aAngstrom: 5.431144,
  aUncertaintyAngstrom: 0.00008,
  temperatureC: 22.5,
  spaceGroupSymbol: "Fd-3m",
  sites: [{ label: "Si", element: "Si", x: 0.125, y: 0.125, z: 0.125, bIsoAngstrom2: 0.46 }],
  source: "Black et al. 2020, Powder Diffraction 35, 156, doi:10.1017/S0885715620000366",
});

/** All calibrants by name. */
export const CALIBRANTS: Readonly<Record<string, Calibrant>> = Object.freeze({
  CeO2: CEO2_SRM674B,
  LaB6: LAB6_SRM660C,
  Si: SI_SRM640F,
});

/**
 * Looks up a calibrant by name (case-insensitive: "ceo2", "LaB6", "si").
 * @param name - calibrant name
 * @throws InvalidParameterError for an unknown name
 * @returns the calibrant record (certified lattice parameter in Å, space group, sites)
 */
export function getCalibrant(name: string): Calibrant {
  const key = Object.keys(CALIBRANTS).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) {
    throw new InvalidParameterError({ parameter: "calibrant", value: name, expected: `one of ${Object.keys(CALIBRANTS).join(", ")}` });
  }
  return CALIBRANTS[key]!;
}

/**
 * Lattice of a calibrant at its certified parameter.
 * @param calibrant - calibrant (or its name)
 * @returns the cubic lattice with a = the certified `aAngstrom`
 * @throws InvalidParameterError for an unknown calibrant name
 */
export function calibrantLattice(calibrant: Calibrant | string): Lattice {
  const c = typeof calibrant === "string" ? getCalibrant(calibrant) : calibrant;
  return cubicLattice(c.aAngstrom);
}

/**
 * Space group of a calibrant.
 * @param calibrant - calibrant (or its name)
 * @returns the tabulated space group (e.g. Fm-3m for CeO2)
 * @throws InvalidParameterError for an unknown calibrant name
 */
export function calibrantSpaceGroup(calibrant: Calibrant | string): SpaceGroup {
  const c = typeof calibrant === "string" ? getCalibrant(calibrant) : calibrant;
  return getSpaceGroup(c.spaceGroupSymbol);
}

/**
 * Full crystal structure of a calibrant, optionally with another lattice parameter (e.g. a
 * refined or thermally expanded value).
 * @param calibrant - calibrant (or its name)
 * @param aAngstrom - lattice parameter to use (A); defaults to the certified value
 * @returns lattice, space group and atomic sites
 * @throws InvalidParameterError for an unknown calibrant name or a non-positive aAngstrom
 */
export function calibrantStructure(calibrant: Calibrant | string, aAngstrom?: number): CrystalStructure {
  const c = typeof calibrant === "string" ? getCalibrant(calibrant) : calibrant;
  return { lattice: cubicLattice(aAngstrom ?? c.aAngstrom), spaceGroup: getSpaceGroup(c.spaceGroupSymbol), sites: c.sites };
}

/**
 * Reflections of a calibrant with |F|^2 m intensities, d descending. Reflections that are allowed
 * by the space group but have |F|^2 = 0 by the atom arrangement (e.g. Si 222, 442) are kept with
 * zero intensity unless `minRelativeIntensity` > 0.
 *
 * @param calibrant - calibrant (or its name)
 * @param options - d range (dMinAngstrom required)
 * @returns reflections with intensities
 * @example calibrantReflections("CeO2", { dMinAngstrom: 1 }).map((r) => `${r.h}${r.k}${r.l}`) // 111, 200, 220, ...
 */
export function calibrantReflections(calibrant: Calibrant | string, options: ReflectionIntensitiesOptions): ReflectionIntensity[] {
  return reflectionIntensities(calibrantStructure(calibrant), options);
}
