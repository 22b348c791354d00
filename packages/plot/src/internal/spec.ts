import { InvalidParameterError } from "@operando/core";
import type { NumericArray, PlotSpec } from "../types.js";
import { plotConfig } from "../theme.js";

/** Wraps a plain spec object with the schema and config (one cast here instead of in every figure). */
export function topLevel(spec: Record<string, unknown>, title: string | undefined): PlotSpec {
  const out: Record<string, unknown> = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: plotConfig(), ...spec };
  if (title !== undefined) out.title = title;
  return out as unknown as PlotSpec;
}

/** Checks that arrays have the expected length. */
export function checkLength(name: string, array: NumericArray | undefined, length: number): void {
  if (array !== undefined && array.length !== length) {
    throw new InvalidParameterError({ parameter: name, value: array.length, expected: `an array of length ${length}` });
  }
}

/** A JSON-safe number: non-finite values become null (Vega-Lite skips them). */
export function num(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

/** Finite min and max of one or more arrays; undefined when nothing is finite. */
export function extent(...arrays: (NumericArray | undefined)[]): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of arrays) {
    if (a === undefined) continue;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Requires a positive finite size option. */
export function size(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(v > 0) || !Number.isFinite(v)) throw new InvalidParameterError({ parameter: name, value: v, expected: "a positive number of pixels" });
  return v;
}
