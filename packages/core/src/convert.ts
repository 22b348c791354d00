/**
 * Conversions between 2theta, Q, d and photon energy, for angle-dispersive data (known
 * wavelength) and energy-dispersive data (known fixed 2theta), with derivatives for
 * Jacobian-correct propagation of uncertainties.
 *
 * Formulas (../shared/docs/science.md section 2):
 * - Bragg: lambda = 2 d sin(theta); Q = 4 pi sin(theta) / lambda = 2 pi / d
 * - photon: E[keV] lambda[A] = hc = 12.398419843 keV A
 * - energy-dispersive: E d sin(theta) = hc / 2
 *
 * @packageDocumentation
 */
import type { AxisKind } from "./axis.js";
import { HC_KEV_ANGSTROM } from "./constants.js";
import { InvalidParameterError } from "./errors.js";
import type { Pattern } from "./pattern.js";
import { createPattern } from "./pattern.js";

const DEG = Math.PI / 180;

/** Instrument geometry needed to relate axes: wavelength (ADXRD) and/or fixed 2theta (EDXRD). */
export interface DiffractionGeometry {
  /** Wavelength in Angstrom (needed to relate 2theta to d or Q). */
  wavelengthAngstrom?: number | undefined;
  /** Fixed scattering angle in degrees (needed to relate energy to d or Q). */
  twoThetaDeg?: number | undefined;
}

/**
 * Photon energy from wavelength: E = hc / lambda.
 * @param wavelengthAngstrom - wavelength (A)
 * @returns energy (keV)
 * @example energyFromWavelength(0.24117) // 51.41 keV
 */
export function energyFromWavelength(wavelengthAngstrom: number): number {
  return HC_KEV_ANGSTROM / wavelengthAngstrom;
}

/**
 * Wavelength from photon energy: lambda = hc / E.
 * @param energyKeV - energy (keV)
 * @returns wavelength (A)
 */
export function wavelengthFromEnergy(energyKeV: number): number {
  return HC_KEV_ANGSTROM / energyKeV;
}

/**
 * d-spacing from scattering angle (angle-dispersive): d = lambda / (2 sin(2theta / 2)).
 * @param twoThetaDeg - scattering angle 2theta (deg)
 * @param wavelengthAngstrom - wavelength (A)
 * @returns d (A)
 */
export function dFromTwoTheta(twoThetaDeg: number, wavelengthAngstrom: number): number {
  return wavelengthAngstrom / (2 * Math.sin((twoThetaDeg * DEG) / 2));
}

/**
 * Scattering angle from d-spacing: 2theta = 2 asin(lambda / (2 d)).
 * @param dAngstrom - d (A)
 * @param wavelengthAngstrom - wavelength (A)
 * @returns 2theta (deg), NaN when lambda > 2 d (reflection not reachable)
 */
export function twoThetaFromD(dAngstrom: number, wavelengthAngstrom: number): number {
  const s = wavelengthAngstrom / (2 * dAngstrom);
  return s > 1 || s < -1 ? Number.NaN : (2 * Math.asin(s)) / DEG;
}

/**
 * Momentum transfer from d: Q = 2 pi / d.
 * @param dAngstrom - d (A)
 * @returns Q (1/A)
 */
export function qFromD(dAngstrom: number): number {
  return (2 * Math.PI) / dAngstrom;
}

/**
 * d from momentum transfer: d = 2 pi / Q.
 * @param q - Q (1/A)
 * @returns d (A)
 */
export function dFromQ(q: number): number {
  return (2 * Math.PI) / q;
}

/**
 * d-spacing from photon energy at a fixed angle (energy-dispersive): d = hc / (2 E sin(theta)).
 * @param energyKeV - photon energy (keV)
 * @param twoThetaDeg - fixed detector angle 2theta (deg)
 * @returns d (A)
 * @example dFromEnergy(81.6, 2.29) // ~3.80 A
 */
export function dFromEnergy(energyKeV: number, twoThetaDeg: number): number {
  return HC_KEV_ANGSTROM / (2 * energyKeV * Math.sin((twoThetaDeg * DEG) / 2));
}

/**
 * Photon energy diffracted by spacing d at a fixed angle: E = hc / (2 d sin(theta)).
 * @param dAngstrom - d (A)
 * @param twoThetaDeg - fixed detector angle 2theta (deg)
 * @returns energy (keV)
 */
export function energyFromD(dAngstrom: number, twoThetaDeg: number): number {
  return HC_KEV_ANGSTROM / (2 * dAngstrom * Math.sin((twoThetaDeg * DEG) / 2));
}

type PhysicalAxis = Exclude<AxisKind, "channel">;

function requireGeometry(kind: PhysicalAxis, geometry: DiffractionGeometry): number {
  if (kind === "twoTheta") {
    const w = geometry.wavelengthAngstrom;
    if (w === undefined || !(w > 0)) {
      throw new InvalidParameterError({ parameter: "geometry.wavelengthAngstrom", value: w, expected: "a positive wavelength (A) to convert 2theta" });
    }
    return w;
  }
  const t = geometry.twoThetaDeg;
  if (t === undefined || !(t > 0 && t < 180)) {
    throw new InvalidParameterError({ parameter: "geometry.twoThetaDeg", value: t, expected: "a fixed 2theta in (0, 180) deg to convert energy" });
  }
  return t;
}

function checkPhysical(kind: AxisKind, role: string): PhysicalAxis {
  if (kind === "channel") {
    throw new InvalidParameterError({ parameter: role, value: kind, expected: "twoTheta, q, d or energy (apply an energy calibration to channels first, @operando/calibrate)" });
  }
  return kind;
}

/** d and dd/dvalue for a value on a physical axis. */
function toD(value: number, kind: PhysicalAxis, g: number): [number, number] {
  switch (kind) {
    case "d":
      return [value, 1];
    case "q": {
      const d = (2 * Math.PI) / value;
      return [d, -d / value];
    }
    case "energy": {
      const d = dFromEnergy(value, g);
      return [d, -d / value];
    }
    case "twoTheta": {
      const th = (value * DEG) / 2;
      const s = Math.sin(th);
      const d = g / (2 * s);
      return [d, ((-g * Math.cos(th)) / (2 * s * s)) * (DEG / 2)];
    }
  }
}

/** value on `kind` and dvalue/dd for a given d. */
function fromD(d: number, kind: PhysicalAxis, g: number): [number, number] {
  switch (kind) {
    case "d":
      return [d, 1];
    case "q": {
      const q = (2 * Math.PI) / d;
      return [q, -q / d];
    }
    case "energy": {
      const e = energyFromD(d, g);
      return [e, -e / d];
    }
    case "twoTheta": {
      const s = g / (2 * d);
      if (s > 1) return [Number.NaN, Number.NaN];
      const th = Math.asin(s);
      // d(theta)/dd = -lambda / (2 d^2 cos theta); 2theta in degrees = 2 theta / DEG
      return [(2 * th) / DEG, ((2 / DEG) * -g) / (2 * d * d * Math.cos(th))];
    }
  }
}

/** A converted value, its derivative d(to)/d(from) and the propagated sigma. */
export interface ConvertedValue {
  /** The value on the target axis. */
  value: number;
  /** Derivative d(value_to)/d(value_from) at this point. */
  derivative: number;
  /** |derivative| * sigma (first-order propagation), NaN when no sigma was given. */
  sigma: number;
}

/**
 * Converts one value between physical axes, with its derivative and propagated uncertainty.
 *
 * @param value - value on the `from` axis (unit per AXIS_UNITS)
 * @param from - source axis
 * @param to - target axis
 * @param geometry - wavelength (needed for twoTheta) and/or fixed 2theta (needed for energy)
 * @param sigma - optional one-sigma uncertainty of `value`
 * @returns value, derivative and propagated sigma
 * @throws InvalidParameterError when a needed geometry value is missing or an axis is `channel`
 * @example convertValue(81.6, "energy", "d", { twoThetaDeg: 2.29 }).value // ~3.80
 */
export function convertValue(value: number, from: AxisKind, to: AxisKind, geometry: DiffractionGeometry = {}, sigma = Number.NaN): ConvertedValue {
  const f = checkPhysical(from, "from");
  const t = checkPhysical(to, "to");
  if (f === t) return { value, derivative: 1, sigma };
  const gFrom = f === "d" || f === "q" ? 0 : requireGeometry(f, geometry);
  const gTo = t === "d" || t === "q" ? 0 : requireGeometry(t, geometry);
  const [d, dd] = toD(value, f, gFrom);
  const [v, dv] = fromD(d, t, gTo);
  const derivative = dv * dd;
  return { value: v, derivative, sigma: Math.abs(derivative) * sigma };
}

/** Options of {@link convertPattern}. */
export interface ConvertPatternOptions {
  /** Geometry; defaults to the pattern's own wavelength / fixed 2theta metadata. */
  geometry?: DiffractionGeometry;
  /**
   * How y transforms:
   * - `"counts"`: y is an integral per point (counts per channel/bin): y and sigma unchanged.
   * - `"density"`: y is a density per unit x: y' = y |dx/dx'| and sigma' = sigma |dx/dx'|,
   *   so that the integral over any interval is preserved.
   * @default "counts"
   */
  intensity?: "counts" | "density";
}

/**
 * Converts a pattern to another physical axis. The result has x ascending (reversed if the
 * conversion is decreasing, as energy -> d is); points that cannot be converted (2theta of
 * a d shorter than lambda/2) are an error, not dropped.
 *
 * @param pattern - source pattern (not modified)
 * @param to - target axis kind
 * @param options - geometry and intensity convention
 * @returns a new pattern
 * @throws InvalidParameterError when geometry is missing or a point has no image on the target axis
 */
export function convertPattern(pattern: Pattern, to: AxisKind, options: ConvertPatternOptions = {}): Pattern {
  const geometry: DiffractionGeometry = options.geometry ?? {
    wavelengthAngstrom: pattern.meta.wavelengthAngstrom,
    twoThetaDeg: pattern.meta.twoThetaDeg,
  };
  const density = (options.intensity ?? "counts") === "density";
  const n = pattern.x.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const sigma = pattern.sigma ? new Float64Array(n) : undefined;
  let decreasing = false;
  for (let i = 0; i < n; i++) {
    const c = convertValue(pattern.x[i]!, pattern.axis, to, geometry);
    if (!Number.isFinite(c.value)) {
      throw new InvalidParameterError({ parameter: `pattern.x[${i}]`, value: pattern.x[i], expected: `a value that maps onto the ${to} axis` });
    }
    x[i] = c.value;
    const scale = density ? 1 / Math.abs(c.derivative) : 1;
    y[i] = pattern.y[i]! * scale;
    if (sigma) sigma[i] = pattern.sigma![i]! * scale;
    if (i === 1) decreasing = x[1]! < x[0]!;
  }
  if (decreasing) {
    x.reverse();
    y.reverse();
    sigma?.reverse();
  }
  return createPattern({ axis: to, x, y, sigma, meta: { ...pattern.meta } });
}
