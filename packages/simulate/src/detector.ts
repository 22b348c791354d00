/**
 * Energy-dispersive detector and source models: Ge detector constants, the EDXRD peak-width
 * formula, and incident white-beam spectra.
 *
 * @packageDocumentation
 */
import { FWHM_PER_SIGMA, InvalidParameterError } from "@operando/core";

const DEG = Math.PI / 180;

/**
 * Mean energy to create one electron-hole pair in Ge at 77 K, 2.96 eV (Knoll, Radiation
 * Detection and Measurement, 4th ed., Wiley 2010, ch. 12, table of semiconductor properties).
 */
export const GE_PAIR_ENERGY_EV = 2.96;

/**
 * Fano factor of high-purity Ge, ~0.11 (reported values 0.06-0.13; Knoll 2010 ch. 12; the value
 * 0.11 is the common design figure, also used in science.md section 2).
 */
export const GE_FANO_FACTOR = 0.11;

/** Energy resolution of an energy-dispersive measurement. */
export interface EdxrdResolution {
  /** Electronic-noise FWHM (keV), energy independent. */
  electronicNoiseFwhmKeV: number;
  /** Fano factor. @default GE_FANO_FACTOR (0.11) */
  fanoFactor?: number;
  /** Pair-creation energy (eV). @default GE_PAIR_ENERGY_EV (2.96) */
  pairEnergyEv?: number;
  /**
   * FWHM of the distribution of scattering angles 2theta accepted by the collimation (deg); the
   * Bragg-peak width gains Delta E = E cot(theta) Delta theta with Delta theta = angularSpreadDeg / 2.
   * @default 0
   */
  angularSpreadDeg?: number;
}

/**
 * Detector-only FWHM at energy E (fluorescence lines, or the detector part of a Bragg peak):
 * FWHM^2 = noise^2 + (2 sqrt(2 ln 2))^2 F eps E  (Knoll 2010, ch. 12; science.md section 2).
 *
 * @param energyKeV - photon energy (keV)
 * @param resolution - detector parameters
 * @returns FWHM (keV)
 */
export function detectorFwhmKeV(energyKeV: number, resolution: EdxrdResolution): number {
  const fano = resolution.fanoFactor ?? GE_FANO_FACTOR;
  const eps = (resolution.pairEnergyEv ?? GE_PAIR_ENERGY_EV) / 1000;
  return Math.sqrt(resolution.electronicNoiseFwhmKeV ** 2 + FWHM_PER_SIGMA ** 2 * fano * eps * energyKeV);
}

/**
 * FWHM of a Bragg peak at energy E and fixed angle 2theta: detector term plus the geometric term
 * Delta E / E = Delta theta cot theta, added in quadrature:
 * FWHM^2 = noise^2 + (2.355)^2 F eps E + (E cot(theta) Delta theta)^2, Delta theta = angularSpread / 2.
 *
 * @param energyKeV - peak energy (keV)
 * @param twoThetaDeg - fixed detector angle (deg)
 * @param resolution - detector and geometry parameters
 * @returns FWHM (keV)
 * @example edxrdFwhmKeV(70, 2.29, { electronicNoiseFwhmKeV: 0.2, angularSpreadDeg: 0.01 })
 */
export function edxrdFwhmKeV(energyKeV: number, twoThetaDeg: number, resolution: EdxrdResolution): number {
  const det = detectorFwhmKeV(energyKeV, resolution);
  const theta = (twoThetaDeg * DEG) / 2;
  const geometric = (energyKeV * ((resolution.angularSpreadDeg ?? 0) * DEG)) / 2 / Math.tan(theta);
  return Math.sqrt(det * det + geometric * geometric);
}

/** Validates resolution options. @internal */
export function checkResolution(resolution: EdxrdResolution): void {
  if (resolution === undefined) throw new InvalidParameterError({ parameter: "resolution", value: resolution, expected: "{ electronicNoiseFwhmKeV, fanoFactor?, pairEnergyEv?, angularSpreadDeg? }" });
  const checks: [string, number | undefined][] = [
    ["resolution.electronicNoiseFwhmKeV", resolution.electronicNoiseFwhmKeV],
    ["resolution.fanoFactor", resolution.fanoFactor],
    ["resolution.pairEnergyEv", resolution.pairEnergyEv],
    ["resolution.angularSpreadDeg", resolution.angularSpreadDeg],
  ];
  for (const [name, v] of checks) {
    if (v === undefined && name !== "resolution.electronicNoiseFwhmKeV") continue;
    if (!(typeof v === "number" && Number.isFinite(v) && v >= 0)) throw new InvalidParameterError({ parameter: name, value: v, expected: "a finite, non-negative number" });
  }
}

/**
 * Relative spectral flux of a bending magnet per unit energy, from the universal synchrotron
 * function: dN/dE proportional to G1(y) / y with y = E / Ec and
 * G1(y) = y int_y^inf K_{5/3}(t) dt (X-ray Data Booklet, LBNL 2009, section 2.1, Kim).
 * The integral is evaluated exactly from K_nu(t) = int_0^inf exp(-t cosh u) cosh(nu u) du, giving
 * int_y^inf K_{5/3} = int_0^inf cosh(5u/3) exp(-y cosh u) / cosh u du (Simpson's rule).
 * This is the source only: no filters, windows, air or sample absorption (use `efficiency`).
 *
 * @param options - critical energy (keV); APS bending magnets: Ec = 0.665 E^2 B = 19.5 keV for
 *   E = 7 GeV, B = 0.599 T (X-ray Data Booklet section 2.1: Ec[keV] = 0.665 E^2[GeV] B[T])
 * @returns E (keV) -> relative photons per keV, normalised to 1 at E = Ec
 * @throws InvalidParameterError when the critical energy is not positive
 * @example const flux = bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 }); flux(70) / flux(100)
 */
export function bendingMagnetSpectrum(options: { criticalEnergyKeV?: number } = {}): (energyKeV: number) => number {
  const ec = options.criticalEnergyKeV ?? 19.5;
  if (!(Number.isFinite(ec) && ec > 0)) throw new InvalidParameterError({ parameter: "criticalEnergyKeV", value: ec, expected: "a positive energy in keV" });
  const norm = integralK53(1);
  return (energyKeV: number) => (energyKeV > 0 ? integralK53(energyKeV / ec) / norm : 0);
}

/**
 * int_y^inf K_{5/3}(t) dt by Simpson's rule on u in [0, umax], exp(-y cosh u) < 1e-30 beyond umax.
 * @param y - lower limit (> 0), e.g. E/Ec for a bending-magnet spectrum
 * @returns the integral (dimensionless)
 */
export function integralK53(y: number): number {
  const umax = Math.acosh(Math.max(1, 70 / y));
  const n = 800;
  const h = umax / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const u = i * h;
    const ch = Math.cosh(u);
    const f = (Math.cosh((5 * u) / 3) * Math.exp(-y * ch)) / ch;
    sum += f * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3;
}

/**
 * Incident spectrum from a table (e.g. a measured or ray-traced white-beam spectrum): linear
 * interpolation, 0 outside the table.
 * @param table - energies (keV, strictly increasing) and relative fluxes (>= 0)
 * @throws InvalidParameterError for unsorted energies, negative flux or length mismatch
 * @returns flux(energyKeV), linearly interpolated, 0 outside the table
 */
export function tabulatedSpectrum(table: { energyKeV: readonly number[]; flux: readonly number[] }): (energyKeV: number) => number {
  const { energyKeV: e, flux: f } = table;
  if (e.length !== f.length || e.length < 2) throw new InvalidParameterError({ parameter: "table.flux", value: `length ${f.length}`, expected: `at least 2 values, same length as energyKeV (${e.length})` });
  for (let i = 0; i < e.length; i++) {
    if (i > 0 && !(e[i]! > e[i - 1]!)) throw new InvalidParameterError({ parameter: `table.energyKeV[${i}]`, value: e[i], expected: "strictly increasing energies" });
    if (!(f[i]! >= 0)) throw new InvalidParameterError({ parameter: `table.flux[${i}]`, value: f[i], expected: "a non-negative flux" });
  }
  return (x: number) => {
    if (!(x >= e[0]! && x <= e[e.length - 1]!)) return 0;
    let lo = 0;
    let hi = e.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (e[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const t = (x - e[lo]!) / (e[hi]! - e[lo]!);
    return f[lo]! + t * (f[hi]! - f[lo]!);
  };
}
