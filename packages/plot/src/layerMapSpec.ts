/**
 * Layer x time maps (seed paper Fig. 5): one quantity per (depth layer, time), measured against
 * the model, and their residual.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { DIVERGING_SCHEME, SEQUENTIAL_SCHEME } from "./theme.js";
import { checkLength, size, topLevel } from "./internal/spec.js";
import { bandEdges, binsForBands, binsForSamples, checkIncreasing, encodeRgbaPng, medianSpacing, pngDataUri, rasterize, valueDomain } from "./internal/raster.js";
import type { ColorScale } from "./internal/raster.js";
import { imageWithLegend, TIME_UNITS } from "./internal/imageLayers.js";
import type { TimeUnit } from "./internal/imageLayers.js";

/**
 * A quantity on a (layer x time) grid. @operando/maps' `LayerMap` has this shape.
 * `values[i * timesS.length + j]` is layer i (depth `depthsUm[i]`) at time `timesS[j]`; NaN = no data.
 */
export interface LayerGridInput {
  /** Layer centre depths from the separator, µm, strictly increasing. */
  depthsUm: NumericArray;
  /** Times, s, strictly increasing. */
  timesS: NumericArray;
  /** Values, layer-major. */
  values: NumericArray;
}

/** Options of {@link layerMapSpec}. */
export interface LayerMapOptions extends FigureOptions {
  /** Colour legend title with unit, e.g. "x in LixV2O5" or "c (Å)". @default "x" */
  valueLabel?: string;
  /** Continuous vega scheme. @default "viridis" ("blueorange" when `diverging`) */
  scheme?: string;
  /** Colour domain. @default finite min..max (symmetric ±max|v| when `diverging`) */
  domain?: readonly [number, number];
  /** Use the diverging scheme with a domain symmetric about 0 (for residuals). @default false */
  diverging?: boolean;
  /** Time-axis unit. @default "h" */
  timeUnit?: TimeUnit;
  /** Raster pixels per screen pixel. @default 2 */
  rasterScale?: number;
}

function checkGrid(name: string, grid: LayerGridInput): void {
  checkIncreasing(`${name}.depthsUm`, grid.depthsUm);
  checkIncreasing(`${name}.timesS`, grid.timesS);
  checkLength(`${name}.values`, grid.values, grid.depthsUm.length * grid.timesS.length);
}

function resolveScale(values: NumericArray, options: LayerMapOptions): ColorScale {
  const diverging = options.diverging ?? false;
  let domain = options.domain;
  if (domain === undefined) {
    const d = valueDomain(values, false);
    if (d === undefined) throw new InvalidParameterError({ parameter: "values", value: "no finite value", expected: "at least one finite value (or options.domain)" });
    const m = Math.max(Math.abs(d[0]), Math.abs(d[1])) || 1;
    domain = diverging ? [-m, m] : d;
  }
  return { scheme: options.scheme ?? (diverging ? DIVERGING_SCHEME : SEQUENTIAL_SCHEME), domain, type: "linear" };
}

/** The panel (unit spec with layers) of one map; used by both exported functions. */
function panel(grid: LayerGridInput, options: LayerMapOptions, scale: ColorScale, title: string | undefined): Record<string, unknown> {
  checkGrid("map", grid);
  const unit = options.timeUnit ?? "h";
  const k = TIME_UNITS[unit];
  if (k === undefined) throw new InvalidParameterError({ parameter: "options.timeUnit", value: unit, expected: '"s", "min" or "h"' });
  const t = Float64Array.from(grid.timesS, (v) => v / k);
  const nt = t.length;
  const dt = medianSpacing(t);
  const tDomain = [t[0]! - dt / 2, t[nt - 1]! + dt / 2] as const;
  const edges = bandEdges(grid.depthsUm);
  const zDomain = [edges[0]!, edges[edges.length - 1]!] as const;
  const width = size("options.width", options.width, 460);
  const height = size("options.height", options.height, 170);
  const rasterScale = size("options.rasterScale", options.rasterScale, 2);
  const pw = Math.max(1, Math.round(width * rasterScale));
  const ph = Math.max(1, Math.round(height * rasterScale));
  // Depth grows downwards (separator at the top): pixel row 0 is the smallest depth.
  const rows = binsForBands(edges, ph, false);
  const cols = binsForSamples(t, tDomain[0], tDomain[1], pw, false);
  const png = encodeRgbaPng(rasterize(grid.values, nt, rows, cols, scale), pw, ph);
  const spec: Record<string, unknown> = {
    width,
    height,
    layer: imageWithLegend(pngDataUri(png), { domain: tDomain, title: `Time (${unit})` }, { domain: zDomain, title: "Depth from separator (µm)", reverse: true }, scale, options.valueLabel ?? "x"),
  };
  if (title !== undefined) spec.title = title;
  return spec;
}

/**
 * One layer x time map: time horizontal, depth from the separator vertical (downwards), colour =
 * value; each layer is a band between the midpoints to its neighbours.
 *
 * @param map - the grid (e.g. a LayerMap from @operando/maps)
 * @param options - colour scheme/domain, units, sizes, title
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for inconsistent arrays or no finite value
 */
export function layerMapSpec(map: LayerGridInput, options: LayerMapOptions = {}): PlotSpec {
  const body = panel(map, options, resolveScale(map.values, options), undefined);
  return topLevel(body, options.title);
}

/** Input of {@link layerMapComparisonSpec}. */
export interface LayerMapComparisonInput {
  /** Measured map. */
  measured: LayerGridInput;
  /** Model map (e.g. interpolated onto the measured times). */
  model?: LayerGridInput;
  /** Residual map (measured − model), drawn with the diverging scheme. */
  residual?: LayerGridInput;
}

/**
 * Stacked layer x time maps: measured and model on one shared colour scale, and the residual on a
 * diverging scale symmetric about zero.
 *
 * @param input - measured, model and residual grids
 * @param options - applies to each panel (`domain` sets the measured/model domain)
 * @returns Vega-Lite spec (vconcat)
 * @throws InvalidParameterError for inconsistent arrays or no finite value
 */
export function layerMapComparisonSpec(input: LayerMapComparisonInput, options: LayerMapOptions = {}): PlotSpec {
  const shared = options.domain ?? valueDomain(Float64Array.from([...Array.from(input.measured.values), ...(input.model === undefined ? [] : Array.from(input.model.values))]), false);
  if (shared === undefined) throw new InvalidParameterError({ parameter: "input.measured.values", value: "no finite value", expected: "at least one finite value" });
  const sequential = resolveScale(input.measured.values, { ...options, domain: shared, diverging: false });
  const label = options.valueLabel ?? "x";
  const panels = [panel(input.measured, options, sequential, `Measured ${label}`)];
  if (input.model !== undefined) panels.push(panel(input.model, options, sequential, `Model ${label}`));
  if (input.residual !== undefined) {
    const { domain: _ignored, scheme: _scheme, ...rest } = options;
    const residualOptions: LayerMapOptions = { ...rest, diverging: true, valueLabel: `Residual ${label}` };
    panels.push(panel(input.residual, residualOptions, resolveScale(input.residual.values, residualOptions), `Measured − model`));
  }
  return topLevel({ vconcat: panels, spacing: 12, resolve: { scale: { color: "independent" }, legend: { color: "independent" } } }, options.title);
}
