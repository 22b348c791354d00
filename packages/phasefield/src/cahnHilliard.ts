/**
 * Semi-implicit Fourier-spectral Cahn-Hilliard solver with smoothed-boundary particles,
 * surface flux and dilatational microelasticity.
 *
 * Equations (seed paper Methods, Luo et al. Nat. Mater. 2021; smoothed boundary form after
 * Yu, Chen & Thornton 2012), with u = psi c the solute content field:
 *   du/dt = div(psi M(c) grad mu) + delta J0,   delta = 6 psi (1 - psi) |grad psi| (see createParticleDomain)
 *   mu    = f'(c) - (kappa / psi) div(psi grad c) - 3 eta sigma_h,   c = u / psi
 * For a periodic box psi = 1 (u = c). The scheme is the stabilised linear splitting of
 * Zhu, Chen, Shen & Tikare, Phys. Rev. E 60, 3564 (1999), doi:10.1103/PhysRevE.60.3564:
 *   (1 + dt M0 (S k^2 + kappa k^4)) (u^{n+1} - u^n)^ = dt N(u^n)^
 * where N is the full right-hand side evaluated explicitly, M0 = max M (reference mobility, implicit)
 * and S a stabilisation constant. The k = 0 mode gets exactly dt times the integrated surface flux,
 * so sum(u) changes only by the flux (mass conservation to round-off).
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SolverError } from "@operando/core";
import type { ParticleDomain } from "./domain.js";
import type { ElasticityModel } from "./elasticity.js";
import { hydrostaticKernelValues, lameConstants, solveDilatationalElasticity } from "./elasticity.js";
import type { FreeEnergyModel } from "./freeEnergy.js";
import { bulkChemicalPotential, bulkCurvature, bulkFreeEnergy, validateFreeEnergy } from "./freeEnergy.js";
import type { Grid } from "./grid.js";
import type { MobilityModel } from "./mobility.js";
import { maxMobility, mobilityAt, validateMobility } from "./mobility.js";
import { RealFft } from "./internal/realFft.js";
import type { Wavenumbers } from "./internal/wavenumbers.js";
import { createDerivativeWavenumbers, createWavenumbers } from "./internal/wavenumbers.js";
import { weightedGradientSquared, weightedLaplacian } from "./internal/weightedLaplacian.js";

/** Options of {@link createCahnHilliardSolver}. All quantities in one consistent model unit system. */
export interface CahnHilliardOptions {
  /** The periodic grid. */
  grid: Grid;
  /** Bulk free energy f(c). */
  freeEnergy: FreeEnergyModel;
  /** Gradient-energy coefficient kappa (energy density x length^2); F contains kappa/2 |grad c|^2. */
  gradientCoefficient: number;
  /** Mobility M(c). */
  mobility: MobilityModel;
  /** Initial concentration c (not modified; copied). */
  initialConcentration: Float64Array;
  /** Time step dt (model time unit). */
  timeStep: number;
  /**
   * Stabilisation constant S (energy density). Larger S damps high wavenumbers more and allows larger
   * steps at the cost of accuracy.
   * @default half the largest |f''| over c in [cAlpha, cBeta] (polynomial; 0.8 for PFHub BM1) or
   * [0.05, 0.95] (regular solution), plus the elastic stiffening 12 eta^2 mu K / (lambda + 2 mu)
   */
  stabilization?: number;
  /** Smoothed-boundary particle (psi and surface measure). Omit for a fully periodic box. */
  domain?: ParticleDomain;
  /**
   * Floor of the domain parameter: the solver uses psi_eff = psiMin + (1 - psiMin) psi, so c = u / psi_eff
   * stays bounded outside the particle (the outside acts as a medium of capacity psiMin; its share of the
   * solute is at most psiMin x outside volume x c).
   * @default 1e-3
   */
  psiMin?: number;
  /** Inward surface flux J0 (normalised concentration x length / time), applied on the domain surface. @default 0 */
  surfaceFlux?: number;
  /** Chemo-mechanical coupling. Omit for no elasticity. */
  elasticity?: ElasticityModel;
}

/** Default floor of the smoothed-boundary domain parameter (see CahnHilliardOptions.psiMin). */
export const DEFAULT_PSI_MIN = 1e-3;

/** Free energy split into its parts (integrals over the grid; psi-weighted in a particle). */
export interface FreeEnergyBreakdown {
  /** Integral of psi f(c). */
  bulk: number;
  /** Integral of psi kappa/2 |grad c|^2. */
  gradient: number;
  /** Elastic energy (0 without elasticity). */
  elastic: number;
  /** bulk + gradient + elastic. */
  total: number;
}


function positive(value: unknown, parameter: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new InvalidParameterError({ parameter, value, expected: "a finite number > 0" });
  return value;
}

/**
 * A Cahn-Hilliard integrator with preallocated buffers (no allocation per step).
 * Create with {@link createCahnHilliardSolver}.
 */
export class CahnHilliardSolver {
  /** The grid. */
  readonly grid: Grid;
  /** Time step in use. */
  readonly timeStep: number;
  /** Stabilisation constant in use. */
  readonly stabilization: number;
  /** Reference (implicit) mobility M0. */
  readonly referenceMobility: number;
  /** Steps taken so far. */
  stepCount = 0;
  /** Integral of psi_eff (the box volume without a particle). */
  readonly domainVolume: number;
  private readonly options: CahnHilliardOptions;
  private readonly fft: RealFft;
  private readonly wn: Wavenumbers;
  private readonly dwn: Wavenumbers;
  private readonly u: Float64Array;
  private readonly uHat: Float64Array;
  private readonly c: Float64Array;
  private readonly mu: Float64Array;
  private readonly real1: Float64Array;
  private readonly real2: Float64Array;
  private readonly real3: Float64Array;
  private readonly spec1: Float64Array;
  private readonly spec2: Float64Array;
  private readonly spec3: Float64Array;
  private readonly divHat: Float64Array;
  private readonly denominator: Float64Array;
  private readonly linearMu: Float64Array;
  private readonly psi: Float64Array | undefined;
  private readonly kappa: number;
  private readonly eta: number;
  /** Per spectral entry s: (gain, linear) at [2s, 2s+1] of the periodic constant-mobility step (lazy). */
  private periodicGains: Float64Array | undefined;

  /** @internal use createCahnHilliardSolver */
  constructor(options: CahnHilliardOptions) {
    const { grid } = options;
    if (grid === null || typeof grid !== "object" || !Number.isInteger(grid.size)) throw new InvalidParameterError({ parameter: "grid", value: grid, expected: "a grid from createGrid" });
    validateFreeEnergy(options.freeEnergy);
    validateMobility(options.mobility);
    this.kappa = positive(options.gradientCoefficient, "gradientCoefficient");
    this.timeStep = positive(options.timeStep, "timeStep");
    const init = options.initialConcentration;
    if (!(init instanceof Float64Array) || init.length !== grid.size) {
      throw new InvalidParameterError({ parameter: "initialConcentration", value: init?.length, expected: `a Float64Array of ${grid.size} values` });
    }
    for (let i = 0; i < init.length; i++) {
      if (!Number.isFinite(init[i]!)) throw new InvalidParameterError({ parameter: `initialConcentration[${i}]`, value: init[i], expected: "a finite number" });
    }
    const flux = options.surfaceFlux ?? 0;
    if (typeof flux !== "number" || !Number.isFinite(flux)) throw new InvalidParameterError({ parameter: "surfaceFlux", value: flux, expected: "a finite number" });
    if (flux !== 0 && options.domain === undefined) throw new InvalidParameterError({ parameter: "surfaceFlux", value: flux, expected: "0 unless a particle domain is given (a periodic box has no surface)" });
    if (options.domain !== undefined && (options.domain.psi.length !== grid.size || options.domain.surface.length !== grid.size)) {
      throw new InvalidParameterError({ parameter: "domain", value: options.domain.psi.length, expected: `psi and surface fields of ${grid.size} values` });
    }
    this.options = options;
    this.grid = grid;
    // every field and spectrum the transforms read or write lives in the FFT's WebAssembly memory
    // (when available), so the kernels work in place: u, c, mu, real1..3, five spectra and the
    // periodic step's gains
    const fft = new RealFft(grid.nx, grid.ny, grid.nz, { spectra: 6, reals: options.domain === undefined ? 5 : 6 });
    this.fft = fft;
    this.wn = createWavenumbers(grid);
    this.dwn = createDerivativeWavenumbers(grid, this.wn);
    const n = grid.size;
    this.u = fft.createReal();
    // in a periodic box c = u: one array (no copy per step)
    this.c = options.domain === undefined ? this.u : fft.createReal();
    this.mu = fft.createReal();
    this.real1 = fft.createReal();
    this.real2 = fft.createReal();
    this.real3 = fft.createReal();
    this.uHat = fft.createSpectrum();
    this.spec1 = fft.createSpectrum();
    this.spec2 = fft.createSpectrum();
    this.spec3 = fft.createSpectrum();
    this.divHat = fft.createSpectrum();
    const psiMin = options.psiMin ?? DEFAULT_PSI_MIN;
    if (typeof psiMin !== "number" || !(psiMin > 0 && psiMin < 1)) throw new InvalidParameterError({ parameter: "psiMin", value: psiMin, expected: "a number in (0, 1)" });
    this.psi = options.domain === undefined ? undefined : options.domain.psi.map((p) => psiMin + (1 - psiMin) * p);
    this.domainVolume = (this.psi === undefined ? grid.size : sum(this.psi)) * grid.cellVolume;
    for (let i = 0; i < n; i++) this.u[i] = this.psi === undefined ? init[i]! : init[i]! * this.psi[i]!;
    fft.forward(this.u, this.uHat);

    // Elastic kernel: mu_el^ = -3 eta sigma_h^ = -3 eta^2 h(k) u^
    let elasticStiffening = 0;
    this.linearMu = new Float64Array(fft.spectralSize);
    this.eta = 0;
    if (options.elasticity !== undefined) {
      const eta = options.elasticity.eigenstrainPerConcentration;
      if (typeof eta !== "number" || !Number.isFinite(eta)) throw new InvalidParameterError({ parameter: "elasticity.eigenstrainPerConcentration", value: eta, expected: "a finite number" });
      this.eta = eta;
      const lame = lameConstants(options.elasticity);
      const h = hydrostaticKernelValues(lame, grid.dimension, options.elasticity.macroscopic ?? "stressFree");
      for (let s = 0; s < fft.spectralSize; s++) this.linearMu[s] = -3 * eta * eta * (s === 0 ? h.k0 : h.k);
      elasticStiffening = -3 * eta * eta * h.k;
    }
    const stab = options.stabilization ?? defaultStabilization(options.freeEnergy) + Math.max(0, elasticStiffening);
    if (typeof stab !== "number" || !Number.isFinite(stab) || stab < 0) throw new InvalidParameterError({ parameter: "stabilization", value: stab, expected: "a finite number >= 0" });
    this.stabilization = stab;
    this.referenceMobility = maxMobility(options.mobility);
    this.denominator = new Float64Array(fft.spectralSize);
    const m0dt = this.referenceMobility * this.timeStep;
    for (let s = 0; s < fft.spectralSize; s++) {
      const k2 = this.wn.k2[s]!;
      this.denominator[s] = 1 / (1 + m0dt * (stab * k2 + this.kappa * k2 * k2));
    }
    this.updateConcentration();
  }

  /** Simulation time = stepCount x timeStep. */
  get time(): number {
    return this.stepCount * this.timeStep;
  }

  /** The current concentration field c (a live view; copy it to keep a snapshot). */
  get concentration(): Float64Array {
    return this.c;
  }

  /** The current solute field u = psi c (equals c in a periodic box; live view). */
  get solute(): Float64Array {
    return this.u;
  }

  /** Integral of u over the grid (total solute; conserved without flux). */
  totalSolute(): number {
    // k = 0 Fourier coefficient is the exact sum of the field
    return this.uHat[0]! * this.grid.cellVolume;
  }

  /** psi-weighted mean concentration: integral(u) / integral(psi_eff). */
  meanConcentration(): number {
    return (this.uHat[0]! * this.grid.cellVolume) / this.domainVolume;
  }

  private updateConcentration(): void {
    const { u, c, psi } = this;
    if (psi === undefined) {
      if (c !== u) c.set(u);
    } else for (let i = 0; i < u.length; i++) c[i] = u[i]! / psi[i]!;
  }

  /**
   * Advances the solution.
   * @param steps - number of time steps (integer >= 0)
   * @throws SolverError when the field becomes non-finite (step size far too large)
   */
  advance(steps: number): void {
    if (!Number.isInteger(steps) || steps < 0) throw new InvalidParameterError({ parameter: "steps", value: steps, expected: "an integer >= 0" });
    const fast = this.psi === undefined && this.options.mobility.kind === "constant";
    for (let n = 0; n < steps; n++) {
      if (fast) this.stepPeriodicConstantMobility();
      else this.stepGeneral();
      this.stepCount++;
      const total = this.uHat[0]!;
      if (!Number.isFinite(total) || !Number.isFinite(this.u[0]!)) {
        throw new SolverError(`Cahn-Hilliard solution became non-finite at step ${this.stepCount}; reduce timeStep or raise stabilization`, {
          timeS: this.time,
          step: this.stepCount,
          state: `timeStep=${this.timeStep}, stabilization=${this.stabilization}`,
        });
      }
    }
  }

  /**
   * Constant mobility, no particle: N^ = -M k^2 (f'(c)^ + (kappa k^2 + elastic) c^). 2 FFTs per step
   * (one forward real FFT of f'(c), one inverse real FFT of the new c^; the minimum for this scheme).
   */
  private stepPeriodicConstantMobility(): void {
    const { u, uHat, spec1, fft } = this;
    const model = this.options.freeEnergy;
    const mu = this.mu;
    if (this.periodicGains === undefined) this.periodicGains = this.preparePeriodicGains();
    const gl = this.periodicGains;
    const kernels = fft.kernels;
    const wasm = kernels !== undefined && fft.holds(u) && fft.holds(mu) && fft.holds(uHat) && fft.holds(spec1) && fft.holds(gl);
    if (model.kind === "polynomial") {
      // f'(c) = 2 rho (c - cAlpha)(cBeta - c)(cBeta - c - (c - cAlpha)), as bulkChemicalPotential, constants hoisted
      const rho2 = 2 * model.rho;
      const ca = model.cAlpha;
      const cb = model.cBeta;
      if (wasm) kernels.polynomialMu(u.byteOffset, mu.byteOffset, u.length, rho2, ca, cb);
      else {
        for (let i = 0; i < u.length; i++) {
          const c = u[i]!;
          const a = c - ca;
          const b = cb - c;
          mu[i] = rho2 * a * b * (b - a);
        }
      }
    } else {
      for (let i = 0; i < u.length; i++) mu[i] = bulkChemicalPotential(model, u[i]!);
    }
    fft.forward(mu, spec1);
    // u^ += g (f'^ + lin u^), and the copy the inverse transform consumes, in one pass
    const n = fft.spectralSize;
    if (wasm) kernels.spectralUpdate(uHat.byteOffset, spec1.byteOffset, gl.byteOffset, n);
    else {
      for (let s = 0; s < n; s++) {
        const g = gl[2 * s]!;
        const l = gl[2 * s + 1]!;
        const re = uHat[2 * s]!;
        const im = uHat[2 * s + 1]!;
        const nre = re + g * (spec1[2 * s]! + l * re);
        const nim = im + g * (spec1[2 * s + 1]! + l * im);
        uHat[2 * s] = nre;
        uHat[2 * s + 1] = nim;
        spec1[2 * s] = nre;
        spec1[2 * s + 1] = nim;
      }
    }
    fft.inverseInPlace(spec1, u);
    // c is u itself in a periodic box (see the constructor)
  }

  /**
   * Per-wavenumber gains of the periodic constant-mobility step, interleaved per spectral entry s:
   * [2s] g = -dt M k^2 / (1 + dt M0 (S k^2 + kappa k^4)), [2s+1] kappa k^2 + elastic (a spectrum-sized
   * buffer, so it sits in the FFT's WebAssembly memory next to the spectra).
   */
  private preparePeriodicGains(): Float64Array {
    const { wn, denominator, linearMu, fft } = this;
    const m = this.options.mobility.value;
    const dt = this.timeStep;
    const kappa = this.kappa;
    const gl = fft.createSpectrum();
    for (let s = 0; s < fft.spectralSize; s++) {
      const k2 = wn.k2[s]!;
      gl[2 * s] = -dt * m * k2 * denominator[s]!;
      gl[2 * s + 1] = kappa * k2 + linearMu[s]!;
    }
    return gl;
  }

  /** Spectral divergence of weight * grad(field^): writes div^ into out. Uses real1 and spec2. */
  private divergenceOfWeightedGradient(fieldHat: Float64Array, weight: Float64Array, out: Float64Array): void {
    const { fft, dwn, grid } = this;
    const ks = [dwn.kx, dwn.ky, dwn.kz].slice(0, grid.dimension);
    out.fill(0);
    for (const k of ks) {
      const { spec2, real1 } = this;
      // d/dx_i field = IFFT(i k_i field^)
      for (let s = 0; s < fft.spectralSize; s++) {
        const kk = k[s]!;
        spec2[2 * s] = -kk * fieldHat[2 * s + 1]!;
        spec2[2 * s + 1] = kk * fieldHat[2 * s]!;
      }
      fft.inverseInPlace(spec2, real1);
      for (let i = 0; i < real1.length; i++) real1[i]! *= weight[i]!;
      fft.forward(real1, spec2);
      // div^ += i k_i (weighted gradient)^
      for (let s = 0; s < fft.spectralSize; s++) {
        const kk = k[s]!;
        out[2 * s] = out[2 * s]! - kk * spec2[2 * s + 1]!;
        out[2 * s + 1] = out[2 * s + 1]! + kk * spec2[2 * s]!;
      }
    }
  }

  /** General step: variable mobility and/or smoothed-boundary particle and/or flux. */
  private stepGeneral(): void {
    if (this.psi !== undefined) {
      this.stepSmoothedBoundary(this.psi);
      return;
    }
    const { u, uHat, c, mu, fft, wn, denominator, linearMu, spec1, spec3, divHat, real2 } = this;
    const model = this.options.freeEnergy;
    const mobility = this.options.mobility;
    const dt = this.timeStep;
    const kappa = this.kappa;
    // mu = f'(c) + kappa k^2 c^ + elastic term (spectral)
    for (let s = 0; s < fft.spectralSize; s++) {
      const g = linearMu[s]! + kappa * wn.k2[s]!;
      spec1[2 * s] = g * uHat[2 * s]!;
      spec1[2 * s + 1] = g * uHat[2 * s + 1]!;
    }
    fft.inverseInPlace(spec1, mu);
    for (let i = 0; i < mu.length; i++) {
      mu[i] = mu[i]! + bulkChemicalPotential(model, c[i]!);
      real2[i] = mobilityAt(mobility, c[i]!);
    }
    fft.forward(mu, spec3);
    this.divergenceOfWeightedGradient(spec3, real2, divHat);
    for (let s = 0; s < fft.spectralSize; s++) {
      const g = dt * denominator[s]!;
      uHat[2 * s] = uHat[2 * s]! + g * divHat[2 * s]!;
      uHat[2 * s + 1] = uHat[2 * s + 1]! + g * divHat[2 * s + 1]!;
    }
    spec1.set(uHat);
    fft.inverseInPlace(spec1, u);
    this.updateConcentration();
  }

  /**
   * Smoothed-boundary step. The psi-weighted operators are conservative finite differences
   * (see internal/weightedLaplacian.ts); the stabilised implicit solve stays spectral. 2 FFTs
   * per step (+1 with elasticity).
   */
  private stepSmoothedBoundary(psi: Float64Array): void {
    const { u, uHat, c, mu, fft, denominator, linearMu, spec1, real1, real2, real3, grid } = this;
    const model = this.options.freeEnergy;
    const mobility = this.options.mobility;
    const dt = this.timeStep;
    const kappa = this.kappa;
    const surface = this.options.domain!.surface;
    const flux = this.options.surfaceFlux ?? 0;
    if (this.options.elasticity === undefined) {
      mu.fill(0);
    } else {
      for (let s = 0; s < fft.spectralSize; s++) {
        spec1[2 * s] = linearMu[s]! * uHat[2 * s]!;
        spec1[2 * s + 1] = linearMu[s]! * uHat[2 * s + 1]!;
      }
      fft.inverseInPlace(spec1, mu);
    }
    // mu = f'(c) - (kappa / psi) div(psi grad c) + elastic
    weightedLaplacian(grid, c, psi, real3);
    for (let i = 0; i < mu.length; i++) {
      mu[i] = mu[i]! + bulkChemicalPotential(model, c[i]!) - (kappa * real3[i]!) / psi[i]!;
      real2[i] = psi[i]! * mobilityAt(mobility, c[i]!);
    }
    // N = div(psi M grad mu) + delta J0
    weightedLaplacian(grid, mu, real2, real1);
    if (flux !== 0) for (let i = 0; i < real1.length; i++) real1[i] = real1[i]! + flux * surface[i]!;
    fft.forward(real1, spec1);
    for (let s = 0; s < fft.spectralSize; s++) {
      const g = dt * denominator[s]!;
      uHat[2 * s] = uHat[2 * s]! + g * spec1[2 * s]!;
      uHat[2 * s + 1] = uHat[2 * s + 1]! + g * spec1[2 * s + 1]!;
    }
    spec1.set(uHat);
    fft.inverseInPlace(spec1, u);
    this.updateConcentration();
  }

  /**
   * Total free energy F = integral of psi [f(c) + kappa/2 |grad c|^2] + elastic energy
   * (periodic box: spectral gradients via Parseval; particle: the finite-difference form whose
   * variational derivative the solver uses, with psi_eff; elastic energy from
   * {@link solveDilatationalElasticity}).
   * @returns the breakdown
   */
  energy(): FreeEnergyBreakdown {
    const { c, psi, grid, fft } = this;
    const model = this.options.freeEnergy;
    let bulk = 0;
    for (let i = 0; i < c.length; i++) bulk += (psi === undefined ? 1 : psi[i]!) * bulkFreeEnergy(model, c[i]!);
    bulk *= grid.cellVolume;
    let gradient = 0;
    if (psi === undefined) {
      // Parseval: sum |grad c|^2 = (1/N) sum_k w_k k^2 |c^_k|^2
      const { uHat, wn } = this;
      let acc = 0;
      for (let s = 0; s < fft.spectralSize; s++) acc += wn.weight[s]! * wn.k2[s]! * (uHat[2 * s]! ** 2 + uHat[2 * s + 1]! ** 2);
      gradient = ((0.5 * this.kappa * acc) / grid.size) * grid.cellVolume;
    } else {
      gradient = 0.5 * this.kappa * weightedGradientSquared(grid, c, psi) * grid.cellVolume;
    }
    let elastic = 0;
    if (this.options.elasticity !== undefined) elastic = this.elasticSolution().energy;
    return { bulk, gradient, elastic, total: bulk + gradient + elastic };
  }

  /**
   * Stress state for the current concentration (eigenstrain eta u = eta psi c).
   * @returns the elastic solution
   * @throws InvalidParameterError when the solver has no elasticity
   */
  elasticSolution(): ReturnType<typeof solveDilatationalElasticity> {
    const model = this.options.elasticity;
    if (model === undefined) throw new InvalidParameterError({ parameter: "elasticity", value: undefined, expected: "an elasticity model (solver was created without one)" });
    const e = new Float64Array(this.u.length);
    for (let i = 0; i < e.length; i++) e[i] = this.eta * this.u[i]!;
    return solveDilatationalElasticity(this.grid, e, model);
  }
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/**
 * Default stabilisation: half the largest |f''| over c in [cAlpha, cBeta] (polynomial: the range the
 * field visits; 0.8 for PFHub BM1) or [0.05, 0.95] (regular solution, whose f'' diverges at the ends).
 * Eyre-type splittings are unconditionally stable for S >= max|f''|/2 over the visited range
 * (Shen & Yang, Discrete Contin. Dyn. Syst. 28, 1669 (2010), doi:10.3934/dcds.2010.28.1669).
 * @param model - free-energy model
 * @returns S
 */
export function defaultStabilization(model: FreeEnergyModel): number {
  const lo = model.kind === "polynomial" ? model.cAlpha : 0.05;
  const hi = model.kind === "polynomial" ? model.cBeta : 0.95;
  let max = 0;
  for (let i = 0; i <= 200; i++) max = Math.max(max, Math.abs(bulkCurvature(model, lo + ((hi - lo) * i) / 200)));
  return max / 2;
}

/**
 * Creates a Cahn-Hilliard solver (preallocates all buffers and FFT plans).
 * @param options - grid, free energy, kappa, mobility, initial field, time step and optional
 *   stabilisation, particle domain, surface flux and elasticity
 * @returns the solver; call `advance(steps)` and `energy()`
 * @throws InvalidParameterError naming the invalid option
 * @example
 * ```ts
 * const grid = createGrid({ nx: 256, ny: 256, lengthX: 200, lengthY: 200 });
 * const solver = createCahnHilliardSolver({
 *   grid, freeEnergy: PFHUB_BM1.freeEnergy, gradientCoefficient: 2, mobility: { kind: "constant", value: 5 },
 *   initialConcentration: pfhubBenchmark1Initial(grid), timeStep: 1,
 * });
 * solver.advance(100);
 * solver.energy().total; // decreasing from ~319
 * ```
 */
export function createCahnHilliardSolver(options: CahnHilliardOptions): CahnHilliardSolver {
  return new CahnHilliardSolver(options);
}
