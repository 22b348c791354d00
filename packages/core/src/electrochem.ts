/**
 * Electrochemistry data types shared by readers (io), analysis (phases, eis) and the model
 * (mesoscale): cycler records and impedance spectra.
 *
 * @packageDocumentation
 */

/** Header metadata of an electrochemistry file. */
export interface ElectrochemMeta {
  /** Path of the file it was read from. */
  sourceFile?: string;
  /** Format it was read as (e.g. "biologic-mpt", "gamry-dta", "csv"). */
  format?: string;
  /** Absolute start time as ISO-8601 text, when recorded. */
  startTime?: string;
  /** Electrode area in cm^2, when recorded. */
  areaCm2?: number;
  /** Active mass in g, when recorded. */
  activeMassG?: number;
  /** Every other header value kept verbatim. */
  extra?: Record<string, string | number>;
}

/**
 * A cycler record (galvanostatic/potentiostatic cycling), one row per sample.
 * Sign convention: current > 0 is oxidation (charge of a cathode, delithiation),
 * current < 0 is reduction (discharge, lithiation), as in BioLogic exports.
 */
export interface CyclerData {
  /** Time from the start of the record (s). */
  readonly timeS: Float64Array;
  /** Current (A). */
  readonly currentA: Float64Array;
  /** Cell voltage (V). */
  readonly voltageV: Float64Array;
  /** Charge passed as recorded by the instrument (A h), when present. */
  readonly capacityAh?: Float64Array;
  /** Cycle number per row, when present. */
  readonly cycle?: Float64Array;
  /** Step/sequence index per row, when present. */
  readonly step?: Float64Array;
  /** Header metadata. */
  readonly meta: ElectrochemMeta;
}

/**
 * An impedance spectrum. Z = zReal + j zImag in ohm with the physical sign (capacitive
 * response has zImag < 0; a Nyquist plot shows -zImag upward).
 */
export interface ImpedanceSpectrum {
  /** Frequencies (Hz), in file order. */
  readonly frequencyHz: Float64Array;
  /** Real part of Z (ohm). */
  readonly zReal: Float64Array;
  /** Imaginary part of Z (ohm), physical sign. */
  readonly zImag: Float64Array;
  /** Header metadata. */
  readonly meta: ElectrochemMeta;
}
