/**
 * Electrode tortuosity from the ionic resistance of a blocking symmetric cell, and the
 * helpers it needs (electrode area, porosity from mass).
 *
 * Convention: tau is the (unsquared) tortuosity factor, D_eff = D eps / tau and
 * kappa_eff = kappa eps / tau, as in PyBaMM, TauFactor and MPET; the MacMullin number is
 * N_M = kappa / kappa_eff = tau / eps.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

function positive(value: number | undefined, name: string, unit: string): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidParameterError({ parameter: name, value, expected: `a finite number > 0 (${unit})` });
  }
  return value;
}

function sigmaOf(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new InvalidParameterError({ parameter: name, value, expected: "a finite standard deviation >= 0" });
  }
  return value;
}

function porosityValue(value: number | undefined, name: string): number {
  if (typeof value !== "number" || !(value > 0 && value < 1)) {
    throw new InvalidParameterError({ parameter: name, value, expected: "a porosity (volume fraction) in (0, 1)" });
  }
  return value;
}

/**
 * Area of a disc electrode: A = pi d^2 / 4.
 * @param diameterCm - punch diameter (cm, > 0)
 * @returns area (cm^2)
 * @throws {@link InvalidParameterError} when the diameter is not a positive number
 * @example
 * discAreaCm2(1.27); // 1.2668 cm^2 (the paper's 1.27 cm electrodes)
 */
export function discAreaCm2(diameterCm: number): number {
  const d = positive(diameterCm, "diameterCm", "cm");
  return (Math.PI * d * d) / 4;
}

/** Inputs of {@link tortuosityFromIonicResistance}. */
export interface TortuosityInput {
  /**
   * Ionic resistance of the pore electrolyte R_ion (ohm) from the transmission-line fit
   * (`TLMQ*_Rion`). For a symmetric cell fitted with one transmission line it is the sum of
   * both electrodes.
   */
  ionicResistanceOhm: number;
  /** One-sigma uncertainty of R_ion (ohm). @default 0 */
  ionicResistanceSigmaOhm?: number;
  /** Geometric electrode area (cm^2), e.g. {@link discAreaCm2}. */
  areaCm2: number;
  /** One-sigma uncertainty of the area (cm^2). @default 0 */
  areaSigmaCm2?: number;
  /** Electrode (coating) thickness d (um). */
  thicknessUm: number;
  /** One-sigma uncertainty of d (um). @default 0 */
  thicknessSigmaUm?: number;
  /** Porosity eps of the electrode, in (0, 1). */
  porosity: number;
  /** One-sigma uncertainty of eps. @default 0 */
  porositySigma?: number;
  /** Bulk conductivity kappa of the (blocking) electrolyte (S/m; 1 mS/cm = 0.1 S/m). */
  conductivitySPerM: number;
  /** One-sigma uncertainty of kappa (S/m). @default 0 */
  conductivitySigmaSPerM?: number;
  /**
   * Number of identical electrodes whose ionic resistances add up in R_ion: 2 for a
   * symmetric cell (the paper's factor 2), 1 for a single electrode.
   * @default 2
   */
  electrodeCount?: number;
}

/** Result of {@link tortuosityFromIonicResistance}. */
export interface TortuosityResult {
  /** Tortuosity factor tau = R_ion A kappa eps / (n d). */
  tortuosity: number;
  /** One-sigma uncertainty of tau (first-order propagation, inputs independent). */
  tortuositySigma: number;
  /** MacMullin number N_M = tau / eps = R_ion A kappa / (n d). */
  macMullinNumber: number;
  /** One-sigma uncertainty of N_M (does not involve eps). */
  macMullinSigma: number;
  /** Effective pore conductivity kappa_eff = kappa / N_M (S/m). */
  effectiveConductivitySPerM: number;
}

/**
 * Tortuosity factor and MacMullin number from the ionic resistance of porous electrodes
 * measured in a blocking electrolyte (Landesfeind et al. 2016; the paper's eq. 20):
 *
 *   tau = R_ion A kappa eps / (n d),   N_M = tau / eps = R_ion A kappa / (n d)
 *
 * with n = 2 electrodes in a symmetric cell. Uncertainties propagate to first order for
 * independent inputs: (sigma_tau / tau)^2 = sum over R_ion, A, kappa, eps, d of
 * (sigma_x / x)^2; N_M omits the eps term.
 *
 * @param input - R_ion, area, thickness, porosity, conductivity and their sigmas
 * @returns tau, N_M with sigmas, and the effective conductivity
 * @throws {@link InvalidParameterError} naming the first non-positive, non-finite or
 *   out-of-range input
 * @see Landesfeind, Hattendorff, Ehrl, Wall & Gasteiger, J. Electrochem. Soc. 163, A1373 (2016), doi:10.1149/2.1141607jes
 * @example
 * const t = tortuosityFromIonicResistance({
 *   ionicResistanceOhm: 144, areaCm2: discAreaCm2(1.27), thicknessUm: 7.51,
 *   porosity: 0.4, conductivitySPerM: 0.03,
 * }); // t.tortuosity ~ 14.6
 */
export function tortuosityFromIonicResistance(input: TortuosityInput): TortuosityResult {
  if (input === null || typeof input !== "object") {
    throw new InvalidParameterError({ parameter: "input", value: input, expected: "an object with ionicResistanceOhm, areaCm2, thicknessUm, porosity, conductivitySPerM" });
  }
  const r = positive(input.ionicResistanceOhm, "ionicResistanceOhm", "ohm");
  const a = positive(input.areaCm2, "areaCm2", "cm^2") * 1e-4;
  const d = positive(input.thicknessUm, "thicknessUm", "um") * 1e-6;
  const eps = porosityValue(input.porosity, "porosity");
  const kappa = positive(input.conductivitySPerM, "conductivitySPerM", "S/m");
  const count = input.electrodeCount ?? 2;
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidParameterError({ parameter: "electrodeCount", value: count, expected: "a positive integer (2 for a symmetric cell)" });
  }
  const relR = sigmaOf(input.ionicResistanceSigmaOhm, "ionicResistanceSigmaOhm") / r;
  const relA = (sigmaOf(input.areaSigmaCm2, "areaSigmaCm2") * 1e-4) / a;
  const relD = (sigmaOf(input.thicknessSigmaUm, "thicknessSigmaUm") * 1e-6) / d;
  const relEps = sigmaOf(input.porositySigma, "porositySigma") / eps;
  const relKappa = sigmaOf(input.conductivitySigmaSPerM, "conductivitySigmaSPerM") / kappa;
  const macMullin = (r * a * kappa) / (count * d);
  const tortuosity = macMullin * eps;
  const relMac = Math.hypot(relR, relA, relD, relKappa);
  return {
    tortuosity,
    tortuositySigma: tortuosity * Math.hypot(relMac, relEps),
    macMullinNumber: macMullin,
    macMullinSigma: macMullin * relMac,
    effectiveConductivitySPerM: kappa / macMullin,
  };
}

/** Inputs of {@link ionicResistanceFromTortuosity} (same units as {@link TortuosityInput}). */
export interface IonicResistanceInput {
  /** Tortuosity factor tau (> 0). */
  tortuosity: number;
  /** Electrode area (cm^2). */
  areaCm2: number;
  /** Electrode thickness (um). */
  thicknessUm: number;
  /** Porosity in (0, 1). */
  porosity: number;
  /** Electrolyte conductivity (S/m). */
  conductivitySPerM: number;
  /** Electrodes in series in the measurement. @default 2 */
  electrodeCount?: number;
}

/**
 * The ionic resistance a given tortuosity implies (inverse of
 * {@link tortuosityFromIonicResistance}): R_ion = n d tau / (A kappa eps).
 * Useful to check whether a fitted R_ion is plausible, or to build synthetic spectra.
 *
 * @param input - tau, area, thickness, porosity, conductivity
 * @returns R_ion (ohm)
 * @throws {@link InvalidParameterError} on non-positive or out-of-range inputs
 * @example
 * ionicResistanceFromTortuosity({ tortuosity: 14.571, areaCm2: discAreaCm2(1.27), thicknessUm: 7.51, porosity: 0.4, conductivitySPerM: 0.03 }); // ~144 ohm
 */
export function ionicResistanceFromTortuosity(input: IonicResistanceInput): number {
  const tau = positive(input.tortuosity, "tortuosity", "dimensionless");
  const a = positive(input.areaCm2, "areaCm2", "cm^2") * 1e-4;
  const d = positive(input.thicknessUm, "thicknessUm", "um") * 1e-6;
  const eps = porosityValue(input.porosity, "porosity");
  const kappa = positive(input.conductivitySPerM, "conductivitySPerM", "S/m");
  const count = input.electrodeCount ?? 2;
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidParameterError({ parameter: "electrodeCount", value: count, expected: "a positive integer (2 for a symmetric cell)" });
  }
  return (count * d * tau) / (a * kappa * eps);
}

/** One solid component of a composite electrode. */
export interface ElectrodeComponent {
  /** Mass fraction in the coating (the fractions of all components sum to 1). */
  massFraction: number;
  /** Skeletal (true) density (g/cm^3). */
  densityGPerCm3: number;
}

/** Inputs of {@link porosityFromMass}. */
export interface PorosityFromMassInput {
  /** Coating mass without current collector (g). */
  coatingMassG: number;
  /** One-sigma uncertainty of the mass (g). @default 0 */
  coatingMassSigmaG?: number;
  /** Electrode area (cm^2). */
  areaCm2: number;
  /** One-sigma uncertainty of the area (cm^2). @default 0 */
  areaSigmaCm2?: number;
  /** Coating thickness (um). */
  thicknessUm: number;
  /** One-sigma uncertainty of the thickness (um). @default 0 */
  thicknessSigmaUm?: number;
  /** Solid components (active material, carbon, binder) with mass fractions and densities. */
  components: readonly ElectrodeComponent[];
}

/** Result of {@link porosityFromMass}. */
export interface PorosityResult {
  /** Porosity eps = 1 - V_solid / V_coating. */
  porosity: number;
  /** One-sigma uncertainty (first order, independent mass, area and thickness). */
  porositySigma: number;
  /** Mean skeletal density of the solid, 1 / sum(w_i / rho_i) (g/cm^3). */
  solidDensityGPerCm3: number;
}

/**
 * Porosity of a coating from its mass, geometry and the densities of its components:
 *
 *   eps = 1 - (m / (A d)) sum_i (w_i / rho_i)
 *
 * sigma_eps = (1 - eps) sqrt((sigma_m / m)^2 + (sigma_A / A)^2 + (sigma_d / d)^2).
 *
 * @param input - coating mass, area, thickness and components
 * @returns porosity with its uncertainty and the mean solid density
 * @throws {@link InvalidParameterError} on non-positive inputs, mass fractions not summing to
 *   1 (within 1e-6), or a result outside (0, 1) (the coating would be denser than its solid)
 * @example
 * // Illustrative densities: V2O5 3.36 g/cm^3 (CRC Handbook of Chemistry and Physics, physical
 * // constants of inorganic compounds), carbon black ~1.9 and PVDF ~1.78 g/cm^3 (typical data sheets).
 * porosityFromMass({ coatingMassG: 2.0e-3, areaCm2: discAreaCm2(1.27), thicknessUm: 15.91,
 *   components: [{ massFraction: 0.9, densityGPerCm3: 3.36 }, { massFraction: 0.05, densityGPerCm3: 1.9 },
 *   { massFraction: 0.05, densityGPerCm3: 1.78 }] });
 */
export function porosityFromMass(input: PorosityFromMassInput): PorosityResult {
  const m = positive(input.coatingMassG, "coatingMassG", "g");
  const a = positive(input.areaCm2, "areaCm2", "cm^2");
  const dCm = positive(input.thicknessUm, "thicknessUm", "um") * 1e-4;
  if (!Array.isArray(input.components) || input.components.length === 0) {
    throw new InvalidParameterError({ parameter: "components", value: input.components, expected: "at least one { massFraction, densityGPerCm3 }" });
  }
  let fractionSum = 0;
  let specificVolume = 0;
  input.components.forEach((c, k) => {
    const w = c.massFraction;
    if (typeof w !== "number" || !(w >= 0 && w <= 1)) {
      throw new InvalidParameterError({ parameter: `components[${k}].massFraction`, value: w, expected: "a mass fraction in [0, 1]" });
    }
    const rho = positive(c.densityGPerCm3, `components[${k}].densityGPerCm3`, "g/cm^3");
    fractionSum += w;
    specificVolume += w / rho;
  });
  if (Math.abs(fractionSum - 1) > 1e-6) {
    throw new InvalidParameterError({ parameter: "components[].massFraction", value: fractionSum, expected: "mass fractions summing to 1" });
  }
  const solidFraction = (m * specificVolume) / (a * dCm);
  const porosity = 1 - solidFraction;
  if (!(porosity > 0 && porosity < 1)) {
    throw new InvalidParameterError({
      parameter: "coatingMassG",
      value: m,
      expected: `a mass giving a porosity in (0, 1) (got ${porosity.toFixed(4)}: check mass, thickness, area and densities)`,
    });
  }
  const rel = Math.hypot(
    sigmaOf(input.coatingMassSigmaG, "coatingMassSigmaG") / m,
    sigmaOf(input.areaSigmaCm2, "areaSigmaCm2") / a,
    (sigmaOf(input.thicknessSigmaUm, "thicknessSigmaUm") * 1e-4) / dCm,
  );
  return { porosity, porositySigma: solidFraction * rel, solidDensityGPerCm3: 1 / specificVolume };
}
