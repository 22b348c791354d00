import { describe, expect, it } from "vitest";
import { RealFft } from "../src/internal/realFft.js";
import { fftRows, fftRowsDif, fftRowsDit, RowFftPlan } from "../src/internal/rowFft.js";

// rtol: a radix-2 FFT of length n has round-off ~ eps log2(n) relative to the largest coefficient
// (~2e-15 at n = 256); 1e-12 leaves ample room and still fails on any wrong twiddle or index
const rtol = 1e-12;

/** Direct O(n^2) DFT along rows of an n x width interleaved complex matrix. */
function naiveRows(a: Float64Array, n: number, width: number, sign: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < n; k++)
    for (let v = 0; v < width; v++) {
      let re = 0;
      let im = 0;
      for (let r = 0; r < n; r++) {
        const ph = (sign * 2 * Math.PI * ((k * r) % n)) / n;
        const xr = a[2 * (r * width + v)]!;
        const xi = a[2 * (r * width + v) + 1]!;
        re += xr * Math.cos(ph) - xi * Math.sin(ph);
        im += xr * Math.sin(ph) + xi * Math.cos(ph);
      }
      out[2 * (k * width + v)] = re;
      out[2 * (k * width + v) + 1] = im;
    }
  return out;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  const scale = maxAbs(expected);
  let err = 0;
  for (let i = 0; i < expected.length; i++) err = Math.max(err, Math.abs(actual[i]! - expected[i]!));
  expect(err).toBeLessThanOrEqual(rtol * scale);
}

/** Rows permuted by the plan's bit reversal: out row rev[r] = in row r. */
function permuteRows(a: Float64Array, plan: RowFftPlan, width: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r < plan.n; r++) out.set(a.subarray(2 * r * width, 2 * (r + 1) * width), 2 * plan.rev[r]! * width);
  return out;
}

describe("row-vectorised complex FFT", () => {
  const width = 3;
  for (const n of [1, 2, 4, 8, 16, 32, 64, 128, 256]) {
    it(`matches the direct DFT for n = ${n} (natural, DIT and DIF orderings, both signs)`, () => {
      const plan = new RowFftPlan(n);
      const x = Float64Array.from({ length: 2 * n * width }, (_, i) => Math.sin(0.7 * i + 0.3) + 0.25 * Math.cos(0.013 * i * i));
      for (const inverse of [false, true]) {
        const expected = naiveRows(x, n, width, inverse ? 1 : -1);
        const a = Float64Array.from(x);
        fftRows(a, 0, plan, width, inverse);
        expectClose(a, expected);
        // DIT: bit-reversed rows in, natural out
        const b = permuteRows(x, plan, width);
        fftRowsDit(b, 0, plan, width, inverse);
        expectClose(b, expected);
        // DIF: natural in, bit-reversed rows out
        const c = Float64Array.from(x);
        fftRowsDif(c, 0, plan, width, inverse);
        expectClose(c, permuteRows(expected, plan, width));
      }
    });
  }

  it("transforms at an offset without touching the rest of the buffer", () => {
    const plan = new RowFftPlan(8);
    const buf = Float64Array.from({ length: 2 * 8 * 2 + 10 }, (_, i) => Math.cos(i));
    const before = Float64Array.from(buf);
    fftRows(buf, 6, plan, 2, false);
    for (let i = 0; i < 6; i++) expect(buf[i]).toBe(before[i]);
    for (let i = 6 + 32; i < buf.length; i++) expect(buf[i]).toBe(before[i]);
    expectClose(buf.subarray(6, 38), naiveRows(before.subarray(6, 38), 8, 2, -1));
  });

  it("rejects lengths that are not powers of two", () => {
    expect(() => new RowFftPlan(12)).toThrow(RangeError);
  });
});

describe("RealFft against a separable direct DFT (every stored mode)", () => {
  for (const [nx, ny, nz] of [[64, 32, 1], [16, 64, 1], [8, 16, 8]] as const) {
    it(`${nx} x ${ny} x ${nz}`, () => {
      const fft = new RealFft(nx, ny, nz);
      const real = Float64Array.from({ length: nx * ny * nz }, (_, i) => Math.sin(0.37 * i) + Math.cos(0.011 * i * i) - 0.2);
      const spec = fft.createSpectrum();
      fft.forward(real, spec);
      // full complex DFT by direct 1D DFTs along x, then y, then z
      let full = new Float64Array(2 * real.length);
      for (let i = 0; i < real.length; i++) full[2 * i] = real[i]!;
      const along = (data: Float64Array, n: number, stride: number, count: number, blockStride: number): Float64Array => {
        const out = new Float64Array(data.length);
        const line = new Float64Array(2 * n);
        for (let b = 0; b < count / stride; b++)
          for (let v = 0; v < stride; v++) {
            const base = b * blockStride + v;
            for (let j = 0; j < n; j++) {
              line[2 * j] = data[2 * (base + j * stride)]!;
              line[2 * j + 1] = data[2 * (base + j * stride) + 1]!;
            }
            const t = naiveRows(line, n, 1, -1);
            for (let j = 0; j < n; j++) {
              out[2 * (base + j * stride)] = t[2 * j]!;
              out[2 * (base + j * stride) + 1] = t[2 * j + 1]!;
            }
          }
        return out;
      };
      const lines = ny * nz;
      full = along(full, nx, 1, lines, nx);
      full = along(full, ny, nx, nx * nz, nx * ny);
      if (nz > 1) full = along(full, nz, nx * ny, nx * ny, nx * ny * nz);
      const expected = new Float64Array(2 * fft.spectralSize);
      for (let kz = 0; kz < nz; kz++)
        for (let ky = 0; ky <= ny / 2; ky++)
          for (let kx = 0; kx < nx; kx++) {
            const s = fft.spectralIndex(kx, ky, kz);
            const f = kx + nx * (ky + ny * kz);
            expected[2 * s] = full[2 * f]!;
            expected[2 * s + 1] = full[2 * f + 1]!;
          }
      expectClose(spec, expected);
      const back = new Float64Array(real.length);
      fft.inverseInPlace(spec, back);
      expectClose(back, real);
    });
  }
});
