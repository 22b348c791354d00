/**
 * The channel -> energy polynomial E(ch) = a0 + a1 ch + a2 ch^2 (+ a3 ch^3) with the covariance
 * of its coefficients, and what follows from it: the energy and its one-sigma uncertainty at any
 * channel, the inverse (energy -> channel), and starting calibrations from a file header or two
 * anchor peaks.
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial } from "@operando/core";
import { InvalidParameterError } from "@operando/core";

/** A channel -> energy polynomial with the covariance of its coefficients. */
export interface EnergyPolynomial {
  /** Coefficients a_k (keV / channel^k), k = 0..degree; degree = length - 1 (1 to 3). */
  readonly coefficients: readonly number[];
  /**
   * Row-major (degree+1) x (degree+1) covariance of the coefficients; all zeros for a calibration
   * of unknown uncertainty (a header value or a guess).
   */
  readonly covariance: readonly number[];
}

/** An energy with its one-sigma uncertainty. */
export interface EnergyWithSigma {
  /** Energy (keV). */
  energyKeV: number;
  /** One-sigma uncertainty from the coefficient covariance (keV). */
  sigmaKeV: number;
}

/**
 * Builds an {@link EnergyPolynomial}, checking shapes, finiteness and a positive covariance
 * diagonal.
 * @param coefficients - a0..ak (keV / ch^k), 2 to 4 of them
 * @param covariance - row-major covariance; omitted = zeros (unknown uncertainty)
 * @returns the validated polynomial
 * @throws InvalidParameterError on wrong lengths or non-finite values
 */
export function createEnergyPolynomial(coefficients: readonly number[], covariance?: readonly number[]): EnergyPolynomial {
  const p = coefficients.length;
  if (p < 2 || p > 4) throw new InvalidParameterError({ parameter: "coefficients", value: coefficients, expected: "2 to 4 coefficients (degree 1 to 3)" });
  coefficients.forEach((c, i) => {
    if (!Number.isFinite(c)) throw new InvalidParameterError({ parameter: `coefficients[${i}]`, value: c, expected: "a finite number" });
  });
  const cov = covariance ?? new Array<number>(p * p).fill(0);
  if (cov.length !== p * p) throw new InvalidParameterError({ parameter: "covariance", value: `length ${cov.length}`, expected: `length ${p * p} ((degree+1)^2, row-major)` });
  for (let i = 0; i < p; i++) {
    const v = cov[i * p + i]!;
    if (!(v >= 0)) throw new InvalidParameterError({ parameter: `covariance[${i * p + i}]`, value: v, expected: "a non-negative variance" });
  }
  return Object.freeze({ coefficients: Object.freeze([...coefficients]), covariance: Object.freeze([...cov]) });
}

/**
 * Energy at a (fractional) channel: E = sum_k a_k ch^k, with
 * sigma_E^2 = phi^T C phi, phi = (1, ch, ch^2, ...), C the coefficient covariance.
 *
 * @param calibration - polynomial with covariance
 * @param channel - channel (may be fractional)
 * @returns energy (keV) and its one-sigma uncertainty (keV)
 * @example energyAt(createEnergyPolynomial([0.1, 0.02]), 1000) // { energyKeV: 20.1, sigmaKeV: 0 }
 */
export function energyAt(calibration: EnergyPolynomial, channel: number): EnergyWithSigma {
  const a = calibration.coefficients;
  const c = calibration.covariance;
  const p = a.length;
  const phi = new Float64Array(p);
  let power = 1;
  let energyKeV = 0;
  for (let k = 0; k < p; k++) {
    phi[k] = power;
    energyKeV += a[k]! * power;
    power *= channel;
  }
  let variance = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) variance += phi[i]! * c[i * p + j]! * phi[j]!;
  return { energyKeV, sigmaKeV: Math.sqrt(Math.max(variance, 0)) };
}

/**
 * Derivative dE/dch at a channel (keV per channel).
 * @param calibration - polynomial
 * @param channel - channel
 * @returns dE/dch at that channel (keV per channel)
 */
export function energySlopeAt(calibration: EnergyPolynomial, channel: number): number {
  const a = calibration.coefficients;
  let slope = 0;
  let power = 1;
  for (let k = 1; k < a.length; k++) {
    slope += k * a[k]! * power;
    power *= channel;
  }
  return slope;
}

/**
 * Channel at which the polynomial reaches an energy (Newton's method from the linear solution),
 * i.e. the inverse of {@link energyAt} on its increasing branch.
 *
 * @param calibration - polynomial
 * @param energyKeV - energy (keV)
 * @returns the (fractional) channel
 * @throws InvalidParameterError when the slope is not positive there (no unique inverse)
 */
export function channelAt(calibration: EnergyPolynomial, energyKeV: number): number {
  const a = calibration.coefficients;
  const a1 = a[1]!;
  if (!(a1 !== 0)) throw new InvalidParameterError({ parameter: "calibration.coefficients[1]", value: a1, expected: "a non-zero gain (keV/channel)" });
  let ch = (energyKeV - a[0]!) / a1;
  for (let it = 0; it < 50; it++) {
    const f = energyAt(calibration, ch).energyKeV - energyKeV;
    const slope = energySlopeAt(calibration, ch);
    if (!(slope > 0)) {
      throw new InvalidParameterError({ parameter: "calibration", value: calibration.coefficients, expected: `a polynomial increasing near ${energyKeV} keV (dE/dch = ${slope} there)` });
    }
    const step = f / slope;
    ch -= step;
    if (Math.abs(step) < 1e-10 * Math.max(1, Math.abs(ch))) break;
  }
  return ch;
}

/**
 * Checks a calibration for use on channels [0, channelCount): finite, increasing everywhere and
 * with a positive energy span.
 *
 * @param calibration - polynomial
 * @param channelCount - number of channels of the spectrum
 * @param name - parameter name for the error message
 * @throws InvalidParameterError naming what to supply instead
 */
export function checkEnergyPolynomial(calibration: EnergyPolynomial, channelCount: number, name = "calibration"): void {
  const samples = Math.min(channelCount, 512);
  for (let s = 0; s <= samples; s++) {
    const ch = ((channelCount - 1) * s) / samples;
    const slope = energySlopeAt(calibration, ch);
    if (!(slope > 0) || !Number.isFinite(energyAt(calibration, ch).energyKeV)) {
      throw new InvalidParameterError({
        parameter: name,
        value: calibration.coefficients,
        expected: `an energy calibration that increases over channels 0-${channelCount - 1} (dE/dch = ${slope} keV/channel at channel ${ch.toFixed(0)}); supply a starting calibration with --gain/--offset or two anchor peaks (channel:energy)`,
      });
    }
  }
}

/**
 * Starting calibration from a file header (EPICS MED, SPEC #@CALIB, .mca), with no uncertainty.
 *
 * @param header - the header polynomial (core's ChannelEnergyPolynomial)
 * @param channelCount - channels of the spectrum (for the monotonicity check)
 * @returns the polynomial, zero covariance
 * @throws InvalidParameterError when the header calibration has zero or negative slope, is not
 *   finite, or is not increasing over the spectrum
 */
export function energyPolynomialFromHeader(header: ChannelEnergyPolynomial, channelCount: number): EnergyPolynomial {
  const coefficients = [header.offsetKeV, header.slopeKeV, header.quadraticKeV];
  if (header.cubicKeV !== undefined && header.cubicKeV !== 0) coefficients.push(header.cubicKeV);
  else if (header.quadraticKeV === 0) coefficients.pop();
  if (!(header.slopeKeV > 0)) {
    throw new InvalidParameterError({
      parameter: "meta.energyCalibration.slopeKeV",
      value: header.slopeKeV,
      expected: "a positive gain (keV/channel) in the file header; supply a starting calibration (gain/offset or two anchor peaks) instead",
    });
  }
  const cal = createEnergyPolynomial(coefficients);
  checkEnergyPolynomial(cal, channelCount, "meta.energyCalibration");
  return cal;
}

/** A channel at which a known energy is seen (a peak identified by eye). */
export interface EnergyAnchor {
  /** Channel of the peak (approximate is fine). */
  channel: number;
  /** Energy of the line (keV). */
  energyKeV: number;
}

/**
 * Linear starting calibration through two anchors (E = a0 + a1 ch), no uncertainty.
 *
 * @param anchors - two (channel, energy) pairs with distinct channels and energies increasing
 *   with channel
 * @returns the polynomial
 * @throws InvalidParameterError unless there are two anchors that give a positive gain
 * @example energyPolynomialFromAnchors([{ channel: 1474, energyKeV: 6.93 }, { channel: 3555, energyKeV: 17.44 }])
 */
export function energyPolynomialFromAnchors(anchors: readonly EnergyAnchor[]): EnergyPolynomial {
  if (anchors.length !== 2) throw new InvalidParameterError({ parameter: "anchors", value: anchors.length, expected: "exactly two channel:energy anchors" });
  const [p, q] = anchors as [EnergyAnchor, EnergyAnchor];
  for (const [i, a] of anchors.entries()) {
    if (!Number.isFinite(a.channel) || !(a.energyKeV > 0)) throw new InvalidParameterError({ parameter: `anchors[${i}]`, value: a, expected: "a finite channel and a positive energy (keV)" });
  }
  const gain = (q.energyKeV - p.energyKeV) / (q.channel - p.channel);
  if (!(gain > 0) || !Number.isFinite(gain)) {
    throw new InvalidParameterError({ parameter: "anchors", value: anchors, expected: "two anchors at different channels whose energy increases with channel" });
  }
  return createEnergyPolynomial([p.energyKeV - gain * p.channel, gain]);
}
