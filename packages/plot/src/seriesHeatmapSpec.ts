/**
 * Series heat map: intensity against d (or another x) and time, with the voltage curve beside
 * it (seed paper Fig. 4).
 *
 * @packageDocumentation
 */
import { AXIS_LABELS, InvalidParameterError } from "@operando/core";
import type { AxisKind } from "@operando/core";
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { SEQUENTIAL_SCHEME } from "./theme.js";
import { checkLength, num, size, topLevel } from "./internal/spec.js";
import { binsForSamples, checkIncreasing, encodeRgbaPng, medianSpacing, pngDataUri, rasterize, valueDomain } from "./internal/raster.js";
import type { ColorScale } from "./internal/raster.js";
import { imageWithLegend, TIME_UNITS } from "./internal/imageLayers.js";
import type { TimeUnit } from "./internal/imageLayers.js";

/** Input of {@link seriesHeatmapSpec}. */
export interface SeriesHeatmapInput {
  /** Common x grid of all patterns (e.g. d in Å), monotonic (ascending or descending). */
  x: NumericArray;
  /** Time of each pattern, s, strictly increasing. */
  timesS: NumericArray;
  /** Intensities, pattern-major: `intensity[j * x.length + i]` is pattern j at x[i]. */
  intensity: NumericArray;
  /** Cell voltage curve drawn beside the map, sharing the time axis. */
  voltage?: { timeS: NumericArray; voltageV: NumericArray };
}

/** Options of {@link seriesHeatmapSpec}. */
export interface SeriesHeatmapOptions extends FigureOptions {
  /** Axis kind of x (axis title). @default "d" */
  axis?: AxisKind;
  /** x-axis title override. @default AXIS_LABELS[axis] */
  xLabel?: string;
  /** Unit of the time axis. @default "h" */
  timeUnit?: TimeUnit;
  /** Intensity-to-colour transform; sqrt shows weak reflections next to strong ones. @default "sqrt" */
  scaleType?: "linear" | "sqrt" | "log";
  /** Colour domain (counts). @default finite min..max (positive only for log) */
  domain?: readonly [number, number];
  /** Continuous vega colour scheme. @default "viridis" */
  scheme?: string;
  /** Raster pixels per screen pixel (the heat map is an embedded PNG). @default 2 */
  rasterScale?: number;
  /** Width of the voltage panel, px. @default 130 */
  voltageWidth?: number;
  /** Colour legend title. @default "Intensity (counts)" */
  intensityLabel?: string;
}

/**
 * Heat map of a pattern series: x horizontal, time vertical (upwards), colour = intensity, with
 * the voltage against time in a panel on the right on the same time scale.
 *
 * The map is a raster (PNG data URI in an image mark) at `rasterScale` times the panel size, each
 * pixel the mean of the samples inside it (nearest sample when upsampling; gaps longer than one
 * median spacing stay blank). So the SVG size depends on the panel size, not on the number of
 * patterns or points.
 *
 * @param input - x grid, times, intensities, optional voltage
 * @param options - axis, time unit, colour scale, sizes, title
 * @returns Vega-Lite spec (hconcat)
 * @throws InvalidParameterError for mismatched lengths, non-monotonic coordinates, or no finite intensity
 */
export function seriesHeatmapSpec(input: SeriesHeatmapInput, options: SeriesHeatmapOptions = {}): PlotSpec {
  const nx = input.x.length;
  const nt = input.timesS.length;
  checkLength("input.intensity", input.intensity, nx * nt);
  let x: NumericArray = input.x;
  let intensity: NumericArray = input.intensity;
  if (nx > 1 && input.x[0]! > input.x[nx - 1]!) {
    // Descending x (e.g. d from an energy grid): flip every row so x ascends.
    x = Float64Array.from(input.x).reverse();
    const flipped = new Float64Array(nx * nt);
    for (let j = 0; j < nt; j++) for (let i = 0; i < nx; i++) flipped[j * nx + i] = input.intensity[j * nx + (nx - 1 - i)]!;
    intensity = flipped;
  }
  checkIncreasing("input.x", x);
  checkIncreasing("input.timesS", input.timesS);
  const unit = options.timeUnit ?? "h";
  const k = TIME_UNITS[unit];
  if (k === undefined) throw new InvalidParameterError({ parameter: "options.timeUnit", value: unit, expected: '"s", "min" or "h"' });
  const t = Float64Array.from(input.timesS, (v) => v / k);
  const scaleType = options.scaleType ?? "sqrt";
  const domain = options.domain ?? valueDomain(intensity, scaleType === "log");
  if (domain === undefined) throw new InvalidParameterError({ parameter: "input.intensity", value: "no finite value", expected: "finite intensities" });
  const scale: ColorScale = { scheme: options.scheme ?? SEQUENTIAL_SCHEME, domain: scaleType === "sqrt" ? [Math.max(0, domain[0]), domain[1]] : domain, type: scaleType };

  const width = size("options.width", options.width, 460);
  const height = size("options.height", options.height, 380);
  const rasterScale = size("options.rasterScale", options.rasterScale, 2);
  const dx = medianSpacing(x);
  const dt = medianSpacing(t);
  const xDomain = [x[0]! - dx / 2, x[nx - 1]! + dx / 2] as const;
  const tDomain = [t[0]! - dt / 2, t[nt - 1]! + dt / 2] as const;
  const pw = Math.max(1, Math.round(width * rasterScale));
  const ph = Math.max(1, Math.round(height * rasterScale));
  const cols = binsForSamples(x, xDomain[0], xDomain[1], pw, false);
  const rows = binsForSamples(t, tDomain[0], tDomain[1], ph, true);
  const png = encodeRgbaPng(rasterize(intensity, nx, rows, cols, scale), pw, ph);
  const timeTitle = `Time (${unit})`;
  const heat = {
    width,
    height,
    layer: imageWithLegend(pngDataUri(png), { domain: xDomain, title: options.xLabel ?? AXIS_LABELS[options.axis ?? "d"] }, { domain: tDomain, title: timeTitle }, scale, options.intensityLabel ?? "Intensity (counts)", "top"),
  };
  const panels: Record<string, unknown>[] = [heat];
  if (input.voltage !== undefined) {
    const v = input.voltage;
    checkLength("input.voltage.voltageV", v.voltageV, v.timeS.length);
    const rowsV = Array.from({ length: v.timeS.length }, (_, i) => ({ t: num(v.timeS[i]! / k), v: num(v.voltageV[i]), order: i }));
    panels.push({
      width: size("options.voltageWidth", options.voltageWidth, 130),
      height,
      data: { values: rowsV },
      transform: [{ filter: `isValid(datum.t) && isValid(datum.v) && datum.t >= ${tDomain[0]} && datum.t <= ${tDomain[1]}` }],
      mark: { type: "line", color: "#D55E00", strokeWidth: 1.5 },
      encoding: {
        x: { field: "v", type: "quantitative", title: "Voltage (V)", scale: { zero: false } },
        y: { field: "t", type: "quantitative", title: null, scale: { domain: [...tDomain], nice: false, zero: false } },
        order: { field: "order" },
      },
    });
  }
  return topLevel({ hconcat: panels, spacing: 8, resolve: { scale: { color: "independent" } } }, options.title);
}
