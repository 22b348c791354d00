/**
 * Showing figures inline in tslab (Jupyter TypeScript kernel) notebooks.
 *
 * @packageDocumentation
 */
import { createRequire } from "node:module";
import { InvalidParameterError } from "@operando/core";
import type { PlotSpec } from "./types.js";
import { renderSvg, svgToPng } from "./render.js";

/** The part of tslab's `display` object that {@link display} uses. */
export interface NotebookDisplay {
  /** Shows HTML (the SVG is embedded as inline HTML). */
  html(html: string): void;
  /** Shows PNG bytes. */
  png(bytes: Uint8Array): void;
}

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Inline SVG (sharp, selectable text) or PNG. @default "svg" */
  format?: "svg" | "png";
  /** PNG scale factor. @default 2 */
  scale?: number;
  /** Where to show it. @default tslab's display when running inside a tslab kernel */
  target?: NotebookDisplay;
}

/** What {@link display} did. */
export interface DisplayResult {
  /** Whether the figure was sent to a notebook. */
  shown: boolean;
  /** The rendered SVG. */
  svg: string;
  /** The PNG bytes, for format "png". */
  png?: Uint8Array;
}

/**
 * tslab's display object when this process is a tslab kernel (its jupyter module is loaded),
 * else undefined. Never loads tslab itself (which would pull in its TypeScript compiler).
 * @returns the display object or undefined
 */
export function notebookDisplay(): NotebookDisplay | undefined {
  const require = createRequire(import.meta.url);
  const loaded = Object.keys(require.cache).some((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
  if (!loaded) return undefined;
  try {
    const tslab = require("tslab") as { display?: NotebookDisplay };
    return tslab.display;
  } catch {
    return undefined;
  }
}

/**
 * Renders a spec and shows it inline in a tslab notebook; outside a notebook it only renders
 * (check `shown`) so scripts can still save `svg`/`png`.
 *
 * @param spec - Vega-Lite spec from a figure function
 * @param options - format, scale, target
 * @returns the rendering and whether it was shown
 * @throws InvalidParameterError for an unknown format; OperandoError when rendering fails
 * @example
 * // in a tslab cell:
 * await display(xyLineSpec({ series: [{ name: "V", x: t, y: v }] }, { xLabel: "Time (s)", yLabel: "Voltage (V)" }));
 */
export async function display(spec: PlotSpec, options: DisplayOptions = {}): Promise<DisplayResult> {
  const format = options.format ?? "svg";
  if (format !== "svg" && format !== "png") throw new InvalidParameterError({ parameter: "options.format", value: format, expected: '"svg" or "png"' });
  const svg = await renderSvg(spec);
  const target = options.target ?? notebookDisplay();
  const png = format === "png" ? svgToPng(svg, options.scale === undefined ? {} : { scale: options.scale }) : undefined;
  if (target === undefined) return png === undefined ? { shown: false, svg } : { shown: false, svg, png };
  try {
    if (png !== undefined) target.png(png);
    else target.html(svg);
  } catch {
    // tslab throws "Not ready" when its display is used outside a running cell.
    return png === undefined ? { shown: false, svg } : { shown: false, svg, png };
  }
  return png === undefined ? { shown: true, svg } : { shown: true, svg, png };
}
