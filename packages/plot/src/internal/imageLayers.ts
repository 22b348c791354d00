import type { ColorScale } from "./raster.js";

/** Axis description for an image layer: data extent and Vega-Lite axis title. */
export interface ImageAxis {
  domain: readonly [number, number];
  title: string;
  reverse?: boolean;
}

/**
 * Layers that draw a raster PNG spanning exactly the axis domains, plus an invisible layer
 * that gives the colour legend (same scheme, scale type and domain as the raster).
 */
export function imageWithLegend(url: string, x: ImageAxis, y: ImageAxis, scale: ColorScale, legendTitle: string, legendOrient: "right" | "top" = "right"): Record<string, unknown>[] {
  const xScale = { domain: [...x.domain], nice: false, zero: false, ...(x.reverse === true ? { reverse: true } : {}) };
  const yScale = { domain: [...y.domain], nice: false, zero: false, ...(y.reverse === true ? { reverse: true } : {}) };
  return [
    {
      data: { values: [{}] },
      mark: { type: "image", aspect: false, align: "left", baseline: "top" },
      encoding: {
        x: { datum: x.domain[0], type: "quantitative", scale: xScale, title: x.title, axis: { title: x.title } },
        x2: { datum: x.domain[1] },
        y: { datum: y.reverse === true ? y.domain[0] : y.domain[1], type: "quantitative", scale: yScale, title: y.title, axis: { title: y.title } },
        y2: { datum: y.reverse === true ? y.domain[1] : y.domain[0] },
        url: { value: url },
      },
    },
    {
      data: { values: [{ v: scale.domain[0] }, { v: scale.domain[1] }] },
      mark: { type: "point", opacity: 0 },
      encoding: {
        x: { datum: x.domain[0], type: "quantitative", title: x.title },
        y: { datum: y.domain[0], type: "quantitative", title: y.title },
        color: { field: "v", type: "quantitative", title: legendTitle, scale: { type: scale.type === "log" ? "log" : scale.type, domain: [...scale.domain], scheme: scale.scheme }, legend: legendOrient === "top" ? { orient: "top", direction: "horizontal", gradientLength: 160, titleOrient: "left" } : { gradientLength: 120 } },
      },
    },
  ];
}

/** Time-axis unit conversion. */
export const TIME_UNITS = { s: 1, min: 60, h: 3600 } as const;
/** A time unit for axes. */
export type TimeUnit = keyof typeof TIME_UNITS;
