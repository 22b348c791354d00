/// <reference path="./vega-scale.d.ts" />
import { scheme as vegaScheme } from "vega-scale";
import { InvalidParameterError } from "@operando/core";

/** 256-entry RGB lookup table of a continuous vega colour scheme (the same colours the legend shows). */
export function colorLut(scheme: string): Uint8Array {
  const interpolate: unknown = vegaScheme(scheme);
  if (typeof interpolate !== "function") {
    throw new InvalidParameterError({ parameter: "options.scheme", value: scheme, expected: 'a continuous vega colour scheme such as "viridis", "cividis", "blueorange"' });
  }
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const text = String((interpolate as (t: number) => string)(k / 255));
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(text) ?? /#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(text);
    if (m === null) throw new InvalidParameterError({ parameter: "options.scheme", value: text, expected: "an rgb() colour from the scheme" });
    const base = text.startsWith("#") ? 16 : 10;
    lut[3 * k] = Number.parseInt(m[1]!, base);
    lut[3 * k + 1] = Number.parseInt(m[2]!, base);
    lut[3 * k + 2] = Number.parseInt(m[3]!, base);
  }
  return lut;
}
