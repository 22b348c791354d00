import { InvalidParameterError, SolverError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { RealFft } from "../src/internal/realFft.js";
import {
  cahnHilliardGrowthRate,
  createCahnHilliardSolver,
  createGrid,
  createParticleDomain,
  PFHUB_BM1,
  pfhubBenchmark1Initial,
  simulatePhaseField,
} from "../src/index.js";
import type { FreeEnergyModel, MobilityModel } from "../src/index.js";

describe("RealFft (row-vectorised passes)", () => {
  it("matches a direct DFT and round-trips in 2D and 3D", () => {
    for (const [nx, ny, nz] of [[8, 16, 1], [16, 8, 1], [8, 8, 8], [4, 16, 8]] as const) {
      const fft = new RealFft(nx, ny, nz);
      const a = Float64Array.from({ length: nx * ny * nz }, (_, i) => Math.sin(0.37 * i) + Math.cos(0.01 * i * i));
      const copy = Float64Array.from(a);
      const spec = fft.createSpectrum();
      fft.forward(a, spec);
      expect(a).toEqual(copy); // input untouched
      // stored modes have 0 <= ky <= ny/2 (Hermitian half along y); all kx, kz
      for (const [kx, ky, kz] of [[0, 0, 0], [1, 3, 0], [nx / 2, 1, nz - 1], [nx - 1, ny / 2, 0], [2, ny / 2 - 1, nz - 1], [nx - 2, 0, 0]] as const) {
        let re = 0;
        let im = 0;
        for (let z = 0; z < nz; z++)
          for (let y = 0; y < ny; y++)
            for (let x = 0; x < nx; x++) {
              const ph = -2 * Math.PI * ((kx * x) / nx + (ky * y) / ny + (kz * z) / nz);
              re += a[x + nx * (y + ny * z)]! * Math.cos(ph);
              im += a[x + nx * (y + ny * z)]! * Math.sin(ph);
            }
        const s = fft.spectralIndex(kx, ky, kz);
        expect(s).toBe(ky + (ny / 2 + 1) * (kx + nx * kz));
        // atol: round-off of a 1024-term sum of O(1) values
        const atol = 1e-11;
        expect(Math.abs(spec[2 * s]! - re)).toBeLessThan(atol);
        expect(Math.abs(spec[2 * s + 1]! - im)).toBeLessThan(atol);
      }
      const back = new Float64Array(a.length);
      fft.inverseInPlace(spec, back);
      for (let i = 0; i < a.length; i++) expect(Math.abs(back[i]! - a[i]!)).toBeLessThan(1e-13);
    }
  });
});

describe("mass conservation", () => {
  // rtol: the k = 0 mode is updated only by the (zero-mean) divergence, so only round-off remains
  const rtol = 1e-10;
  const regular: FreeEnergyModel = { kind: "regularSolution", chi: 3 };
  const mobility: MobilityModel = { kind: "cOneMinusC", value: 1 };

  it("conserves total concentration in a periodic box with c(1-c) mobility", () => {
    const grid = createGrid({ nx: 64, ny: 64, lengthX: 64, lengthY: 64 });
    const c0 = Float64Array.from({ length: grid.size }, (_, i) => 0.45 + 0.05 * Math.sin(0.7 * i) * Math.cos(0.013 * i));
    const solver = createCahnHilliardSolver({ grid, freeEnergy: regular, gradientCoefficient: 1, mobility, initialConcentration: c0, timeStep: 0.05 });
    const before = solver.totalSolute();
    solver.advance(400);
    let direct = 0;
    for (const v of solver.concentration) direct += v;
    expect(Math.abs(solver.totalSolute() - before) / before).toBeLessThan(rtol);
    expect(Math.abs(direct * grid.cellVolume - before) / before).toBeLessThan(rtol);
    // and it actually evolved (spinodal: chi = 3 > 2)
    expect(Math.max(...solver.concentration) - Math.min(...solver.concentration)).toBeGreaterThan(0.3);
  });

  it("conserves solute in a smoothed-boundary disc with zero flux, and adds exactly the integrated flux", () => {
    const grid = createGrid({ nx: 64, ny: 64, lengthX: 64, lengthY: 64 });
    const domain = createParticleDomain(grid, { shape: { kind: "sphere", radius: 20 }, interfaceWidth: 1.5 });
    // perimeter of the diffuse disc ~ 2 pi R (rtol 1%: O((w/R)^2) curvature correction of a symmetric profile)
    expect(Math.abs(domain.area / (2 * Math.PI * 20) - 1)).toBeLessThan(0.01);
    const c0 = Float64Array.from({ length: grid.size }, (_, i) => 0.1 + 0.01 * Math.sin(1.3 * i));
    const base = { grid, freeEnergy: regular, gradientCoefficient: 2, mobility, initialConcentration: c0, timeStep: 0.05, domain };
    const closed = createCahnHilliardSolver(base);
    const m0 = closed.totalSolute();
    closed.advance(300);
    expect(Math.abs(closed.totalSolute() - m0) / m0).toBeLessThan(rtol);
    const flux = 2e-3;
    const open = createCahnHilliardSolver({ ...base, surfaceFlux: flux });
    open.advance(300);
    const expected = m0 + open.time * flux * domain.area;
    expect(Math.abs(open.totalSolute() - expected) / expected).toBeLessThan(rtol);
    // mean concentration rises by time * J * area / volume
    expect(open.meanConcentration() - m0 / open.domainVolume).toBeCloseTo((open.time * flux * domain.area) / open.domainVolume, 10);
  });
});

describe("linear stability (dispersion relation)", () => {
  it("growth rate of small sinusoids matches omega = -M k^2 (f'' + kappa k^2)", () => {
    const cases: { freeEnergy: FreeEnergyModel; mobility: MobilityModel; kappa: number }[] = [
      { freeEnergy: PFHUB_BM1.freeEnergy, mobility: PFHUB_BM1.mobility, kappa: 2 },
      { freeEnergy: { kind: "regularSolution", chi: 3 }, mobility: { kind: "cOneMinusC", value: 4 }, kappa: 1 },
    ];
    const grid = createGrid({ nx: 64, ny: 16, lengthX: 100, lengthY: 25 });
    const c0 = 0.5;
    const amplitude = 1e-7;
    const dt = 0.001;
    const steps = 2000;
    for (const { freeEnergy, mobility, kappa } of cases) {
      for (const m of [2, 4, 12]) {
        const k = (2 * Math.PI * m) / grid.lengthX;
        const init = new Float64Array(grid.size);
        for (let i = 0; i < grid.size; i++) init[i] = c0 + amplitude * Math.cos(k * (i % grid.nx) * grid.dx);
        const solver = createCahnHilliardSolver({ grid, freeEnergy, gradientCoefficient: kappa, mobility, initialConcentration: init, timeStep: dt });
        solver.advance(steps);
        let proj = 0;
        for (let i = 0; i < grid.size; i++) proj += (solver.concentration[i]! - c0) * Math.cos(k * (i % grid.nx) * grid.dx);
        const measured = Math.log((2 * proj) / grid.size / amplitude) / solver.time;
        const omega = cahnHilliardGrowthRate(k, { freeEnergy, gradientCoefficient: kappa, mobility, meanConcentration: c0 });
        // exact growth factor of the scheme: 1 + dt omega / (1 + dt M0 (S k^2 + kappa k^4))
        const g = 1 + (dt * omega) / (1 + dt * solver.referenceMobility * (solver.stabilization * k * k + kappa * k ** 4));
        // rtol 1e-6: nonlinear terms of relative size amplitude / (c0 scale) ~ 1e-7
        expect(Math.abs(measured - Math.log(g) / dt)).toBeLessThan(1e-6 * Math.abs(omega) + 1e-9);
        // continuum: first-order splitting error dt (omega/2 + M0 (S k^2 + kappa k^4)) < 1 %
        expect(Math.abs(measured - omega)).toBeLessThan(0.01 * Math.abs(omega));
      }
    }
  });
});

describe("PFHub benchmark 1a", () => {
  it("initial free energy: bulk part equals direct quadrature, total ~319.04 (+ edge-jump gradient energy)", () => {
    const grid = createGrid({ nx: 256, ny: 256, lengthX: 200, lengthY: 200 });
    const c = pfhubBenchmark1Initial(grid);
    const solver = createCahnHilliardSolver({ grid, freeEnergy: PFHUB_BM1.freeEnergy, gradientCoefficient: 2, mobility: PFHUB_BM1.mobility, initialConcentration: c, timeStep: 1 });
    const e = solver.energy();
    // Independent integral of the specified initial field with analytic gradients (midpoint rule, 2000^2)
    const n = 2000;
    const h = 200 / n;
    let bulk = 0;
    let grad = 0;
    for (let j = 0; j < n; j++) {
      const y = (j + 0.5) * h;
      for (let i = 0; i < n; i++) {
        const x = (i + 0.5) * h;
        const a = Math.cos(0.13 * x) * Math.cos(0.087 * y);
        const cc = 0.5 + 0.01 * (Math.cos(0.105 * x) * Math.cos(0.11 * y) + a * a + Math.cos(0.025 * x - 0.15 * y) * Math.cos(0.07 * x - 0.02 * y));
        const cx = 0.01 * (-0.105 * Math.sin(0.105 * x) * Math.cos(0.11 * y) - 2 * a * 0.13 * Math.sin(0.13 * x) * Math.cos(0.087 * y) - 0.025 * Math.sin(0.025 * x - 0.15 * y) * Math.cos(0.07 * x - 0.02 * y) - 0.07 * Math.cos(0.025 * x - 0.15 * y) * Math.sin(0.07 * x - 0.02 * y));
        const cy = 0.01 * (-0.11 * Math.cos(0.105 * x) * Math.sin(0.11 * y) - 2 * a * 0.087 * Math.cos(0.13 * x) * Math.sin(0.087 * y) + 0.15 * Math.sin(0.025 * x - 0.15 * y) * Math.cos(0.07 * x - 0.02 * y) + 0.02 * Math.cos(0.025 * x - 0.15 * y) * Math.sin(0.07 * x - 0.02 * y));
        bulk += 5 * (cc - 0.3) ** 2 * (0.7 - cc) ** 2;
        grad += cx * cx + cy * cy;
      }
    }
    bulk *= h * h;
    const smooth = bulk + grad * h * h; // kappa / 2 = 1
    // PFHub spec value for the initial energy: ~319.04 (benchmark1 notebook; PRISMS-PF upload 319.0337)
    expect(smooth).toBeCloseTo(319.04, 1);
    // rtol 1e-4: node sampling vs midpoint rule of a smooth integrand over 256^2 points
    expect(Math.abs(e.bulk - bulk) / bulk).toBeLessThan(1e-4);
    // the periodic spectral gradient also sees the jump of the non-periodic field at the box edge (+0.21 at 256^2)
    expect(e.total - smooth).toBeGreaterThan(0);
    expect(e.total - smooth).toBeLessThan(0.3);
  });

  it("free energy decreases monotonically (64 x 64 window of the benchmark, 300 steps)", () => {
    const grid = createGrid({ nx: 64, ny: 64, lengthX: 64, lengthY: 64 });
    const result = simulatePhaseField({ grid, freeEnergy: PFHUB_BM1.freeEnergy, gradientCoefficient: 2, mobility: PFHUB_BM1.mobility, initialConcentration: pfhubBenchmark1Initial(grid), timeStep: 0.5, steps: 300, recordEvery: 1 });
    expect(result.history).toHaveLength(301);
    for (let i = 1; i < result.history.length; i++) expect(result.history[i]!.energy.total).toBeLessThanOrEqual(result.history[i - 1]!.energy.total);
    const last = result.history.at(-1)!;
    expect(last.energy.total).toBeLessThan(0.5 * result.history[0]!.energy.total);
    expect(last.phaseFraction).toBeGreaterThan(0.2);
    expect(last.phaseFraction).toBeLessThan(0.8);
    expect(last.interfaceArea).toBeGreaterThan(0);
  });
});

describe("bad input", () => {
  const grid = createGrid({ nx: 64, ny: 64, lengthX: 50, lengthY: 50 });
  const base = { grid, freeEnergy: PFHUB_BM1.freeEnergy, gradientCoefficient: 2, mobility: PFHUB_BM1.mobility, initialConcentration: pfhubBenchmark1Initial(grid) };

  it("detects an unstable step through the energy rise and reports step and time", () => {
    const run = () => simulatePhaseField({ ...base, timeStep: 5, stabilization: 0, steps: 200, recordEvery: 1 });
    expect(run).toThrow(SolverError);
    expect(run).toThrow(/free energy rose .* time step 5 is too large/);
    const warned = simulatePhaseField({ ...base, timeStep: 5, stabilization: 0, steps: 50, recordEvery: 1, energyCheck: "warn" });
    expect(warned.warnings.length).toBeGreaterThan(0);
    // the same large step is stable with the default stabilisation S = max|f''|/2
    expect(simulatePhaseField({ ...base, timeStep: 5, steps: 100, recordEvery: 1 }).warnings).toEqual([]);
  });

  it("reports a blow-up as SolverError, not NaN", () => {
    expect(() => createCahnHilliardSolver({ ...base, timeStep: 20, stabilization: 0 }).advance(50)).toThrow(/non-finite/);
  });

  it("names invalid options", () => {
    const bad = (patch: Record<string, unknown>, field: RegExp) => {
      let error: unknown;
      try {
        createCahnHilliardSolver({ ...base, timeStep: 1, ...patch } as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).parameter).toMatch(field);
    };
    bad({ timeStep: -1 }, /^timeStep$/);
    bad({ gradientCoefficient: 0 }, /^gradientCoefficient$/);
    bad({ freeEnergy: { kind: "polynomial", rho: 5, cAlpha: 0.7, cBeta: 0.3 } }, /^freeEnergy.cBeta$/);
    bad({ freeEnergy: { kind: "regularSolution", chi: Number.NaN } }, /^freeEnergy.chi$/);
    bad({ mobility: { kind: "constant", value: 0 } }, /^mobility.value$/);
    bad({ initialConcentration: new Float64Array(10) }, /^initialConcentration$/);
    bad({ surfaceFlux: 1 }, /^surfaceFlux$/);
    bad({ elasticity: { shearModulus: 1, poissonRatio: 0.7, eigenstrainPerConcentration: 0.01 } }, /^elasticity.poissonRatio$/);
    expect(() => createGrid({ nx: 200, ny: 256, lengthX: 1, lengthY: 1 })).toThrow(/nx: expected a power of two/);
  });
});

describe("3D", () => {
  it("lithiates a smoothed-boundary sphere on a 16^3 grid with exact flux bookkeeping", () => {
    const grid = createGrid({ nx: 16, ny: 16, nz: 16, lengthX: 16, lengthY: 16, lengthZ: 16 });
    const domain = createParticleDomain(grid, { shape: { kind: "sphere", radius: 5 }, interfaceWidth: 1 });
    // sphere area 4 pi R^2 (rtol 3%: O((w/R)^2) diffuse-profile correction on a coarse grid)
    expect(Math.abs(domain.area / (4 * Math.PI * 25) - 1)).toBeLessThan(0.03);
    const solver = createCahnHilliardSolver({
      grid,
      freeEnergy: { kind: "regularSolution", chi: 3 },
      gradientCoefficient: 1,
      mobility: { kind: "cOneMinusC", value: 4 },
      initialConcentration: new Float64Array(grid.size).fill(0.05),
      timeStep: 0.02,
      domain,
      surfaceFlux: 0.01,
      elasticity: { shearModulus: 5, poissonRatio: 0.3, eigenstrainPerConcentration: 0.02 },
    });
    const m0 = solver.totalSolute();
    solver.advance(200);
    const expected = m0 + solver.time * 0.01 * domain.area;
    // rtol 1e-10: flux enters only through the k = 0 mode
    expect(Math.abs(solver.totalSolute() - expected) / expected).toBeLessThan(1e-10);
    const e = solver.energy();
    expect(Number.isFinite(e.total)).toBe(true);
    expect(e.elastic).toBeGreaterThan(0);
  });
});
