// vega-scale ships no type declarations; this is the one function plot uses.
declare module "vega-scale" {
  /** A named colour scheme: an interpolator t in [0, 1] -> CSS colour, or a discrete list. */
  export function scheme(name: string): ((t: number) => string) | string[] | undefined;
}
