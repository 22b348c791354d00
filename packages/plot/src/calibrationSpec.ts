/**
 * Calibration plot: measured points against the calibration curve, with residuals.
 *
 * @packageDocumentation
 */
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { checkLength, num, size, topLevel } from "./internal/spec.js";

/** Input of {@link calibrationSpec}. */
export interface CalibrationPlotInput {
  /** Independent variable of each calibration point (e.g. MCA channel, or reference d in Å). */
  x: NumericArray;
  /** Measured/reference value of each point (e.g. line energy in keV, or fitted peak position). */
  y: NumericArray;
  /** One-sigma of y (error bars). */
  ySigma?: NumericArray;
  /** The calibration's prediction at each point (same length); residual = y − fitted. */
  fitted: NumericArray;
  /** Point labels (e.g. "Ce Kα1", "(111)"), shown in the tooltip and next to points. */
  labels?: readonly string[];
  /** A dense curve of the calibration for drawing (x ascending). @default straight segments through `fitted` */
  curve?: { x: NumericArray; y: NumericArray };
}

/** Options of {@link calibrationSpec}. */
export interface CalibrationPlotOptions extends FigureOptions {
  /** x-axis title with unit. @default "MCA channel" */
  xLabel?: string;
  /** y-axis title with unit. @default "Energy (keV)" */
  yLabel?: string;
  /** Residual-axis title with unit. @default "Residual" + the y unit in brackets */
  residualLabel?: string;
  /** Height of the residual panel, px. @default 110 */
  residualHeight?: number;
}

/**
 * Calibration figure: points (with error bars and labels) and the calibration curve above; the
 * residuals y − fitted (with error bars) below on the same x axis.
 *
 * @param input - calibration points and the calibration's predictions
 * @param options - labels with units, sizes, title
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for mismatched lengths
 */
export function calibrationSpec(input: CalibrationPlotInput, options: CalibrationPlotOptions = {}): PlotSpec {
  const n = input.x.length;
  checkLength("input.y", input.y, n);
  checkLength("input.ySigma", input.ySigma, n);
  checkLength("input.fitted", input.fitted, n);
  if (input.labels !== undefined) checkLength("input.labels", { length: input.labels.length }, n);
  const rows = Array.from({ length: n }, (_, i) => {
    const y = input.y[i]!;
    const s = input.ySigma?.[i] ?? Number.NaN;
    const r = y - input.fitted[i]!;
    return { x: num(input.x[i]), y: num(y), fitted: num(input.fitted[i]), residual: num(r), lo: num(y - s), hi: num(y + s), rlo: num(r - s), rhi: num(r + s), label: input.labels?.[i] ?? "" };
  });
  const curveRows = input.curve === undefined
    ? [...rows].sort((a, b) => (a.x ?? 0) - (b.x ?? 0)).map((r) => ({ x: r.x, y: r.fitted }))
    : Array.from({ length: input.curve.x.length }, (_, i) => ({ x: num(input.curve!.x[i]), y: num(input.curve!.y[i]) }));
  const yTitle = options.yLabel ?? "Energy (keV)";
  const unit = /\(([^)]+)\)\s*$/.exec(yTitle)?.[1];
  const width = size("options.width", options.width, 480);
  const x = { field: "x", type: "quantitative", title: options.xLabel ?? "MCA channel", scale: { zero: false } };
  return topLevel(
    {
      vconcat: [
        {
          width,
          height: size("options.height", options.height, 260),
          layer: [
            { data: { values: curveRows }, transform: [{ filter: "isValid(datum.y)" }], mark: { type: "line", color: "#0072B2" }, encoding: { x: { ...x, axis: { title: null } }, y: { field: "y", type: "quantitative", title: yTitle, scale: { zero: false } } } },
            { data: { values: rows }, mark: { type: "rule", color: "#333" }, encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
            { data: { values: rows }, mark: { type: "point", filled: true, color: "#D55E00", size: 40 }, encoding: { x, y: { field: "y", type: "quantitative" }, tooltip: [{ field: "label" }, { field: "x" }, { field: "y" }, { field: "residual" }] } },
            { data: { values: rows }, mark: { type: "text", dx: 6, dy: -6, align: "left", fontSize: 10 }, encoding: { x, y: { field: "y", type: "quantitative" }, text: { field: "label" } } },
          ],
        },
        {
          width,
          height: size("options.residualHeight", options.residualHeight, 110),
          data: { values: rows },
          layer: [
            { mark: { type: "rule", color: "#999", strokeDash: [3, 3] }, encoding: { y: { datum: 0 } } },
            { mark: { type: "rule", color: "#333" }, encoding: { x, y: { field: "rlo", type: "quantitative" }, y2: { field: "rhi" } } },
            { mark: { type: "point", filled: true, color: "#D55E00", size: 30 }, encoding: { x, y: { field: "residual", type: "quantitative", title: options.residualLabel ?? (unit === undefined ? "Residual" : `Residual (${unit})`) } } },
          ],
        },
      ],
      spacing: 6,
    },
    options.title,
  );
}
