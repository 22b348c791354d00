/**
 * Atomic X-ray scattering factors f0(s) of neutral atoms from the four-Gaussian (Cromer-Mann)
 * approximation: f0(s) = c + sum_i a_i exp(-b_i s^2), s = sin(theta)/lambda = 1/(2 d) in 1/A.
 *
 * Coefficients: International Tables for Crystallography Vol. C (Wilson, ed., 1992 and later
 * editions), Table 6.1.1.4, "Coefficients for analytical approximation to the scattering
 * factors" (doi:10.1107/97809553602060000600); valid for s < 2 1/A. The values below are the
 * neutral-atom rows of that table (identical to CCP4 atomsf.lib and cctbx table "it1992").
 * Anomalous dispersion (f', f'') is neglected: at the 50-150 keV energies of the operando
 * experiments it is below 1 % of f0 for these elements away from absorption edges (the Ce and
 * La K edges at 40.4 and 38.9 keV lie below the working range).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/** Cromer-Mann coefficients of one element: f0(s) = c + sum a_i exp(-b_i s^2). */
export interface CromerMannCoefficients {
  /** a1..a4 (electrons). */
  readonly a: readonly [number, number, number, number];
  /** b1..b4 (A^2). */
  readonly b: readonly [number, number, number, number];
  /** Constant c (electrons). */
  readonly c: number;
}

/** ITC Vol. C Table 6.1.1.4, neutral atoms needed by operando's reference materials and phases. */
export const CROMER_MANN_COEFFICIENTS: Readonly<Record<string, CromerMannCoefficients>> = {
  Li: { a: [1.1282, 0.7508, 0.6175, 0.4653], b: [3.9546, 1.0524, 85.3905, 168.261], c: 0.0377 },
  B: { a: [2.0545, 1.3326, 1.0979, 0.7068], b: [23.2185, 1.021, 60.3498, 0.1403], c: -0.1932 },
  C: { a: [2.31, 1.02, 1.5886, 0.865], b: [20.8439, 10.2075, 0.5687, 51.6512], c: 0.2156 },
  O: { a: [3.0485, 2.2868, 1.5463, 0.867], b: [13.2771, 5.7011, 0.3239, 32.9089], c: 0.2508 },
  Si: { a: [6.2915, 3.0353, 1.9891, 1.541], b: [2.4386, 32.3337, 0.6785, 81.6937], c: 1.1407 },
  V: { a: [10.2971, 7.3511, 2.0703, 2.0571], b: [6.8657, 0.4385, 26.8938, 102.478], c: 1.2199 },
  La: { a: [20.578, 19.599, 11.3727, 3.28719], b: [2.94817, 0.244475, 18.7726, 133.124], c: 2.14678 },
  Ce: { a: [21.1671, 19.7695, 11.8513, 3.33049], b: [2.81219, 0.226836, 17.6083, 127.113], c: 1.86264 },
};

/** Element symbols with tabulated coefficients. */
export const FORM_FACTOR_ELEMENTS: readonly string[] = Object.keys(CROMER_MANN_COEFFICIENTS);

/**
 * Coefficients of an element.
 * @param element - element symbol, e.g. "Ce" (case as in the periodic table)
 * @throws InvalidParameterError for an element without tabulated coefficients
 * @returns the nine Cromer-Mann coefficients a1..a4, b1..b4, c of the element
 */
export function cromerMannCoefficients(element: string): CromerMannCoefficients {
  const coeffs = CROMER_MANN_COEFFICIENTS[element];
  if (coeffs === undefined) {
    throw new InvalidParameterError({ parameter: "element", value: element, expected: `one of ${FORM_FACTOR_ELEMENTS.join(", ")}` });
  }
  return coeffs;
}

/**
 * Atomic scattering factor f0(s) = c + sum_i a_i exp(-b_i s^2).
 *
 * @param element - element symbol
 * @param sinThetaOverLambda - s = sin(theta)/lambda = 1/(2 d) (1/A), >= 0
 * @returns f0 in electrons
 * @throws InvalidParameterError for an unknown element or negative s
 * @example atomicFormFactor("Ce", 0) // ~58.0 (Z = 58)
 */
export function atomicFormFactor(element: string, sinThetaOverLambda: number): number {
  if (!(sinThetaOverLambda >= 0)) {
    throw new InvalidParameterError({ parameter: "sinThetaOverLambda", value: sinThetaOverLambda, expected: "a non-negative value in 1/A" });
  }
  const { a, b, c } = cromerMannCoefficients(element);
  const s2 = sinThetaOverLambda * sinThetaOverLambda;
  return c + a[0] * Math.exp(-b[0] * s2) + a[1] * Math.exp(-b[1] * s2) + a[2] * Math.exp(-b[2] * s2) + a[3] * Math.exp(-b[3] * s2);
}
