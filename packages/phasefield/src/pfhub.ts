/**
 * PFHub benchmark 1 (spinodal decomposition), variant a (periodic 200 x 200 box).
 * Specification: https://pages.nist.gov/pfhub/benchmarks/benchmark1.ipynb/
 * (Jokisaari et al., Comput. Mater. Sci. 126, 139 (2017), doi:10.1016/j.commatsci.2016.09.022).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { PolynomialEnergy } from "./freeEnergy.js";
import type { Grid } from "./grid.js";
import type { ConstantMobility } from "./mobility.js";

/** Parameters of PFHub benchmark 1: rho_s = 5, c_alpha = 0.3, c_beta = 0.7, kappa = 2, M = 5, c0 = 0.5, epsilon = 0.01, L = 200. */
export const PFHUB_BM1: {
  readonly freeEnergy: PolynomialEnergy;
  readonly gradientCoefficient: number;
  readonly mobility: ConstantMobility;
  readonly meanConcentration: number;
  readonly amplitude: number;
  readonly length: number;
} = Object.freeze({
  freeEnergy: Object.freeze({ kind: "polynomial", rho: 5, cAlpha: 0.3, cBeta: 0.7 }) as PolynomialEnergy,
  gradientCoefficient: 2,
  mobility: Object.freeze({ kind: "constant", value: 5 }) as ConstantMobility,
  meanConcentration: 0.5,
  amplitude: 0.01,
  length: 200,
});

/**
 * Initial condition of PFHub benchmark 1a on grid nodes x = i dx, y = j dy:
 * c = 0.5 + 0.01 [cos(0.105x) cos(0.11y) + (cos(0.13x) cos(0.087y))^2 + cos(0.025x - 0.15y) cos(0.07x - 0.02y)].
 * (Not periodic over 200: the periodic solver sees a small jump at the box edge, as every
 * periodic implementation of variant a does.)
 * @param grid - a 2D grid (normally lengthX = lengthY = 200)
 * @returns the concentration field
 * @throws InvalidParameterError for a 3D grid
 */
export function pfhubBenchmark1Initial(grid: Grid): Float64Array {
  if (grid.dimension !== 2) throw new InvalidParameterError({ parameter: "grid.nz", value: grid.nz, expected: "1 (benchmark 1a is 2D)" });
  const c = new Float64Array(grid.size);
  for (let j = 0; j < grid.ny; j++) {
    const y = j * grid.dy;
    for (let i = 0; i < grid.nx; i++) {
      const x = i * grid.dx;
      const a = Math.cos(0.13 * x) * Math.cos(0.087 * y);
      c[i + grid.nx * j] =
        0.5 + 0.01 * (Math.cos(0.105 * x) * Math.cos(0.11 * y) + a * a + Math.cos(0.025 * x - 0.15 * y) * Math.cos(0.07 * x - 0.02 * y));
    }
  }
  return c;
}
