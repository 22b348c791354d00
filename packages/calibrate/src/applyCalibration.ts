/**
 * Applying a calibration to patterns: channel -> energy -> d (energy-dispersive) or
 * 2theta -> d (angle-dispersive), with the x uncertainty (`xSigma`) propagated from the full
 * covariance of the calibration. y and its sigma are carried unchanged (counts per channel).
 *
 * @packageDocumentation
 */
import type { Pattern, Series } from "@operando/core";
import { createPattern, createSeries, InvalidParameterError } from "@operando/core";
import type { Calibration } from "./calibration.js";
import { dSpacingAt, dSpacingAtTwoTheta } from "./calibration.js";
import { energyAt } from "./energyPolynomial.js";

/** Options of {@link applyCalibration}. */
export interface ApplyCalibrationOptions {
  /**
   * Target axis: "energy" (energy-dispersive only) or "d".
   * @default "d" when the calibration has an angle (or is angle-dispersive), else "energy"
   */
  to?: "energy" | "d";
}

/**
 * Converts a pattern with a calibration. For channel -> d the result is reversed so that d is
 * ascending; xSigma[i] is the one-sigma uncertainty of x[i] from the calibration covariance.
 * The calibration is recorded in meta (twoThetaDeg / wavelengthAngstrom / energyCalibration).
 *
 * @param pattern - a "channel" pattern (energy-dispersive) or "twoTheta" pattern (angle-dispersive)
 * @param calibration - the calibration
 * @param options - target axis
 * @returns a new pattern (input not modified)
 * @throws InvalidParameterError when the axis does not fit the calibration, "d" is requested
 *   from an energy-only calibration, or a channel maps to a non-positive energy
 * @example const dPattern = applyCalibration(spectrum, calibration); // axis "d", with xSigma
 */
export function applyCalibration(pattern: Pattern, calibration: Calibration, options: ApplyCalibrationOptions = {}): Pattern {
  const n = pattern.x.length;
  const x = new Float64Array(n);
  const xSigma = new Float64Array(n);
  if (calibration.kind === "angle-dispersive") {
    if (pattern.axis !== "twoTheta") throw new InvalidParameterError({ parameter: "pattern.axis", value: pattern.axis, expected: '"twoTheta" for an angle-dispersive calibration' });
    if (options.to === "energy") throw new InvalidParameterError({ parameter: "options.to", value: "energy", expected: '"d" for an angle-dispersive calibration' });
    for (let i = 0; i < n; i++) {
      const r = dSpacingAtTwoTheta(calibration, pattern.x[i]!);
      if (!(r.dAngstrom > 0) || !Number.isFinite(r.dAngstrom)) throw new InvalidParameterError({ parameter: `pattern.x[${i}]`, value: pattern.x[i], expected: "a 2theta that maps to a finite d after the zero correction" });
      x[i] = r.dAngstrom;
      xSigma[i] = r.sigmaAngstrom;
    }
    return finish(pattern, "d", x, xSigma, { wavelengthAngstrom: calibration.wavelengthAngstrom });
  }
  if (pattern.axis !== "channel") throw new InvalidParameterError({ parameter: "pattern.axis", value: pattern.axis, expected: '"channel" for an energy-dispersive calibration' });
  const to = options.to ?? (calibration.twoThetaDeg === null ? "energy" : "d");
  if (to === "d" && calibration.twoThetaDeg === null) {
    throw new InvalidParameterError({ parameter: "calibration.twoThetaDeg", value: null, expected: "a calibration with a fitted 2theta (angle or joint calibration) to convert to d" });
  }
  for (let i = 0; i < n; i++) {
    const e = energyAt(calibration, pattern.x[i]!);
    if (!(e.energyKeV > 0)) throw new InvalidParameterError({ parameter: `pattern.x[${i}]`, value: pattern.x[i], expected: `a channel with positive calibrated energy (got ${e.energyKeV} keV); crop the spectrum first` });
    if (to === "energy") {
      x[i] = e.energyKeV;
      xSigma[i] = e.sigmaKeV;
    } else {
      const d = dSpacingAt(calibration, pattern.x[i]!);
      x[i] = d.dAngstrom;
      xSigma[i] = d.sigmaAngstrom;
    }
  }
  const c = calibration.coefficients;
  const meta = {
    ...(calibration.twoThetaDeg === null ? {} : { twoThetaDeg: calibration.twoThetaDeg }),
    energyCalibration: { offsetKeV: c[0]!, slopeKeV: c[1]!, quadraticKeV: c[2] ?? 0, ...(c[3] === undefined ? {} : { cubicKeV: c[3] }) },
  };
  return finish(pattern, to, x, xSigma, meta);
}

function finish(pattern: Pattern, axis: "d" | "energy", x: Float64Array, xSigma: Float64Array, meta: Record<string, unknown>): Pattern {
  const n = x.length;
  const y = Float64Array.from(pattern.y);
  const sigma = pattern.sigma === undefined ? undefined : Float64Array.from(pattern.sigma);
  if (n > 1 && x[1]! < x[0]!) {
    x.reverse();
    xSigma.reverse();
    y.reverse();
    sigma?.reverse();
  }
  return createPattern({ axis, x, y, sigma, xSigma, meta: { ...pattern.meta, ...meta } });
}

/**
 * Applies one calibration to every pattern of a series.
 * @param series - the series
 * @param calibration - the calibration
 * @param options - target axis
 * @returns a new series
 */
export function applyCalibrationToSeries(series: Series, calibration: Calibration, options: ApplyCalibrationOptions = {}): Series {
  return createSeries(
    series.patterns.map((p) => applyCalibration(p, calibration, options)),
    series.meta,
  );
}
