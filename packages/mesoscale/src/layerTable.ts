/**
 * Projection of the model's x(depth, t) onto EDXRD gauge layers, as the shared "layer table"
 * (docs/tables.md: timeS, layer, depthUm, x, xSigma, voltageV, optional f_<phase>).
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import { InvalidParameterError } from "@operando/core";
import { erf } from "./internal/erf.js";
import type { SimulateCellResult } from "./simulateCell.js";

/** One gauge layer: its label and centre depth from the separator/electrode interface. */
export interface GaugeLayer {
  /** Integer label as the user numbers the layers (e.g. 3, 4, 5 in the paper). */
  layer: number;
  /** Centre of the gauge volume, distance from the separator into the electrode (um). */
  depthUm: number;
}

/** How the gauge volumes are shaped. */
export interface GaugeOptions {
  /** Layers to report. */
  layers: readonly GaugeLayer[];
  /**
   * Gauge thickness (um): the full width of a top-hat, or the FWHM of a Gaussian.
   * @default 30 (the paper's EDXRD layers)
   */
  thicknessUm?: number;
  /** Gauge profile along depth. @default "tophat" */
  profile?: "tophat" | "gaussian";
}

/**
 * Normalised weights of each model cell in one gauge volume: the exact integral of the
 * profile over each cell (top-hat: overlap length; Gaussian: erf differences), divided by
 * the integral over the electrode (the part of the gauge outside the electrode holds no V2O5).
 *
 * @param depthUm - cell centres (um)
 * @param widthUm - cell widths (um)
 * @param layer - the gauge layer
 * @param options - thickness and profile
 * @returns weights summing to 1
 * @throws InvalidParameterError when the gauge does not overlap the electrode
 */
export function gaugeWeights(depthUm: Float64Array, widthUm: Float64Array, layer: GaugeLayer, options: Omit<GaugeOptions, "layers"> = {}): Float64Array {
  const thickness = options.thicknessUm ?? 30;
  const profile = options.profile ?? "tophat";
  if (!(thickness > 0) || !Number.isFinite(thickness)) throw new InvalidParameterError({ parameter: "thicknessUm", value: thickness, expected: "a gauge thickness > 0 (um)" });
  if (profile !== "tophat" && profile !== "gaussian") throw new InvalidParameterError({ parameter: "profile", value: profile, expected: '"tophat" or "gaussian"' });
  if (!Number.isFinite(layer.depthUm)) throw new InvalidParameterError({ parameter: `layers[${layer.layer}].depthUm`, value: layer.depthUm, expected: "a finite depth (um)" });
  const w = new Float64Array(depthUm.length);
  const sigma = thickness / (2 * Math.sqrt(2 * Math.LN2));
  let total = 0;
  for (let i = 0; i < depthUm.length; i++) {
    const a = depthUm[i]! - widthUm[i]! / 2;
    const b = depthUm[i]! + widthUm[i]! / 2;
    let v: number;
    if (profile === "tophat") {
      const lo = Math.max(a, layer.depthUm - thickness / 2);
      const hi = Math.min(b, layer.depthUm + thickness / 2);
      v = Math.max(0, hi - lo);
    } else {
      v = 0.5 * (erf((b - layer.depthUm) / (Math.SQRT2 * sigma)) - erf((a - layer.depthUm) / (Math.SQRT2 * sigma)));
    }
    w[i] = v;
    total += v;
  }
  if (!(total > 0)) {
    throw new InvalidParameterError({ parameter: `layers[layer ${layer.layer}].depthUm`, value: layer.depthUm, expected: "a gauge that overlaps the electrode" });
  }
  for (let i = 0; i < w.length; i++) w[i]! /= total;
  return w;
}

/**
 * Gauge-averaged x per (sample time, layer), row-major [time][layer].
 * @param result - a simulation
 * @param options - layers and gauge
 * @returns averages (length timeS.length * layers.length)
 */
export function layerAverages(result: SimulateCellResult, options: GaugeOptions): Float64Array {
  const nt = result.timeS.length;
  const nc = result.depthUm.length;
  const L = options.layers.length;
  const weights = options.layers.map((layer) => gaugeWeights(result.depthUm, result.cellWidthUm, layer, options));
  const out = new Float64Array(nt * L);
  for (let q = 0; q < nt; q++) {
    for (let l = 0; l < L; l++) {
      const w = weights[l]!;
      let s = 0;
      for (let i = 0; i < nc; i++) s += w[i]! * result.x[q * nc + i]!;
      out[q * L + l] = s;
    }
  }
  return out;
}

/**
 * The modelled layer table: one row per (sample time, layer) with columns timeS, layer,
 * depthUm, x, xSigma (= 0), voltageV, and f_alpha, f_epsilon, f_delta (lever-rule phase
 * fractions of the shells, gauge averaged) when the open-circuit curve has a phase diagram.
 *
 * @param result - a simulation
 * @param options - layers and gauge profile
 * @returns an arquero table (columns as docs/tables.md)
 * @example
 * const table = layerTable(simulateCell(params), { layers: [{ layer: 5, depthUm: 15 }, { layer: 4, depthUm: 45 }] });
 */
export function layerTable(result: SimulateCellResult, options: GaugeOptions): aq.ColumnTable {
  if (!Array.isArray(options.layers) || options.layers.length === 0) {
    throw new InvalidParameterError({ parameter: "layers", value: options.layers, expected: "at least one { layer, depthUm }" });
  }
  const nt = result.timeS.length;
  const nc = result.depthUm.length;
  const L = options.layers.length;
  const weights = options.layers.map((layer) => gaugeWeights(result.depthUm, result.cellWidthUm, layer, options));
  const xs = layerAverages(result, options);
  const rows = nt * L;
  const timeS = new Float64Array(rows);
  const layer = new Float64Array(rows);
  const depthUm = new Float64Array(rows);
  const x = new Float64Array(rows);
  const xSigma = new Float64Array(rows);
  const voltageV = new Float64Array(rows);
  const fr = result.phaseFractions;
  const fAlpha = new Float64Array(fr === undefined ? 0 : rows);
  const fEpsilon = new Float64Array(fr === undefined ? 0 : rows);
  const fDelta = new Float64Array(fr === undefined ? 0 : rows);
  for (let q = 0; q < nt; q++) {
    for (let l = 0; l < L; l++) {
      const r = q * L + l;
      timeS[r] = result.timeS[q]!;
      layer[r] = options.layers[l]!.layer;
      depthUm[r] = options.layers[l]!.depthUm;
      x[r] = xs[r]!;
      voltageV[r] = result.voltageV[q]!;
      if (fr !== undefined) {
        const w = weights[l]!;
        let a = 0;
        let e = 0;
        let d = 0;
        for (let i = 0; i < nc; i++) {
          a += w[i]! * fr.alpha[q * nc + i]!;
          e += w[i]! * fr.epsilon[q * nc + i]!;
          d += w[i]! * fr.delta[q * nc + i]!;
        }
        fAlpha[r] = a;
        fEpsilon[r] = e;
        fDelta[r] = d;
      }
    }
  }
  const columns: Record<string, Float64Array> = { timeS, layer, depthUm, x, xSigma, voltageV };
  if (fr !== undefined) {
    columns.f_alpha = fAlpha;
    columns.f_epsilon = fEpsilon;
    columns.f_delta = fDelta;
  }
  return aq.table(columns);
}
