/**
 * A generic x-y line plot.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { checkLength, num, size, topLevel } from "./internal/spec.js";

/** One named curve. */
export interface XySeries {
  /** Legend name. */
  name: string;
  /** x values (any unit; say which in `xLabel`). */
  x: NumericArray;
  /** y values, same length. */
  y: NumericArray;
  /** One-sigma of y, drawn as error bars when given. */
  ySigma?: NumericArray;
}

/** Input of {@link xyLineSpec}. */
export interface XyLineInput {
  /** The curves. */
  series: readonly XySeries[];
}

/** Options of {@link xyLineSpec}. */
export interface XyLineOptions extends FigureOptions {
  /** x-axis title with unit, e.g. "Time (s)". @default "x" */
  xLabel?: string;
  /** y-axis title with unit, e.g. "Voltage (V)". @default "y" */
  yLabel?: string;
  /** x scale. @default "linear" */
  xScale?: "linear" | "log";
  /** y scale. @default "linear" */
  yScale?: "linear" | "log";
  /** Draw a point at each sample as well as the line. @default false */
  points?: boolean;
}

/**
 * A line plot of one or more curves with a colour legend (Okabe-Ito colours).
 * Non-finite points are skipped (the line breaks there).
 *
 * @param input - the curves
 * @param options - labels (with units), scales, size, title
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for no series or mismatched lengths
 * @example
 * const spec = xyLineSpec({ series: [{ name: "cell", x: timeS, y: voltageV }] }, { xLabel: "Time (s)", yLabel: "Voltage (V)" });
 */
export function xyLineSpec(input: XyLineInput, options: XyLineOptions = {}): PlotSpec {
  if (input.series.length === 0) throw new InvalidParameterError({ parameter: "input.series", value: 0, expected: "at least one series" });
  const rows: Record<string, number | string | null>[] = [];
  let anySigma = false;
  input.series.forEach((s, k) => {
    checkLength(`input.series[${k}].y`, s.y, s.x.length);
    checkLength(`input.series[${k}].ySigma`, s.ySigma, s.x.length);
    for (let i = 0; i < s.x.length; i++) {
      const y = num(s.y[i]);
      const sigma = s.ySigma === undefined ? null : num(s.ySigma[i]);
      if (sigma !== null) anySigma = true;
      rows.push({ series: s.name, order: i, x: num(s.x[i]), y, lo: sigma === null || y === null ? null : y - sigma, hi: sigma === null || y === null ? null : y + sigma });
    }
  });
  const xTitle = options.xLabel ?? "x";
  const yTitle = options.yLabel ?? "y";
  const x = { field: "x", type: "quantitative", title: xTitle, scale: { type: options.xScale ?? "linear", zero: false, nice: false } };
  const y = { field: "y", type: "quantitative", title: yTitle, scale: { type: options.yScale ?? "linear", zero: false } };
  const color = { field: "series", type: "nominal", title: null, legend: input.series.length > 1 ? {} : null };
  const layer: Record<string, unknown>[] = [{ mark: { type: "line", point: options.points ?? false, strokeWidth: 1.5 }, encoding: { x, y, color, order: { field: "order" } } }];
  if (anySigma) {
    layer.push({ mark: { type: "rule", strokeWidth: 1 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } });
  }
  return topLevel(
    {
      width: size("options.width", options.width, 480),
      height: size("options.height", options.height, 300),
      data: { values: rows },
      transform: [{ filter: "isValid(datum.x) && isValid(datum.y)" }],
      layer,
    },
    options.title,
  );
}
