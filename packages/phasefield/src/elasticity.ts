/**
 * Khachaturyan microelasticity for a dilatational eigenstrain in a homogeneous isotropic
 * solid, solved in Fourier space on a periodic grid.
 *
 * Eigenstrain eps*_ij = e(r) delta_ij (chemical strain, seed paper Methods: eps_c = Omega c I / 3).
 * Mechanical equilibrium div sigma = 0 with sigma = C : (eps - eps*) gives, for k != 0
 * (Khachaturyan, Theory of Structural Transformations in Solids, 1983, ch. 7):
 *   u_i(k) = -i G_ij(k) sigma*_jl k_l,   G^-1_ij = C_ijkl k_k k_l = mu k^2 delta_ij + (lambda + mu) k_i k_j,
 *   G_ij = [delta_ij - (lambda + mu)/(lambda + 2 mu) n_i n_j] / (mu k^2),   sigma* = 3 K e I,
 * so eps_ij(k) = 3 K e(k) k_i k_j / ((lambda + 2 mu) k^2). The k = 0 (homogeneous) strain is set by
 * the macroscopic condition: "stressFree" (zero average stress, the box expands freely, as with the
 * symmetric roller constraints of the seed paper), or "clamped" (zero average strain).
 * In 2D the grid is the x-y section of a plane-strain body (eps_zz = 0 everywhere; sigma_zz != 0).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Grid } from "./grid.js";
import { RealFft } from "./internal/realFft.js";
import { createDerivativeWavenumbers, createWavenumbers } from "./internal/wavenumbers.js";

/** Isotropic homogeneous elastic constants and the macroscopic constraint. */
export interface ElasticConstants {
  /** Shear modulus mu (model energy-density unit, e.g. Pa / (R T C_max)). */
  shearModulus: number;
  /** Poisson ratio nu, in (-1, 0.5). */
  poissonRatio: number;
  /** Homogeneous-strain condition. @default "stressFree" */
  macroscopic?: "stressFree" | "clamped";
}

/** Elasticity coupled to the concentration: eps* = eigenstrainPerConcentration * c * I. */
export interface ElasticityModel extends ElasticConstants {
  /** Linear eigenstrain per unit normalised concentration, eta = Omega C_max / 3 (dimensionless). */
  eigenstrainPerConcentration: number;
}

/** Stress components (Voigt order), each a field on the grid. */
export interface StressField {
  xx: Float64Array;
  yy: Float64Array;
  zz: Float64Array;
  yz: Float64Array;
  xz: Float64Array;
  xy: Float64Array;
}

/** Result of {@link solveDilatationalElasticity}. */
export interface ElasticSolution {
  /** Stress tensor fields (model energy-density unit). In 2D yz = xz = 0. */
  stress: StressField;
  /** Hydrostatic stress sigma_h = (sigma_xx + sigma_yy + sigma_zz) / 3. */
  hydrostaticStress: Float64Array;
  /** Homogeneous (k = 0) strain [xx, yy, zz] applied by the macroscopic condition. */
  meanStrain: [number, number, number];
  /** Elastic energy density w = sigma : (eps - eps*) / 2. */
  energyDensity: Float64Array;
  /** Elastic energy = integral of w over the grid (volume in 3D, area per unit thickness in 2D). */
  energy: number;
}

/** Lame constants and bulk modulus from mu, nu. */
export interface LameConstants {
  lambda: number;
  mu: number;
  bulk: number;
}

/**
 * Validates elastic constants and returns Lame constants: lambda = 2 mu nu / (1 - 2 nu), K = lambda + 2 mu / 3.
 * @param model - elastic constants
 * @param name - parameter path for errors
 * @returns lambda, mu and the bulk modulus K (same unit as shearModulus)
 * @throws InvalidParameterError naming shearModulus, poissonRatio or macroscopic
 */
export function lameConstants(model: ElasticConstants, name = "elasticity"): LameConstants {
  const mu = model.shearModulus;
  const nu = model.poissonRatio;
  if (typeof mu !== "number" || !Number.isFinite(mu) || mu <= 0) throw new InvalidParameterError({ parameter: `${name}.shearModulus`, value: mu, expected: "a finite number > 0" });
  if (typeof nu !== "number" || !Number.isFinite(nu) || nu <= -1 || nu >= 0.5) throw new InvalidParameterError({ parameter: `${name}.poissonRatio`, value: nu, expected: "a number in (-1, 0.5)" });
  if (model.macroscopic !== undefined && model.macroscopic !== "stressFree" && model.macroscopic !== "clamped") {
    throw new InvalidParameterError({ parameter: `${name}.macroscopic`, value: model.macroscopic, expected: "'stressFree' or 'clamped'" });
  }
  const lambda = (2 * mu * nu) / (1 - 2 * nu);
  return { lambda, mu, bulk: lambda + (2 * mu) / 3 };
}

/**
 * Homogeneous strain factor a: mean strain = a * mean(e) on the in-plane (2D) or all (3D) diagonal
 * components. 3D stress-free: a = 1. 2D plane strain with zero in-plane mean stress:
 * lambda (2a - 3) + 2 mu (a - 1) = 0 -> a = (3 lambda + 2 mu) / (2 lambda + 2 mu). Clamped: a = 0.
 * @param lame - Lame constants (only their ratio matters)
 * @param dimension - 2 (plane strain) or 3
 * @param macroscopic - boundary condition on the box: stress-free or clamped
 * @returns the factor a (dimensionless)
 */
export function meanStrainFactor(lame: LameConstants, dimension: 2 | 3, macroscopic: "stressFree" | "clamped"): number {
  if (macroscopic === "clamped") return 0;
  return dimension === 3 ? 1 : (3 * lame.lambda + 2 * lame.mu) / (2 * lame.lambda + 2 * lame.mu);
}

/**
 * Spectral kernel h(k) with sigma_h(k) = h(k) e(k) (unnormalised transforms, so the k = 0 entry
 * multiplies sum(e) = N mean(e)). For k != 0: h = K (3 K / (lambda + 2 mu) - 3) = -4 mu K / (lambda + 2 mu).
 * k = 0: mean hydrostatic stress per mean eigenstrain from the macroscopic condition.
 * @internal
 */
export function hydrostaticKernelValues(lame: LameConstants, dimension: 2 | 3, macroscopic: "stressFree" | "clamped"): { k0: number; k: number } {
  const { lambda, mu, bulk } = lame;
  const a = meanStrainFactor(lame, dimension, macroscopic);
  // sigma_ii at k=0 for mean strain (a, a, a or 0) and eigenstrain 1
  const traceMeanStrain = dimension === 3 ? 3 * a : 2 * a;
  const diag = (epsii: number): number => lambda * (traceMeanStrain - 3) + 2 * mu * (epsii - 1);
  const sxx = diag(a);
  const szz = diag(dimension === 3 ? a : 0);
  const k0 = (2 * sxx + szz) / 3;
  return { k0, k: bulk * ((3 * bulk) / (lambda + 2 * mu) - 3) };
}

/**
 * Solves mechanical equilibrium for a dilatational eigenstrain field and returns stresses and
 * the elastic energy.
 * @param grid - periodic grid (2D = plane strain)
 * @param eigenstrain - e(r), eps* = e I (not modified)
 * @param constants - shear modulus, Poisson ratio, macroscopic condition
 * @returns stress fields, hydrostatic stress, mean strain and energy
 * @throws InvalidParameterError for bad constants or a field of the wrong length
 * @example
 * ```ts
 * const grid = createGrid({ nx: 64, ny: 64, lengthX: 64, lengthY: 64 });
 * const e = new Float64Array(grid.size).map((_, i) => (Math.hypot((i % 64) - 32, Math.floor(i / 64) - 32) < 10 ? 0.01 : 0));
 * const { hydrostaticStress, energy } = solveDilatationalElasticity(grid, e, { shearModulus: 1, poissonRatio: 0.3 });
 * ```
 */
export function solveDilatationalElasticity(grid: Grid, eigenstrain: Float64Array, constants: ElasticConstants): ElasticSolution {
  const lame = lameConstants(constants);
  if (!(eigenstrain instanceof Float64Array) || eigenstrain.length !== grid.size) {
    throw new InvalidParameterError({ parameter: "eigenstrain", value: eigenstrain?.length, expected: `a Float64Array of ${grid.size} values` });
  }
  const macroscopic = constants.macroscopic ?? "stressFree";
  const { lambda, mu, bulk } = lame;
  const fft = new RealFft(grid.nx, grid.ny, grid.nz);
  const wn = createWavenumbers(grid);
  const dwn = createDerivativeWavenumbers(grid, wn);
  const eHat = fft.createSpectrum();
  fft.forward(eigenstrain, eHat);
  let meanE = 0;
  for (let i = 0; i < grid.size; i++) meanE += eigenstrain[i]!;
  meanE /= grid.size;
  const a = meanStrainFactor(lame, grid.dimension, macroscopic);
  const meanStrain: [number, number, number] = [a * meanE, a * meanE, grid.dimension === 3 ? a * meanE : 0];
  const factor = (3 * bulk) / (lambda + 2 * mu);
  const work = fft.createSpectrum();
  const strain = (pick: (s: number) => number, mean: number): Float64Array => {
    for (let s = 0; s < fft.spectralSize; s++) {
      const k2 = wn.k2[s]!;
      const g = s === 0 || k2 === 0 ? 0 : (factor * pick(s)) / k2;
      work[2 * s] = g * eHat[2 * s]!;
      work[2 * s + 1] = g * eHat[2 * s + 1]!;
    }
    const out = new Float64Array(grid.size);
    fft.inverseInPlace(work, out);
    if (mean !== 0) for (let i = 0; i < grid.size; i++) out[i]! += mean;
    return out;
  };
  const exx = strain((s) => wn.kx[s]! * wn.kx[s]!, meanStrain[0]);
  const eyy = strain((s) => wn.ky[s]! * wn.ky[s]!, meanStrain[1]);
  const ezz = grid.dimension === 3 ? strain((s) => wn.kz[s]! * wn.kz[s]!, meanStrain[2]) : new Float64Array(grid.size);
  const exy = strain((s) => dwn.kx[s]! * dwn.ky[s]!, 0);
  const exz = grid.dimension === 3 ? strain((s) => dwn.kx[s]! * dwn.kz[s]!, 0) : new Float64Array(grid.size);
  const eyz = grid.dimension === 3 ? strain((s) => dwn.ky[s]! * dwn.kz[s]!, 0) : new Float64Array(grid.size);
  const n = grid.size;
  const stress: StressField = { xx: new Float64Array(n), yy: new Float64Array(n), zz: new Float64Array(n), yz: new Float64Array(n), xz: new Float64Array(n), xy: new Float64Array(n) };
  const hydrostaticStress = new Float64Array(n);
  const energyDensity = new Float64Array(n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const e = eigenstrain[i]!;
    const xx = exx[i]! - e;
    const yy = eyy[i]! - e;
    const zz = ezz[i]! - e;
    const tr = xx + yy + zz;
    const sxx = lambda * tr + 2 * mu * xx;
    const syy = lambda * tr + 2 * mu * yy;
    const szz = lambda * tr + 2 * mu * zz;
    const sxy = 2 * mu * exy[i]!;
    const sxz = 2 * mu * exz[i]!;
    const syz = 2 * mu * eyz[i]!;
    stress.xx[i] = sxx;
    stress.yy[i] = syy;
    stress.zz[i] = szz;
    stress.xy[i] = sxy;
    stress.xz[i] = sxz;
    stress.yz[i] = syz;
    hydrostaticStress[i] = (sxx + syy + szz) / 3;
    const w = 0.5 * (sxx * xx + syy * yy + szz * zz + 2 * (sxy * exy[i]! + sxz * exz[i]! + syz * eyz[i]!));
    energyDensity[i] = w;
    energy += w;
  }
  return { stress, hydrostaticStress, meanStrain, energyDensity, energy: energy * grid.cellVolume };
}
