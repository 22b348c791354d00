/**
 * Shared look of every operando figure: font, sizes and colour schemes.
 *
 * @packageDocumentation
 */
import type { Config } from "vega-lite";

/**
 * Font family written into every figure. DejaVu Sans is embedded for PNG rendering (resvg,
 * packages/plot/assets); browsers fall back to Verdana/Arial/sans-serif when it is not installed.
 */
export const PLOT_FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";

/**
 * Sequential colour scheme (vega scheme name): perceptually uniform and colour-blind safe.
 * viridis: van der Walt & Smith, matplotlib 2.0 default colour map (2015).
 */
export const SEQUENTIAL_SCHEME = "viridis";

/**
 * Diverging colour scheme for residuals (vega scheme name, ColorBrewer-derived blue-orange),
 * distinguishable under the common colour-vision deficiencies.
 */
export const DIVERGING_SCHEME = "blueorange";

/**
 * Categorical colours: the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
 * designed to stay distinct for deuteranopes, protanopes and tritanopes.
 */
export const CATEGORICAL_COLORS: readonly string[] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

/**
 * Vega-Lite config used by every figure function (white background, embedded font, no chart border).
 * @returns a fresh config object (safe to modify)
 */
export function plotConfig(): Config {
  return {
    background: "white",
    font: PLOT_FONT_FAMILY,
    view: { stroke: "#888" },
    axis: { labelFontSize: 11, titleFontSize: 12, grid: false, tickColor: "#444", domainColor: "#444" },
    legend: { labelFontSize: 11, titleFontSize: 11 },
    title: { fontSize: 13, anchor: "start" },
    range: { category: [...CATEGORICAL_COLORS] },
  };
}
