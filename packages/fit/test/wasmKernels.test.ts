import { createRng } from "@operando/core";
import { describe, expect, it } from "vitest";
import { compileKernels, kernelsModuleSource } from "../../../scripts/wasm/build.js";
import { createPeakModel, curveFit } from "../src/index.js";
import { KERNELS_WASM_BASE64 } from "../src/internal/kernelsWasm.js";
import { createFitArena } from "../src/internal/wasmKernels.js";
import { useWasmKernels } from "../src/internal/workspace.js";

function arenaOrFail(n: number, m: number) {
  const arena = createFitArena(n, m);
  if (arena === undefined) throw new Error("WebAssembly SIMD is not available in this Node");
  return arena;
}

describe("WebAssembly kernels", () => {
  it("the committed module is the compiled kernels.wat", async () => {
    const bytes = await compileKernels();
    expect(Buffer.from(bytes).toString("base64")).toBe(KERNELS_WASM_BASE64);
    expect(kernelsModuleSource(bytes)).toContain("GENERATED");
  });

  it("syrk equals the plain sums for odd and even sizes, with and without the extra column", () => {
    const rng = createRng(7);
    for (const [n, m] of [[1, 1], [2, 1], [3, 2], [7, 5], [600, 10], [601, 17]] as const) {
      const arena = arenaOrFail(n, m);
      for (let i = 0; i < n * m; i++) arena.jacobian[i] = rng.normal();
      for (let i = 0; i < n; i++) arena.extra[i] = rng.normal();
      for (const count of [m, m + 1]) {
        arena.product.fill(Number.NaN);
        arena.syrk(count);
        const column = (c: number, i: number): number => (c < m ? arena.jacobian[c * n + i]! : arena.extra[i]!);
        for (let p = 0; p < count; p++) {
          for (let q = p; q < count; q++) {
            let sum = 0;
            let scale = 0;
            for (let i = 0; i < n; i++) {
              sum += column(p, i) * column(q, i);
              scale += Math.abs(column(p, i) * column(q, i));
            }
            // different summation order (two lanes): rounding ~ n eps times the sum of |terms|
            expect(Math.abs(arena.product[p * count + q]! - sum)).toBeLessThanOrEqual(4 * n * Number.EPSILON * scale);
          }
        }
      }
    }
  });

  it("scaleColumns multiplies like the JavaScript loop and reports the first non-finite column", () => {
    const rng = createRng(8);
    for (const n of [1, 5, 600]) {
      const m = 3;
      const arena = arenaOrFail(n, m);
      for (let i = 0; i < n * m; i++) arena.jacobian[i] = rng.normal();
      for (let i = 0; i < n; i++) arena.sqrtW[i] = rng.uniform();
      arena.columnScale.set([1, -2.5, 0.3]);
      const expected = arena.jacobian.map((v, idx) => v * arena.sqrtW[idx % n]! * arena.columnScale[Math.floor(idx / n)]!);
      expect(arena.scaleColumns()).toBe(-1);
      expect(Array.from(arena.jacobian)).toEqual(Array.from(expected)); // same operations, same order: bitwise
      arena.jacobian[2 * n - 1] = Number.POSITIVE_INFINITY; // last row of column 1 (the odd tail when n is odd)
      arena.jacobian[2 * n + 0] = Number.NaN;
      expect(arena.scaleColumns()).toBe(1);
    }
  });

  it("residuals equal the JavaScript loop; the sum is NaN or infinite when a model value is", () => {
    const rng = createRng(9);
    for (const n of [1, 4, 601]) {
      const arena = arenaOrFail(n, 2);
      let sum = 0;
      const expected = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        arena.modelB[i] = rng.normal();
        arena.y[i] = rng.normal();
        arena.sqrtW[i] = rng.uniform();
        expected[i] = (arena.modelB[i]! - arena.y[i]!) * arena.sqrtW[i]!;
        sum += expected[i]! ** 2;
      }
      const got = arena.residuals(arena.modelB, arena.residualA);
      expect(Array.from(arena.residualA)).toEqual(Array.from(expected));
      expect(Math.abs(got - sum)).toBeLessThanOrEqual(4 * n * Number.EPSILON * sum);
      arena.modelB[n - 1] = Number.NaN;
      expect(Number.isNaN(arena.residuals(arena.modelB, arena.residualB))).toBe(true);
    }
  });

  it("curveFit gives the same answers with the kernels and with the JavaScript loops", () => {
    const rng = createRng(10);
    const n = 401;
    const x = Float64Array.from({ length: n }, (_, i) => 3.8 + (1.4 * i) / (n - 1));
    const model = createPeakModel({ peaks: [{ center: 4.3, intensity: 400, fwhm: 0.05 }, { center: 4.7, intensity: 250, fwhm: 0.06 }], xRange: [3.8, 5.2], backgroundValues: [30, 5] });
    const truth = model.initial.slice();
    truth[0] = 4.305;
    truth[4] = 4.695;
    const clean = new Float64Array(n);
    model.model(x, truth, clean);
    const y = clean.map((v) => v + Math.sqrt(v) * rng.normal());
    const sigma = y.map((v) => Math.sqrt(Math.max(v, 1)));
    const run = (analytic: boolean) => curveFit(model.model, x, y, model.initial, { ...(analytic ? { jacobian: model.jacobian } : {}), lower: model.lower, upper: model.upper, sigma, ftol: 1e-13, xtol: 1e-13 });
    const previous = useWasmKernels(false);
    try {
      const jsAnalytic = run(true);
      const jsForward = run(false);
      useWasmKernels(true);
      const wasmAnalytic = run(true);
      const wasmForward = run(false);
      // Only summation order differs: run to tight tolerances, the converged points agree far
      // below the parameter errors (default tolerances stop anywhere within ~1e-3 sigma).
      for (const [a, b] of [[jsAnalytic, wasmAnalytic], [jsForward, wasmForward]] as const) {
        for (let j = 0; j < a.parameters.length; j++) {
          expect(Math.abs(a.parameters[j]! - b.parameters[j]!)).toBeLessThan(1e-6 * a.standardErrors[j]!);
          expect(Math.abs(a.standardErrors[j]! / b.standardErrors[j]! - 1)).toBeLessThan(1e-6);
        }
        expect(Math.abs(a.chiSquare / b.chiSquare - 1)).toBeLessThan(1e-12);
      }
    } finally {
      useWasmKernels(previous);
    }
  });
});
