/**
 * JSON run configuration (used by `operando phasefield --config run.json`): validation with
 * errors that name the offending field, and conversion to {@link SimulatePhaseFieldOptions}.
 *
 * @packageDocumentation
 */
import { createRng, InvalidParameterError } from "@operando/core";
import { DEFAULT_PSI_MIN } from "./cahnHilliard.js";
import { createParticleDomain } from "./domain.js";
import type { ParticleShape } from "./domain.js";
import type { ElasticityModel } from "./elasticity.js";
import { lameConstants } from "./elasticity.js";
import type { FreeEnergyModel } from "./freeEnergy.js";
import { validateFreeEnergy } from "./freeEnergy.js";
import type { GridOptions } from "./grid.js";
import { createGrid } from "./grid.js";
import type { MobilityModel } from "./mobility.js";
import { validateMobility } from "./mobility.js";
import { pfhubBenchmark1Initial } from "./pfhub.js";
import type { SimulatePhaseFieldOptions } from "./simulate.js";

/** Initial concentration: the PFHub 1a field, or a uniform value with optional seeded noise. */
export type InitialConditionConfig = { kind: "pfhub1" } | { kind: "uniform"; value: number; noise?: number; seed?: number };

/** A run configuration (all quantities in one consistent model unit system). */
export interface PhaseFieldConfig {
  /** Grid (powers of two). */
  grid: GridOptions;
  /** Bulk free energy. */
  freeEnergy: FreeEnergyModel;
  /** Gradient-energy coefficient kappa. */
  gradientCoefficient: number;
  /** Mobility model. */
  mobility: MobilityModel;
  /** Initial concentration. */
  initial: InitialConditionConfig;
  /** Time step. */
  timeStep: number;
  /** Number of steps. */
  steps: number;
  /** Stabilisation constant (see CahnHilliardOptions). */
  stabilization?: number;
  /** Particle embedded by the smoothed boundary method; omit for a periodic box. */
  particle?: { shape: ParticleShape; interfaceWidth: number };
  /** Inward surface flux J0 (needs particle; exclusive with fillRate). */
  surfaceFlux?: number;
  /** Galvanostatic fill rate: mean concentration rise per unit time (J0 = fillRate x volume / area; needs particle; C/20 = 0.05 per hour). */
  fillRate?: number;
  /** Chemo-mechanical coupling. */
  elasticity?: ElasticityModel;
  /** Record interval in steps. */
  recordEvery?: number;
  /** Snapshot interval in steps. */
  snapshotEvery?: number;
  /** Energy-rise check. */
  energyCheck?: "error" | "warn" | "off";
}

const TOP_LEVEL = new Set([
  "grid", "freeEnergy", "gradientCoefficient", "mobility", "initial", "timeStep", "steps", "stabilization", "particle",
  "surfaceFlux", "fillRate", "elasticity", "recordEvery", "snapshotEvery", "energyCheck", "description",
]);

/** Runs `check`, re-throwing InvalidParameterError with its parameter prefixed by `prefix.`. */
function withPrefix<T>(prefix: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidParameterError) {
      throw new InvalidParameterError({ parameter: `${prefix}.${error.parameter}`, value: error.value, expected: error.expected, cause: error });
    }
    throw error;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function requireObject(v: unknown, parameter: string): Record<string, unknown> {
  if (!isObject(v)) throw new InvalidParameterError({ parameter, value: v, expected: "an object" });
  return v;
}

function requireNumber(v: unknown, parameter: string, check?: (x: number) => boolean, expected = "a finite number"): number {
  if (typeof v !== "number" || !Number.isFinite(v) || (check !== undefined && !check(v))) throw new InvalidParameterError({ parameter, value: v, expected });
  return v;
}

/**
 * Validates a parsed JSON configuration.
 * @param value - parsed JSON
 * @returns the typed configuration (same values)
 * @throws InvalidParameterError naming the invalid field (e.g. "grid.nx", "freeEnergy.chi", "timeStep")
 */
export function parsePhaseFieldConfig(value: unknown): PhaseFieldConfig {
  const root = requireObject(value, "config");
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL.has(key)) throw new InvalidParameterError({ parameter: key, value: root[key], expected: `no such field; known fields: ${[...TOP_LEVEL].join(", ")}` });
  }
  const gridOptions = requireObject(root.grid, "grid") as unknown as GridOptions;
  const grid = withPrefix("grid", () => createGrid(gridOptions));
  const freeEnergy = requireObject(root.freeEnergy, "freeEnergy") as unknown as FreeEnergyModel;
  validateFreeEnergy(freeEnergy);
  requireNumber(root.gradientCoefficient, "gradientCoefficient", (x) => x > 0, "a finite number > 0");
  const mobility = requireObject(root.mobility, "mobility") as unknown as MobilityModel;
  validateMobility(mobility);
  const initial = requireObject(root.initial, "initial");
  if (initial.kind === "uniform") {
    requireNumber(initial.value, "initial.value", (x) => x > 0 && x < 1, "a concentration in (0, 1)");
    if (initial.noise !== undefined) requireNumber(initial.noise, "initial.noise", (x) => x >= 0, "a number >= 0");
    if (initial.seed !== undefined) requireNumber(initial.seed, "initial.seed", Number.isInteger, "an integer");
  } else if (initial.kind !== "pfhub1") {
    throw new InvalidParameterError({ parameter: "initial.kind", value: initial.kind, expected: "'pfhub1' or 'uniform'" });
  }
  requireNumber(root.timeStep, "timeStep", (x) => x > 0, "a finite number > 0");
  requireNumber(root.steps, "steps", (x) => Number.isInteger(x) && x >= 1, "an integer >= 1");
  if (root.stabilization !== undefined) requireNumber(root.stabilization, "stabilization", (x) => x >= 0, "a number >= 0");
  if (root.particle !== undefined) {
    const particle = requireObject(root.particle, "particle");
    requireObject(particle.shape, "particle.shape");
    requireNumber(particle.interfaceWidth, "particle.interfaceWidth", (x) => x > 0, "a finite length > 0");
    withPrefix("particle", () => createParticleDomain(grid, { shape: particle.shape as ParticleShape, interfaceWidth: particle.interfaceWidth as number }));
  }
  if (root.surfaceFlux !== undefined) requireNumber(root.surfaceFlux, "surfaceFlux");
  if (root.fillRate !== undefined) requireNumber(root.fillRate, "fillRate");
  if (root.surfaceFlux !== undefined && root.fillRate !== undefined) throw new InvalidParameterError({ parameter: "fillRate", value: root.fillRate, expected: "absent when surfaceFlux is given (use one of them)" });
  if ((root.surfaceFlux !== undefined || root.fillRate !== undefined) && root.particle === undefined) {
    throw new InvalidParameterError({ parameter: root.surfaceFlux !== undefined ? "surfaceFlux" : "fillRate", value: root.surfaceFlux ?? root.fillRate, expected: "a particle (the periodic box has no surface for the flux)" });
  }
  if (root.elasticity !== undefined) {
    const el = requireObject(root.elasticity, "elasticity") as unknown as ElasticityModel;
    lameConstants(el);
    requireNumber(el.eigenstrainPerConcentration, "elasticity.eigenstrainPerConcentration");
  }
  for (const key of ["recordEvery", "snapshotEvery"] as const) {
    if (root[key] !== undefined) requireNumber(root[key], key, (x) => Number.isInteger(x) && x >= 1, "an integer >= 1");
  }
  if (root.energyCheck !== undefined && root.energyCheck !== "error" && root.energyCheck !== "warn" && root.energyCheck !== "off") {
    throw new InvalidParameterError({ parameter: "energyCheck", value: root.energyCheck, expected: "'error', 'warn' or 'off'" });
  }
  return root as unknown as PhaseFieldConfig;
}

/**
 * Builds simulation options from a validated configuration (grid, particle domain, initial field,
 * flux from fillRate).
 * @param config - a configuration from {@link parsePhaseFieldConfig}
 * @returns options for simulatePhaseField
 * @throws InvalidParameterError for invalid shapes or a pfhub1 initial field on a 3D grid
 */
export function phaseFieldOptionsFromConfig(config: PhaseFieldConfig): SimulatePhaseFieldOptions {
  const grid = createGrid(config.grid);
  const domain = config.particle === undefined ? undefined : createParticleDomain(grid, config.particle);
  let initialConcentration: Float64Array;
  if (config.initial.kind === "pfhub1") {
    initialConcentration = pfhubBenchmark1Initial(grid);
  } else {
    const { value, noise = 0, seed = 1 } = config.initial;
    const rng = createRng(seed);
    initialConcentration = new Float64Array(grid.size);
    for (let i = 0; i < grid.size; i++) initialConcentration[i] = value + (noise > 0 ? noise * (2 * rng.uniform() - 1) : 0);
  }
  const options: SimulatePhaseFieldOptions = {
    grid,
    freeEnergy: config.freeEnergy,
    gradientCoefficient: config.gradientCoefficient,
    mobility: config.mobility,
    initialConcentration,
    timeStep: config.timeStep,
    steps: config.steps,
  };
  if (config.stabilization !== undefined) options.stabilization = config.stabilization;
  if (domain !== undefined) options.domain = domain;
  if (config.surfaceFlux !== undefined) options.surfaceFlux = config.surfaceFlux;
  if (config.fillRate !== undefined && domain !== undefined) {
    // the solver's mean concentration is integral(u) / integral(psi_eff), psi_eff = psiMin + (1 - psiMin) psi
    const effectiveVolume = DEFAULT_PSI_MIN * grid.size * grid.cellVolume + (1 - DEFAULT_PSI_MIN) * domain.volume;
    options.surfaceFlux = (config.fillRate * effectiveVolume) / domain.area;
  }
  if (config.elasticity !== undefined) options.elasticity = config.elasticity;
  if (config.recordEvery !== undefined) options.recordEvery = config.recordEvery;
  if (config.snapshotEvery !== undefined) options.snapshotEvery = config.snapshotEvery;
  if (config.energyCheck !== undefined) options.energyCheck = config.energyCheck;
  return options;
}
