/**
 * Layer x time maps on a regular time grid.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { LayerMap, LayerTable } from "./types.js";
import { defaultSigmaColumn, groupLayers, hasColumn, numericColumn } from "./internal/columns.js";
import { median } from "./internal/stats.js";

/** Options of {@link buildLayerMap}. */
export interface BuildLayerMapOptions {
  /**
   * Column to map: "x", a phase fraction "f_<phase>", a lattice parameter "c_<phase>", or any
   * numeric column.
   * @default "x"
   */
  value?: string;
  /**
   * Column with the one-sigma uncertainty of `value`; `null` for none.
   * @default "xSigma" for x, "<value>_sigma" otherwise (used only when present)
   */
  sigmaColumn?: string | null;
  /** Explicit time grid, s (strictly increasing). Overrides `timeStepS`. */
  timesS?: Float64Array;
  /**
   * Grid step, s.
   * @default the median spacing of consecutive samples within a layer
   */
  timeStepS?: number;
  /**
   * Longest gap between two samples of a layer that is bridged by interpolation, s; grid
   * points inside longer gaps are NaN.
   * @default 3 x the median sample spacing
   */
  maxGapS?: number;
  /**
   * Largest allowed number of grid cells (layers x times).
   * @default 20_000_000
   */
  maxCells?: number;
}

/**
 * Interpolates one column of a layer table onto a regular (layer x time) grid.
 *
 * Each layer's samples (rows with a finite value, sorted by time; samples at equal times are
 * averaged) are linearly interpolated to the grid: v(t) = v_k + (t − t_k)(v_{k+1} − v_k)/(t_{k+1} − t_k).
 * Sigma is interpolated the same way. No extrapolation: outside a layer's first..last sample,
 * or inside a gap longer than `maxGapS`, the grid holds NaN. EDXRD measures the gauge layers one
 * after the other, so each layer has its own sample times; the common grid makes them comparable.
 *
 * @param table - layer table (docs/tables.md): needs `timeS`, `layer`, `depthUm` and the value column
 * @param options - which column, grid step, gap limit
 * @returns the map; layers sorted by depth, nearest the separator first
 * @throws InvalidParameterError for missing columns, inconsistent layer depths, a bad grid
 *   option, a value column with no finite entry, or a grid larger than `maxCells`
 * @example
 * const map = buildLayerMap(table, { value: "x" });
 * map.values[i * map.timesS.length + j]; // x of layer map.layers[i] at map.timesS[j]
 */
export function buildLayerMap(table: LayerTable, options: BuildLayerMapOptions = {}): LayerMap {
  const { value = "x", maxCells = 20_000_000 } = options;
  const { timeS, groups } = groupLayers(table, "table");
  const v = numericColumn(table, value, "options.value");
  const sigmaName = options.sigmaColumn === undefined ? defaultSigmaColumn(value) : options.sigmaColumn;
  const s = sigmaName !== null && hasColumn(table, sigmaName) ? numericColumn(table, sigmaName, "options.sigmaColumn") : undefined;
  if (options.sigmaColumn !== undefined && options.sigmaColumn !== null && s === undefined) {
    throw new InvalidParameterError({ parameter: "options.sigmaColumn", value: options.sigmaColumn, expected: "a column of the table" });
  }

  // Per-layer samples with finite values, equal times averaged.
  const samples = groups.map((g) => {
    const t: number[] = [];
    const y: number[] = [];
    const e: number[] = [];
    let count = 0;
    for (let k = 0; k < g.rows.length; ) {
      const t0 = timeS[g.rows[k]!]!;
      let sy = 0;
      let se = 0;
      let m = 0;
      for (; k < g.rows.length && timeS[g.rows[k]!] === t0; k++) {
        const row = g.rows[k]!;
        if (!Number.isFinite(v[row]!)) continue;
        sy += v[row]!;
        se += s === undefined ? 0 : s[row]! * s[row]!;
        m++;
      }
      if (m === 0) continue;
      count += m;
      t.push(t0);
      y.push(sy / m);
      // Sigma of a mean of m samples: sqrt(Σσ²)/m.
      e.push(Math.sqrt(se) / m);
    }
    return { t, y, e, count };
  });
  if (samples.every((p) => p.t.length === 0)) {
    throw new InvalidParameterError({ parameter: "options.value", value, expected: "a column with at least one finite value" });
  }

  const spacings: number[] = [];
  for (const p of samples) for (let k = 1; k < p.t.length; k++) spacings.push(p.t[k]! - p.t[k - 1]!);
  const typicalStep = median(spacings);
  const grid = options.timesS ?? regularGrid(samples, options.timeStepS ?? typicalStep, Math.floor(maxCells / groups.length));
  for (let j = 1; j < grid.length; j++) {
    if (!(grid[j]! > grid[j - 1]!)) throw new InvalidParameterError({ parameter: "options.timesS", value: j, expected: "strictly increasing times" });
  }
  const maxGapS = options.maxGapS ?? (Number.isFinite(typicalStep) ? 3 * typicalStep : Number.POSITIVE_INFINITY);
  if (!(maxGapS > 0)) throw new InvalidParameterError({ parameter: "options.maxGapS", value: maxGapS, expected: "a positive number of seconds" });
  const nt = grid.length;
  if (groups.length * nt > maxCells) {
    throw new InvalidParameterError({ parameter: "options.timeStepS", value: options.timeStepS ?? typicalStep, expected: `a grid of at most ${maxCells} cells (got ${groups.length} x ${nt})` });
  }

  const values = new Float64Array(groups.length * nt).fill(Number.NaN);
  const sigma = s === undefined ? undefined : new Float64Array(groups.length * nt).fill(Number.NaN);
  samples.forEach((p, i) => {
    let k = 0;
    for (let j = 0; j < nt; j++) {
      const t = grid[j]!;
      if (p.t.length === 0 || t < p.t[0]! || t > p.t[p.t.length - 1]!) continue;
      while (k + 1 < p.t.length && p.t[k + 1]! < t) k++;
      if (p.t[k]! === t || k + 1 >= p.t.length) {
        values[i * nt + j] = p.y[k]!;
        if (sigma !== undefined) sigma[i * nt + j] = p.e[k]!;
        continue;
      }
      if (p.t[k + 1]! === t) {
        values[i * nt + j] = p.y[k + 1]!;
        if (sigma !== undefined) sigma[i * nt + j] = p.e[k + 1]!;
        continue;
      }
      const dt = p.t[k + 1]! - p.t[k]!;
      if (dt > maxGapS) continue;
      const w = (t - p.t[k]!) / dt;
      values[i * nt + j] = p.y[k]! + w * (p.y[k + 1]! - p.y[k]!);
      if (sigma !== undefined) sigma[i * nt + j] = p.e[k]! + w * (p.e[k + 1]! - p.e[k]!);
    }
  });

  return {
    value,
    layers: groups.map((g) => g.layer),
    depthsUm: Float64Array.from(groups, (g) => g.depthUm),
    timesS: grid,
    values,
    sigma,
    sampleCounts: Int32Array.from(samples, (p) => p.count),
  };
}

function regularGrid(samples: readonly { t: number[] }[], stepS: number, maxPoints: number): Float64Array {
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  for (const p of samples) {
    if (p.t.length === 0) continue;
    t0 = Math.min(t0, p.t[0]!);
    t1 = Math.max(t1, p.t[p.t.length - 1]!);
  }
  if (t1 === t0) return Float64Array.of(t0);
  if (!(stepS > 0) || !Number.isFinite(stepS)) {
    throw new InvalidParameterError({ parameter: "options.timeStepS", value: stepS, expected: "a positive, finite time step in s" });
  }
  // Small tolerance so that a span that is a whole number of steps keeps its last point.
  const n = Math.floor((t1 - t0) / stepS + 1e-9) + 1;
  if (n > maxPoints) {
    throw new InvalidParameterError({ parameter: "options.timeStepS", value: stepS, expected: `a step giving at most ${maxPoints} grid times (maxCells / layers), got ${n}` });
  }
  return Float64Array.from({ length: n }, (_, j) => t0 + j * stepS);
}
