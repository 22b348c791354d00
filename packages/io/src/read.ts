/**
 * One entry point for every format: `read(path)` detects the format and returns a
 * {@link ReadResult}; `parse(content)` does the same for in-memory text formats; typed
 * convenience readers for each kind.
 *
 * @packageDocumentation
 */
import type { CyclerData, ImpedanceSpectrum, Pattern, Series } from "@operando/core";
import { UnsupportedFormatError, createSeries } from "@operando/core";
import { parseAmptekMca } from "./amptekMca.js";
import { parseAutolabZ60w } from "./autolabZ60w.js";
import { parseBiologicMpt } from "./biologicMpt.js";
import { parseDelimited } from "./delimited.js";
import type { ParseDelimitedOptions } from "./delimited.js";
import { detectFormat } from "./detect.js";
import { parseEchemTable } from "./echemTable.js";
import type { EchemTableResult, ParseEchemTableOptions } from "./echemTable.js";
import { parseEpicsMed } from "./epicsMed.js";
import { KindMismatchError } from "./errors.js";
import { parseFit2dChi } from "./fit2dChi.js";
import { parseGamryDta } from "./gamryDta.js";
import { parseGsas } from "./gsas.js";
import { parseIec } from "./iec61455.js";
import { readSource } from "./internal/source.js";
import { parseMcaColumn } from "./mcaColumn.js";
import { parseN42 } from "./n42.js";
import { hasHdf5Signature, readNexus, splitNexusAddress } from "./nexus.js";
import { parseNewareCsv } from "./newareCsv.js";
import { parseOrtecSpe } from "./ortecSpe.js";
import { parsePoni } from "./poni.js";
import { parseSpec } from "./spec.js";
import type { FormatId, ParseOptions, ReadKind, ReadResult } from "./types.js";
import { parseXy } from "./xy.js";
import { parseZplot } from "./zplot.js";
import type { ParseXyOptions } from "./xy.js";

/** Options for {@link read} and {@link parse}. */
export interface ReadOptions extends ParseOptions {
  /** Skip detection and use this reader. */
  format?: FormatId;
  /** NeXus object path (same as the `::/path` address suffix). */
  dataset?: string;
  /** Options for pattern tables (xy and delimited): axis, columns, decimal comma. */
  pattern?: Omit<ParseXyOptions & ParseDelimitedOptions, "file" | "allowCountMismatch">;
  /** Options for electrochemistry tables (BioLogic, Gamry, CHI, CSV): kind, columns, units. */
  echem?: Omit<ParseEchemTableOptions, "file" | "allowCountMismatch">;
}

function fromEchem(format: FormatId, r: EchemTableResult): ReadResult {
  return r.kind === "impedance" ? { kind: "impedance", format, spectrum: r.spectrum } : { kind: "cycler", format, data: r.data };
}

function fromSeries(format: FormatId, series: Series, collapse: boolean): ReadResult {
  if (collapse && series.patterns.length === 1) return { kind: "pattern", format, pattern: series.patterns[0]! };
  return { kind: "series", format, series };
}

/**
 * Parses in-memory content of any text format (HDF5 needs {@link read}).
 *
 * @param input - file content
 * @param options - file name (used for detection tie-breaks and errors), format, per-family options
 * @returns the discriminated result
 * @throws ParseError naming file and line; UnsupportedFormatError when no format matches
 * @example
 * const r = parse("# 2th_deg I\n1 2\n", { file: "a.xy" }); // r.kind === "pattern"
 */
export function parse(input: string | Uint8Array, options: ReadOptions = {}): ReadResult {
  const file = options.file ?? "<memory>";
  const format = options.format ?? detectFormat(input, file);
  const base: ParseOptions = { file, ...(options.allowCountMismatch === undefined ? {} : { allowCountMismatch: options.allowCountMismatch }) };
  switch (format) {
    case "xy":
      return { kind: "pattern", format, pattern: parseXy(input, { ...options.pattern, ...base }) };
    case "fit2d-chi":
      return { kind: "pattern", format, pattern: parseFit2dChi(input, base) };
    case "gsas":
      return fromSeries(format, parseGsas(input, base), true);
    case "delimited":
      return { kind: "pattern", format, pattern: parseDelimited(input, { ...options.pattern, ...base }) };
    case "spec":
      return { kind: "series", format, series: parseSpec(input, base) };
    case "epics-med":
      return { kind: "series", format, series: parseEpicsMed(input, base) };
    case "amptek-mca":
      return { kind: "pattern", format, pattern: parseAmptekMca(input, base) };
    case "ortec-spe":
      return { kind: "pattern", format, pattern: parseOrtecSpe(input, base) };
    case "n42":
      return fromSeries(format, parseN42(input, base), true);
    case "iec-61455":
      return { kind: "pattern", format, pattern: parseIec(input, base) };
    case "mca-column":
      return { kind: "pattern", format, pattern: parseMcaColumn(input, base) };
    case "poni":
      return { kind: "geometry", format, geometry: parsePoni(input, base) };
    case "biologic-mpt":
      return fromEchem(format, parseBiologicMpt(input, { ...options.echem, ...base }));
    case "gamry-dta":
      return fromEchem(format, parseGamryDta(input, { ...options.echem, ...base }));
    case "autolab-z60w":
      return { kind: "impedance", format, spectrum: parseAutolabZ60w(input, base) };
    case "zplot":
      return { kind: "impedance", format, spectrum: parseZplot(input, base) };
    case "echem-table":
      return fromEchem(format, parseEchemTable(input, { ...options.echem, ...base }));
    case "neware-csv":
      return { kind: "cycler", format, data: parseNewareCsv(input, base) };
    case "nexus":
      throw new UnsupportedFormatError(file, "NeXus/HDF5 content: use read(path) or parseNexus(bytes), which are asynchronous");
  }
}

/**
 * Reads any supported file: detects the format from its content and returns a
 * {@link ReadResult} (`pattern`, `series`, `cycler`, `impedance` or `geometry`).
 * NeXus/HDF5 files may carry an object path: `file.h5::/entry/data`.
 *
 * @param path - file path (or NeXus address)
 * @param options - format override, dataset, per-family options, allowCountMismatch
 * @returns the discriminated result
 * @throws ParseError naming file and line (byte offset for HDF5); UnsupportedFormatError
 * @example
 * const r = await read("../shared/data/real/xrd/dioptas_CeO2_Pilatus1M.xy");
 * if (r.kind === "pattern") console.log(r.pattern.meta.wavelengthAngstrom); // 0.4066
 */
export async function read(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const address = splitNexusAddress(path);
  if (address.dataset !== undefined || options.format === "nexus") {
    return fromNexus(await readNexus(path, options.dataset === undefined ? {} : { dataset: options.dataset }));
  }
  const bytes = await readSource(path);
  if (options.format === undefined && hasHdf5Signature(bytes)) {
    return fromNexus(await readNexus(path, options.dataset === undefined ? {} : { dataset: options.dataset }));
  }
  return parse(bytes, { ...options, file: path });
}

function fromNexus(r: Awaited<ReturnType<typeof readNexus>>): ReadResult {
  return r.kind === "pattern" ? { kind: "pattern", format: "nexus", pattern: r.pattern } : { kind: "series", format: "nexus", series: r.series };
}

/**
 * Reads a file that must hold one pattern (a one-pattern series is unwrapped).
 * @param path - file path
 * @param options - as for {@link read}
 * @throws KindMismatchError when the file holds something else (or several patterns)
 * @returns the pattern
 */
export async function readPattern(path: string, options: ReadOptions = {}): Promise<Pattern> {
  const r = await read(path, options);
  if (r.kind === "pattern") return r.pattern;
  if (r.kind === "series" && r.series.patterns.length === 1) return r.series.patterns[0]!;
  throw new KindMismatchError(path, "pattern", r.kind);
}

/**
 * Reads a file as a series (a single pattern becomes a one-element series).
 * @param path - file path
 * @param options - as for {@link read}
 * @throws KindMismatchError for cycler, impedance or geometry files
 * @returns the series
 */
export async function readSeries(path: string, options: ReadOptions = {}): Promise<Series> {
  const r = await read(path, options);
  if (r.kind === "series") return r.series;
  if (r.kind === "pattern") return createSeries([r.pattern], r.pattern.meta);
  throw new KindMismatchError(path, "series", r.kind);
}

function expectKind<K extends ReadKind>(path: string, r: ReadResult, kind: K): Extract<ReadResult, { kind: K }> {
  if (r.kind !== kind) throw new KindMismatchError(path, kind, r.kind);
  return r as Extract<ReadResult, { kind: K }>;
}

/**
 * Reads a cycler record (BioLogic, Gamry CURVE, Parstat/CHI/NOVA tables, generic CSV).
 * @param path - file path
 * @param options - as for {@link read}
 * @throws KindMismatchError when the file holds another kind
 * @returns the cycler record (time in s, current in A, voltage in V, ...)
 */
export async function readCycler(path: string, options: ReadOptions = {}): Promise<CyclerData> {
  return expectKind(path, await read(path, options), "cycler").data;
}

/**
 * Reads an impedance spectrum (BioLogic, Gamry ZCURVE, Z60W, CHI, generic f/Z'/Z'' CSV).
 * @param path - file path
 * @param options - as for {@link read}
 * @throws KindMismatchError when the file holds another kind
 * @returns the impedance spectrum (frequency in Hz, Z in ohm)
 */
export async function readImpedance(path: string, options: ReadOptions = {}): Promise<ImpedanceSpectrum> {
  return expectKind(path, await read(path, options), "impedance").spectrum;
}
