import { createRng } from "@operando/core";
import { afterEach, describe, expect, it } from "vitest";
import { compileWat, PHASEFIELD_FFT, wasmModuleSource } from "../../../scripts/wasm/build.js";
import { createCahnHilliardSolver, createGrid, createParticleDomain, PFHUB_BM1, pfhubBenchmark1Initial } from "../src/index.js";
import type { CahnHilliardOptions } from "../src/index.js";
import { FFT_WASM_BASE64 } from "../src/internal/fftWasm.js";
import { RealFft } from "../src/internal/realFft.js";
import { fftRowsDif, fftRowsDit, RowFftPlan } from "../src/internal/rowFft.js";
import { createFftArena, setWasmFft, wasmFftAvailable } from "../src/internal/wasmFft.js";

// The kernels of fft.wat repeat the JavaScript passes operation for operation (same products and
// sums in the same order, no fused multiply-add; IEEE f64 add/mul give the same bits in WebAssembly
// and JavaScript), so the two paths must agree exactly: any reordering or wrong index shows as a
// difference here. The solver runs are compared with a relative tolerance as specified for the
// physics (rtol below), and happen to agree exactly as well.

afterEach(() => {
  setWasmFft(true);
});

/** Fails (rather than skips) when this Node cannot run the kernels: Node 20 always has SIMD. */
function requireWasm(): void {
  const previous = setWasmFft(true);
  const available = wasmFftAvailable();
  setWasmFft(previous);
  if (!available) throw new Error("WebAssembly SIMD is not available in this Node");
}

/** A RealFft on the JavaScript path and one in WebAssembly for the same grid. */
function pair(nx: number, ny: number, nz: number, pool: boolean): { js: RealFft; wasm: RealFft } {
  requireWasm();
  setWasmFft(false);
  const js = new RealFft(nx, ny, nz);
  setWasmFft(true);
  const wasm = new RealFft(nx, ny, nz, pool ? { spectra: 1, reals: 2 } : {});
  expect(js.usesWasm).toBe(false);
  expect(wasm.usesWasm).toBe(true);
  return { js, wasm };
}

describe("WebAssembly real FFT", () => {
  it("the committed module is the compiled fft.wat", async () => {
    const bytes = await compileWat(PHASEFIELD_FFT.wat);
    expect(Buffer.from(bytes).toString("base64")).toBe(FFT_WASM_BASE64);
    const source = wasmModuleSource(bytes, PHASEFIELD_FFT);
    expect(source).toContain("GENERATED");
    expect(source).toContain("export const FFT_WASM_BASE64 =");
  });

  it("dit and dif kernels equal fftRowsDit / fftRowsDif for every length 1..64 and several widths", () => {
    requireWasm();
    const rng = createRng(11);
    for (const n of [1, 2, 4, 8, 16, 32, 64]) {
      const plan = new RowFftPlan(n);
      for (const width of [1, 2, 3, 8]) {
        const doubles = 2 * n * width;
        // layout: cos | sin | data (all 16-byte aligned)
        const tab = Math.ceil((8 * plan.cos.length) / 16) * 16;
        const arena = createFftArena(2 * tab + 8 * doubles);
        if (arena === undefined) throw new Error("no arena");
        new Float64Array(arena.buffer, 0, plan.cos.length).set(plan.cos);
        new Float64Array(arena.buffer, tab, plan.sin.length).set(plan.sin);
        const data = new Float64Array(arena.buffer, 2 * tab, doubles);
        for (const kind of ["dit", "dif"] as const) {
          for (const inverse of [false, true]) {
            const input = Float64Array.from({ length: doubles }, () => rng.normal());
            const expected = Float64Array.from(input);
            (kind === "dit" ? fftRowsDit : fftRowsDif)(expected, 0, plan, width, inverse);
            data.set(input);
            arena.kernels[kind](data.byteOffset, n, 16 * width, 0, tab, inverse ? 1 : -1);
            expect(Array.from(data)).toEqual(Array.from(expected));
          }
        }
      }
    }
  });

  it("forward and inverse equal the JavaScript path in 2D and 3D, pooled and plain arrays", () => {
    const rng = createRng(12);
    for (const [nx, ny, nz] of [[4, 8, 1], [8, 16, 1], [16, 8, 1], [64, 32, 1], [4, 16, 8], [16, 8, 4], [8, 8, 8], [128, 8, 4]] as const) {
      for (const pool of [true, false]) {
        const { js, wasm } = pair(nx, ny, nz, pool);
        const field = Float64Array.from({ length: js.size }, () => rng.normal());
        const real = wasm.createReal();
        const back = wasm.createReal();
        expect(wasm.holds(real)).toBe(pool);
        real.set(field);
        const specJs = js.createSpectrum();
        const specWasm = wasm.createSpectrum();
        expect(wasm.holds(specWasm)).toBe(pool);
        js.forward(field, specJs);
        wasm.forward(real, specWasm);
        expect(Array.from(real)).toEqual(Array.from(field)); // input untouched
        expect(Array.from(specWasm)).toEqual(Array.from(specJs));
        const outJs = new Float64Array(js.size);
        js.inverseInPlace(specJs, outJs);
        wasm.inverseInPlace(specWasm, back);
        expect(Array.from(back)).toEqual(Array.from(outJs));
        // and the round trip is the identity to round-off (atol: O(eps log n) on O(1) values)
        const atol = 1e-13;
        for (let i = 0; i < field.length; i++) expect(Math.abs(back[i]! - field[i]!)).toBeLessThan(atol);
      }
    }
  });

  it("hands out pool arrays only up to the requested counts, then plain zeroed arrays", () => {
    requireWasm();
    const fft = new RealFft(8, 8, 1, { spectra: 1, reals: 1 });
    const s1 = fft.createSpectrum();
    const s2 = fft.createSpectrum();
    const r1 = fft.createReal();
    const r2 = fft.createReal();
    expect([fft.holds(s1), fft.holds(s2), fft.holds(r1), fft.holds(r2)]).toEqual([true, false, true, false]);
    expect([s1.length, s2.length, r1.length, r2.length]).toEqual([2 * 5 * 8, 2 * 5 * 8, 64, 64]);
    expect(s1.every((v) => v === 0) && r1.every((v) => v === 0)).toBe(true);
    // pool arrays do not overlap
    s1.fill(1);
    expect(r1.every((v) => v === 0)).toBe(true);
    setWasmFft(false);
    const plain = new RealFft(8, 8, 1, { spectra: 1, reals: 1 });
    expect(plain.usesWasm).toBe(false);
    expect(plain.kernels).toBeUndefined();
    expect(plain.holds(plain.createSpectrum())).toBe(false);
  });
});

describe("Cahn-Hilliard solver with the WebAssembly FFT on and off", () => {
  // rtol: both paths perform identical floating-point operations; 1e-13 is the specified bound for
  // "same physics" and would still catch any kernel error (which shows up at O(1e-3) or worse)
  const rtol = 1e-13;

  function run(options: CahnHilliardOptions, steps: number, wasm: boolean): { c: Float64Array; energy: number } {
    requireWasm();
    setWasmFft(wasm);
    const solver = createCahnHilliardSolver(options);
    solver.advance(steps);
    return { c: Float64Array.from(solver.concentration), energy: solver.energy().total };
  }

  function expectSame(options: CahnHilliardOptions, steps: number): void {
    const a = run(options, steps, false);
    const b = run(options, steps, true);
    let scale = 0;
    let err = 0;
    for (let i = 0; i < a.c.length; i++) {
      scale = Math.max(scale, Math.abs(a.c[i]!));
      err = Math.max(err, Math.abs(a.c[i]! - b.c[i]!));
    }
    expect(err).toBeLessThanOrEqual(rtol * scale);
    expect(Math.abs(a.energy - b.energy)).toBeLessThanOrEqual(rtol * Math.abs(a.energy));
    expect(b.c.every(Number.isFinite)).toBe(true);
  }

  it("PFHub BM1a (periodic, constant mobility: wasm FFT + pointwise kernels) agrees", () => {
    const grid = createGrid({ nx: 64, ny: 64, lengthX: 200, lengthY: 200 });
    const options: CahnHilliardOptions = {
      grid,
      freeEnergy: PFHUB_BM1.freeEnergy,
      gradientCoefficient: PFHUB_BM1.gradientCoefficient,
      mobility: PFHUB_BM1.mobility,
      initialConcentration: pfhubBenchmark1Initial(grid),
      timeStep: 1,
    };
    expectSame(options, 200);
  });

  it("variable mobility and a smoothed-boundary particle in 3D agree", () => {
    const grid = createGrid({ nx: 16, ny: 16, nz: 8, lengthX: 16, lengthY: 16, lengthZ: 8 });
    const rng = createRng(13);
    const c0 = Float64Array.from({ length: grid.size }, () => 0.45 + 0.05 * rng.uniform());
    const base = { grid, freeEnergy: { kind: "regularSolution", chi: 3 }, gradientCoefficient: 1, initialConcentration: c0, timeStep: 0.02 } as const;
    expectSame({ ...base, mobility: { kind: "cOneMinusC", value: 1 } }, 40);
    const domain = createParticleDomain(grid, { shape: { kind: "sphere", center: [8, 8, 4], radius: 3.5 }, interfaceWidth: 1 });
    expectSame({ ...base, mobility: { kind: "constant", value: 1 }, domain, surfaceFlux: 0.01 }, 20);
  });
});
