/**
 * Measured layer table against the model's layer table.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { InvalidParameterError } from "@operando/core";
import type { LayerMap, LayerTable } from "./types.js";
import { buildLayerMap } from "./buildLayerMap.js";
import { defaultSigmaColumn, groupLayers, hasColumn, numericColumn } from "./internal/columns.js";

/** Options of {@link compareLayerMaps}. */
export interface CompareLayerMapsOptions {
  /** Column to compare. @default "x" */
  value?: string;
  /** Sigma column of the measured table. @default "xSigma" for x, else "<value>_sigma" */
  sigmaColumn?: string;
  /**
   * How measured rows find their model values: "layer" uses the model rows with the same layer
   * label; "depth" interpolates linearly between the two model layers whose depths bracket the
   * measured layer's depth (for a model on a different layer grid).
   * @default "layer"
   */
  match?: "layer" | "depth";
  /** Grid step of the returned maps, s. @default as {@link buildLayerMap} */
  timeStepS?: number;
}

/** Summary numbers of a comparison. */
export interface ComparisonSummary {
  /** Number of measured rows compared. */
  count: number;
  /** Root-mean-square residual, sqrt(Σr²/n). */
  rms: number;
  /** Σ(r/σ)² over the rows with σ > 0. */
  chi2: number;
  /** chi2 / (rows with σ > 0); NaN-free: null when no row has σ > 0. */
  reducedChi2: number | null;
  /** Rows with a usable σ. */
  countWithSigma: number;
  /** Measured rows left out because their time is outside the model's time span for that layer. */
  outsideModelTime: number;
  /** Measured rows left out because their value is missing. */
  missingValue: number;
}

/** Result of {@link compareLayerMaps}. */
export interface CompareLayerMapsResult {
  /**
   * One row per compared measurement: `timeS`, `layer`, `depthUm`, `measured`, `model`,
   * `residual` = measured − model, `sigma` (null without), `normalizedResidual` = residual/σ (null without).
   */
  residuals: ColumnTable;
  /** Per layer: `layer`, `depthUm`, `count`, `rms`, `chi2`, `reducedChi2` (null without σ). */
  perLayer: ColumnTable;
  /** Overall numbers. */
  summary: ComparisonSummary;
  /** Measured values on the regular grid. */
  measuredMap: LayerMap;
  /** Model values interpolated onto the measured times, on the same grid. */
  modelMap: LayerMap;
  /** Residuals (measured − model) on the same grid. */
  residualMap: LayerMap;
}

interface ModelSeries {
  depthUm: number;
  t: Float64Array;
  v: Float64Array;
}

/**
 * Compares a measured layer table with a modelled one.
 *
 * The model is interpolated linearly in time onto each measured row's time (no extrapolation:
 * rows outside the model's time span are counted, not compared), and, with `match: "depth"`, also
 * linearly in depth between the bracketing model layers. Residual r = measured − model; RMS per
 * layer and overall sqrt(Σr²/n); chi-square Σ(r/σ)² with σ the measured sigma (xSigma); reduced
 * chi-square = chi2/n (no parameters are fitted here).
 *
 * @param measured - measured layer table (docs/tables.md)
 * @param model - model layer table (same columns; xSigma may be 0)
 * @param options - column, matching mode, grid step
 * @returns residual table, per-layer and overall numbers, and maps for plotting
 * @throws InvalidParameterError for missing columns, a measured layer without model rows
 *   (match "layer"), a depth outside the model's depth range (match "depth"), or no row compared
 */
export function compareLayerMaps(measured: LayerTable, model: LayerTable, options: CompareLayerMapsOptions = {}): CompareLayerMapsResult {
  const { value = "x", match = "layer" } = options;
  const sigmaName = options.sigmaColumn ?? defaultSigmaColumn(value);
  const { timeS, groups } = groupLayers(measured, "measured");
  const mv = numericColumn(measured, value, "options.value");
  const ms = hasColumn(measured, sigmaName) ? numericColumn(measured, sigmaName, "options.sigmaColumn") : undefined;
  if (options.sigmaColumn !== undefined && ms === undefined) {
    throw new InvalidParameterError({ parameter: "options.sigmaColumn", value: options.sigmaColumn, expected: "a column of the measured table" });
  }
  const modelGroups = groupLayers(model, "model");
  const modelValues = numericColumn(model, value, "options.value (model)");
  const series: (ModelSeries & { layer: number })[] = modelGroups.groups.map((g) => {
    const rows = g.rows.filter((r) => Number.isFinite(modelValues[r]!));
    return {
      layer: g.layer,
      depthUm: g.depthUm,
      t: Float64Array.from(rows, (r) => modelGroups.timeS[r]!),
      v: Float64Array.from(rows, (r) => modelValues[r]!),
    };
  });

  const out = { timeS: [] as number[], layer: [] as number[], depthUm: [] as number[], measured: [] as number[], model: [] as number[], residual: [] as number[], sigma: [] as (number | null)[], normalizedResidual: [] as (number | null)[] };
  const perLayer = { layer: [] as number[], depthUm: [] as number[], count: [] as number[], rms: [] as number[], chi2: [] as number[], reducedChi2: [] as (number | null)[] };
  let outsideModelTime = 0;
  let missingValue = 0;
  let sumR2 = 0;
  let chi2 = 0;
  let countWithSigma = 0;

  for (const g of groups) {
    const lookup = modelLookup(g.layer, g.depthUm, series, match);
    let n = 0;
    let r2 = 0;
    let c2 = 0;
    let nSigma = 0;
    for (const row of g.rows) {
      const y = mv[row]!;
      if (!Number.isFinite(y)) {
        missingValue++;
        continue;
      }
      const t = timeS[row]!;
      const yModel = lookup(t);
      if (yModel === undefined) {
        outsideModelTime++;
        continue;
      }
      const r = y - yModel;
      const s = ms?.[row];
      const usable = s !== undefined && Number.isFinite(s) && s > 0;
      out.timeS.push(t);
      out.layer.push(g.layer);
      out.depthUm.push(g.depthUm);
      out.measured.push(y);
      out.model.push(yModel);
      out.residual.push(r);
      out.sigma.push(s !== undefined && Number.isFinite(s) ? s : null);
      out.normalizedResidual.push(usable ? r / s : null);
      n++;
      r2 += r * r;
      if (usable) {
        c2 += (r / s) * (r / s);
        nSigma++;
      }
    }
    if (n === 0) continue;
    perLayer.layer.push(g.layer);
    perLayer.depthUm.push(g.depthUm);
    perLayer.count.push(n);
    perLayer.rms.push(Math.sqrt(r2 / n));
    perLayer.chi2.push(c2);
    perLayer.reducedChi2.push(nSigma > 0 ? c2 / nSigma : null);
    sumR2 += r2;
    chi2 += c2;
    countWithSigma += nSigma;
  }
  const count = out.residual.length;
  if (count === 0) {
    throw new InvalidParameterError({ parameter: "model", value: { outsideModelTime, missingValue }, expected: "a model that covers at least one measured (layer, time)" });
  }
  const residuals = aq.table(out);
  const gridOptions = options.timeStepS === undefined ? {} : { timeStepS: options.timeStepS };
  const measuredMap = buildLayerMap(residuals, { value: "measured", sigmaColumn: "sigma", ...gridOptions });
  const same = { timesS: measuredMap.timesS };
  return {
    residuals,
    perLayer: aq.table(perLayer),
    summary: { count, rms: Math.sqrt(sumR2 / count), chi2, reducedChi2: countWithSigma > 0 ? chi2 / countWithSigma : null, countWithSigma, outsideModelTime, missingValue },
    measuredMap: { ...measuredMap, value },
    modelMap: { ...buildLayerMap(residuals, { value: "model", sigmaColumn: null, ...same }), value: `${value} (model)` },
    residualMap: { ...buildLayerMap(residuals, { value: "residual", sigmaColumn: "sigma", ...same }), value: `${value} residual` },
  };
}

function interpolate(s: ModelSeries, t: number): number | undefined {
  const n = s.t.length;
  if (n === 0 || t < s.t[0]! || t > s.t[n - 1]!) return undefined;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s.t[mid]! <= t) lo = mid;
    else hi = mid;
  }
  if (s.t[lo]! === t || lo === hi) return s.v[lo]!;
  return s.v[lo]! + ((t - s.t[lo]!) * (s.v[hi]! - s.v[lo]!)) / (s.t[hi]! - s.t[lo]!);
}

function modelLookup(layer: number, depthUm: number, series: readonly (ModelSeries & { layer: number })[], match: "layer" | "depth"): (t: number) => number | undefined {
  if (match === "layer") {
    const s = series.find((m) => m.layer === layer);
    if (s === undefined) throw new InvalidParameterError({ parameter: "model", value: series.map((m) => m.layer), expected: `rows for measured layer ${layer}` });
    return (t) => interpolate(s, t);
  }
  // series is sorted by depth (groupLayers).
  const exact = series.find((m) => Math.abs(m.depthUm - depthUm) <= 1e-9 * Math.max(1, depthUm));
  if (exact !== undefined) return (t) => interpolate(exact, t);
  const k = series.findIndex((m) => m.depthUm > depthUm);
  if (k <= 0) {
    throw new InvalidParameterError({ parameter: "model", value: series.map((m) => m.depthUm), expected: `model layers whose depths bracket ${depthUm} µm` });
  }
  const a = series[k - 1]!;
  const b = series[k]!;
  const w = (depthUm - a.depthUm) / (b.depthUm - a.depthUm);
  return (t) => {
    const va = interpolate(a, t);
    const vb = interpolate(b, t);
    return va === undefined || vb === undefined ? undefined : va + w * (vb - va);
  };
}
