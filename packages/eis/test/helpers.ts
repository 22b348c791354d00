import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Path of the impedance.py example spectrum (f, Z', Z'' without header; see shared PROVENANCE.md). */
export const EXAMPLE_CSV = fileURLToPath(new URL("../../../../shared/data/real/eis/impedancepy_exampleData.csv", import.meta.url));

/** Tiny reader for the three-column example CSV (the io package owns real readers). */
export function readExampleSpectrum(): { frequencyHz: Float64Array; zReal: Float64Array; zImag: Float64Array } {
  const rows = readFileSync(EXAMPLE_CSV, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(",").map(Number));
  return {
    frequencyHz: Float64Array.from(rows, (r) => r[0]!),
    zReal: Float64Array.from(rows, (r) => r[1]!),
    zImag: Float64Array.from(rows, (r) => r[2]!),
  };
}
