/**
 * Builds MCA spectra on a channel axis.
 *
 * @packageDocumentation
 */
import type { Pattern, PatternMeta } from "@operando/core";
import { createPattern, poissonSigma } from "@operando/core";

/**
 * A channel-axis pattern: x = first, first+1, ...; sigma = sqrt(max(counts, 1)) (Poisson).
 * @param counts - counts per channel (kept, not copied)
 * @param firstChannel - number of the first channel
 * @param meta - metadata
 */
export function channelPattern(counts: Float64Array, firstChannel: number, meta: PatternMeta): Pattern {
  const x = new Float64Array(counts.length);
  for (let i = 0; i < x.length; i++) x[i] = firstChannel + i;
  return createPattern({ axis: "channel", x, y: counts, sigma: poissonSigma(counts), meta: { intensityUnit: "counts", ...meta } });
}
