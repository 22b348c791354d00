/**
 * Cell parameters of the 1D porous-electrode model (all SI), their validation and the two
 * presets for the paper's electrodes.
 *
 * @packageDocumentation
 */
import { FARADAY_C_PER_MOL, InvalidParameterError } from "@operando/core";
import type { OcvSpec } from "./ocv.js";
import { createV2o5Ocv, ocvInverse, validatePhaseDiagram } from "./ocv.js";

/** A class of active particles: spheres (radius) or slabs/platelets (half-thickness). */
export type ParticleClass = (
  | {
      /** Solid diffusion in a sphere of radius `radiusM` (m). */
      geometry: "sphere";
      /** Sphere radius (m). */
      radiusM: number;
    }
  | {
      /** 1D solid diffusion through a platelet of thickness 2 * `halfThicknessM`, fed from both faces. */
      geometry: "slab";
      /** Half the platelet thickness (m). */
      halfThicknessM: number;
    }
) & {
  /** Volume fraction of the electrode occupied by this class (-), > 0. */
  volumeFraction: number;
  /** Solid (chemical) diffusivity of Li (m^2/s), > 0. */
  diffusivityM2PerS: number;
  /**
   * Reaction rate constant k in i0 = F k c_e^0.5 c_s^0.5 (c_max - c_s)^0.5
   * (m^2.5 mol^-0.5 s^-1), > 0.
   */
  rateConstant: number;
  /** Optional label (e.g. "nanospheres"). */
  label?: string;
};

/** The Li metal counter electrode as a boundary condition at the separator's far face. */
export type CounterElectrode =
  | {
      /**
       * Symmetric Butler-Volmer: i = i0 (c_e/c_e0)^0.5 [exp(a f eta) - exp(-(1-a) f eta)],
       * eta = -phi_e at the Li surface (Li metal is the potential reference, phi = 0).
       */
      kind: "butlerVolmer";
      /** Exchange current density at the initial salt concentration (A/m^2), > 0. */
      exchangeCurrentDensityAPerM2: number;
      /** Anodic transfer coefficient a. @default 0.5 */
      transferCoefficient?: number;
    }
  | {
      /**
       * Fixed overpotential: |eta_Li| = overpotentialV, with the sign that opposes the
       * applied current of the protocol step (0 = ideal reversible Li).
       */
      kind: "fixedOverpotential";
      /** Magnitude of the Li overpotential (V), >= 0. */
      overpotentialV: number;
    };

/**
 * Everything the model needs about a Li | separator | porous cathode cell, in SI units.
 * JSON-able (no functions); validated by {@link validateCellParameters}.
 */
export interface CellParameters {
  /** Porous cathode. */
  electrode: {
    /** Thickness L (m). */
    thicknessM: number;
    /** Electrolyte volume fraction eps in (0, 1). */
    porosity: number;
    /** Tortuosity factor tau >= 1 (unsquared: D_eff = D eps / tau, kappa likewise). */
    tortuosity: number;
    /** Geometric area (m^2), converts currents in A to current densities. */
    areaM2: number;
  };
  /** Separator between the Li foil and the cathode. */
  separator: {
    /** Thickness (m), > 0. */
    thicknessM: number;
    /** Porosity in (0, 1). */
    porosity: number;
    /** Tortuosity factor >= 1. */
    tortuosity: number;
  };
  /** Binary electrolyte (concentrated-solution form with constant properties). */
  electrolyte: {
    /** Initial salt concentration c_e0 (mol/m^3), > 0. */
    concentrationMolPerM3: number;
    /** Salt diffusivity D_e (m^2/s), > 0. */
    diffusivityM2PerS: number;
    /** Bulk ionic conductivity kappa (S/m), > 0. */
    conductivitySPerM: number;
    /** Li+ transference number t+ in [0, 1). */
    transferenceNumber: number;
    /** Thermodynamic factor 1 + dln f/dln c. @default 1 (dilute / ideal) */
    thermodynamicFactor?: number;
  };
  /** Active material (LixV2O5). */
  activeMaterial: {
    /** Li concentration at x = 1 (mol/m^3 of solid), > 0. */
    maxConcentrationMolPerM3: number;
    /** Uniform lithiation at t = 0, in (0, 1). */
    initialX: number;
    /** Particle classes (at least one). */
    particles: ParticleClass[];
    /** Open-circuit curve. @default { kind: "v2o5" } */
    ocv?: OcvSpec;
  };
  /** Li metal counter electrode. */
  counterElectrode: CounterElectrode;
  /** Temperature (K), > 0. */
  temperatureK: number;
  /** Voltage window: discharge stops at minV, charge at maxV (the paper: 2.8 / 4.0 V). */
  voltageLimitsV: { minV: number; maxV: number };
}

/**
 * Density of alpha-V2O5, 3.357 g/cm^3 (CRC Handbook of Chemistry and Physics, "Physical
 * constants of inorganic compounds", vanadium(V) oxide).
 */
export const V2O5_DENSITY_KG_PER_M3 = 3357;
/** Molar mass of V2O5, 181.88 g/mol (science.md section 3 [paper]). */
export const V2O5_MOLAR_MASS_KG_PER_MOL = 0.18188;
/** Li concentration at x = 1 in LixV2O5: density / molar mass = 18 457 mol/m^3. */
export const V2O5_MAX_CONCENTRATION_MOL_PER_M3 = V2O5_DENSITY_KG_PER_M3 / V2O5_MOLAR_MASS_KG_PER_MOL;

function fail(parameter: string, value: unknown, expected: string): never {
  throw new InvalidParameterError({ parameter, value, expected });
}

function positive(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) fail(name, value, "a finite number > 0");
}

function openUnit(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value >= 1) fail(name, value, "a number in (0, 1)");
}

function atLeastOne(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1) fail(name, value, "a finite number >= 1 (tortuosity factor)");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks every field of a {@link CellParameters} (for example parsed from JSON).
 *
 * @param params - candidate parameters
 * @returns the same object, typed
 * @throws InvalidParameterError naming the first bad field (negative diffusivity, porosity
 *   outside (0, 1), solid volume fractions + porosity > 1, reversed voltage limits, ...)
 */
export function validateCellParameters(params: unknown): CellParameters {
  if (!isObject(params)) fail("params", params, "an object with electrode, separator, electrolyte, activeMaterial, counterElectrode");
  const p = params as unknown as CellParameters;
  for (const key of ["electrode", "separator", "electrolyte", "activeMaterial", "counterElectrode", "voltageLimitsV"] as const) {
    if (!isObject(p[key])) fail(key, p[key], "an object");
  }
  positive(p.electrode.thicknessM, "electrode.thicknessM");
  openUnit(p.electrode.porosity, "electrode.porosity");
  atLeastOne(p.electrode.tortuosity, "electrode.tortuosity");
  positive(p.electrode.areaM2, "electrode.areaM2");
  positive(p.separator.thicknessM, "separator.thicknessM");
  openUnit(p.separator.porosity, "separator.porosity");
  atLeastOne(p.separator.tortuosity, "separator.tortuosity");
  positive(p.electrolyte.concentrationMolPerM3, "electrolyte.concentrationMolPerM3");
  positive(p.electrolyte.diffusivityM2PerS, "electrolyte.diffusivityM2PerS");
  positive(p.electrolyte.conductivitySPerM, "electrolyte.conductivitySPerM");
  const tPlus = p.electrolyte.transferenceNumber;
  if (typeof tPlus !== "number" || !Number.isFinite(tPlus) || tPlus < 0 || tPlus >= 1) fail("electrolyte.transferenceNumber", tPlus, "a number in [0, 1)");
  if (p.electrolyte.thermodynamicFactor !== undefined) positive(p.electrolyte.thermodynamicFactor, "electrolyte.thermodynamicFactor");
  positive(p.activeMaterial.maxConcentrationMolPerM3, "activeMaterial.maxConcentrationMolPerM3");
  openUnit(p.activeMaterial.initialX, "activeMaterial.initialX");
  const particles = p.activeMaterial.particles;
  if (!Array.isArray(particles) || particles.length === 0) fail("activeMaterial.particles", particles, "a non-empty array of particle classes");
  let solid = 0;
  particles.forEach((cls, k) => {
    const name = `activeMaterial.particles[${k}]`;
    if (!isObject(cls)) fail(name, cls, "an object");
    if (cls.geometry === "sphere") positive(cls.radiusM, `${name}.radiusM`);
    else if (cls.geometry === "slab") positive(cls.halfThicknessM, `${name}.halfThicknessM`);
    else fail(`${name}.geometry`, (cls as { geometry: unknown }).geometry, '"sphere" or "slab"');
    openUnit(cls.volumeFraction, `${name}.volumeFraction`);
    positive(cls.diffusivityM2PerS, `${name}.diffusivityM2PerS`);
    positive(cls.rateConstant, `${name}.rateConstant`);
    solid += cls.volumeFraction;
  });
  if (solid + p.electrode.porosity >= 1) {
    fail("activeMaterial.particles[].volumeFraction", solid, `a total < 1 - electrode.porosity = ${(1 - p.electrode.porosity).toFixed(4)}`);
  }
  const ocv = p.activeMaterial.ocv;
  if (ocv !== undefined) {
    if (!isObject(ocv) || (ocv.kind !== "v2o5" && ocv.kind !== "table")) fail("activeMaterial.ocv.kind", (ocv as { kind?: unknown }).kind ?? ocv, '"v2o5" or "table"');
    if (ocv.kind === "table") {
      if (!Array.isArray(ocv.x) || !Array.isArray(ocv.voltageV)) fail("activeMaterial.ocv.x", ocv.x, "arrays x and voltageV");
      if (ocv.phaseDiagram !== undefined) validatePhaseDiagram(ocv.phaseDiagram, "activeMaterial.ocv.phaseDiagram");
    }
  }
  const ce = p.counterElectrode;
  if (ce.kind === "butlerVolmer") {
    positive(ce.exchangeCurrentDensityAPerM2, "counterElectrode.exchangeCurrentDensityAPerM2");
    if (ce.transferCoefficient !== undefined) openUnit(ce.transferCoefficient, "counterElectrode.transferCoefficient");
  } else if (ce.kind === "fixedOverpotential") {
    const v = ce.overpotentialV;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail("counterElectrode.overpotentialV", v, "a finite number >= 0");
  } else fail("counterElectrode.kind", (ce as { kind: unknown }).kind, '"butlerVolmer" or "fixedOverpotential"');
  positive(p.temperatureK, "temperatureK");
  const { minV, maxV } = p.voltageLimitsV;
  if (typeof minV !== "number" || !Number.isFinite(minV)) fail("voltageLimitsV.minV", minV, "a finite voltage");
  if (typeof maxV !== "number" || !Number.isFinite(maxV)) fail("voltageLimitsV.maxV", maxV, "a finite voltage");
  if (!(minV < maxV)) fail("voltageLimitsV", { minV, maxV }, "minV < maxV (cutoffs reversed?)");
  return p;
}

/**
 * Theoretical capacity of the cathode for x = 0 -> 1 (A h):
 * Q = F c_max L A sum_k eps_s,k / 3600.
 * @param params - validated parameters
 * @returns Q in A h
 */
export function theoreticalCapacityAh(params: CellParameters): number {
  let solid = 0;
  for (const cls of params.activeMaterial.particles) solid += cls.volumeFraction;
  return (FARADAY_C_PER_MOL * params.activeMaterial.maxConcentrationMolPerM3 * params.electrode.thicknessM * params.electrode.areaM2 * solid) / 3600;
}

/** Which of the paper's electrodes a preset describes. */
export type V2o5Morphology = "nanospheres" | "platelets";

/**
 * Parameters for the paper's electrodes (Luo et al., Nat. Mater. 2021). Sources and
 * assumptions (the main text does not give thickness or porosity of the operando pellet):
 * - tortuosity 5.398 (NS) and 14.571 (platelets) [paper, EIS];
 * - D_s = 5e-15 m^2/s [paper, Methods eq. 15, ref. 26]; D_e = 2e-10 m^2/s [paper, Methods eq. 16];
 * - NS diameter 49 nm [paper] -> radius 24.5 nm; platelets "a few hundred nm thick" [paper]:
 *   assumed 500 nm thick (half-thickness 250 nm), which with l = thickness reproduces the
 *   paper's t_s ~ 50 s;
 * - thickness L = 100 um for both (ASSUMED: three 30 um EDXRD gauge layers fit inside);
 *   porosity chosen so t_e = L^2 tau / (eps D_e) matches the paper's ~10 min (NS) and ~1.2 h
 *   (platelets): eps = 0.45 (NS) and 0.17 (platelets) (ASSUMED; the paper notes the bulk
 *   electrode has the lower porosity);
 * - V2O5 volume fraction 0.35 (ASSUMED, 70 wt% active in the pellet [paper, Methods]);
 * - rate constant k = 1e-11 m^2.5 mol^-0.5 s^-1 (ASSUMED; kinetics are not rate limiting at C/20);
 * - 1 M LiPF6 EC:DEC: t+ = 0.38 and kappa = 0.95 S/m (ASSUMED from Valoen & Reimers,
 *   J. Electrochem. Soc. 152, A882 (2005), LiPF6 in carbonates near 1 M, 25 C);
 * - separator: glass fibre / Celgard-like, 25 um, eps 0.55, tau = eps^-0.5 (Bruggeman) (ASSUMED);
 * - Li counter electrode: Butler-Volmer with i0 = 10 A/m^2 (ASSUMED);
 * - initial x = x(U = 4.0 V) = 7.70e-4 of the preset OCV, solved here: the pristine electrode is
 *   treated as relaxed at the charge cutoff so that dQ counts only Li left behind (ASSUMED). (It
 *   was the rounded 0.0008, where U = 3.9984 V: that start sat 3.0e-5 in x above the cutoff
 *   equilibrium, which subtracted 0.003 % from every dQ - half of the nanosphere value - and
 *   made dQ negative for a charge held at 4.0 V until the current vanished.);
 * - area: 9 mm diameter pellet [paper, Methods] -> 6.36e-5 m^2; window 2.8-4.0 V [paper].
 *
 * @param morphology - "nanospheres" or "platelets"
 * @returns a fresh parameter object (safe to modify)
 */
export function v2o5CellParameters(morphology: V2o5Morphology): CellParameters {
  const sphere = morphology === "nanospheres";
  const particle: ParticleClass = sphere
    ? { geometry: "sphere", radiusM: 24.5e-9, volumeFraction: 0.35, diffusivityM2PerS: 5e-15, rateConstant: 1e-11, label: "nanospheres" }
    : { geometry: "slab", halfThicknessM: 250e-9, volumeFraction: 0.35, diffusivityM2PerS: 5e-15, rateConstant: 1e-11, label: "platelets" };
  const separatorPorosity = 0.55;
  const maxV = 4.0;
  return {
    electrode: { thicknessM: 100e-6, porosity: sphere ? 0.45 : 0.17, tortuosity: sphere ? 5.398 : 14.571, areaM2: Math.PI * (4.5e-3) ** 2 },
    separator: { thicknessM: 25e-6, porosity: separatorPorosity, tortuosity: 1 / Math.sqrt(separatorPorosity) },
    electrolyte: { concentrationMolPerM3: 1000, diffusivityM2PerS: 2e-10, conductivitySPerM: 0.95, transferenceNumber: 0.38, thermodynamicFactor: 1 },
    activeMaterial: { maxConcentrationMolPerM3: V2O5_MAX_CONCENTRATION_MOL_PER_M3, initialX: ocvInverse(createV2o5Ocv(), maxV), particles: [particle], ocv: { kind: "v2o5" } },
    counterElectrode: { kind: "butlerVolmer", exchangeCurrentDensityAPerM2: 10, transferCoefficient: 0.5 },
    temperatureK: 298.15,
    voltageLimitsV: { minV: 2.8, maxV },
  };
}
