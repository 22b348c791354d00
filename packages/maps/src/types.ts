/**
 * Shared types of @operando/maps.
 *
 * @packageDocumentation
 */
import type { ColumnTable } from "arquero";

/**
 * A layer table (see docs/tables.md): one row per (time, layer) with columns
 * `timeS`, `layer`, `depthUm`, `x`, `xSigma`, optional `voltageV`, `f_<phase>`,
 * `f_<phase>_sigma`, `c_<phase>`, `c_<phase>_sigma`, `chi2`, `flags`.
 * Measured tables come from @operando/phases, modelled ones from @operando/mesoscale.
 */
export type LayerTable = ColumnTable;

/**
 * One quantity on a regular (layer x time) grid.
 *
 * Layers are sorted by depth, the one nearest the separator first. `values` is layer-major:
 * the value of layer `i` at time `j` is `values[i * timesS.length + j]`. Grid points that no
 * measurement supports (before a layer's first or after its last sample, or inside a gap
 * longer than `maxGapS`) hold NaN.
 */
export interface LayerMap {
  /** The layer-table column that was mapped, e.g. "x", "f_delta", "c_epsilon". */
  value: string;
  /** Layer labels, in depth order (nearest the separator first). */
  layers: number[];
  /** Layer centre depth from the separator/electrode interface, µm, same order as `layers`. */
  depthsUm: Float64Array;
  /** Regular time grid, s. */
  timesS: Float64Array;
  /** Values, layer-major (`layers.length * timesS.length`). NaN where not supported by data. */
  values: Float64Array;
  /** One-sigma uncertainties on the same grid, when the table has a sigma column. */
  sigma: Float64Array | undefined;
  /** Number of table rows that went into each layer (same order as `layers`). */
  sampleCounts: Int32Array;
}
