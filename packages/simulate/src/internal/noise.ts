import type { Rng } from "@operando/core";
import { InvalidParameterError } from "@operando/core";

/** Replaces expected counts by Poisson deviates in place when an rng is given. @internal */
export function applyPoissonNoise(expected: Float64Array, noise: { rng: Rng } | undefined): void {
  if (noise === undefined) return;
  if (noise.rng === undefined || typeof noise.rng.poisson !== "function") {
    throw new InvalidParameterError({ parameter: "noise.rng", value: noise.rng, expected: "an Rng from createRng(seed) (@operando/core)" });
  }
  for (let i = 0; i < expected.length; i++) expected[i] = noise.rng.poisson(expected[i]!);
}
