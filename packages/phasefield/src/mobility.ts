/**
 * Mobility models M(c) for dc/dt = div(M grad mu).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import { LOG_CLAMP } from "./freeEnergy.js";

/** Constant mobility M = value (PFHub benchmark 1: M = 5). */
export interface ConstantMobility {
  kind: "constant";
  /** Mobility (model units: length^2 / (energy density * time)). */
  value: number;
}

/**
 * Concentration-dependent mobility M = value c (1 - c) (seed paper Methods: M = D c (1 - c)),
 * vanishing in the pure phases.
 */
export interface ConcentrationMobility {
  kind: "cOneMinusC";
  /** Prefactor (D / scale in model units). */
  value: number;
}

/** A mobility model. */
export type MobilityModel = ConstantMobility | ConcentrationMobility;

/**
 * Validates a mobility model.
 * @param model - the model
 * @param name - parameter path used in errors
 * @throws InvalidParameterError naming the bad field
 */
export function validateMobility(model: MobilityModel, name = "mobility"): void {
  if (model === null || typeof model !== "object") throw new InvalidParameterError({ parameter: name, value: model, expected: "an object with kind 'constant' or 'cOneMinusC'" });
  if (model.kind !== "constant" && model.kind !== "cOneMinusC") {
    throw new InvalidParameterError({ parameter: `${name}.kind`, value: (model as { kind?: unknown }).kind, expected: "'constant' or 'cOneMinusC'" });
  }
  if (typeof model.value !== "number" || !Number.isFinite(model.value) || model.value <= 0) {
    throw new InvalidParameterError({ parameter: `${name}.value`, value: model.value, expected: "a finite number > 0" });
  }
}

/**
 * Evaluates M(c).
 * @param model - mobility model
 * @param c - normalised concentration (clamped to [0, 1] for cOneMinusC)
 * @returns the mobility
 */
export function mobilityAt(model: MobilityModel, c: number): number {
  if (model.kind === "constant") return model.value;
  const x = c < LOG_CLAMP ? LOG_CLAMP : c > 1 - LOG_CLAMP ? 1 - LOG_CLAMP : c;
  return model.value * x * (1 - x);
}

/**
 * Largest mobility over c in [0, 1] (used as the implicit reference mobility).
 * @param model - mobility model
 * @returns max M
 */
export function maxMobility(model: MobilityModel): number {
  return model.kind === "constant" ? model.value : model.value / 4;
}
