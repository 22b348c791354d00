/**
 * NeXus / HDF5 patterns through h5wasm (WebAssembly build of the HDF5 C library).
 * Addresses are `file.h5` or `file.h5::/entry/path`.
 *
 * @packageDocumentation
 */
import { randomBytes } from "node:crypto";
import { open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AxisKind, Pattern, PatternMeta, Series } from "@operando/core";
import { FileAccessError, ParseError, createPattern, createSeries } from "@operando/core";
import h5wasm from "h5wasm/node";
import type { Dataset, Group } from "h5wasm/node";
import { lookupXUnit, UNMAPPABLE_UNIT } from "./internal/units.js";

/** Options for {@link readNexus}. */
export interface ReadNexusOptions {
  /** Object path inside the file; overrides a `::/path` suffix of the address. */
  dataset?: string;
}

/** What {@link readNexus} returns: a 1D dataset is a pattern, a 2D dataset a series (rows = spectra). */
export type NexusResult = { kind: "pattern"; pattern: Pattern } | { kind: "series"; series: Series };

/** The 8-byte HDF5 superblock signature. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Splits `file.h5::/entry/data` into the file path and the object path.
 * @param address - file path with optional `::/path`
 * @returns `file`, plus `dataset` when the address contains `::`
 */
export function splitNexusAddress(address: string): { file: string; dataset?: string } {
  const i = address.lastIndexOf("::");
  if (i === -1) return { file: address };
  return { file: address.slice(0, i), dataset: address.slice(i + 2) };
}

/**
 * True when the bytes start with (or have at 512·2^k) the HDF5 signature.
 * @param bytes - file content
 * @returns true when the 8-byte signature \x89HDF\r\n\x1a\n is found
 */
export function hasHdf5Signature(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + 8 <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((b, k) => bytes[offset + k] === b)) return true;
    if (offset > 1 << 20) break;
  }
  return false;
}

function attrText(obj: Dataset | Group, name: string): string | string[] | undefined {
  const attr = obj.attrs[name];
  if (attr === undefined) return undefined;
  const v = attr.value;
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v as string[];
  return undefined;
}

function isGroup(e: unknown): e is Group {
  return e instanceof h5wasm.Group;
}
function isDataset(e: unknown): e is Dataset {
  return e instanceof h5wasm.Dataset;
}

function join2(base: string, name: string): string {
  return base === "/" ? `/${name}` : `${base}/${name}`;
}

function numericValues(ds: Dataset, fail: (expected: string, found: string) => ParseError): Float64Array {
  const v = ds.value;
  if (v instanceof Float64Array) return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number | bigint>;
    const out = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) out[i] = Number(arr[i]!);
    return out;
  }
  if (typeof v === "number") return Float64Array.of(v);
  throw fail(`a numeric dataset at ${ds.path}`, `dtype ${String(ds.dtype)}`);
}

/** Units/name -> axis kind and scale to operando units. */
function axisOf(name: string, units: string | undefined, fail: (expected: string, found: string) => ParseError): { axis: AxisKind; scale: number } {
  const u = (units ?? "").trim().toLowerCase().replace("å", "angstrom");
  const n = name.toLowerCase();
  if (/^(deg|degree|degrees|°)$/.test(u)) return { axis: "twoTheta", scale: 1 };
  if (/^(rad|radian|radians)$/.test(u) && /theta|tth/.test(n)) return { axis: "twoTheta", scale: 180 / Math.PI };
  if (u === "kev") return { axis: "energy", scale: 1 };
  if (u === "ev") return { axis: "energy", scale: 1e-3 };
  if (/^(1\/angstroms?|angstroms?\^-1|angstroms?\^\{-1\}|1\/a|a\^-1|a\^\{-1\}|a-1|angstroms?-1|angstrom⁻¹|a⁻¹)$/.test(u)) return { axis: "q", scale: 1 };
  if (/^(1\/nm|nm\^-1|nm\^\{-1\}|nm-1|nm⁻¹)$/.test(u)) return { axis: "q", scale: 0.1 };
  if (/^(angstrom|a)$/.test(u)) return { axis: "d", scale: 1 };
  if (u === "nm" && /^d/.test(n)) return { axis: "d", scale: 10 };
  if (u === "") {
    // a unit in the dataset's name (pyFAI-style "q_nm^-1", "2th_rad", "d_nm"): never assume 1/A or deg over it
    const named = lookupXUnit(name);
    if (named !== undefined) return { axis: named.axis, scale: named.scale };
    if (UNMAPPABLE_UNIT.test(name.trim())) throw fail(`an axis operando can map (2theta, q, d, energy, channel) for ${name}`, name);
    if (/two_?theta|2theta|tth|polar_angle/.test(n)) return { axis: "twoTheta", scale: 1 };
    if (/^q$/.test(n)) return { axis: "q", scale: 1 };
    if (/energy/.test(n)) return { axis: "energy", scale: 1 };
    if (/channel/.test(n)) return { axis: "channel", scale: 1 };
  }
  if (/channel/.test(n) || u === "channel" || u === "channels") return { axis: "channel", scale: 1 };
  throw fail(`axis units operando can map (deg, keV, eV, 1/angstrom, 1/nm, angstrom) for ${name}`, units ?? "no units attribute");
}

const AXIS_NAMES = /^(two_?theta|2theta|tth|q|energy|channels?|d|d_spacing|polar_angle|2th_(deg|rad)|q_(nm|a|å)\^-1|d_(a|å|nm))$/i;

/** Finds scalar metadata (wavelength, start_time) under a group, depth-limited. */
function scalarMeta(group: Group, meta: PatternMeta, depth = 0): void {
  if (depth > 4) return;
  for (const key of group.keys()) {
    let child: unknown;
    try {
      child = group.get(key);
    } catch {
      continue;
    }
    if (isGroup(child)) scalarMeta(child, meta, depth + 1);
    else if (isDataset(child)) {
      const shape = child.shape ?? [];
      const size = shape.reduce((a, b) => a * b, 1);
      if (size !== 1) continue;
      const lower = key.toLowerCase();
      const v = child.value;
      const value = typeof v === "number" ? v : ArrayBuffer.isView(v) ? Number((v as unknown as ArrayLike<number>)[0]) : undefined;
      const units = (attrText(child, "units") as string | undefined)?.toLowerCase() ?? "angstrom";
      if ((lower === "wavelength" || lower === "incident_wavelength") && value !== undefined && value > 0 && meta.wavelengthAngstrom === undefined) {
        meta.wavelengthAngstrom = units === "nm" ? value * 10 : units === "m" ? value * 1e10 : value;
      } else if ((lower === "two_theta" || lower === "polar_angle") && value !== undefined && meta.twoThetaDeg === undefined) {
        meta.twoThetaDeg = units === "rad" ? (value * 180) / Math.PI : value;
      } else if (lower === "start_time" && meta.startTime === undefined) {
        const text = Array.isArray(v) ? v[0] : v;
        if (typeof text === "string") meta.startTime = text;
      }
    }
  }
}

/** Walks `default` attributes from the root to an NXdata group, else finds the first NXdata or plottable dataset. */
function findDefault(root: Group): string | undefined {
  let path = "/";
  let group: Group = root;
  for (let depth = 0; depth < 6; depth++) {
    if (attrText(group, "signal") !== undefined) return path;
    const next = attrText(group, "default");
    if (typeof next !== "string") break;
    const childPath = join2(path, next);
    const child = root.get(childPath);
    if (isDataset(child)) return childPath;
    if (!isGroup(child)) break;
    path = childPath;
    group = child;
  }
  const search = (g: Group, p: string, depth: number, wantGroup: boolean): string | undefined => {
    if (depth > 6) return undefined;
    for (const key of g.keys()) {
      const childPath = join2(p, key);
      let child: unknown;
      try {
        child = g.get(key);
      } catch {
        continue;
      }
      if (isGroup(child)) {
        if (wantGroup && attrText(child, "signal") !== undefined) return childPath;
        const found = search(child, childPath, depth + 1, wantGroup);
        if (found !== undefined) return found;
      } else if (!wantGroup && isDataset(child)) {
        const shape = child.shape ?? [];
        if ((shape.length === 1 && shape[0]! > 1) || (shape.length === 2 && shape[1]! > 1)) {
          if (!AXIS_NAMES.test(key)) return childPath;
        }
      }
    }
    return undefined;
  };
  return search(root, "/", 0, true) ?? search(root, "/", 0, false);
}

/**
 * Reads a pattern or series from a NeXus/HDF5 file.
 *
 * Target: the object at `::/path` (or options.dataset); a group is used as NXdata (its `signal`
 * attribute names the data). Without a path the `default` attributes are followed from the root to
 * an NXdata group; failing that, the first group with a `signal` attribute, then the first 1D/2D
 * numeric dataset. The x axis is the NXdata `axes` entry for the last dimension, else the dataset's
 * `axes` attribute, else a sibling 1D dataset of matching length named two_theta/q/energy/channel/d;
 * its kind comes from its `units` attribute (deg -> twoTheta, keV/eV -> energy, 1/angstrom or 1/nm
 * -> q (nm^-1 x 0.1), angstrom -> d). Without an axis, x = channel index. Scalars named
 * `wavelength`/`incident_wavelength` (units angstrom, nm or m), `two_theta`, `start_time` under the
 * top-level entry become meta fields.
 *
 * @param address - `path/to/file.h5` or `path/to/file.h5::/entry/data/counts`
 * @param options - dataset path (overrides the address suffix)
 * @returns `{kind: "pattern"}` for 1D data, `{kind: "series"}` for 2D (rows = spectra)
 * @throws ParseError with `offset` 0 (HDF5 is binary): not HDF5, missing path, non-numeric or >2D
 * data, unknown axis units, axis length mismatch
 */
export async function readNexus(address: string, options: ReadNexusOptions = {}): Promise<NexusResult> {
  const split = splitNexusAddress(address);
  const file = split.file;
  const fail = (expected: string, found: string, cause?: unknown) => new ParseError({ file, offset: 0, expected, found, ...(cause === undefined ? {} : { cause }) });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new FileAccessError(file, error);
  }
  try {
    const head = new Uint8Array(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (!hasHdf5Signature(head.subarray(0, bytesRead))) throw fail("an HDF5 file (signature \\x89HDF\\r\\n\\x1a\\n)", bytesRead === 0 ? "an empty file" : "other bytes");
  } finally {
    await handle.close();
  }
  await h5wasm.ready;
  let f: InstanceType<typeof h5wasm.File>;
  try {
    f = new h5wasm.File(resolve(file), "r");
  } catch (error) {
    throw fail("an HDF5 file h5wasm can open", error instanceof Error ? error.message : String(error), error);
  }
  if (typeof f.file_id === "bigint" && f.file_id < 0n) throw fail("an HDF5 file h5wasm can open (corrupt or truncated?)", "open failed");
  try {
    return extract(f, file, options.dataset ?? split.dataset, fail);
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw fail("a readable NeXus/HDF5 structure", error instanceof Error ? error.message : String(error), error);
  } finally {
    f.close();
  }
}

function extract(f: Group, file: string, wanted: string | undefined, fail: (expected: string, found: string) => ParseError): NexusResult {
  const path = wanted ?? findDefault(f);
  if (path === undefined) throw fail("a NeXus default (NXdata with signal) or a 1D/2D numeric dataset", "none");
  let target = f.get(path);
  if (target === null) throw fail(`an object at ${path}`, "nothing");
  let signalPath = path;
  let group: Group | undefined;
  if (isGroup(target)) {
    group = target;
    const signal = attrText(target, "signal");
    if (typeof signal !== "string") throw fail(`a "signal" attribute on group ${path}`, "none");
    signalPath = join2(path, signal);
    target = f.get(signalPath);
  }
  if (!isDataset(target)) throw fail(`a dataset at ${signalPath}`, "another kind of object");
  const ds = target;
  const parentPath = signalPath.slice(0, Math.max(1, signalPath.lastIndexOf("/"))) || "/";
  group ??= (f.get(parentPath) as Group | null) ?? undefined;
  const shape = ds.shape ?? [];
  if (shape.length < 1 || shape.length > 2) throw fail(`a 1D or 2D dataset at ${signalPath}`, `shape [${shape.join(", ")}]`);
  const width = shape[shape.length - 1]!;
  const rows = shape.length === 2 ? shape[0]! : 1;
  const y = numericValues(ds, fail);
  // axis
  let axisName: string | undefined;
  const groupAxes = group === undefined ? undefined : attrText(group, "axes");
  if (groupAxes !== undefined && group !== undefined && attrText(group, "signal") === signalPath.slice(signalPath.lastIndexOf("/") + 1)) {
    const list = typeof groupAxes === "string" ? groupAxes.split(/[:,]/) : groupAxes;
    const last = list[list.length - 1];
    if (last !== undefined && last !== ".") axisName = last.trim();
  }
  if (axisName === undefined) {
    const own = attrText(ds, "axes");
    if (typeof own === "string") axisName = own.split(/[:,]/).pop()?.trim();
    else if (Array.isArray(own)) axisName = own[own.length - 1];
  }
  if (axisName === undefined && group !== undefined) {
    for (const key of group.keys()) {
      if (!AXIS_NAMES.test(key)) continue;
      const c = group.get(key);
      if (isDataset(c) && (c.shape ?? []).length === 1 && c.shape![0] === width) {
        axisName = key;
        break;
      }
    }
  }
  const meta: PatternMeta = { sourceFile: file, format: "nexus", label: signalPath };
  const extra: Record<string, string | number> = { dataset: signalPath };
  let x: Float64Array;
  let axis: AxisKind;
  if (axisName !== undefined && group !== undefined) {
    const axisPath = join2(parentPath, axisName);
    const axisDs = f.get(axisPath);
    if (!isDataset(axisDs)) throw fail(`the axis dataset ${axisPath} named by "axes"`, "nothing");
    const values = numericValues(axisDs, fail);
    if (values.length !== width) throw fail(`${width} axis values in ${axisPath} (one per point)`, `${values.length}`);
    const units = attrText(axisDs, "units");
    const mapped = axisOf(axisName, typeof units === "string" ? units : undefined, fail);
    axis = mapped.axis;
    x = Float64Array.from(values, (v) => v * mapped.scale);
    extra["axisDataset"] = axisPath;
    if (typeof units === "string") extra["axisUnits"] = units;
  } else {
    axis = "channel";
    x = Float64Array.from({ length: width }, (_, i) => i);
    extra["axisDataset"] = "none (channel index)";
  }
  const signalUnits = attrText(ds, "units");
  if (typeof signalUnits === "string") meta.intensityUnit = signalUnits;
  const top = signalPath.split("/").filter((s) => s !== "")[0];
  const entry = top === undefined ? undefined : f.get(`/${top}`);
  if (isGroup(entry)) scalarMeta(entry, meta);
  meta.extra = extra;
  if (rows === 1 && shape.length === 1) return { kind: "pattern", pattern: createPattern({ axis, x, y, meta }) };
  const perRow = group === undefined ? [] : perRowDatasets(group, parentPath, rows, axisName, signalPath, fail);
  const patterns: Pattern[] = [];
  for (let r = 0; r < rows; r++) {
    const rowMeta: PatternMeta = { ...meta, label: `${signalPath}[${r}]`, extra: { ...extra, row: r } };
    for (const d of perRow) {
      const value = d.values[r]!;
      if (d.role === "time") rowMeta.timeS = value * d.scale;
      else if (d.role === "layer") rowMeta.layer = value;
      else rowMeta.extra![d.name] = value;
    }
    patterns.push(createPattern({ axis, x: x.slice(), y: y.slice(r * width, (r + 1) * width), meta: rowMeta }));
  }
  return { kind: "series", series: createSeries(patterns, meta) };
}

/**
 * Parses NeXus/HDF5 bytes (written to a temporary file for h5wasm, then removed).
 * @param bytes - file content
 * @param options - file name for errors and the dataset path
 * @returns the pattern or series found, tagged by `kind`
 * @throws ParseError when the bytes are not HDF5 or hold no usable dataset
 */
export async function parseNexus(bytes: Uint8Array, options: { file?: string; dataset?: string } = {}): Promise<NexusResult> {
  const file = options.file ?? "<memory>";
  if (!hasHdf5Signature(bytes)) throw new ParseError({ file, offset: 0, expected: "an HDF5 file (signature \\x89HDF\\r\\n\\x1a\\n)", found: bytes.length === 0 ? "an empty file" : "other bytes" });
  const temp = join(tmpdir(), `operando-nexus-${process.pid}-${randomBytes(6).toString("hex")}.h5`);
  await writeFile(temp, bytes);
  try {
    return await readNexus(temp, options.dataset === undefined ? {} : { dataset: options.dataset });
  } catch (error) {
    if (error instanceof ParseError) throw new ParseError({ file, offset: error.offset ?? 0, expected: error.expected, found: error.found, cause: error });
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

const TIME_NAMES = /^(time|time_s|times|elapsed_time|elapsed|t)$/i;
const LAYER_NAMES = /^(layer|layers|layer_index|gauge_layer)$/i;
const TIME_SCALES: Readonly<Record<string, number>> = { s: 1, sec: 1, second: 1, seconds: 1, ms: 1e-3, min: 60, minute: 60, minutes: 60, h: 3600, hour: 3600, hours: 3600 };

interface PerRowDataset {
  name: string;
  role: "time" | "layer" | "other";
  values: Float64Array;
  scale: number;
}

/**
 * 1D numeric datasets beside a 2D signal with one value per spectrum (row): NXdata axes of the
 * first dimension and siblings of matching length. Time-like names become meta.timeS (converted
 * from their `units`), layer-like names meta.layer, the rest meta.extra per pattern.
 */
function perRowDatasets(group: Group, parentPath: string, rows: number, xAxisName: string | undefined, signalPath: string, fail: (expected: string, found: string) => ParseError): PerRowDataset[] {
  const signalName = signalPath.slice(signalPath.lastIndexOf("/") + 1);
  const found: PerRowDataset[] = [];
  for (const name of group.keys()) {
    if (name === signalName || name === xAxisName) continue;
    const child = group.get(name);
    if (!isDataset(child) || (child.shape ?? []).length !== 1 || child.shape![0] !== rows) continue;
    let values: Float64Array;
    try {
      values = numericValues(child, fail);
    } catch {
      continue; // not numeric (e.g. per-spectrum file names): not metadata we map
    }
    const units = attrText(child, "units");
    if (TIME_NAMES.test(name)) {
      const unit = typeof units === "string" ? units.trim().toLowerCase() : "s";
      const scale = TIME_SCALES[unit];
      if (scale === undefined) throw fail(`a time unit (s, min, h) on ${join2(parentPath, name)}`, unit);
      found.push({ name, role: "time", values, scale });
    } else if (LAYER_NAMES.test(name)) {
      found.push({ name, role: "layer", values, scale: 1 });
    } else {
      found.push({ name, role: "other", values, scale: 1 });
    }
  }
  return found;
}
