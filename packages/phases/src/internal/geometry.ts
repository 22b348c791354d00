/**
 * The native-axis geometry of a window fit: for each pattern point its coordinate u (photon energy
 * in keV for energy-dispersive data, corrected 2theta in deg for angle-dispersive data) and bin
 * width, and for a reflection of spacing d its centre u(d), the instrumental FWHM there, and the
 * geometric intensity factor. The counts are never resampled: only the axis is mapped.
 *
 * @packageDocumentation
 */
import type { AngleDispersiveCalibration, Calibration, EnergyDispersiveCalibration } from "@operando/calibrate";
import type { Pattern } from "@operando/core";
import { FWHM_PER_SIGMA, HC_KEV_ANGSTROM, InvalidParameterError } from "@operando/core";
import { WindowOutsidePatternError } from "../errors.js";

const DEG = Math.PI / 180;

/** Energy-dispersive resolution model (see quantifyPattern options). */
export interface ResolvedEdxrdResolution {
  electronicNoiseFwhmKeV: number;
  fanoFactor: number;
  pairEnergyEv: number;
  angularSpreadDeg: number;
}

/** Caglioti U, V, W (deg^2). */
export interface ResolvedCaglioti {
  u: number;
  v: number;
  w: number;
}

/** Mapped window. */
export interface WindowGeometry {
  readonly kind: "energy-dispersive" | "angle-dispersive";
  /** First pattern index in the window. */
  readonly start: number;
  /** One past the last pattern index. */
  readonly end: number;
  /** Coordinate of each window point (keV or deg), increasing. */
  readonly u: Float64Array;
  /** Bin width of each window point in u units (so counts = density x bin). */
  readonly bin: Float64Array;
  /** Window limits in u. */
  readonly uMin: number;
  readonly uMax: number;
  /** Centre u of a reflection at d, and du/dd. */
  centre(dAngstrom: number): number;
  centreDerivative(dAngstrom: number): number;
  /** Instrumental FWHM (u units) at u, and its derivative d FWHM / du. */
  fwhm(u: number): number;
  fwhmDerivative(u: number): number;
  /** Geometric intensity factor at d and its derivative with respect to d. */
  factor(dAngstrom: number): number;
  factorDerivative(dAngstrom: number): number;
  /** Human-readable unit of u. */
  readonly unit: "keV" | "deg";
}

/** Inputs of {@link buildGeometry}. */
export interface GeometryInput {
  pattern: Pattern;
  calibration: Calibration;
  dMinAngstrom: number;
  dMaxAngstrom: number;
  resolution: ResolvedEdxrdResolution;
  caglioti: ResolvedCaglioti;
  /** The user function, or a table made by {@link tabulateIncidentSpectrum} (worker threads). */
  incidentSpectrum: ((energyKeV: number) => number) | IncidentTable | undefined;
  minimumPoints: number;
}

function locate(u: Float64Array, lo: number, hi: number): [number, number] {
  let start = u.length;
  let end = 0;
  for (let i = 0; i < u.length; i++) {
    const v = u[i]!;
    if (v >= lo && v <= hi) {
      if (i < start) start = i;
      end = i + 1;
    }
  }
  return [start, end];
}

/**
 * An incident spectrum tabulated on the nodes a window geometry uses (so a worker thread, which
 * cannot receive functions, interpolates exactly as the main thread does).
 */
export interface IncidentTable {
  readonly kind: "incidentTable";
  /** First and last node energy (keV). */
  readonly loKeV: number;
  readonly hiKeV: number;
  /** Flux at lo + i (hi - lo) / (values.length - 1). */
  readonly values: Float64Array;
}

/** Intervals of the incident-spectrum table (1024 over twice the window, linear interpolation). */
const TABLE_INTERVALS = 1024;

// Memo of tabulated spectra per user function and range (pure memoization: same input, same table).
const TABLES = new WeakMap<(energyKeV: number) => number, Map<string, IncidentTable>>();

function tabulate(fn: (energyKeV: number) => number, lo: number, hi: number): IncidentTable {
  const key = `${lo},${hi},${TABLE_INTERVALS}`;
  let byRange = TABLES.get(fn);
  if (byRange === undefined) {
    byRange = new Map();
    TABLES.set(fn, byRange);
  }
  const hit = byRange.get(key);
  if (hit !== undefined) return hit;
  const step = (hi - lo) / TABLE_INTERVALS;
  const values = new Float64Array(TABLE_INTERVALS + 1);
  for (let i = 0; i <= TABLE_INTERVALS; i++) {
    const v = fn(lo + i * step);
    if (!(Number.isFinite(v) && v >= 0)) throw new InvalidParameterError({ parameter: "incidentSpectrum", value: v, expected: `a non-negative finite flux at ${(lo + i * step).toFixed(3)} keV` });
    values[i] = v;
  }
  const made: IncidentTable = { kind: "incidentTable", loKeV: lo, hiKeV: hi, values };
  if (byRange.size < 64) byRange.set(key, made);
  return made;
}

/** Linear interpolation in the table; outside it, `fallback` (the user function) or the end value. */
function interpolator(table: IncidentTable, fallback: ((energyKeV: number) => number) | undefined): (energyKeV: number) => number {
  const { loKeV: lo, hiKeV: hi, values } = table;
  const intervals = values.length - 1;
  const step = (hi - lo) / intervals;
  return (e) => {
    if (!(e > lo && e < hi)) return fallback !== undefined ? fallback(e) : values[e > lo ? intervals : 0]!;
    const t = (e - lo) / step;
    const i = Math.min(intervals - 1, Math.floor(t));
    const f = t - i;
    return values[i]! * (1 - f) + values[i + 1]! * f;
  };
}

/** Energy range of the incident-spectrum table of a window: the window's energies widened by half its span each side. */
function tableRange(twoThetaDeg: number, dMinAngstrom: number, dMaxAngstrom: number): [number, number] {
  const k = HC_KEV_ANGSTROM / (2 * Math.sin((twoThetaDeg * DEG) / 2));
  const uMin = k / dMaxAngstrom;
  const uMax = k / dMinAngstrom;
  return [uMin - (uMax - uMin) / 2, uMax + (uMax - uMin) / 2];
}

/**
 * Tabulates an incident spectrum exactly as {@link buildGeometry} does for this calibration and
 * window (for sending to worker threads).
 */
export function tabulateIncidentSpectrum(fn: (energyKeV: number) => number, twoThetaDeg: number, dMinAngstrom: number, dMaxAngstrom: number): IncidentTable {
  const [lo, hi] = tableRange(twoThetaDeg, dMinAngstrom, dMaxAngstrom);
  return tabulate(fn, lo, hi);
}

function edxrdGeometry(input: GeometryInput, cal: EnergyDispersiveCalibration): WindowGeometry {
  const { pattern, dMinAngstrom, dMaxAngstrom, resolution } = input;
  if (cal.twoThetaDeg === null) {
    throw new InvalidParameterError({ parameter: "calibration.twoThetaDeg", value: null, expected: "an energy-dispersive calibration with its 2theta (joint or angle calibration)" });
  }
  const theta = (cal.twoThetaDeg * DEG) / 2;
  // E d = hc / (2 sin theta) (Bragg's law for fixed angle; science.md section 2).
  const k = HC_KEV_ANGSTROM / (2 * Math.sin(theta));
  const n = pattern.x.length;
  const coefficients = cal.coefficients;
  const x = pattern.x;
  if (pattern.axis !== "channel" && pattern.axis !== "energy") {
    throw new InvalidParameterError({ parameter: "pattern.axis", value: pattern.axis, expected: '"channel" or "energy" for an energy-dispersive calibration' });
  }
  const channelAxis = pattern.axis === "channel";
  /** Photon energy (keV) of point i: the calibration polynomial of the channel, or the axis itself. */
  const energyAt = (i: number): number => {
    if (!channelAxis) return x[i]!;
    const ch = x[i]!;
    let e = 0;
    for (let j = coefficients.length - 1; j >= 0; j--) e = e * ch + coefficients[j]!;
    return e;
  };
  const uMin = k / dMaxAngstrom;
  const uMax = k / dMinAngstrom;
  // One pass without storing the whole axis: monotonicity check and the window's index range.
  let start = n;
  let end = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const e = energyAt(i);
    if (i > 0 && !(e > previous)) throw new InvalidParameterError({ parameter: "calibration", value: cal.coefficients, expected: `energy increasing with channel (fails at index ${i})` });
    previous = e;
    if (e >= uMin && e <= uMax) {
      if (i < start) start = i;
      end = i + 1;
    }
  }
  const energy = new Float64Array(Math.max(0, end - start));
  for (let i = start; i < end; i++) energy[i - start] = energyAt(i);
  // Bin width dE per point, for the window only: dE/dchannel of the polynomial, or the mean
  // spacing to the neighbours on an energy axis.
  const slope = new Float64Array(Math.max(0, end - start));
  for (let i = start; i < end; i++) {
    if (pattern.axis === "channel") {
      const ch = pattern.x[i]!;
      let e = 0;
      let de = 0;
      for (let j = coefficients.length - 1; j >= 0; j--) {
        de = de * ch + e;
        e = e * ch + coefficients[j]!;
      }
      slope[i - start] = Math.abs(de);
    } else {
      const left = i > 0 ? x[i]! - x[i - 1]! : x[i + 1]! - x[i]!;
      const right = i < n - 1 ? x[i + 1]! - x[i]! : left;
      slope[i - start] = Math.abs((left + right) / 2);
    }
  }
  const covered = end > start ? (energy[end - start - 1]! - energy[0]!) / (uMax - uMin) : 0;
  if (end - start < input.minimumPoints || covered < 0.5) {
    const first = n > 0 ? energyAt(0) : Number.NaN;
    const last = n > 0 ? energyAt(n - 1) : Number.NaN;
    throw new WindowOutsidePatternError({
      window: [dMinAngstrom, dMaxAngstrom],
      patternRange: [first, last],
      unit: "keV",
      message: `the window d = ${dMinAngstrom}-${dMaxAngstrom} A maps to ${uMin.toFixed(2)}-${uMax.toFixed(2)} keV, but the calibrated spectrum covers ${first.toFixed(2)}-${last.toFixed(2)} keV (${end - start} points inside)`,
    });
  }
  const { electronicNoiseFwhmKeV: noise, fanoFactor, pairEnergyEv, angularSpreadDeg } = resolution;
  // FWHM^2 = noise^2 + 2.355^2 F eps E + (E cot(theta) dtheta)^2, dtheta = angularSpread / 2
  // (Knoll 2010 ch. 12 for the detector term; science.md section 2 for the geometric term).
  const fano = FWHM_PER_SIGMA * FWHM_PER_SIGMA * fanoFactor * (pairEnergyEv / 1000);
  const geo = ((angularSpreadDeg * DEG) / 2 / Math.tan(theta)) ** 2;
  // The incident spectrum is tabulated once (1025 nodes over twice the window, linear
  // interpolation): it is smooth on the keV scale and user functions may be costly.
  const source = input.incidentSpectrum;
  let spectrum: ((energyKeV: number) => number) | undefined;
  if (typeof source === "function") spectrum = interpolator(tabulateIncidentSpectrum(source, cal.twoThetaDeg, dMinAngstrom, dMaxAngstrom), source);
  else if (source !== undefined) spectrum = interpolator(source, undefined);
  const factor = (d: number): number => d * d * (spectrum === undefined ? 1 : spectrum(k / d));
  return {
    kind: "energy-dispersive",
    unit: "keV",
    start,
    end,
    u: energy,
    bin: slope,
    uMin,
    uMax,
    centre: (d) => k / d,
    centreDerivative: (d) => -k / (d * d),
    fwhm: (e) => Math.sqrt(noise * noise + fano * e + geo * e * e),
    fwhmDerivative: (e) => (fano + 2 * geo * e) / (2 * Math.sqrt(noise * noise + fano * e + geo * e * e)),
    // Energy-dispersive Lorentz-type factor d^2 (Buras & Gerward 1975, Acta Cryst. A31, 372,
    // doi:10.1107/S0567739475000782) times the incident spectrum and efficiency at E = k / d.
    factor,
    factorDerivative: (d) => (factor(d * (1 + 1e-6)) - factor(d * (1 - 1e-6))) / (2e-6 * d),
  };
}

function adxrdGeometry(input: GeometryInput, cal: AngleDispersiveCalibration): WindowGeometry {
  const { pattern, dMinAngstrom, dMaxAngstrom, caglioti } = input;
  if (pattern.axis !== "twoTheta") {
    throw new InvalidParameterError({ parameter: "pattern.axis", value: pattern.axis, expected: '"twoTheta" for an angle-dispersive calibration' });
  }
  const lambda = cal.wavelengthAngstrom;
  const n = pattern.x.length;
  const tt = new Float64Array(n);
  const bin = new Float64Array(n);
  // 2theta_true = 2theta_obs - zero - D cos(theta_obs) (calibrate's convention).
  for (let i = 0; i < n; i++) {
    const obs = pattern.x[i]!;
    tt[i] = obs - cal.zeroDeg - (cal.displacementRad * Math.cos((obs * DEG) / 2)) / DEG;
  }
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? tt[i]! - tt[i - 1]! : tt[i + 1]! - tt[i]!;
    const right = i < n - 1 ? tt[i + 1]! - tt[i]! : left;
    bin[i] = Math.abs((left + right) / 2);
  }
  for (let i = 1; i < n; i++) {
    if (!(tt[i]! > tt[i - 1]!)) throw new InvalidParameterError({ parameter: "pattern.x", value: i, expected: "2theta increasing" });
  }
  const centre = (d: number): number => (2 * Math.asin(Math.min(1, lambda / (2 * d)))) / DEG;
  const uMin = centre(dMaxAngstrom);
  const uMax = lambda / (2 * dMinAngstrom) < 1 ? centre(dMinAngstrom) : 180;
  const [start, end] = locate(tt, uMin, uMax);
  const covered = end > start ? (tt[end - 1]! - tt[start]!) / (uMax - uMin) : 0;
  if (end - start < input.minimumPoints || covered < 0.5) {
    throw new WindowOutsidePatternError({
      window: [dMinAngstrom, dMaxAngstrom],
      patternRange: [tt[0] ?? Number.NaN, tt[n - 1] ?? Number.NaN],
      unit: "deg",
      message: `the window d = ${dMinAngstrom}-${dMaxAngstrom} A maps to 2theta = ${uMin.toFixed(3)}-${uMax.toFixed(3)} deg, but the pattern covers ${(tt[0] ?? Number.NaN).toFixed(3)}-${(tt[n - 1] ?? Number.NaN).toFixed(3)} deg (${end - start} points inside)`,
    });
  }
  const { u: cu, v: cv, w: cw } = caglioti;
  const fwhm = (t: number): number => {
    const tan = Math.tan((t * DEG) / 2);
    return Math.sqrt(Math.max(cu * tan * tan + cv * tan + cw, 1e-12));
  };
  // Lorentz-polarization factor P / (sin^2 theta cos theta) of a full (chi-integrated) ring:
  // the polarized term (f/2) cos(2 chi) sin^2 2theta averages to zero over chi, leaving
  // P = (1 + cos^2 2theta)/2 (International Tables Vol. C, section 6.2.5).
  const factor = (d: number): number => {
    const s = Math.min(1, lambda / (2 * d));
    const th = Math.asin(s);
    const c2 = Math.cos(2 * th);
    const p = (1 + c2 * c2) / 2;
    return p / (s * s * Math.cos(th));
  };
  return {
    kind: "angle-dispersive",
    unit: "deg",
    start,
    end,
    u: tt.slice(start, end),
    bin: bin.slice(start, end),
    uMin,
    uMax,
    centre,
    centreDerivative: (d) => {
      const s = lambda / (2 * d);
      return (-2 * s) / (d * Math.sqrt(1 - s * s)) / DEG;
    },
    fwhm,
    fwhmDerivative: (t) => (fwhm(t * (1 + 1e-6)) - fwhm(t * (1 - 1e-6))) / (2e-6 * t),
    factor,
    factorDerivative: (d) => (factor(d * (1 + 1e-6)) - factor(d * (1 - 1e-6))) / (2e-6 * d),
  };
}

/**
 * Maps the d window onto the pattern's native axis.
 * @throws WindowOutsidePatternError when fewer than `minimumPoints` points (or under half the window) fall inside
 * @throws InvalidParameterError for an axis that does not match the calibration
 */
export function buildGeometry(input: GeometryInput): WindowGeometry {
  const cal = input.calibration;
  return cal.kind === "energy-dispersive" ? edxrdGeometry(input, cal) : adxrdGeometry(input, cal);
}
