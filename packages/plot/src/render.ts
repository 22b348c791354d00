/**
 * Headless rendering of Vega-Lite specs to SVG (vega, renderer "none") and PNG (resvg).
 *
 * @packageDocumentation
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import type * as Vega from "vega";
import { InvalidParameterError, OperandoError } from "@operando/core";
import type { PlotSpec } from "./types.js";

/**
 * Path of the font embedded for PNG rendering (DejaVu Sans, Bitstream Vera licence; see
 * packages/plot/assets/LICENSE-DejaVuSans.txt). resvg loads no system fonts by default, so
 * text would vanish from PNGs without it.
 */
export const EMBEDDED_FONT_FILE: string = fileURLToPath(new URL("../assets/DejaVuSans.ttf", import.meta.url));

/** Options of {@link renderPng} and {@link svgToPng}. */
export interface RenderPngOptions {
  /**
   * Pixel scale factor relative to the SVG size (2 gives sharp figures on high-DPI screens).
   * @default 2
   */
  scale?: number;
  /** Extra font files (TTF/OTF) for resvg. @default [] (the embedded DejaVu Sans is always loaded) */
  fontFiles?: readonly string[];
  /**
   * Also let resvg load the system's fonts (slower, machine dependent).
   * @default false (true only when the embedded font file is missing)
   */
  loadSystemFonts?: boolean;
}

/**
 * Compiles a Vega-Lite spec to a Vega spec.
 *
 * vega-lite and vega are loaded on first use, not at import: vega's vega-canvas dependency has a
 * top-level await, which would make this package impossible to load with require() (tslab
 * notebooks load packages that way).
 * @param spec - Vega-Lite spec
 * @returns the Vega spec
 * @throws OperandoError when Vega-Lite rejects the spec
 */
export async function compileSpec(spec: PlotSpec): Promise<Vega.Spec> {
  const { compile } = await import("vega-lite");
  try {
    return compile(spec).spec as Vega.Spec;
  } catch (error) {
    throw new OperandoError(`Vega-Lite could not compile the figure: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Renders a Vega-Lite spec to an SVG string, headlessly (vega View with renderer "none", no DOM).
 * Text widths are estimated (no canvas), so long labels may be placed slightly off.
 *
 * @param spec - Vega-Lite spec (e.g. from a figure function)
 * @returns SVG markup (`<svg ...>...</svg>`, with a white background rectangle)
 * @throws OperandoError when the spec cannot be compiled or rendered
 * @example
 * const svg = await renderSvg(xyLineSpec({ series: [{ name: "a", x: [0, 1], y: [0, 1] }] }));
 */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const vega = await import("vega");
  const runtime = vega.parse(await compileSpec(spec));
  const view = new vega.View(runtime, { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } catch (error) {
    throw new OperandoError(`Vega could not render the figure: ${(error as Error).message}`, { cause: error });
  } finally {
    view.finalize();
  }
}

/**
 * Renders SVG markup to PNG bytes with resvg and the embedded DejaVu Sans font.
 * @param svg - SVG markup
 * @param options - scale and fonts
 * @returns PNG file bytes
 * @throws InvalidParameterError for a non-positive scale; OperandoError when resvg fails
 */
export function svgToPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  const { scale = 2, fontFiles = [] } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidParameterError({ parameter: "options.scale", value: scale, expected: "a positive number" });
  const embedded = existsSync(EMBEDDED_FONT_FILE);
  const loadSystemFonts = options.loadSystemFonts ?? !embedded;
  try {
    const resvg = new Resvg(svg, {
      fitTo: { mode: "zoom", value: scale },
      font: {
        fontFiles: embedded ? [EMBEDDED_FONT_FILE, ...fontFiles] : [...fontFiles],
        loadSystemFonts,
        defaultFontFamily: "DejaVu Sans",
        sansSerifFamily: "DejaVu Sans",
      },
    });
    return new Uint8Array(resvg.render().asPng());
  } catch (error) {
    throw new OperandoError(`resvg could not render the SVG: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Renders a Vega-Lite spec to PNG bytes (SVG via vega, then resvg).
 * @param spec - Vega-Lite spec
 * @param options - scale and fonts
 * @returns PNG file bytes
 * @throws OperandoError when rendering fails
 */
export async function renderPng(spec: PlotSpec, options: RenderPngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), options);
}
