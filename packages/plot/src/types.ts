/**
 * Shared types of @operando/plot.
 *
 * @packageDocumentation
 */
import type { TopLevelSpec } from "vega-lite";

/**
 * A Vega-Lite specification as returned by every figure function. It is a plain JSON object:
 * notebooks may display it, change titles/sizes, or pass it to {@link renderSvg}/{@link renderPng}.
 */
export type PlotSpec = TopLevelSpec;

/** Numbers accepted as data: typed arrays or plain arrays. */
export type NumericArray = ArrayLike<number>;

/** Common options of the figure functions. */
export interface FigureOptions {
  /** Figure title. @default none */
  title?: string;
  /** Width of the main panel, px. @default depends on the figure */
  width?: number;
  /** Height of the main panel, px. @default depends on the figure */
  height?: number;
}
