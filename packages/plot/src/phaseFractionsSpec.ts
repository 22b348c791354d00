/**
 * Phase fractions and lattice parameter c against lithiation x (seed paper Figs. 2-3).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { FigureOptions, NumericArray, PlotSpec } from "./types.js";
import { checkLength, num, size, topLevel } from "./internal/spec.js";

/** One phase's columns, on the shared x grid of {@link PhaseFractionsInput}. */
export interface PhaseSeries {
  /** Phase name, e.g. "alpha", "epsilon", "delta". */
  name: string;
  /** Phase (weight or mole) fraction, 0..1; NaN where the phase is absent or not fitted. */
  fraction: NumericArray;
  /** One-sigma of the fraction. */
  fractionSigma?: NumericArray;
  /** Lattice parameter c, Å (NaN where absent). */
  latticeCAngstrom?: NumericArray;
  /** One-sigma of c, Å. */
  latticeCSigmaAngstrom?: NumericArray;
}

/** Input of {@link phaseFractionsSpec}: one row per pattern, arrays by phase. */
export interface PhaseFractionsInput {
  /** Lithiation x in LixV2O5 of each pattern (from coulomb counting or quantification). */
  x: NumericArray;
  /** The phases. */
  phases: readonly PhaseSeries[];
}

/** Options of {@link phaseFractionsSpec}. */
export interface PhaseFractionsOptions extends FigureOptions {
  /** x-axis title. @default "x in LixV2O5" */
  xLabel?: string;
  /** Height of the lattice-c panel (drawn only when some phase has c), px. @default 180 */
  latticeHeight?: number;
}

/**
 * Two stacked panels against x: phase fractions (lines, points and error bars, one colour per
 * phase) and, when given, lattice parameter c in Å for each phase.
 *
 * @param input - x and per-phase arrays
 * @param options - sizes, labels, title
 * @returns Vega-Lite spec
 * @throws InvalidParameterError for no phases or mismatched lengths
 */
export function phaseFractionsSpec(input: PhaseFractionsInput, options: PhaseFractionsOptions = {}): PlotSpec {
  const n = input.x.length;
  if (input.phases.length === 0) throw new InvalidParameterError({ parameter: "input.phases", value: 0, expected: "at least one phase" });
  const rows: Record<string, number | string | null>[] = [];
  for (const p of input.phases) {
    checkLength(`phases[${p.name}].fraction`, p.fraction, n);
    checkLength(`phases[${p.name}].fractionSigma`, p.fractionSigma, n);
    checkLength(`phases[${p.name}].latticeCAngstrom`, p.latticeCAngstrom, n);
    checkLength(`phases[${p.name}].latticeCSigmaAngstrom`, p.latticeCSigmaAngstrom, n);
    for (let i = 0; i < n; i++) {
      const f = p.fraction[i]!;
      const fs = p.fractionSigma?.[i] ?? Number.NaN;
      const c = p.latticeCAngstrom?.[i] ?? Number.NaN;
      const cs = p.latticeCSigmaAngstrom?.[i] ?? Number.NaN;
      rows.push({ phase: p.name, order: i, x: num(input.x[i]), f: num(f), flo: num(f - fs), fhi: num(f + fs), c: num(c), clo: num(c - cs), chi: num(c + cs) });
    }
  }
  const width = size("options.width", options.width, 480);
  const x = { field: "x", type: "quantitative", title: options.xLabel ?? "x in LixV2O5", scale: { zero: false, nice: false } };
  const color = { field: "phase", type: "nominal", title: "Phase", scale: { domain: input.phases.map((p) => p.name) } };
  const panel = (field: string, lo: string, hi: string, title: string, height: number, line: boolean, extra: Record<string, unknown>) => ({
    width,
    height,
    transform: [{ filter: `isValid(datum.${field})` }],
    layer: [
      ...(line ? [{ mark: { type: "line", strokeWidth: 1.2 }, encoding: { x, y: { field, type: "quantitative", title, ...extra }, color, order: { field: "order" } } }] : []),
      { mark: { type: "rule" }, encoding: { x, y: { field: lo, type: "quantitative" }, y2: { field: hi }, color } },
      { mark: { type: "point", filled: true, size: 18 }, encoding: { x, y: { field, type: "quantitative", title, ...extra }, color } },
    ],
  });
  const hasC = input.phases.some((p) => p.latticeCAngstrom !== undefined);
  const panels = [panel("f", "flo", "fhi", "Phase fraction", size("options.height", options.height, 240), true, { scale: { domain: [0, 1] } })];
  if (hasC) panels.push(panel("c", "clo", "chi", "Lattice parameter c (Å)", size("options.latticeHeight", options.latticeHeight, 180), false, { scale: { zero: false } }));
  return topLevel({ data: { values: rows }, vconcat: panels, spacing: 8 }, options.title);
}
