/**
 * A 2D scalar field (phase-field snapshot) as a figure with axes and a colour legend.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { SEQUENTIAL_SCHEME } from "./theme.js";
import { size, topLevel } from "./internal/spec.js";
import { binsForCells, encodeRgbaPng, pngDataUri, rasterize, valueDomain } from "./internal/raster.js";
import { imageWithLegend } from "./internal/imageLayers.js";

/** Options of {@link fieldImageSpec}. */
export interface FieldImageOptions extends FigureOptions {
  /** Cell size along x and y, in the unit of the axis labels. @default 1 */
  cellSize?: number;
  /** x-axis title with unit. @default "x (cells)" */
  xLabel?: string;
  /** y-axis title with unit. @default "y (cells)" */
  yLabel?: string;
  /** Legend title, e.g. "c (Li site fraction)". @default "value" */
  valueLabel?: string;
  /** Continuous vega colour scheme. @default "viridis" */
  scheme?: string;
  /** Colour domain. @default finite min..max */
  domain?: readonly [number, number];
}

/**
 * A field `values[j * nx + i]` (cell i along x, j along y, y upwards) drawn as an image with axes
 * in physical units (cell size `cellSize`) and a colour legend. The raster is upsampled by an
 * integer factor (nearest neighbour) to about the panel width.
 *
 * @param values - field values, length nx * ny
 * @param nx - cells along x
 * @param ny - cells along y
 * @param options - cell size, labels, colour scale, width (height follows the aspect ratio)
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for a size mismatch or no finite value
 */
export function fieldImageSpec(values: NumericArray, nx: number, ny: number, options: FieldImageOptions = {}): PlotSpec {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) throw new InvalidParameterError({ parameter: "nx, ny", value: [nx, ny], expected: "positive integers" });
  if (values.length !== nx * ny) throw new InvalidParameterError({ parameter: "values", value: values.length, expected: `nx * ny = ${nx * ny} values` });
  const cell = options.cellSize ?? 1;
  if (!(cell > 0) || !Number.isFinite(cell)) throw new InvalidParameterError({ parameter: "options.cellSize", value: cell, expected: "a positive number" });
  const domain = options.domain ?? valueDomain(values, false);
  if (domain === undefined) throw new InvalidParameterError({ parameter: "values", value: "no finite value", expected: "at least one finite value (or options.domain)" });
  const width = size("options.width", options.width, 360);
  const height = options.height ?? Math.round((width * ny) / nx);
  const factor = Math.max(1, Math.min(16, Math.ceil((2 * width) / nx)));
  const scale = { scheme: options.scheme ?? SEQUENTIAL_SCHEME, domain, type: "linear" as const };
  const png = encodeRgbaPng(rasterize(values, nx, binsForCells(ny, factor, true), binsForCells(nx, factor, false), scale), nx * factor, ny * factor);
  return topLevel(
    {
      width,
      height: size("options.height", height, height),
      layer: imageWithLegend(pngDataUri(png), { domain: [0, nx * cell], title: options.xLabel ?? "x (cells)" }, { domain: [0, ny * cell], title: options.yLabel ?? "y (cells)" }, scale, options.valueLabel ?? "value"),
    },
    options.title,
  );
}
