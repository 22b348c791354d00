/**
 * Uniform periodic grids for the spectral solver.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/** Options of {@link createGrid}. Lengths are in the model's length unit (e.g. nm, or dimensionless). */
export interface GridOptions {
  /** Points along x: a power of two >= 8 (the radix-2 FFT of internal/rowFft.ts needs powers of two). */
  nx: number;
  /** Points along y: a power of two >= 8. */
  ny: number;
  /** Points along z: 1 for a 2D grid, otherwise a power of two >= 8. @default 1 */
  nz?: number;
  /** Domain length along x (model length unit). */
  lengthX: number;
  /** Domain length along y (model length unit). */
  lengthY: number;
  /** Domain length along z (3D only). @default lengthX * nz / nx */
  lengthZ?: number;
}

/** A validated periodic grid. Fields on it are Float64Array of `size` values, x fastest. */
export interface Grid {
  /** Points along x. */
  readonly nx: number;
  /** Points along y. */
  readonly ny: number;
  /** Points along z (1 in 2D). */
  readonly nz: number;
  /** 2 or 3. */
  readonly dimension: 2 | 3;
  /** Domain length along x. */
  readonly lengthX: number;
  /** Domain length along y. */
  readonly lengthY: number;
  /** Domain length along z (1 in 2D, so "volumes" are areas). */
  readonly lengthZ: number;
  /** Spacing along x = lengthX / nx. */
  readonly dx: number;
  /** Spacing along y = lengthY / ny. */
  readonly dy: number;
  /** Spacing along z = lengthZ / nz (1 in 2D). */
  readonly dz: number;
  /** Volume (3D) or area (2D) of one cell = dx dy dz. */
  readonly cellVolume: number;
  /** Number of grid points nx ny nz. */
  readonly size: number;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 8 && (n & (n - 1)) === 0;
}

/**
 * Validates grid options and derives spacings.
 * @param options - points and lengths per axis
 * @returns the grid
 * @throws InvalidParameterError naming `nx`, `ny`, `nz`, `lengthX`, `lengthY` or `lengthZ`
 * @example
 * ```ts
 * const grid = createGrid({ nx: 256, ny: 256, lengthX: 200, lengthY: 200 }); // dx = 0.78125
 * ```
 */
export function createGrid(options: GridOptions): Grid {
  const { nx, ny, nz = 1, lengthX, lengthY } = options;
  for (const [name, n] of [["nx", nx], ["ny", ny]] as const) {
    if (!isPowerOfTwo(n)) throw new InvalidParameterError({ parameter: name, value: n, expected: "a power of two >= 8 (radix-2 FFT sizes)" });
  }
  if (!(nz === 1 || isPowerOfTwo(nz))) throw new InvalidParameterError({ parameter: "nz", value: nz, expected: "1 (2D) or a power of two >= 8" });
  for (const [name, v] of [["lengthX", lengthX], ["lengthY", lengthY]] as const) {
    if (!(typeof v === "number" && Number.isFinite(v) && v > 0)) throw new InvalidParameterError({ parameter: name, value: v, expected: "a finite length > 0" });
  }
  const dimension = nz > 1 ? 3 : 2;
  const dx = lengthX / nx;
  const dy = lengthY / ny;
  let lengthZ = 1;
  let dz = 1;
  if (dimension === 3) {
    lengthZ = options.lengthZ ?? (lengthX * nz) / nx;
    if (!(Number.isFinite(lengthZ) && lengthZ > 0)) throw new InvalidParameterError({ parameter: "lengthZ", value: options.lengthZ, expected: "a finite length > 0" });
    dz = lengthZ / nz;
  }
  return { nx, ny, nz, dimension, lengthX, lengthY, lengthZ, dx, dy, dz, cellVolume: dx * dy * dz, size: nx * ny * nz };
}
