import { encode } from "fast-png";
import { InvalidParameterError } from "@operando/core";
import type { NumericArray } from "../types.js";
import { colorLut } from "./colormap.js";

/** For each output pixel along one axis, the source index range [start, end); start = -1: no data. */
export interface AxisBins {
  start: Int32Array;
  end: Int32Array;
}

/** How values map to colours: t = (f(v) − f(lo)) / (f(hi) − f(lo)), f = identity, sqrt or log10. */
export interface ColorScale {
  scheme: string;
  domain: readonly [number, number];
  type: "linear" | "sqrt" | "log";
}

function lowerBound(a: NumericArray, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Median spacing of sorted coordinates (1 when fewer than two). */
export function medianSpacing(coords: NumericArray): number {
  const d: number[] = [];
  for (let i = 1; i < coords.length; i++) d.push(coords[i]! - coords[i - 1]!);
  d.sort((a, b) => a - b);
  return d.length === 0 ? 1 : d[d.length >> 1]! || 1;
}

/** Checks that coordinates are finite and strictly increasing. */
export function checkIncreasing(name: string, coords: NumericArray): void {
  if (coords.length === 0) throw new InvalidParameterError({ parameter: name, value: 0, expected: "at least one coordinate" });
  for (let i = 0; i < coords.length; i++) {
    if (!Number.isFinite(coords[i]!) || (i > 0 && !(coords[i]! > coords[i - 1]!))) {
      throw new InvalidParameterError({ parameter: `${name}[${i}]`, value: coords[i], expected: "finite, strictly increasing coordinates" });
    }
  }
}

/**
 * Pixel bins over sample coordinates: pixel p covers [lo + p w, lo + (p+1) w) (reversed when
 * `reverse`, pixel 0 at `hi`) and takes the samples inside; a pixel with none takes the nearest
 * sample when it is within one median spacing (so real gaps stay empty).
 */
export function binsForSamples(coords: NumericArray, lo: number, hi: number, pixels: number, reverse: boolean): AxisBins {
  const start = new Int32Array(pixels).fill(-1);
  const end = new Int32Array(pixels).fill(-1);
  const w = (hi - lo) / pixels;
  const tolerance = medianSpacing(coords);
  for (let p = 0; p < pixels; p++) {
    const q = reverse ? pixels - 1 - p : p;
    const a = lo + q * w;
    const b = a + w;
    const i0 = lowerBound(coords, a);
    const i1 = lowerBound(coords, b);
    if (i1 > i0) {
      start[p] = i0;
      end[p] = i1;
      continue;
    }
    const c = 0.5 * (a + b);
    let best = -1;
    for (const k of [i0 - 1, i0]) {
      if (k >= 0 && k < coords.length && (best < 0 || Math.abs(coords[k]! - c) < Math.abs(coords[best]! - c))) best = k;
    }
    if (best >= 0 && Math.abs(coords[best]! - c) <= tolerance) {
      start[p] = best;
      end[p] = best + 1;
    }
  }
  return { start, end };
}

/** Band edges around sorted centres: midpoints, the outer ones half a spacing out. */
export function bandEdges(centres: NumericArray): Float64Array {
  const n = centres.length;
  const edges = new Float64Array(n + 1);
  const half = n > 1 ? 0.5 * (centres[1]! - centres[0]!) : 0.5 * Math.max(1, Math.abs(centres[0]!));
  const halfLast = n > 1 ? 0.5 * (centres[n - 1]! - centres[n - 2]!) : half;
  edges[0] = centres[0]! - half;
  for (let k = 1; k < n; k++) edges[k] = 0.5 * (centres[k - 1]! + centres[k]!);
  edges[n] = centres[n - 1]! + halfLast;
  return edges;
}

/** Pixel bins over bands (pixel 0 at edges[0] unless `reverse`): each pixel takes the band it is in. */
export function binsForBands(edges: Float64Array, pixels: number, reverse: boolean): AxisBins {
  const start = new Int32Array(pixels).fill(-1);
  const end = new Int32Array(pixels).fill(-1);
  const lo = edges[0]!;
  const hi = edges[edges.length - 1]!;
  for (let p = 0; p < pixels; p++) {
    const q = reverse ? pixels - 1 - p : p;
    const c = lo + ((q + 0.5) * (hi - lo)) / pixels;
    const k = Math.min(edges.length - 2, Math.max(0, lowerBound(edges, c) - 1));
    start[p] = k;
    end[p] = k + 1;
  }
  return { start, end };
}

/** Identity bins with integer upsampling: pixel p shows cell floor(p / factor). */
export function binsForCells(cells: number, factor: number, reverse: boolean): AxisBins {
  const pixels = cells * factor;
  const start = new Int32Array(pixels);
  const end = new Int32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const q = reverse ? pixels - 1 - p : p;
    start[p] = Math.floor(q / factor);
    end[p] = start[p]! + 1;
  }
  return { start, end };
}

/** Checks a colour-scale domain (and positivity for log). */
export function checkScale(scale: ColorScale): void {
  const [lo, hi] = scale.domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
    throw new InvalidParameterError({ parameter: "options.domain", value: scale.domain, expected: "finite [low, high] with high > low" });
  }
  if ((scale.type === "log" && !(lo > 0)) || (scale.type === "sqrt" && lo < 0)) {
    throw new InvalidParameterError({ parameter: "options.domain", value: scale.domain, expected: `a domain allowed by a ${scale.type} scale (log: > 0, sqrt: ≥ 0)` });
  }
}

/**
 * Averages `values[row * nx + col]` over each pixel's (row, col) source ranges and colours it.
 * Pixels without finite data are transparent.
 * @returns RGBA bytes of width cols.start.length and height rows.start.length
 */
export function rasterize(values: NumericArray, nx: number, rows: AxisBins, cols: AxisBins, scale: ColorScale): Uint8Array {
  checkScale(scale);
  const lut = colorLut(scale.scheme);
  const f = scale.type === "log" ? Math.log10 : scale.type === "sqrt" ? Math.sqrt : (v: number) => v;
  const f0 = f(scale.domain[0]);
  const f1 = f(scale.domain[1]);
  const width = cols.start.length;
  const height = rows.start.length;
  const rgba = new Uint8Array(width * height * 4);
  for (let py = 0; py < height; py++) {
    const r0 = rows.start[py]!;
    if (r0 < 0) continue;
    const r1 = rows.end[py]!;
    for (let px = 0; px < width; px++) {
      const c0 = cols.start[px]!;
      if (c0 < 0) continue;
      const c1 = cols.end[px]!;
      let sum = 0;
      let n = 0;
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) {
          const v = values[r * nx + c]!;
          if (Number.isFinite(v)) {
            sum += v;
            n++;
          }
        }
      }
      if (n === 0) continue;
      const fv = f(sum / n);
      let t = Number.isFinite(fv) ? (fv - f0) / (f1 - f0) : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const k = Math.round(t * 255) * 3;
      const o = (py * width + px) * 4;
      rgba[o] = lut[k]!;
      rgba[o + 1] = lut[k + 1]!;
      rgba[o + 2] = lut[k + 2]!;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

/** Encodes RGBA bytes as a PNG file. */
export function encodeRgbaPng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  return encode({ width, height, data: rgba, channels: 4, depth: 8 });
}

/** A PNG as a data: URI. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString("base64")}`;
}

/** Finite extent of values, optionally only the positive ones (for log scales). */
export function valueDomain(values: NumericArray, positiveOnly: boolean): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || (positiveOnly && !(v > 0))) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return undefined;
  if (lo === hi) return positiveOnly ? [lo / 2, hi * 2] : [lo - (Math.abs(lo) || 1) * 0.5, hi + (Math.abs(hi) || 1) * 0.5];
  return [lo, hi];
}
