import { describe, expect, it } from "vitest";
import { createCahnHilliardSolver, createGrid, createParticleDomain, lameConstants, meanStrainFactor, solveDilatationalElasticity } from "../src/index.js";

const mu = 1;
const nu = 0.3;
const lame = lameConstants({ shearModulus: mu, poissonRatio: nu });
const youngs = 2 * mu * (1 + nu);

describe("Khachaturyan microelasticity (isotropic, dilatational eigenstrain)", () => {
  it("1D laminate: sigma_xx = 0 and sigma_yy = sigma_zz = -E/(1-nu) (e - mean e) (plane strain)", () => {
    const grid = createGrid({ nx: 64, ny: 8, lengthX: 64, lengthY: 8 });
    const e = new Float64Array(grid.size);
    for (let i = 0; i < grid.size; i++) e[i] = 0.01 * (1 + Math.tanh(Math.sin((2 * Math.PI * (i % 64)) / 64) * 4));
    let mean = 0;
    for (const v of e) mean += v / grid.size;
    const sol = solveDilatationalElasticity(grid, e, { shearModulus: mu, poissonRatio: nu });
    // atol: spectral solution of a smooth field; only round-off remains
    const atol = 1e-13;
    for (let i = 0; i < grid.size; i++) {
      expect(Math.abs(sol.stress.xx[i]!)).toBeLessThan(atol);
      expect(Math.abs(sol.stress.xy[i]!)).toBeLessThan(atol);
      expect(Math.abs(sol.stress.yy[i]! + (youngs / (1 - nu)) * (e[i]! - mean))).toBeLessThan(atol);
    }
    let expectedEnergy = 0;
    for (let i = 0; i < grid.size; i++) {
      const s = sol.stress;
      expectedEnergy += 0.5 * (s.xx[i]! ** 2 + s.yy[i]! ** 2 + s.zz[i]! ** 2 - 2 * nu * (s.xx[i]! * s.yy[i]! + s.yy[i]! * s.zz[i]! + s.xx[i]! * s.zz[i]!)) / youngs;
    }
    // w = sigma : S : sigma / 2 for isotropic compliance S (rtol 1e-12: algebraic identity)
    expect(Math.abs(sol.energy - expectedEnergy * grid.cellVolume) / sol.energy).toBeLessThan(1e-12);
  });

  it("circular inclusion (plane strain): uniform in-plane stress -E e / (2 (1 - nu)) inside (Eshelby), sigma_h local", () => {
    const n = 256;
    const grid = createGrid({ nx: n, ny: n, lengthX: n, lengthY: n });
    const radius = 24;
    const e0 = 0.01;
    const domain = createParticleDomain(grid, { shape: { kind: "sphere", radius }, interfaceWidth: 0.7 });
    const e = domain.psi.map((p) => e0 * p);
    const sol = solveDilatationalElasticity(grid, e, { shearModulus: mu, poissonRatio: nu });
    let f = 0;
    for (const v of e) f += v / (e0 * grid.size);
    // infinite-matrix Eshelby value, corrected for the periodic array (fluctuation weight 1 - f) and the
    // stress-free mean strain a f e0 (see meanStrainFactor)
    const a = meanStrainFactor(lame, 2, "stressFree");
    const epsIn = (((3 * lame.bulk) / (lame.lambda + 2 * mu)) * e0 * (1 - f)) / 2 + a * f * e0;
    const sxxExpected = lame.lambda * (2 * epsIn - 3 * e0) + 2 * mu * (epsIn - e0);
    const infinite = (-youngs * e0) / (2 * (1 - nu));
    expect(sxxExpected / infinite).toBeGreaterThan(0.95); // dilute array: close to Eshelby's single inclusion
    const at = (x: number, y: number) => Math.floor(x) + n * Math.floor(y);
    const centre = at(n / 2, n / 2);
    // rtol 2e-3: the box centre is exact by 4-fold symmetry up to the diffuse rim
    expect(Math.abs(sol.stress.xx[centre]! / sxxExpected - 1)).toBeLessThan(2e-3);
    // Eshelby uniformity: half-radius points carry the same stress (rtol 2 %: diffuse rim, periodic images)
    for (const p of [at(n / 2 + radius / 2, n / 2), at(n / 2, n / 2 - radius / 2), at(n / 2 + 8, n / 2 + 8)]) {
      expect(Math.abs(sol.stress.xx[p]! / sxxExpected - 1)).toBeLessThan(0.02);
      expect(Math.abs(sol.stress.yy[p]! / sxxExpected - 1)).toBeLessThan(0.02);
      expect(Math.abs(sol.stress.xy[p]! / sxxExpected)).toBeLessThan(0.02);
    }
    // outside: sigma_rr = -sigma_tt ~ R^2/r^2 (trace-free in-plane), so sigma_xx + sigma_yy ~ uniform background only
    const out = at(n / 2 + 2 * radius, n / 2);
    expect(Math.abs((sol.stress.xx[out]! + sol.stress.yy[out]!) / sxxExpected)).toBeLessThan(0.1);
    expect(sol.stress.xx[out]! / sxxExpected).toBeCloseTo(0.25 * (1 - 0), 1); // sigma_rr(2R) = sigma_in (R/2R)^2
    // hydrostatic stress is local for a homogeneous isotropic solid: -4 mu K / (lambda + 2 mu) (e - mean e) + mean part
    const h = (-4 * mu * lame.bulk) / (lame.lambda + 2 * mu);
    let meanE = 0;
    for (const v of e) meanE += v / grid.size;
    const shift = sol.hydrostaticStress[0]! - h * (e[0]! - meanE);
    for (const i of [centre, out, at(n / 2 + radius, n / 2)]) {
      expect(Math.abs(sol.hydrostaticStress[i]! - (h * (e[i]! - meanE) + shift))).toBeLessThan(1e-12);
    }
  });

  it("3D sphere: hydrostatic pressure inside = 4 mu K eps_v / (3K + 4 mu) (Eshelby) in the dilute limit", () => {
    const n = 32;
    const grid = createGrid({ nx: n, ny: n, nz: n, lengthX: n, lengthY: n, lengthZ: n });
    const e0 = 0.01;
    const domain = createParticleDomain(grid, { shape: { kind: "sphere", radius: 6 }, interfaceWidth: 0.7 });
    const e = domain.psi.map((p) => e0 * p);
    const sol = solveDilatationalElasticity(grid, e, { shearModulus: mu, poissonRatio: nu, macroscopic: "stressFree" });
    let f = 0;
    for (const v of e) f += v / (e0 * grid.size);
    const centre = n / 2 + n * (n / 2 + n * (n / 2));
    const pressure = (4 * mu * lame.bulk * 3 * e0) / (3 * lame.bulk + 4 * mu);
    // rtol 1e-10: sigma_h is local, -pressure (e/e0 - f) exactly with the stress-free mean
    expect(Math.abs(-sol.hydrostaticStress[centre]! / (pressure * (e[centre]! / e0 - f)) - 1)).toBeLessThan(1e-10);
    expect(1 - f).toBeGreaterThan(0.97); // dilute: within 3 % of the single-inclusion value
  });

  it("elastic coupling raises the effective curvature: coherent spinodal is suppressed", () => {
    // With f'' = -2 at c = 0.5 and an elastic stiffening 12 eta^2 mu K/(lambda+2mu) > 2, small perturbations decay
    const grid = createGrid({ nx: 32, ny: 32, lengthX: 32, lengthY: 32 });
    const stiff = (12 * mu * lame.bulk) / (lame.lambda + 2 * mu);
    const eta = Math.sqrt(3 / stiff); // stiffening = 3 > 2
    const init = Float64Array.from({ length: grid.size }, (_, i) => 0.5 + 1e-4 * Math.cos((2 * Math.PI * (i % 32)) / 32));
    const common = { grid, freeEnergy: { kind: "regularSolution", chi: 3 } as const, gradientCoefficient: 1, mobility: { kind: "constant", value: 1 } as const, initialConcentration: init, timeStep: 0.01 };
    const free = createCahnHilliardSolver(common);
    const coupled = createCahnHilliardSolver({ ...common, elasticity: { shearModulus: mu, poissonRatio: nu, eigenstrainPerConcentration: eta } });
    free.advance(500);
    coupled.advance(500);
    const amp = (c: Float64Array) => Math.max(...c) - 0.5;
    expect(amp(free.concentration)).toBeGreaterThan(1e-4);
    expect(amp(coupled.concentration)).toBeLessThan(1e-4);
    expect(coupled.energy().elastic).toBeGreaterThan(0);
  });
});
