/**
 * Saving and loading calibrations as JSON, with validation on load.
 *
 * Format: `{ "format": "operando-calibration", "version": 1, "calibration": {...} }`, the
 * calibration object as in {@link Calibration} (numbers, arrays, provenance).
 *
 * @packageDocumentation
 */
import { ParseError } from "@operando/core";
import type { Calibration } from "./calibration.js";

const FORMAT = "operando-calibration";
const VERSION = 1;

/**
 * Serialises a calibration (pretty-printed JSON). Non-finite numbers are written as null.
 * @param calibration - the calibration
 * @returns JSON text
 */
export function calibrationToJson(calibration: Calibration): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, calibration }, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}

function fail(file: string, expected: string, found: unknown): never {
  throw new ParseError({ file, expected, found: JSON.stringify(found) ?? String(found) });
}

function num(file: string, obj: Record<string, unknown>, key: string, allowNull = false): number {
  const v = obj[key];
  if (v === null && allowNull) return Number.NaN;
  if (typeof v !== "number" || !Number.isFinite(v)) fail(file, `a finite number in "${key}"`, v);
  return v;
}

function numArray(file: string, obj: Record<string, unknown>, key: string, length?: number): number[] {
  const v = obj[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) fail(file, `an array of finite numbers in "${key}"`, v);
  if (length !== undefined && v.length !== length) fail(file, `${length} numbers in "${key}"`, v);
  return v as number[];
}

/**
 * Parses and validates a calibration written by {@link calibrationToJson}.
 *
 * @param text - JSON text
 * @param file - name for error messages
 * @returns the calibration
 * @throws ParseError when the text is not JSON, not this format, or a field is missing/invalid
 */
export function calibrationFromJson(text: string, file = "calibration.json"): Calibration {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ParseError({ file, expected: "JSON", found: text.slice(0, 40), cause: error });
  }
  if (typeof root !== "object" || root === null) fail(file, "a JSON object", root);
  const r = root as Record<string, unknown>;
  if (r.format !== FORMAT) fail(file, `"format": "${FORMAT}"`, r.format);
  if (r.version !== VERSION) fail(file, `"version": ${VERSION}`, r.version);
  const c = r.calibration as Record<string, unknown> | undefined;
  if (typeof c !== "object" || c === null) fail(file, 'a "calibration" object', c);
  const provenance = c.provenance as Record<string, unknown> | undefined;
  if (typeof provenance !== "object" || provenance === null || typeof provenance.method !== "string" || typeof provenance.createdAt !== "string") {
    fail(file, 'a "provenance" object with method and createdAt', provenance);
  }
  const residuals = c.residuals;
  if (!Array.isArray(residuals)) fail(file, 'a "residuals" array', residuals);
  const quality = {
    chiSquare: num(file, c, "chiSquare", true),
    degreesOfFreedom: num(file, c, "degreesOfFreedom"),
    reducedChiSquare: num(file, c, "reducedChiSquare", true),
    conditionNumber: num(file, c, "conditionNumber", true),
  };
  if (c.kind === "energy-dispersive") {
    const coefficients = numArray(file, c, "coefficients");
    if (coefficients.length < 2 || coefficients.length > 4) fail(file, "2 to 4 coefficients", coefficients);
    const p = coefficients.length;
    const covariance = numArray(file, c, "covariance", p * p);
    const hasAngle = c.twoThetaDeg !== null;
    const twoThetaDeg = hasAngle ? num(file, c, "twoThetaDeg") : null;
    if (twoThetaDeg !== null && !(twoThetaDeg > 0 && twoThetaDeg < 180)) fail(file, "twoThetaDeg in (0, 180)", twoThetaDeg);
    if (!(coefficients[1]! > 0)) fail(file, "a positive gain coefficients[1]", coefficients[1]);
    return {
      kind: "energy-dispersive",
      coefficients,
      covariance,
      twoThetaDeg,
      twoThetaSigmaDeg: hasAngle ? num(file, c, "twoThetaSigmaDeg") : null,
      coefficientTwoThetaCovariance: hasAngle ? numArray(file, c, "coefficientTwoThetaCovariance", p) : null,
      ...quality,
      residuals: residuals as Calibration["residuals"],
      provenance: provenance as unknown as Calibration["provenance"],
    };
  }
  if (c.kind === "angle-dispersive") {
    const wavelengthAngstrom = num(file, c, "wavelengthAngstrom");
    if (!(wavelengthAngstrom > 0)) fail(file, "a positive wavelengthAngstrom", wavelengthAngstrom);
    const refined = c.refined as Record<string, unknown> | undefined;
    if (typeof refined !== "object" || refined === null || typeof refined.zero !== "boolean" || typeof refined.displacement !== "boolean") fail(file, '"refined": {zero, displacement} booleans', refined);
    return {
      kind: "angle-dispersive",
      wavelengthAngstrom,
      zeroDeg: num(file, c, "zeroDeg"),
      displacementRad: num(file, c, "displacementRad"),
      covariance: numArray(file, c, "covariance", 9),
      refined: { zero: refined.zero as boolean, displacement: refined.displacement as boolean },
      ...quality,
      residuals: residuals as Calibration["residuals"],
      provenance: provenance as unknown as Calibration["provenance"],
    };
  }
  return fail(file, '"kind": "energy-dispersive" or "angle-dispersive"', c.kind);
}

