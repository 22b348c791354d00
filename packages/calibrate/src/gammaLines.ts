/**
 * Gamma lines of the radionuclide sources used to calibrate energy-dispersive detectors.
 *
 * Energies (with their one-sigma uncertainty) and emission probabilities per 100 decays are the
 * ENSDF evaluations as served by NNDC NuDat 3 (https://www.nndc.bnl.gov/nudat3/), which agree
 * with the DDEP/LNHB recommended values (Be & Chechev 2013, "Recommended standards for gamma ray
 * intensities", Nucl. Instrum. Methods A 728, 157, doi:10.1016/j.nima.2013.05.134; IAEA 2007,
 * "Update of X ray and gamma ray decay data standards for detector calibration", STI/PUB/1287):
 * - Am-241: Basunia 2006, Nucl. Data Sheets 107, 3323 (A = 237)
 * - Cd-109: Gurdal & Kondev 2012, Nucl. Data Sheets 113, 1315 (A = 109)
 * - Co-57: Bhat 1998, Nucl. Data Sheets 85, 415 (A = 57)
 * - Ba-133: Khazov, Rodionov & Kondev 2011, Nucl. Data Sheets 112, 855 (A = 133)
 * - Eu-152: Martin 2013, Nucl. Data Sheets 114, 1497 (A = 152)
 * The daughter's K x-rays (Ag for Cd-109, Fe for Co-57, Cs for Ba-133, Sm for Eu-152) are taken
 * from the emission line table (Deslattes et al. 2003) through {@link sourceXrayElement}.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/** One gamma line of a radionuclide. */
export interface GammaLine {
  /** Nuclide, e.g. "Am-241". */
  readonly nuclide: string;
  /** Photon energy (keV). */
  readonly energyKeV: number;
  /** One-sigma uncertainty of the energy (keV). */
  readonly sigmaKeV: number;
  /** Photons per 100 decays. */
  readonly intensityPercent: number;
}

type Row = readonly [energyKeV: number, sigmaKeV: number, intensityPercent: number];

const GAMMA_ROWS: Readonly<Record<string, { daughterXrays: string; rows: readonly Row[] }>> = {
  "Am-241": {
    daughterXrays: "Np",
    rows: [
      [26.3446, 0.0002, 2.31],
      [33.1963, 0.0003, 0.126],
      [59.5409, 0.0001, 35.92],
    ],
  },
  "Cd-109": { daughterXrays: "Ag", rows: [[88.0336, 0.001, 3.66]] },
  "Co-57": {
    daughterXrays: "Fe",
    rows: [
      [14.41295, 0.00031, 9.16],
      [122.06065, 0.00012, 85.6],
      [136.47356, 0.00029, 10.68],
    ],
  },
  "Ba-133": {
    daughterXrays: "Cs",
    rows: [
      [53.1622, 0.0006, 2.14],
      [79.6142, 0.0019, 2.65],
      [80.9979, 0.0011, 32.9],
      [160.612, 0.0016, 0.638],
      [223.2368, 0.0013, 0.453],
      [276.3989, 0.0012, 7.16],
      [302.8508, 0.0005, 18.34],
      [356.0129, 0.0007, 62.05],
      [383.8485, 0.0012, 8.94],
    ],
  },
  "Eu-152": {
    daughterXrays: "Sm",
    rows: [
      [121.7817, 0.0003, 28.53],
      [244.6974, 0.0008, 7.55],
      [344.2785, 0.0012, 26.59],
      [411.1165, 0.0012, 2.237],
      [443.9606, 0.0016, 2.827],
      [778.9045, 0.0024, 12.93],
      [867.38, 0.003, 4.23],
      [964.057, 0.005, 14.51],
      [1085.837, 0.01, 10.11],
      [1112.076, 0.003, 13.67],
      [1408.013, 0.003, 20.87],
    ],
  },
};

/** Names of the tabulated sources. */
export const GAMMA_SOURCES: readonly string[] = Object.keys(GAMMA_ROWS);

/** Source text of the gamma table, for provenance records. */
export const GAMMA_LINE_SOURCE = "ENSDF via NNDC NuDat 3 (Am-241 NDS 107, 3323; Cd-109 NDS 113, 1315; Co-57 NDS 85, 415; Ba-133 NDS 112, 855; Eu-152 NDS 114, 1497)";

function canonicalSource(nuclide: string): string {
  const key = nuclide.replace(/[\s_-]/g, "").toLowerCase();
  for (const name of GAMMA_SOURCES) {
    const k = name.replace("-", "").toLowerCase();
    // Accept "Am-241", "am241", "241Am".
    const [sym, mass] = name.split("-") as [string, string];
    if (key === k || key === `${mass}${sym.toLowerCase()}`) return name;
  }
  throw new InvalidParameterError({ parameter: "source", value: nuclide, expected: `one of ${GAMMA_SOURCES.join(", ")}` });
}

/**
 * True when the text names a tabulated radionuclide ("Am-241", "am241", "241Am").
 * @param text - candidate name
 * @returns whether the gamma-line table has it
 */
export function isGammaSource(text: string): boolean {
  try {
    canonicalSource(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gamma lines of a radionuclide source, energy ascending.
 *
 * @param nuclide - "Am-241", "Cd-109", "Co-57", "Ba-133" or "Eu-152" (also "am241", "241Am")
 * @returns the lines
 * @throws InvalidParameterError for an unknown source
 * @example gammaLines("Co-57").map((l) => l.energyKeV) // [14.41295, 122.06065, 136.47356]
 */
export function gammaLines(nuclide: string): GammaLine[] {
  const name = canonicalSource(nuclide);
  return GAMMA_ROWS[name]!.rows.map(([energyKeV, sigmaKeV, intensityPercent]) => Object.freeze({ nuclide: name, energyKeV, sigmaKeV, intensityPercent }));
}

/**
 * Element whose K x-rays follow the decay of a source (electron capture or internal conversion
 * in the daughter): Ag for Cd-109, Fe for Co-57, Cs for Ba-133, Sm for Eu-152, Np for Am-241
 * (Np L x-rays; not in the emission table, which ends at U).
 * @param nuclide - source name
 * @returns the element symbol of the daughter's x-rays
 * @throws InvalidParameterError for an unknown source
 */
export function sourceXrayElement(nuclide: string): string {
  return GAMMA_ROWS[canonicalSource(nuclide)]!.daughterXrays;
}
