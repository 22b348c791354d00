/**
 * X-ray emission (fluorescence) lines of the elements Na-U.
 *
 * Energies: Deslattes et al. 2003, "X-ray transition energies: new approach to a comprehensive
 * evaluation", Rev. Mod. Phys. 75, 35-99, doi:10.1103/RevModPhys.75.35, Table 5 (the NIST X-ray
 * Transition Energies database, https://physics.nist.gov/XrayTrans), experimental values where
 * available, else the theoretical value of the same table; read through xraylib 4.0.0
 * (data/fluor_lines.dat) by scripts/reference/calibrate-lines.py.
 * Radiative rates: Krause, Nestor, Sparks & Ricci, ORNL-5399 (1978) tables 13-14, after Scofield
 * (1974, Phys. Rev. A 9, 1041), as in xraylib data/radrate.dat.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import { EMISSION_LINE_ROWS } from "./internal/emissionLineData.js";

/** One X-ray emission line of an element. */
export interface EmissionLine {
  /** Element symbol, e.g. "Co". */
  readonly element: string;
  /** Atomic number. */
  readonly atomicNumber: number;
  /** IUPAC transition, e.g. "KL3". */
  readonly iupac: string;
  /** Siegbahn name, e.g. "Ka1". */
  readonly siegbahn: string;
  /** Transition energy (keV). */
  readonly energyKeV: number;
  /**
   * Fraction of the radiative decays of the initial vacancy (K, L1, L2 or L3) that go through
   * this line; null when not tabulated. Ratios within one initial shell are relative intensities
   * (e.g. Ka2/Ka1 = 0.511 for Co).
   */
  readonly radiativeRate: number | null;
}

/** Source text of the emission line table, for provenance records. */
export const EMISSION_LINE_SOURCE =
  "Deslattes et al. 2003, Rev. Mod. Phys. 75, 35 (doi:10.1103/RevModPhys.75.35) Table 5 via xraylib 4.0.0; rates Krause et al. ORNL-5399 (1978)";

const BY_SYMBOL = new Map<string, EmissionLine[]>();
for (const [z, symbol, entries] of EMISSION_LINE_ROWS) {
  BY_SYMBOL.set(
    symbol.toLowerCase(),
    entries.map(([iupac, siegbahn, energyEV, rate]) =>
      Object.freeze({ element: symbol, atomicNumber: z, iupac, siegbahn, energyKeV: energyEV / 1000, radiativeRate: rate }),
    ),
  );
}

/** Element symbols covered by the table (Na to U). */
export const EMISSION_LINE_ELEMENTS: readonly string[] = EMISSION_LINE_ROWS.map((r) => r[1]);

/**
 * All tabulated emission lines of an element (K lines Ka1, Ka2, Kb1, Kb3, Kb2 and L lines La1,
 * La2, Lb1, Lb2, Lb3, Lb4, Lg1, Lg3, Ll, Ln where they exist), energy ascending.
 *
 * @param element - element symbol, case-insensitive ("Co", "ce")
 * @returns the lines
 * @throws InvalidParameterError for an unknown symbol or one outside Na-U
 * @example emissionLines("Co").find((l) => l.siegbahn === "Ka1")!.energyKeV // 6.9303
 */
export function emissionLines(element: string): EmissionLine[] {
  const lines = BY_SYMBOL.get(element.toLowerCase());
  if (lines === undefined) {
    throw new InvalidParameterError({ parameter: "element", value: element, expected: "an element symbol from Na to U (e.g. Co, Ce, Pb)" });
  }
  return [...lines].sort((a, b) => a.energyKeV - b.energyKeV);
}

/**
 * One emission line by Siegbahn ("Ka1") or IUPAC ("KL3") name.
 *
 * @param element - element symbol
 * @param line - line name, case-insensitive
 * @returns the line
 * @throws InvalidParameterError for an unknown element or a line not tabulated for it
 * @example emissionLine("Mo", "Ka1").energyKeV // 17.4793
 */
export function emissionLine(element: string, line: string): EmissionLine {
  const lines = emissionLines(element);
  const key = line.toLowerCase();
  const found = lines.find((l) => l.siegbahn.toLowerCase() === key || l.iupac.toLowerCase() === key);
  if (found === undefined) {
    throw new InvalidParameterError({ parameter: "line", value: `${element} ${line}`, expected: `one of ${lines.map((l) => l.siegbahn).join(", ")}` });
  }
  return found;
}
