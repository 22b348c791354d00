/**
 * 2D scalar fields (phase-field snapshots) as PNG images.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { NumericArray } from "./types.js";
import { SEQUENTIAL_SCHEME } from "./theme.js";
import { binsForCells, encodeRgbaPng, rasterize, valueDomain } from "./internal/raster.js";

/** Options of {@link renderFieldPng}. */
export interface RenderFieldPngOptions {
  /** Continuous vega colour scheme. @default "viridis" */
  scheme?: string;
  /** Colour-scale domain [low, high]; values outside are clamped. @default finite min..max */
  domain?: readonly [number, number];
  /** Value-to-colour transform. @default "linear" */
  scaleType?: "linear" | "sqrt" | "log";
  /** Integer pixels per cell along each axis (nearest-neighbour). @default 1 */
  pixelsPerCell?: number;
  /**
   * Draw row j = 0 at the bottom (y upwards, as in a plot) instead of at the top.
   * @default true
   */
  flipY?: boolean;
}

/**
 * Renders a 2D scalar field to PNG bytes, one pixel (or `pixelsPerCell`² pixels) per cell.
 * Layout: row-major, `values[j * nx + i]` is cell (x index i, y index j). Non-finite cells are
 * transparent.
 *
 * @param values - field values (length nx * ny), e.g. a concentration c in [0, 1]
 * @param nx - cells along x
 * @param ny - cells along y
 * @param options - colour scheme, domain, scale, magnification, orientation
 * @returns PNG file bytes
 * @throws InvalidParameterError for a size mismatch, bad sizes, a field with no finite value
 *   (without `domain`), or a bad domain/scheme
 * @example
 * const png = renderFieldPng(c, 128, 128, { domain: [0, 1], pixelsPerCell: 2 });
 */
export function renderFieldPng(values: NumericArray, nx: number, ny: number, options: RenderFieldPngOptions = {}): Uint8Array {
  const { scheme = SEQUENTIAL_SCHEME, scaleType = "linear", pixelsPerCell = 1, flipY = true } = options;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) {
    throw new InvalidParameterError({ parameter: "nx, ny", value: [nx, ny], expected: "positive integers" });
  }
  if (values.length !== nx * ny) throw new InvalidParameterError({ parameter: "values", value: values.length, expected: `nx * ny = ${nx * ny} values` });
  if (!Number.isInteger(pixelsPerCell) || pixelsPerCell < 1 || nx * ny * pixelsPerCell * pixelsPerCell > 64e6) {
    throw new InvalidParameterError({ parameter: "options.pixelsPerCell", value: pixelsPerCell, expected: "a positive integer giving at most 64 megapixels" });
  }
  const domain = options.domain ?? valueDomain(values, scaleType === "log");
  if (domain === undefined) throw new InvalidParameterError({ parameter: "values", value: "no finite value", expected: "at least one finite value (or options.domain)" });
  const cols = binsForCells(nx, pixelsPerCell, false);
  const rows = binsForCells(ny, pixelsPerCell, flipY);
  const rgba = rasterize(values, nx, rows, cols, { scheme, domain, type: scaleType });
  return encodeRgbaPng(rgba, nx * pixelsPerCell, ny * pixelsPerCell);
}
