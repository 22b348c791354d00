/**
 * Linear stability of Cahn-Hilliard dynamics about a uniform state.
 *
 * @packageDocumentation
 */
import type { FreeEnergyModel } from "./freeEnergy.js";
import { bulkCurvature } from "./freeEnergy.js";
import type { MobilityModel } from "./mobility.js";
import { mobilityAt } from "./mobility.js";

/** Options of {@link cahnHilliardGrowthRate}. */
export interface GrowthRateOptions {
  /** Bulk free energy. */
  freeEnergy: FreeEnergyModel;
  /** Gradient coefficient kappa. */
  gradientCoefficient: number;
  /** Mobility model (evaluated at c0). */
  mobility: MobilityModel;
  /** Uniform concentration c0. */
  meanConcentration: number;
  /** Extra curvature added to f''(c0), e.g. the elastic term 12 eta^2 mu K / (lambda + 2 mu). @default 0 */
  extraCurvature?: number;
}

/**
 * Growth rate of a small sinusoidal perturbation of wavenumber k about c0 (Cahn 1961):
 * omega(k) = -M(c0) k^2 (f''(c0) + kappa k^2); amplitudes evolve as exp(omega t).
 * @param k - angular wavenumber (1 / model length unit)
 * @param options - free energy, kappa, mobility and c0
 * @returns omega (1 / model time unit); positive inside the spinodal for k < sqrt(-f''/kappa)
 */
export function cahnHilliardGrowthRate(k: number, options: GrowthRateOptions): number {
  const c0 = options.meanConcentration;
  const m = mobilityAt(options.mobility, c0);
  const fpp = bulkCurvature(options.freeEnergy, c0) + (options.extraCurvature ?? 0);
  return -m * k * k * (fpp + options.gradientCoefficient * k * k);
}
