/**
 * A diffraction pattern with its fit, fit components and residual.
 *
 * @packageDocumentation
 */
import { AXIS_LABELS } from "@operando/core";
import type { AxisKind } from "@operando/core";
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { checkLength, num, size, topLevel } from "./internal/spec.js";

/** Input of {@link patternFitSpec}: plain arrays on one x grid. */
export interface PatternFitInput {
  /** x values (d in Å, 2θ in deg, energy in keV, ... as given by `axis`). */
  x: NumericArray;
  /** Observed intensity (counts). */
  observed: NumericArray;
  /** One-sigma of the observed intensity; when given, the residual panel shows (obs − calc)/σ. */
  observedSigma?: NumericArray;
  /** Calculated (fitted) intensity, same length. */
  calculated: NumericArray;
  /** Background curve, same length. */
  background?: NumericArray;
  /** Fit components (individual peaks or phases), same length each. */
  components?: readonly { name: string; y: NumericArray }[];
}

/** Options of {@link patternFitSpec}. */
export interface PatternFitOptions extends FigureOptions {
  /** Axis kind of x, for the axis title. @default "d" */
  axis?: AxisKind;
  /** Override the x-axis title. @default AXIS_LABELS[axis] */
  xLabel?: string;
  /** y-axis title. @default "Intensity (counts)" */
  yLabel?: string;
  /** Height of the residual panel, px. @default 90 */
  residualHeight?: number;
  /**
   * How to draw the observed data: points (classic Rietveld plot) or a thin line.
   * @default "point" up to 3000 points, "line" above
   */
  observedMark?: "point" | "line";
}

/**
 * Pattern-fit figure: observed data, calculated curve, background and components in the top panel;
 * the residual (obs − calc, or (obs − calc)/σ when sigma is given) below on the same x axis.
 *
 * @param input - arrays on one x grid
 * @param options - axis kind/labels, sizes, title
 * @returns Vega-Lite spec (vconcat of two panels)
 * @throws InvalidParameterError for mismatched lengths
 */
export function patternFitSpec(input: PatternFitInput, options: PatternFitOptions = {}): PlotSpec {
  const n = input.x.length;
  checkLength("input.observed", input.observed, n);
  checkLength("input.observedSigma", input.observedSigma, n);
  checkLength("input.calculated", input.calculated, n);
  checkLength("input.background", input.background, n);
  (input.components ?? []).forEach((c, k) => checkLength(`input.components[${k}].y`, c.y, n));
  const normalized = input.observedSigma !== undefined;
  const points: Record<string, number | null>[] = [];
  const curves: Record<string, number | string | null>[] = [];
  for (let i = 0; i < n; i++) {
    const obs = input.observed[i]!;
    const calc = input.calculated[i]!;
    const s = input.observedSigma?.[i];
    const r = normalized ? (s !== undefined && s > 0 ? (obs - calc) / s : Number.NaN) : obs - calc;
    points.push({ x: num(input.x[i]), obs: num(obs), residual: num(r) });
    curves.push({ x: num(input.x[i]), y: num(calc), curve: "calculated", order: i });
    if (input.background !== undefined) curves.push({ x: num(input.x[i]), y: num(input.background[i]), curve: "background", order: i });
    for (const c of input.components ?? []) curves.push({ x: num(input.x[i]), y: num(c.y[i]), curve: c.name, order: i });
  }
  const width = size("options.width", options.width, 560);
  const xTitle = options.xLabel ?? AXIS_LABELS[options.axis ?? "d"];
  const x = { field: "x", type: "quantitative", title: xTitle, scale: { zero: false, nice: false } };
  const names = ["observed", "calculated", ...(input.background === undefined ? [] : ["background"]), ...(input.components ?? []).map((c) => c.name)];
  const color = { field: "curve", type: "nominal", title: null, scale: { domain: names } };
  const observedMark = options.observedMark ?? (n <= 3000 ? "point" : "line");
  return topLevel(
    {
      vconcat: [
        {
          width,
          height: size("options.height", options.height, 300),
          layer: [
            {
              data: { values: points },
              transform: [{ filter: "isValid(datum.obs)" }, { calculate: "'observed'", as: "curve" }],
              mark: observedMark === "point" ? { type: "point", size: 8, filled: false, strokeWidth: 0.8 } : { type: "line", strokeWidth: 0.8 },
              encoding: { x: { ...x, axis: { title: null, labels: false } }, y: { field: "obs", type: "quantitative", title: options.yLabel ?? "Intensity (counts)", scale: { zero: false } }, color },
            },
            {
              data: { values: curves },
              transform: [{ filter: "isValid(datum.y)" }],
              mark: { type: "line", strokeWidth: 1.2 },
              encoding: { x, y: { field: "y", type: "quantitative" }, color, detail: { field: "curve" }, order: { field: "order" } },
            },
          ],
        },
        {
          width,
          height: size("options.residualHeight", options.residualHeight, 90),
          data: { values: points },
          transform: [{ filter: "isValid(datum.residual)" }],
          layer: [
            { mark: { type: "line", strokeWidth: 0.8, color: "#555" }, encoding: { x, y: { field: "residual", type: "quantitative", title: normalized ? "(obs − calc)/σ" : "obs − calc (counts)" } } },
            { mark: { type: "rule", color: "#999", strokeDash: [3, 3] }, encoding: { y: { datum: 0 } } },
          ],
        },
      ],
      spacing: 4,
    },
    options.title,
  );
}
