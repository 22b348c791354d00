/**
 * Validation of impedance data before any analysis.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/**
 * The three columns every impedance analysis needs. A core `ImpedanceSpectrum` (from
 * `@operando/io` readers) satisfies it. Z = zReal + j zImag in ohm with the physical sign
 * (capacitive: zImag < 0).
 */
export interface ImpedanceData {
  /** Frequencies (Hz), any order, each > 0 and distinct. */
  readonly frequencyHz: ArrayLike<number>;
  /** Re Z (ohm). */
  readonly zReal: ArrayLike<number>;
  /** Im Z (ohm), physical sign. */
  readonly zImag: ArrayLike<number>;
}

/**
 * Checks impedance data and copies it into Float64Arrays.
 *
 * Rejected (typed error naming the first offending row): different column lengths, fewer
 * than `minPoints` rows, non-finite values (NaN rows are an error, never dropped silently),
 * frequencies <= 0, and duplicate frequencies.
 *
 * @param data - the spectrum
 * @param minPoints - minimum number of rows
 * @returns copies of the three columns
 * @throws {@link InvalidParameterError} naming the column and row
 */
export function checkImpedanceData(
  data: ImpedanceData,
  minPoints = 1,
): { frequencyHz: Float64Array; zReal: Float64Array; zImag: Float64Array } {
  if (data === null || typeof data !== "object" || data.frequencyHz === undefined || data.zReal === undefined || data.zImag === undefined) {
    throw new InvalidParameterError({ parameter: "spectrum", value: data, expected: "an object with frequencyHz, zReal and zImag arrays" });
  }
  const n = data.frequencyHz.length;
  if (data.zReal.length !== n || data.zImag.length !== n) {
    throw new InvalidParameterError({
      parameter: "spectrum",
      value: { frequencyHz: n, zReal: data.zReal.length, zImag: data.zImag.length },
      expected: "frequencyHz, zReal and zImag of equal length",
    });
  }
  if (n < minPoints) {
    throw new InvalidParameterError({ parameter: "spectrum.frequencyHz", value: n, expected: `at least ${minPoints} points` });
  }
  const frequencyHz = Float64Array.from(data.frequencyHz);
  const zReal = Float64Array.from(data.zReal);
  const zImag = Float64Array.from(data.zImag);
  for (let i = 0; i < n; i++) {
    const f = frequencyHz[i]!;
    if (!Number.isFinite(f) || !(f > 0)) {
      throw new InvalidParameterError({ parameter: `spectrum.frequencyHz[${i}]`, value: f, expected: "a finite frequency > 0 Hz" });
    }
    if (!Number.isFinite(zReal[i]!)) {
      throw new InvalidParameterError({ parameter: `spectrum.zReal[${i}] (f = ${f} Hz)`, value: zReal[i], expected: "a finite impedance (ohm)" });
    }
    if (!Number.isFinite(zImag[i]!)) {
      throw new InvalidParameterError({ parameter: `spectrum.zImag[${i}] (f = ${f} Hz)`, value: zImag[i], expected: "a finite impedance (ohm)" });
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frequencyHz[a]! - frequencyHz[b]!);
  for (let k = 1; k < n; k++) {
    const a = order[k - 1]!;
    const b = order[k]!;
    if (frequencyHz[a] === frequencyHz[b]) {
      throw new InvalidParameterError({
        parameter: `spectrum.frequencyHz[${Math.max(a, b)}]`,
        value: frequencyHz[b],
        expected: `distinct frequencies (same as row ${Math.min(a, b)})`,
      });
    }
  }
  return { frequencyHz, zReal, zImag };
}
