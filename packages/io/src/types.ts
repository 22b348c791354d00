/**
 * Result and option types shared by the readers.
 *
 * @packageDocumentation
 */
import type { CyclerData, ImpedanceSpectrum, Pattern, Series } from "@operando/core";
import type { PoniGeometry } from "./poni.js";

/** Identifier of a file format operando can read. */
export type FormatId =
  | "xy"
  | "fit2d-chi"
  | "gsas"
  | "delimited"
  | "spec"
  | "epics-med"
  | "amptek-mca"
  | "ortec-spe"
  | "n42"
  | "iec-61455"
  | "mca-column"
  | "nexus"
  | "poni"
  | "biologic-mpt"
  | "gamry-dta"
  | "autolab-z60w"
  | "zplot"
  | "echem-table"
  | "neware-csv";

/** Every {@link FormatId}, in detection order. */
export const FORMAT_IDS: readonly FormatId[] = [
  "nexus",
  "poni",
  "spec",
  "epics-med",
  "amptek-mca",
  "ortec-spe",
  "n42",
  "iec-61455",
  "gsas",
  "biologic-mpt",
  "gamry-dta",
  "autolab-z60w",
  "zplot",
  "fit2d-chi",
  "neware-csv",
  "echem-table",
  "xy",
  "mca-column",
  "delimited",
];

/**
 * What a file held, as a discriminated union on `kind`:
 * a diffraction/MCA pattern, a series of them, a cycler record, an impedance spectrum, or a
 * pyFAI detector geometry. `format` names the reader that produced it.
 */
export type ReadResult =
  | { kind: "pattern"; format: FormatId; pattern: Pattern }
  | { kind: "series"; format: FormatId; series: Series }
  | { kind: "cycler"; format: FormatId; data: CyclerData }
  | { kind: "impedance"; format: FormatId; spectrum: ImpedanceSpectrum }
  | { kind: "geometry"; format: FormatId; geometry: PoniGeometry };

/** The `kind` values of {@link ReadResult}. */
export type ReadKind = ReadResult["kind"];

/** Options every parser accepts. */
export interface ParseOptions {
  /** File name used in errors and stored as `meta.sourceFile`. @default "<memory>" */
  file?: string;
  /**
   * When a header declares a point count that the data block does not match, record a warning in
   * `meta.extra.warning` instead of throwing. Use only to inspect damaged or excerpted files.
   * @default false
   */
  allowCountMismatch?: boolean;
}
