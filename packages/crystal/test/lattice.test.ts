import { InvalidParameterError } from "@operando/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cellVolume,
  createLattice,
  cubicLattice,
  dSpacing,
  dSpacingGradient,
  dSpacingGradientFree,
  freeLatticeParameters,
  hexagonalLattice,
  latticeFromFreeParameters,
  monoclinicLattice,
  orthorhombicLattice,
  rhombohedralLattice,
  tetragonalLattice,
} from "../src/index.js";
import type { Lattice } from "../src/index.js";

const DEG = Math.PI / 180;
// Closed-form vs metric-tensor d-spacings differ only by floating-point rounding.
const rtolExact = 1e-12;
// Central finite differences with step 1e-6 have truncation error ~1e-11 relative.
const rtolFiniteDifference = 1e-6;

/** Independent d(hkl): Cartesian basis, reciprocal vectors by cross products, |g| = 1/d. */
function dByCrossProducts(l: Lattice, h: number, k: number, m: number): number {
  const ca = Math.cos(l.alphaDeg * DEG);
  const cb = Math.cos(l.betaDeg * DEG);
  const cg = Math.cos(l.gammaDeg * DEG);
  const sg = Math.sin(l.gammaDeg * DEG);
  const a = [l.a, 0, 0];
  const b = [l.b * cg, l.b * sg, 0];
  const cx = l.c * cb;
  const cy = (l.c * (ca - cb * cg)) / sg;
  const c = [cx, cy, Math.sqrt(l.c * l.c - cx * cx - cy * cy)];
  const cross = (u: number[], v: number[]): number[] => [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const dot = (u: number[], v: number[]): number => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const vol = dot(a, cross(b, c));
  const as = cross(b, c).map((x) => x / vol);
  const bs = cross(c, a).map((x) => x / vol);
  const cs = cross(a, b).map((x) => x / vol);
  const g = [0, 1, 2].map((i) => h * as[i]! + k * bs[i]! + m * cs[i]!);
  return 1 / Math.sqrt(dot(g, g));
}

describe("dSpacing", () => {
  it("matches the closed forms of each crystal system", () => {
    expect(dSpacing(cubicLattice(5.411651), 1, 1, 1)).toBeCloseTo(5.411651 / Math.sqrt(3), 12);
    const t = tetragonalLattice(4, 7);
    expect(dSpacing(t, 1, 1, 2)).toBeCloseTo(1 / Math.sqrt(2 / 16 + 4 / 49), 12);
    const hx = hexagonalLattice(3.25, 5.2);
    const hexD = 1 / Math.sqrt(((4 / 3) * (1 + 1 * 1 + 1)) / (3.25 * 3.25) + 4 / (5.2 * 5.2));
    expect(Math.abs(dSpacing(hx, 1, 1, 2) - hexD) / hexD).toBeLessThan(rtolExact);
    const m = monoclinicLattice(10, 3.6, 9, 105);
    const sb = Math.sin(105 * DEG);
    const monoD = 1 / Math.sqrt((1 / (sb * sb)) * (4 / 100 + (sb * sb) / (3.6 * 3.6) + 1 / 81 - (2 * 2 * 1 * Math.cos(105 * DEG)) / 90));
    expect(Math.abs(dSpacing(m, 2, 1, 1) - monoD) / monoD).toBeLessThan(rtolExact);
  });

  it("reproduces the alpha-V2O5 d-spacings of science.md section 3", () => {
    const alpha = orthorhombicLattice(11.512, 3.564, 4.368);
    // science.md quotes 3-4 significant figures.
    expect(dSpacing(alpha, 0, 0, 1)).toBeCloseTo(4.368, 3);
    expect(dSpacing(alpha, 1, 0, 1)).toBeCloseTo(4.085, 2);
    expect(dSpacing(alpha, 2, 0, 0)).toBeCloseTo(5.756, 3);
    expect(dSpacing(alpha, 1, 1, 0)).toBeCloseTo(3.4, 2);
  });

  it("agrees with an independent cross-product construction for random triclinic cells", () => {
    fc.assert(
      fc.property(
        fc.record({ a: fc.double({ min: 2, max: 20, noNaN: true }), b: fc.double({ min: 2, max: 20, noNaN: true }), c: fc.double({ min: 2, max: 20, noNaN: true }), alphaDeg: fc.double({ min: 70, max: 110, noNaN: true }), betaDeg: fc.double({ min: 70, max: 110, noNaN: true }), gammaDeg: fc.double({ min: 70, max: 110, noNaN: true }) }),
        fc.integer({ min: -4, max: 4 }),
        fc.integer({ min: -4, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (p, h, k, l) => {
          const lat = createLattice(p);
          const d = dSpacing(lat, h, k, l);
          const ref = dByCrossProducts(lat, h, k, l);
          // Two floating-point routes through ~30 operations each.
          expect(Math.abs(d - ref) / ref).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects 000, non-integers and impossible cells with typed errors", () => {
    expect(() => dSpacing(cubicLattice(4), 0, 0, 0)).toThrow(InvalidParameterError);
    expect(() => dSpacing(cubicLattice(4), 0.5, 0, 0)).toThrow(/integer Miller indices/);
    expect(() => cubicLattice(-1)).toThrow(/^a: /);
    expect(() => createLattice({ a: 1, b: 1, c: 1, alphaDeg: 170, betaDeg: 170, gammaDeg: 170 })).toThrow(InvalidParameterError);
    expect(() => monoclinicLattice(5, 5, 5, 180)).toThrow(/betaDeg/);
  });
});

describe("cellVolume", () => {
  it("matches closed forms", () => {
    expect(cellVolume(cubicLattice(2))).toBeCloseTo(8, 12);
    expect(cellVolume(hexagonalLattice(3, 5))).toBeCloseTo((Math.sqrt(3) / 2) * 9 * 5, 12);
    expect(cellVolume(monoclinicLattice(10, 3, 9, 100))).toBeCloseTo(270 * Math.sin(100 * DEG), 10);
    expect(cellVolume(orthorhombicLattice(11.512, 3.564, 4.368))).toBeCloseTo(11.512 * 3.564 * 4.368, 10);
  });
});

describe("dSpacingGradient", () => {
  it("matches central finite differences for random triclinic cells", () => {
    const names = ["a", "b", "c", "alphaDeg", "betaDeg", "gammaDeg"] as const;
    fc.assert(
      fc.property(
        fc.record({ a: fc.double({ min: 3, max: 15, noNaN: true }), b: fc.double({ min: 3, max: 15, noNaN: true }), c: fc.double({ min: 3, max: 15, noNaN: true }), alphaDeg: fc.double({ min: 75, max: 105, noNaN: true }), betaDeg: fc.double({ min: 75, max: 105, noNaN: true }), gammaDeg: fc.double({ min: 75, max: 105, noNaN: true }) }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (p, h, k, l) => {
          const lat = createLattice(p);
          const g = dSpacingGradient(lat, h, k, l);
          for (const name of names) {
            const step = 1e-6 * lat[name];
            const up = dSpacing({ ...lat, [name]: lat[name] + step }, h, k, l);
            const down = dSpacing({ ...lat, [name]: lat[name] - step }, h, k, l);
            const fd = (up - down) / (2 * step);
            const scale = Math.max(Math.abs(fd), g.dAngstrom / lat[name]);
            expect(Math.abs(g[name] - fd) / scale).toBeLessThan(rtolFiniteDifference);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives dd/da = d/a for a cubic cell through the free-parameter chain rule", () => {
    const lat = cubicLattice(4);
    const [dda] = dSpacingGradientFree("cubic", lat, 1, 1, 1);
    expect(dda).toBeCloseTo(1 / Math.sqrt(3), 12);
    const rh = rhombohedralLattice(5, 60);
    expect(dSpacingGradientFree("rhombohedral", rh, 1, 0, 0)).toHaveLength(2);
  });

  it("round-trips free parameters for every system", () => {
    expect(freeLatticeParameters("monoclinic", latticeFromFreeParameters("monoclinic", [10, 3.6, 9, 101]))).toEqual([10, 3.6, 9, 101]);
    expect(latticeFromFreeParameters("hexagonal", [3, 5]).gammaDeg).toBe(120);
    expect(() => latticeFromFreeParameters("cubic", [1, 2])).toThrow(/1 values/);
  });
});
