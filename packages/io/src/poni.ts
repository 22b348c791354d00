/**
 * pyFAI `.poni` detector geometry files (version 1 and 2/2.1).
 *
 * @packageDocumentation
 */
import { ParseError } from "@operando/core";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import { fileName, readSource, wavelengthToAngstrom } from "./internal/source.js";
import type { ParseOptions } from "./types.js";

/**
 * A pyFAI geometry: the point of normal incidence (PONI) on the detector, sample-detector distance
 * and three rotations (pyFAI convention, see pyFAI docs "geometry"). Lengths in meters as in the file.
 */
export interface PoniGeometry {
  /** File format version: 1 (no `poni_version` line), 2 or 2.1. */
  version: number;
  /** Sample to PONI distance (m). */
  distanceM: number;
  /** PONI coordinate along detector axis 1 (slow, y) (m). */
  poni1M: number;
  /** PONI coordinate along detector axis 2 (fast, x) (m). */
  poni2M: number;
  /** Rotation about axis 1 (rad). */
  rot1Rad: number;
  /** Rotation about axis 2 (rad). */
  rot2Rad: number;
  /** Rotation about axis 3, the beam (rad). */
  rot3Rad: number;
  /** Wavelength in Angstrom (the file stores meters), when present. */
  wavelengthAngstrom?: number;
  /** Detector name (v2: `Detector`), when present. */
  detector?: string;
  /** Detector configuration (v2: `Detector_config` JSON object), when present. */
  detectorConfig?: Record<string, unknown>;
  /** Pixel size along axis 1 (m): v1 `PixelSize1`, v2 `Detector_config.pixel1`. */
  pixelSize1M?: number;
  /** Pixel size along axis 2 (m): v1 `PixelSize2`, v2 `Detector_config.pixel2`. */
  pixelSize2M?: number;
  /** Spline file name (v1 `SplineFile`, "None" omitted). */
  splineFile?: string;
  /** Calibration date from the `# Calibration done at/on ...` comment (the last one), verbatim. */
  calibrationDate?: string;
  /** Path of the file. */
  sourceFile: string;
  /** Every other `key: value` line verbatim. */
  extra: Record<string, string | number>;
}

const REQUIRED = ["Distance", "Poni1", "Poni2", "Rot1", "Rot2", "Rot3"] as const;

/**
 * Parses a `.poni` file: `Key: value` lines and `#` comments. Distance, Poni1, Poni2, Rot1-3 are
 * required and must be finite numbers; Wavelength (meters) is converted to Angstrom (x 1e10).
 * v2 `Detector_config` must be valid JSON.
 *
 * @param input - file content
 * @param options - file name
 * @returns the geometry
 * @throws ParseError for a line that is not `key: value`, a non-numeric required value, bad JSON,
 * or a missing required key (reported at the last line)
 */
export function parsePoni(input: string | Uint8Array, options: ParseOptions = {}): PoniGeometry {
  const file = fileName(options);
  const reader = new LineReader(decodeText(input, file), file);
  const values = new Map<string, { value: string; line: number }>();
  let calibrationDate: string | undefined;
  let blocks = 0;
  while (reader.next()) {
    const t = reader.trimmed();
    if (t === "") continue;
    if (t.startsWith("#")) {
      // pyFAI writes "Calibration done at <date>" (older) or "... done on <date>" (2024+)
      const m = /calibration done (?:at|on)\s+(.*)$/i.exec(t);
      if (m !== null) calibrationDate = m[1]!.trim();
      continue;
    }
    const colon = t.indexOf(":");
    if (colon <= 0) throw reader.error("a `Key: value` line");
    const key = t.slice(0, colon).trim();
    // pyFAI appends a new calibration to an existing file: a repeated Distance starts a new block,
    // and (as pyFAI reads it) the last value of each key wins
    if (key === "Distance") blocks++;
    values.set(key, { value: t.slice(colon + 1).trim(), line: reader.lineNumber });
  }
  const num = (key: string): number => {
    const entry = values.get(key);
    if (entry === undefined) throw reader.errorAtEnd(`a "${key}:" line (required in .poni files)`);
    const v = parseNumberText(entry.value);
    if (v === undefined) throw new ParseError({ file, line: entry.line, expected: `a number for ${key}`, found: entry.value });
    return v;
  };
  const [distanceM, poni1M, poni2M, rot1Rad, rot2Rad, rot3Rad] = REQUIRED.map(num) as [number, number, number, number, number, number];
  const versionText = values.get("poni_version")?.value;
  const version = versionText === undefined ? 1 : parseNumberText(versionText);
  if (version === undefined) throw new ParseError({ file, line: values.get("poni_version")!.line, expected: "a number for poni_version", found: versionText! });
  const geometry: PoniGeometry = { version, distanceM, poni1M, poni2M, rot1Rad, rot2Rad, rot3Rad, sourceFile: file, extra: blocks > 1 ? { calibrationsInFile: blocks } : {} };
  const wl = values.get("Wavelength");
  if (wl !== undefined) {
    const w = wavelengthToAngstrom(/\s/.test(wl.value) ? wl.value : `${wl.value} m`);
    if (w === undefined) throw new ParseError({ file, line: wl.line, expected: "a positive wavelength in meters", found: wl.value });
    geometry.wavelengthAngstrom = w;
  }
  const det = values.get("Detector");
  if (det !== undefined) geometry.detector = det.value;
  const config = values.get("Detector_config");
  if (config !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(config.value);
    } catch (error) {
      throw new ParseError({ file, line: config.line, expected: "a JSON object for Detector_config", found: config.value, cause: error });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new ParseError({ file, line: config.line, expected: "a JSON object for Detector_config", found: config.value });
    }
    const obj = parsed as Record<string, unknown>;
    geometry.detectorConfig = obj;
    if (typeof obj["pixel1"] === "number") geometry.pixelSize1M = obj["pixel1"];
    if (typeof obj["pixel2"] === "number") geometry.pixelSize2M = obj["pixel2"];
  }
  for (const [key, target] of [["PixelSize1", "pixelSize1M"], ["PixelSize2", "pixelSize2M"]] as const) {
    if (values.has(key)) geometry[target] = num(key);
  }
  const spline = values.get("SplineFile");
  if (spline !== undefined && spline.value !== "None") geometry.splineFile = spline.value;
  if (calibrationDate !== undefined) geometry.calibrationDate = calibrationDate;
  const known = new Set<string>([...REQUIRED, "poni_version", "Wavelength", "Detector", "Detector_config", "PixelSize1", "PixelSize2", "SplineFile"]);
  for (const [key, entry] of values) {
    if (known.has(key)) continue;
    const v = parseNumberText(entry.value);
    geometry.extra[key] = v ?? entry.value;
  }
  return geometry;
}

/**
 * Reads a pyFAI `.poni` file. See {@link parsePoni}.
 * @param path - file path
 * @returns the pyFAI geometry (distance, PONI, rotations, wavelength, detector)
 * @throws ParseError with file:line for malformed content
 */
export async function readPoni(path: string): Promise<PoniGeometry> {
  return parsePoni(await readSource(path), { file: path });
}
