/**
 * Forward simulation of an energy-dispersive (EDXRD) spectrum: white beam, fixed 2theta, MCA.
 *
 * Model, for each reflection:
 * - energy E_hkl = hc / (2 d sin theta) (core `energyFromD`);
 * - width: FWHM^2 = noise^2 + 2.355^2 F eps E + (E cot(theta) Delta theta)^2 (see `edxrdFwhmKeV`),
 *   Gaussian unless `lorentzianFraction` > 0;
 * - integrated counts = countScale x liveTimeS x scale x I_hkl x i0(E) x d^2 x efficiency(E), where
 *   i0 is the incident spectral flux per keV and d^2 (proportional to E^-2 at fixed theta) is the
 *   energy-dispersive Lorentz-type factor of Buras & Gerward (1975, Acta Cryst. A31, 372,
 *   doi:10.1107/S0567739475000782). The polarization factor is the same for every reflection at a
 *   fixed angle and is absorbed in countScale;
 * - fluorescence lines: Gaussians at the detector resolution (no geometric term), integrated
 *   counts = intensity x liveTimeS;
 * - each channel c collects the exact integral over its energy bin [E(c - 1/2), E(c + 1/2)]
 *   (not point sampling), plus background, then optional Poisson noise.
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial, Pattern, Rng } from "@operando/core";
import { createPattern, dFromEnergy, energyFromD, InvalidParameterError, poissonSigma } from "@operando/core";
import type { Background } from "./background.js";
import { evaluateBackground } from "./background.js";
import type { EdxrdResolution } from "./detector.js";
import { bendingMagnetSpectrum, checkResolution, detectorFwhmKeV, edxrdFwhmKeV } from "./detector.js";
import { applyPoissonNoise } from "./internal/noise.js";
import type { PeakShape } from "./internal/profile.js";
import { depositPeaks } from "./internal/profile.js";
import type { SimulationPhase } from "./simulationPhase.js";
import { resolvePhases } from "./simulationPhase.js";

/** A fluorescence (or gamma) line to add to the spectrum. */
export interface FluorescenceLine {
  /** Line energy (keV). */
  energyKeV: number;
  /** Counts per second of live time in the whole line. */
  intensity: number;
  /** Label, e.g. "Ce Ka1". */
  label?: string;
}

/** Options of {@link simulateEdxrd}. */
export interface SimulateEdxrdOptions {
  /** Fixed detector angle 2theta (deg). */
  twoThetaDeg: number;
  /** Number of MCA channels. @default 8192 */
  channelCount?: number;
  /** Channel -> energy calibration (must be increasing over the channel range). */
  energyCalibration: ChannelEnergyPolynomial;
  /** Detector resolution and angular spread. */
  resolution: EdxrdResolution;
  /**
   * Lorentzian fraction of the peak shape.
   * @default 0 (Gaussian, as for a Ge detector)
   */
  lorentzianFraction?: number;
  /**
   * Incident spectral flux per keV (relative).
   * @default bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 }) (APS bending magnet, unfiltered; an approximation)
   */
  incidentSpectrum?: (energyKeV: number) => number;
  /** Detector efficiency x transmission as a function of energy; default 1. */
  efficiency?: (energyKeV: number) => number;
  /** Fluorescence lines. */
  fluorescenceLines?: readonly FluorescenceLine[];
  /** Background, counts per channel as a function of energy (keV). */
  background?: Background;
  /** Phases of the sample. */
  phases: readonly SimulationPhase[];
  /** Counts per unit of (scale x I x i0 x d^2 x efficiency) per second. @default 1 */
  countScale?: number;
  /** Live time (s). @default 1 */
  liveTimeS?: number;
  /** Poisson noise from this generator; omit for the noiseless expectation. */
  noise?: { rng: Rng };
}

/** A simulated EDXRD peak (known truth). */
export interface EdxrdPeak {
  /** Phase label. */
  label: string;
  /** Miller index h, when known. */
  h: number | undefined;
  /** Miller index k, when known. */
  k: number | undefined;
  /** Miller index l, when known. */
  l: number | undefined;
  /** d (A). */
  dAngstrom: number;
  /** Peak energy (keV). */
  energyKeV: number;
  /** Peak centre in (fractional) channels, from the calibration inverse. */
  channel: number;
  /** FWHM (keV). */
  fwhmKeV: number;
  /** Expected integrated counts of the whole peak (before noise). */
  integratedCounts: number;
}

/** A simulated fluorescence line (known truth). */
export interface EdxrdLine {
  /** Line label. */
  label: string;
  /** Line energy (keV). */
  energyKeV: number;
  /** Centre in (fractional) channels. */
  channel: number;
  /** Detector FWHM (keV). */
  fwhmKeV: number;
  /** Expected counts in the line (before noise). */
  integratedCounts: number;
}

/** Result of {@link simulateEdxrd}. */
export interface SimulateEdxrdResult {
  /** Pattern on axis "channel" (x = 0 ... channelCount - 1), counts, sigma = sqrt(max(counts, 1)). */
  pattern: Pattern;
  /** Bragg peaks used, by increasing energy. */
  peaks: EdxrdPeak[];
  /** Fluorescence lines used. */
  lines: EdxrdLine[];
}

/**
 * Energy of a (fractional) channel: E = offset + slope c + quadratic c^2 + cubic c^3.
 * @param calibration - channel -> energy polynomial
 * @param channel - channel (may be fractional)
 * @returns energy (keV)
 */
export function channelToEnergy(calibration: ChannelEnergyPolynomial, channel: number): number {
  return calibration.offsetKeV + channel * (calibration.slopeKeV + channel * (calibration.quadraticKeV + channel * (calibration.cubicKeV ?? 0)));
}

/**
 * Inverse of {@link channelToEnergy} by safeguarded Newton iteration (bisection fallback) on an
 * increasing calibration, within [lowChannel, highChannel].
 * @param calibration - channel -> energy polynomial
 * @param energyKeV - energy (keV)
 * @param lowChannel - lower bracket @default -1024
 * @param highChannel - upper bracket @default 65536
 * @returns fractional channel (NaN when E is outside the bracket's energies)
 */
export function energyToChannel(calibration: ChannelEnergyPolynomial, energyKeV: number, lowChannel = -1024, highChannel = 65536): number {
  let lo = lowChannel;
  let hi = highChannel;
  const f = (c: number) => channelToEnergy(calibration, c) - energyKeV;
  if (f(lo) > 0 || f(hi) < 0) return Number.NaN;
  let c = calibration.quadraticKeV === 0 && (calibration.cubicKeV ?? 0) === 0 ? (energyKeV - calibration.offsetKeV) / calibration.slopeKeV : (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const v = f(c);
    if (v === 0) return c;
    if (v > 0) hi = c;
    else lo = c;
    const deriv = calibration.slopeKeV + c * (2 * calibration.quadraticKeV + 3 * c * (calibration.cubicKeV ?? 0));
    let next = c - v / deriv;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - c) < 1e-12 * Math.max(1, Math.abs(c))) return next;
    c = next;
  }
  return c;
}

function checkFunction(name: string, fn: unknown): void {
  if (fn !== undefined && typeof fn !== "function") throw new InvalidParameterError({ parameter: name, value: fn, expected: "a function of energy (keV)" });
}

/**
 * Simulates one EDXRD spectrum (see the module notes for the model).
 *
 * @param options - geometry, calibration, resolution, source, sample and noise
 * @returns the channel-axis pattern (meta.twoThetaDeg, meta.energyCalibration, meta.liveTimeS) and the true peaks and lines
 * @throws InvalidParameterError for invalid options (named), a non-increasing calibration, or negative spectrum/efficiency values
 * @example
 * const { pattern, peaks } = simulateEdxrd({ twoThetaDeg: 2.29, channelCount: 8192,
 *   energyCalibration: { offsetKeV: 0.1, slopeKeV: 0.02, quadraticKeV: 0 },
 *   resolution: { electronicNoiseFwhmKeV: 0.15, angularSpreadDeg: 0.01 }, phases: [{ material: "CeO2" }] });
 */
export function simulateEdxrd(options: SimulateEdxrdOptions): SimulateEdxrdResult {
  const { twoThetaDeg, channelCount = 8192, energyCalibration: cal, resolution, lorentzianFraction = 0, countScale = 1, liveTimeS = 1 } = options;
  if (!(twoThetaDeg > 0 && twoThetaDeg < 180)) throw new InvalidParameterError({ parameter: "twoThetaDeg", value: twoThetaDeg, expected: "an angle in (0, 180) deg" });
  if (!(Number.isInteger(channelCount) && channelCount >= 2 && channelCount <= 1 << 20)) throw new InvalidParameterError({ parameter: "channelCount", value: channelCount, expected: "an integer in [2, 1048576]" });
  if (cal === undefined || ![cal.offsetKeV, cal.slopeKeV, cal.quadraticKeV, cal.cubicKeV ?? 0].every(Number.isFinite)) {
    throw new InvalidParameterError({ parameter: "energyCalibration", value: cal, expected: "{ offsetKeV, slopeKeV, quadraticKeV, cubicKeV? } finite numbers" });
  }
  checkResolution(resolution);
  if (!(lorentzianFraction >= 0 && lorentzianFraction <= 1)) throw new InvalidParameterError({ parameter: "lorentzianFraction", value: lorentzianFraction, expected: "a fraction in [0, 1]" });
  if (!(Number.isFinite(countScale) && countScale >= 0)) throw new InvalidParameterError({ parameter: "countScale", value: countScale, expected: "a non-negative number" });
  if (!(Number.isFinite(liveTimeS) && liveTimeS > 0)) throw new InvalidParameterError({ parameter: "liveTimeS", value: liveTimeS, expected: "a positive live time in s" });
  checkFunction("incidentSpectrum", options.incidentSpectrum);
  checkFunction("efficiency", options.efficiency);
  const spectrum = options.incidentSpectrum ?? bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 });
  const efficiency = options.efficiency ?? (() => 1);

  const n = channelCount;
  const x = new Float64Array(n);
  const energies = new Float64Array(n);
  const edges = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    x[i] = i;
    energies[i] = channelToEnergy(cal, i);
  }
  for (let i = 0; i <= n; i++) {
    edges[i] = channelToEnergy(cal, i - 0.5);
    if (i > 0 && !(edges[i]! > edges[i - 1]!)) {
      throw new InvalidParameterError({ parameter: "energyCalibration", value: cal, expected: `an energy increasing with channel over [0, ${n - 1}] (fails near channel ${i})` });
    }
  }
  const eLow = Math.max(edges[0]!, 0.5);
  const eHigh = edges[n]!;
  if (!(eHigh > eLow)) throw new InvalidParameterError({ parameter: "energyCalibration", value: cal, expected: "a calibration reaching energies above 0.5 keV" });
  // Reflections within the spectrum, widened by 5 % for tails of peaks just outside.
  const dMin = dFromEnergy(eHigh * 1.05, twoThetaDeg);
  const dMax = dFromEnergy(Math.max(eLow * 0.95, 0.5), twoThetaDeg);
  const reflections = resolvePhases(options.phases, dMin, dMax);

  const shapes: PeakShape[] = [];
  const peaks: EdxrdPeak[] = [];
  for (const r of reflections) {
    const e = energyFromD(r.dAngstrom, twoThetaDeg);
    const flux = spectrum(e);
    const eff = efficiency(e);
    if (!(Number.isFinite(flux) && flux >= 0)) throw new InvalidParameterError({ parameter: "incidentSpectrum", value: flux, expected: `a finite, non-negative flux at ${e.toFixed(3)} keV` });
    if (!(Number.isFinite(eff) && eff >= 0)) throw new InvalidParameterError({ parameter: "efficiency", value: eff, expected: `a finite, non-negative efficiency at ${e.toFixed(3)} keV` });
    const fwhm = edxrdFwhmKeV(e, twoThetaDeg, resolution);
    const area = countScale * liveTimeS * r.intensity * flux * r.dAngstrom * r.dAngstrom * eff;
    shapes.push({ center: e, fwhm, eta: lorentzianFraction, area });
    peaks.push({ label: r.label, h: r.h, k: r.k, l: r.l, dAngstrom: r.dAngstrom, energyKeV: e, channel: energyToChannel(cal, e, -0.5 - 0.05 * n, n - 0.5 + 0.05 * n), fwhmKeV: fwhm, integratedCounts: area });
  }
  peaks.sort((a, b) => a.energyKeV - b.energyKeV);
  const lines: EdxrdLine[] = [];
  (options.fluorescenceLines ?? []).forEach((line, i) => {
    if (!(Number.isFinite(line.energyKeV) && line.energyKeV > 0)) throw new InvalidParameterError({ parameter: `fluorescenceLines[${i}].energyKeV`, value: line.energyKeV, expected: "a positive energy in keV" });
    if (!(Number.isFinite(line.intensity) && line.intensity >= 0)) throw new InvalidParameterError({ parameter: `fluorescenceLines[${i}].intensity`, value: line.intensity, expected: "a non-negative count rate" });
    const fwhm = detectorFwhmKeV(line.energyKeV, resolution);
    const area = line.intensity * liveTimeS;
    shapes.push({ center: line.energyKeV, fwhm, eta: 0, area });
    lines.push({ label: line.label ?? `line${i}`, energyKeV: line.energyKeV, channel: energyToChannel(cal, line.energyKeV, -0.5 - 0.05 * n, n - 0.5 + 0.05 * n), fwhmKeV: fwhm, integratedCounts: area });
  });
  const y = evaluateBackground(options.background, energies);
  depositPeaks(shapes, edges, y);
  applyPoissonNoise(y, options.noise);
  const pattern = createPattern({
    axis: "channel",
    x,
    y,
    sigma: poissonSigma(y),
    meta: { twoThetaDeg, energyCalibration: { ...cal }, liveTimeS, intensityUnit: "counts", format: "simulated" },
  });
  return { pattern, peaks, lines };
}
