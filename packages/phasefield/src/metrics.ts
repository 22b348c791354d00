/**
 * Microstructure measures: phase fraction and interface area (length in 2D).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Grid } from "./grid.js";

/** Options of {@link phaseFraction}. */
export interface PhaseFractionOptions {
  /** Concentration above which a point counts as the lithium-rich phase. @default 0.5 */
  threshold?: number;
  /** Domain parameter psi (weights each point); omit for the whole box. */
  psi?: Float64Array;
}

/**
 * Volume fraction of the c > threshold phase: sum(psi [c > t]) / sum(psi).
 * @param c - concentration field
 * @param options - threshold and optional psi
 * @returns fraction in [0, 1]
 * @throws InvalidParameterError for mismatched psi
 */
export function phaseFraction(c: Float64Array, options: PhaseFractionOptions = {}): number {
  const { threshold = 0.5, psi } = options;
  if (psi !== undefined && psi.length !== c.length) throw new InvalidParameterError({ parameter: "psi", value: psi.length, expected: `${c.length} values` });
  let num = 0;
  let den = 0;
  for (let i = 0; i < c.length; i++) {
    const w = psi === undefined ? 1 : psi[i]!;
    den += w;
    if (c[i]! > threshold) num += w;
  }
  return den > 0 ? num / den : 0;
}

/** Options of {@link interfaceArea}. */
export interface InterfaceAreaOptions {
  /** Composition jump across the interface (c_beta - c_alpha). */
  contrast: number;
  /** Domain parameter psi weighting the integrand; omit for the whole box. */
  psi?: Float64Array;
}

/**
 * Diffuse-interface estimate of the interface area (3D) or length (2D):
 * A = integral of psi |grad c| / (c_beta - c_alpha), exact for any monotone 1D profile across a flat
 * interface between the two plateaus. Gradients by periodic central differences.
 * @param grid - the grid
 * @param c - concentration field
 * @param options - contrast and optional psi
 * @returns area (length in 2D) in the model length unit
 * @throws InvalidParameterError for a non-positive contrast or mismatched fields
 */
export function interfaceArea(grid: Grid, c: Float64Array, options: InterfaceAreaOptions): number {
  const { contrast, psi } = options;
  if (typeof contrast !== "number" || !Number.isFinite(contrast) || contrast <= 0) throw new InvalidParameterError({ parameter: "contrast", value: contrast, expected: "a finite number > 0" });
  if (c.length !== grid.size) throw new InvalidParameterError({ parameter: "c", value: c.length, expected: `${grid.size} values` });
  const { nx, ny, nz } = grid;
  let total = 0;
  for (let z = 0; z < nz; z++) {
    const zp = nz > 1 ? (z + 1) % nz : z;
    const zm = nz > 1 ? (z - 1 + nz) % nz : z;
    for (let y = 0; y < ny; y++) {
      const yp = (y + 1) % ny;
      const ym = (y - 1 + ny) % ny;
      for (let x = 0; x < nx; x++) {
        const xp = (x + 1) % nx;
        const xm = (x - 1 + nx) % nx;
        const at = (i: number, j: number, k: number): number => c[i + nx * (j + ny * k)]!;
        const gx = (at(xp, y, z) - at(xm, y, z)) / (2 * grid.dx);
        const gy = (at(x, yp, z) - at(x, ym, z)) / (2 * grid.dy);
        const gz = nz > 1 ? (at(x, y, zp) - at(x, y, zm)) / (2 * grid.dz) : 0;
        const w = psi === undefined ? 1 : psi[x + nx * (y + ny * z)]!;
        total += w * Math.sqrt(gx * gx + gy * gy + gz * gz);
      }
    }
  }
  return (total * grid.cellVolume) / contrast;
}
