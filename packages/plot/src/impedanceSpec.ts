/**
 * Impedance spectra: Nyquist and Bode plots with an optional model fit.
 *
 * @packageDocumentation
 */
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { checkLength, extent, num, size, topLevel } from "./internal/spec.js";

/** An impedance spectrum as plain arrays (same field names as @operando/core's ImpedanceSpectrum). */
export interface ImpedanceData {
  /** Frequencies, Hz. */
  frequencyHz: NumericArray;
  /** Real part of Z, Ω. */
  zReal: NumericArray;
  /** Imaginary part of Z, Ω (physical sign: negative for capacitive behaviour). */
  zImag: NumericArray;
}

/** Input of {@link nyquistSpec} and {@link bodeSpec}. */
export interface ImpedancePlotInput {
  /** Measured spectrum (points). */
  measured: ImpedanceData;
  /** Model evaluated on a (dense) frequency grid (line). */
  fit?: ImpedanceData;
}

function rows(data: ImpedanceData, source: string, name: string): Record<string, number | string | null>[] {
  const n = data.frequencyHz.length;
  checkLength(`${name}.zReal`, data.zReal, n);
  checkLength(`${name}.zImag`, data.zImag, n);
  return Array.from({ length: n }, (_, i) => {
    const re = data.zReal[i]!;
    const im = data.zImag[i]!;
    return { source, order: i, f: num(data.frequencyHz[i]), re: num(re), negIm: num(-im), mag: num(Math.hypot(re, im)), phase: num((Math.atan2(im, re) * 180) / Math.PI) };
  });
}

function layers(measuredX: Record<string, unknown>, measuredY: Record<string, unknown>, hasFit: boolean, color: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ transform: [{ filter: "datum.source === 'measured'" }], mark: { type: "point", size: 22, filled: false }, encoding: { x: measuredX, y: measuredY, color } }];
  if (hasFit) out.push({ transform: [{ filter: "datum.source === 'fit'" }], mark: { type: "line", strokeWidth: 1.5 }, encoding: { x: measuredX, y: measuredY, color, order: { field: "order" } } });
  return out;
}

/**
 * Nyquist plot: −Im(Z) against Re(Z) in Ω on equal scales (a semicircle looks round), measured
 * points and the fit as a line.
 *
 * @param input - measured spectrum and optional fit
 * @param options - size (square by default, 380 px), title
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for mismatched lengths
 */
export function nyquistSpec(input: ImpedancePlotInput, options: FigureOptions = {}): PlotSpec {
  const data = [...rows(input.measured, "measured", "input.measured"), ...(input.fit === undefined ? [] : rows(input.fit, "fit", "input.fit"))];
  const side = size("options.width", options.width, 380);
  const re = extent(data.map((r) => r.re as number | null).filter((v): v is number => v !== null)) ?? [0, 1];
  const im = extent(data.map((r) => r.negIm as number | null).filter((v): v is number => v !== null)) ?? [0, 1];
  // Equal scales: both axes span the same range of ohms.
  const lo = Math.min(0, re[0], im[0]);
  const span = Math.max(re[1] - lo, im[1] - lo) * 1.05 || 1;
  const color = { field: "source", type: "nominal", title: null, scale: { domain: input.fit === undefined ? ["measured"] : ["measured", "fit"] } };
  return topLevel(
    {
      width: side,
      height: side,
      data: { values: data },
      layer: layers(
        { field: "re", type: "quantitative", title: "Re(Z) (Ω)", scale: { domain: [lo, lo + span], nice: false, zero: false } },
        { field: "negIm", type: "quantitative", title: "−Im(Z) (Ω)", scale: { domain: [lo, lo + span], nice: false, zero: false } },
        input.fit !== undefined,
        color,
      ),
    },
    options.title,
  );
}

/**
 * Bode plot: |Z| in Ω (log) and phase in degrees against frequency in Hz (log), measured points
 * and the fit as lines.
 *
 * @param input - measured spectrum and optional fit
 * @param options - size of each panel, title
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for mismatched lengths
 */
export function bodeSpec(input: ImpedancePlotInput, options: FigureOptions = {}): PlotSpec {
  const data = [...rows(input.measured, "measured", "input.measured"), ...(input.fit === undefined ? [] : rows(input.fit, "fit", "input.fit"))];
  const width = size("options.width", options.width, 460);
  const height = size("options.height", options.height, 180);
  const f = { field: "f", type: "quantitative", title: "Frequency (Hz)", scale: { type: "log" } };
  const color = { field: "source", type: "nominal", title: null, scale: { domain: input.fit === undefined ? ["measured"] : ["measured", "fit"] } };
  const hasFit = input.fit !== undefined;
  return topLevel(
    {
      data: { values: data },
      transform: [{ filter: "datum.f > 0" }],
      vconcat: [
        { width, height, layer: layers({ ...f, axis: { title: null } }, { field: "mag", type: "quantitative", title: "|Z| (Ω)", scale: { type: "log" } }, hasFit, color) },
        { width, height, layer: layers(f, { field: "phase", type: "quantitative", title: "Phase (deg)", scale: { zero: false } }, hasFit, color) },
      ],
      spacing: 6,
    },
    options.title,
  );
}
