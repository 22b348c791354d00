/**
 * Angular wavenumbers for each entry of a half spectrum, in the layout of RealFft:
 * s = ky + hy (kx + nx kz), ky = 0..ny/2 (hy = ny/2 + 1), kx and kz over their full ranges.
 */
import type { Grid } from "../grid.js";

/** kx, ky, kz and |k|^2 per spectral index, plus Parseval weights. */
export interface Wavenumbers {
  kx: Float64Array;
  ky: Float64Array;
  kz: Float64Array;
  k2: Float64Array;
  /** 1 for ky = 0 and ky = ny/2, else 2 (each stored entry stands for itself and its conjugate). */
  weight: Float64Array;
}

function axis(n: number, length: number, i: number): number {
  const m = i <= n / 2 ? i : i - n;
  return (2 * Math.PI * m) / length;
}

/**
 * Precomputes wavenumbers k = 2 pi m / L for a grid's half spectrum (m = 0..n/2 along y,
 * m in (-n/2, n/2] along x and z). Used as is for even operators (|k|^2, |k|^4); first
 * derivatives use createDerivativeWavenumbers.
 */
export function createWavenumbers(grid: Grid): Wavenumbers {
  const { nx, ny, nz } = grid;
  const hy = ny / 2 + 1;
  const n = hy * nx * nz;
  const kx = new Float64Array(n);
  const ky = new Float64Array(n);
  const kz = new Float64Array(n);
  const k2 = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let z = 0; z < nz; z++) {
    const vz = nz > 1 ? axis(nz, grid.lengthZ, z) : 0;
    for (let x = 0; x < nx; x++) {
      const vx = axis(nx, grid.lengthX, x);
      for (let y = 0; y < hy; y++) {
        const s = y + hy * (x + nx * z);
        const vy = (2 * Math.PI * y) / grid.lengthY;
        kx[s] = vx;
        ky[s] = vy;
        kz[s] = vz;
        k2[s] = vx * vx + vy * vy + vz * vz;
        weight[s] = y === 0 || y === ny / 2 ? 1 : 2;
      }
    }
  }
  return { kx, ky, kz, k2, weight };
}

/**
 * Wavenumbers for first derivatives: as above but zero on each axis's Nyquist plane,
 * where i k c_hat of a real field has no real counterpart.
 */
export function createDerivativeWavenumbers(grid: Grid, base: Wavenumbers): Wavenumbers {
  const { nx, ny, nz } = grid;
  const hy = ny / 2 + 1;
  const kx = Float64Array.from(base.kx);
  const ky = Float64Array.from(base.ky);
  const kz = Float64Array.from(base.kz);
  for (let z = 0; z < nz; z++) {
    for (let x = 0; x < nx; x++) {
      for (let y = 0; y < hy; y++) {
        const s = y + hy * (x + nx * z);
        if (x === nx / 2) kx[s] = 0;
        if (y === ny / 2) ky[s] = 0;
        if (nz > 1 && z === nz / 2) kz[s] = 0;
      }
    }
  }
  return { kx, ky, kz, k2: base.k2, weight: base.weight };
}
