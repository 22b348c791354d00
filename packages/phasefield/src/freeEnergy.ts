/**
 * Homogeneous (bulk) free-energy densities f(c) and their derivatives.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/**
 * Regular-solution chemical free energy (seed paper Methods, eq. 3; Luo et al.,
 * Nat. Mater. 2021, doi:10.1038/s41563-021-01151-8):
 * f(c) = scale [c ln c + (1 - c) ln(1 - c) + chi c (1 - c)], with scale = R T C_max.
 * Phase separation needs chi > 2 (the spinodal exists when f'' < 0 somewhere).
 */
export interface RegularSolutionEnergy {
  kind: "regularSolution";
  /** Interaction parameter chi (dimensionless). */
  chi: number;
  /** Energy-density scale R T C_max in the model's energy-density unit. @default 1 */
  scale?: number;
}

/**
 * Double-well polynomial of PFHub benchmark 1 (https://pages.nist.gov/pfhub/benchmarks/benchmark1.ipynb/):
 * f(c) = rho (c - cAlpha)^2 (cBeta - c)^2.
 */
export interface PolynomialEnergy {
  kind: "polynomial";
  /** Well height rho (PFHub: 5). */
  rho: number;
  /** Left well composition (PFHub: 0.3). */
  cAlpha: number;
  /** Right well composition (PFHub: 0.7). */
  cBeta: number;
}

/** A bulk free-energy model. */
export type FreeEnergyModel = RegularSolutionEnergy | PolynomialEnergy;

/** Concentrations are clamped to [CLAMP, 1 - CLAMP] inside logarithms (keeps f' finite on overshoot). */
export const LOG_CLAMP = 1e-9;

/**
 * Validates a free-energy model.
 * @param model - the model
 * @param name - parameter path used in errors
 * @throws InvalidParameterError naming the bad field
 */
export function validateFreeEnergy(model: FreeEnergyModel, name = "freeEnergy"): void {
  const finite = (v: unknown, field: string, expected = "a finite number"): void => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidParameterError({ parameter: `${name}.${field}`, value: v, expected });
  };
  if (model === null || typeof model !== "object") throw new InvalidParameterError({ parameter: name, value: model, expected: "an object with kind 'regularSolution' or 'polynomial'" });
  if (model.kind === "regularSolution") {
    finite(model.chi, "chi");
    if (model.scale !== undefined) {
      finite(model.scale, "scale");
      if (model.scale <= 0) throw new InvalidParameterError({ parameter: `${name}.scale`, value: model.scale, expected: "> 0" });
    }
  } else if (model.kind === "polynomial") {
    finite(model.rho, "rho");
    if (model.rho <= 0) throw new InvalidParameterError({ parameter: `${name}.rho`, value: model.rho, expected: "> 0" });
    finite(model.cAlpha, "cAlpha");
    finite(model.cBeta, "cBeta");
    if (!(model.cBeta > model.cAlpha)) throw new InvalidParameterError({ parameter: `${name}.cBeta`, value: model.cBeta, expected: `> cAlpha (${model.cAlpha})` });
  } else {
    throw new InvalidParameterError({ parameter: `${name}.kind`, value: (model as { kind?: unknown }).kind, expected: "'regularSolution' or 'polynomial'" });
  }
}

function clamp(c: number): number {
  return c < LOG_CLAMP ? LOG_CLAMP : c > 1 - LOG_CLAMP ? 1 - LOG_CLAMP : c;
}

/**
 * Bulk free-energy density f(c).
 * @param model - free-energy model
 * @param c - normalised concentration
 * @returns f(c) in the model's energy-density unit
 */
export function bulkFreeEnergy(model: FreeEnergyModel, c: number): number {
  if (model.kind === "polynomial") {
    const a = c - model.cAlpha;
    const b = model.cBeta - c;
    return model.rho * a * a * b * b;
  }
  const x = clamp(c);
  return (model.scale ?? 1) * (x * Math.log(x) + (1 - x) * Math.log(1 - x) + model.chi * x * (1 - x));
}

/**
 * Bulk chemical potential f'(c) (regular solution: scale [ln(c/(1-c)) + chi (1 - 2c)]).
 * @param model - free-energy model
 * @param c - normalised concentration
 * @returns df/dc
 */
export function bulkChemicalPotential(model: FreeEnergyModel, c: number): number {
  if (model.kind === "polynomial") {
    const a = c - model.cAlpha;
    const b = model.cBeta - c;
    return 2 * model.rho * a * b * (b - a);
  }
  const x = clamp(c);
  return (model.scale ?? 1) * (Math.log(x / (1 - x)) + model.chi * (1 - 2 * x));
}

/**
 * Curvature f''(c) (regular solution: scale [1/(c(1-c)) - 2 chi]).
 * @param model - free-energy model
 * @param c - normalised concentration
 * @returns d2f/dc2
 */
export function bulkCurvature(model: FreeEnergyModel, c: number): number {
  if (model.kind === "polynomial") {
    const a = c - model.cAlpha;
    const b = model.cBeta - c;
    return 2 * model.rho * (a * a + b * b - 4 * a * b);
  }
  const x = clamp(c);
  return (model.scale ?? 1) * (1 / (x * (1 - x)) - 2 * model.chi);
}
