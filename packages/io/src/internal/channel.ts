/**
 * Builds MCA spectra on a channel axis.
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial, Pattern, PatternMeta } from "@operando/core";
import { createPattern, poissonSigma } from "@operando/core";

/**
 * A channel-axis pattern: x = first, first+step, ...; sigma = sqrt(max(counts, 1)) (Poisson).
 * @param counts - counts per channel (kept, not copied)
 * @param firstChannel - number of the first channel
 * @param meta - metadata
 * @param step - channel step between saved values (SPEC's reduction coefficient) @default 1
 */
export function channelPattern(counts: Float64Array, firstChannel: number, meta: PatternMeta, step = 1): Pattern {
  const x = new Float64Array(counts.length);
  for (let i = 0; i < x.length; i++) x[i] = firstChannel + i * step;
  return createPattern({ axis: "channel", x, y: counts, sigma: poissonSigma(counts), meta: { intensityUnit: "counts", ...meta } });
}

/**
 * MCA software writes an all-zero calibration (slope and quadratic 0: every channel at one energy)
 * when the spectrum was never calibrated (e.g. ORTEC Maestro `$MCA_CAL` 0 0 0, EPICS `CAL_SLOPE: 0`).
 * Such a polynomial is no calibration: this returns undefined for it, else the polynomial.
 * @param c - channel-energy polynomial as read
 * @returns c, or undefined when it maps every channel to the same energy
 */
export function usableCalibration(c: ChannelEnergyPolynomial): ChannelEnergyPolynomial | undefined {
  return c.slopeKeV === 0 && c.quadraticKeV === 0 ? undefined : c;
}
