/**
 * Conservative finite-difference operator div(w grad f) on a periodic grid (flux form, face weights
 * w_{i+1/2} = (w_i + w_{i+1}) / 2). Used for the smoothed-boundary terms: the local stencil keeps
 * ratios like w_{i+1/2} / psi_i bounded where psi is small, which products of Fourier-differentiated
 * fields do not (their aliasing error divided by a small psi is amplified). The flux form telescopes,
 * so the sum of the result over the grid is exactly zero (mass conservation).
 */
import type { Grid } from "../grid.js";

/**
 * out_i = sum_d [w_{i+1/2}(f_{i+1} - f_i) - w_{i-1/2}(f_i - f_{i-1})] / h_d^2.
 * @param grid - periodic grid
 * @param f - field
 * @param w - weight field (same length)
 * @param out - result (overwritten; must not alias f or w)
 */
export function weightedLaplacian(grid: Grid, f: Float64Array, w: Float64Array, out: Float64Array): void {
  const { nx, ny, nz } = grid;
  const ix2 = 1 / (grid.dx * grid.dx);
  const iy2 = 1 / (grid.dy * grid.dy);
  const iz2 = nz > 1 ? 1 / (grid.dz * grid.dz) : 0;
  const plane = nx * ny;
  for (let z = 0; z < nz; z++) {
    const zp = ((z + 1) % nz) * plane;
    const zm = ((z - 1 + nz) % nz) * plane;
    const zo = z * plane;
    for (let y = 0; y < ny; y++) {
      const yp = ((y + 1) % ny) * nx;
      const ym = ((y - 1 + ny) % ny) * nx;
      const yo = y * nx;
      for (let x = 0; x < nx; x++) {
        const xp = x + 1 === nx ? 0 : x + 1;
        const xm = x === 0 ? nx - 1 : x - 1;
        const i = x + yo + zo;
        const fi = f[i]!;
        const wi = w[i]!;
        const ixp = xp + yo + zo;
        const ixm = xm + yo + zo;
        const iyp = x + yp + zo;
        const iym = x + ym + zo;
        let acc =
          ix2 * (0.5 * (wi + w[ixp]!) * (f[ixp]! - fi) - 0.5 * (wi + w[ixm]!) * (fi - f[ixm]!)) +
          iy2 * (0.5 * (wi + w[iyp]!) * (f[iyp]! - fi) - 0.5 * (wi + w[iym]!) * (fi - f[iym]!));
        if (nz > 1) {
          const izp = x + yo + zp;
          const izm = x + yo + zm;
          acc += iz2 * (0.5 * (wi + w[izp]!) * (f[izp]! - fi) - 0.5 * (wi + w[izm]!) * (fi - f[izm]!));
        }
        out[i] = acc;
      }
    }
  }
}

/**
 * Discrete Dirichlet energy sum_i sum_d w_{i+1/2} ((f_{i+1} - f_i) / h_d)^2 (forward faces), the
 * energy whose variational derivative is -2 weightedLaplacian.
 */
export function weightedGradientSquared(grid: Grid, f: Float64Array, w: Float64Array): number {
  const { nx, ny, nz } = grid;
  const plane = nx * ny;
  let total = 0;
  for (let z = 0; z < nz; z++) {
    const zp = ((z + 1) % nz) * plane;
    for (let y = 0; y < ny; y++) {
      const yp = ((y + 1) % ny) * nx;
      for (let x = 0; x < nx; x++) {
        const xp = x + 1 === nx ? 0 : x + 1;
        const i = x + y * nx + z * plane;
        const ixp = xp + y * nx + z * plane;
        const iyp = x + yp + z * plane;
        total += (0.5 * (w[i]! + w[ixp]!) * (f[ixp]! - f[i]!) ** 2) / (grid.dx * grid.dx);
        total += (0.5 * (w[i]! + w[iyp]!) * (f[iyp]! - f[i]!) ** 2) / (grid.dy * grid.dy);
        if (nz > 1) {
          const izp = x + y * nx + zp;
          total += (0.5 * (w[i]! + w[izp]!) * (f[izp]! - f[i]!) ** 2) / (grid.dz * grid.dz);
        }
      }
    }
  }
  return total;
}
