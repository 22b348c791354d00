/**
 * ANSI N42.42 radiation-measurement XML files (gamma spectra from HPGe, NaI, ... instruments),
 * in both schema generations found in practice:
 *
 * - N42.42-2011/2012 (`<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">`):
 *   `EnergyCalibration id` (`CoefficientValues`, keV) at the top level, `RadMeasurement` with
 *   `StartDateTime`, `RealTimeDuration`, and `Spectrum` elements holding `LiveTimeDuration` and
 *   `ChannelData compressionCode="None|CountedZeroes"`; a spectrum points to its calibration by
 *   `energyCalibrationReference` and to its detector by `radDetectorInformationReference`.
 * - N42.42-2006 (`<N42InstrumentData xmlns=".../ANSIN4242/2005/ANSIN4242">`): `Measurement`
 *   elements holding `Spectrum` elements (directly or deeper, e.g. inside `DetectorData`) with
 *   `StartTime`, `RealTime`, `LiveTime`, `Calibration Type="Energy" EnergyUnits="keV|eV|MeV"` >
 *   `Equation Model="Polynomial"` > `Coefficients`, and `ChannelData Compression="CountedZeroes"`.
 *
 * XML is parsed with fast-xml-parser (well-formedness checked by its validator first, so a
 * malformed or truncated file is a ParseError with the validator's line and column).
 *
 * @packageDocumentation
 */
import type { ChannelEnergyPolynomial, Pattern, PatternMeta, Series } from "@operando/core";
import { ParseError, createSeries } from "@operando/core";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { channelPattern, usableCalibration } from "./internal/channel.js";
import { toIsoDate } from "./internal/dates.js";
import { fileName, readSource } from "./internal/source.js";
import { LineReader, decodeText, parseNumberText } from "./internal/text.js";
import type { ParseOptions } from "./types.js";

/** One parsed XML element: attributes as `@_name`, text as `#text`, children as arrays. */
interface XmlNode {
  [key: string]: unknown;
}

const META = XMLParser.getMetaDataSymbol() as unknown as string;

const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  captureMetaData: true,
});

/** Children of `node` named `name` (always an array). */
function children(node: XmlNode, name: string): XmlNode[] {
  const v = node[name];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

function text(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const t = node["#text"];
  return typeof t === "string" ? t : undefined;
}

function childText(node: XmlNode, name: string): string | undefined {
  const t = text(child(node, name));
  return t === undefined || t === "" ? undefined : t;
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@_${name}`];
  return typeof v === "string" ? v : undefined;
}

/** Start offset of an element in the text (fast-xml-parser metadata). */
function startIndex(node: XmlNode): number | undefined {
  const m = (node as Record<string, unknown>)[META] as { startIndex?: number } | undefined;
  return m?.startIndex;
}

/** Child element names of a node (attributes, text and metadata excluded). */
function elementNames(node: XmlNode): string[] {
  return Object.keys(node).filter((k) => k !== "#text" && !k.startsWith("@_"));
}

/** Depth-first search for elements named `name` below `node` (not below a match). */
function findAll(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const key of elementNames(node)) {
    for (const c of children(node, key)) {
      if (key === name) out.push(c);
      else findAll(c, name, out);
    }
  }
  return out;
}

/** Builds the 1-based line lookup for character offsets of a text. */
function lineLocator(source: string): (offset: number | undefined) => number | undefined {
  let starts: number[] | undefined;
  return (offset) => {
    if (offset === undefined) return undefined;
    if (starts === undefined) {
      starts = [0];
      for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Seconds of an ISO 8601 duration as N42 writes counting times (`PT300.5S`, `PT1H2M3.5S`,
 * `P1DT2H`); a bare number is read as seconds (some 2006-schema writers omit the `PT...S`).
 * @returns seconds, or undefined when the text is neither
 */
function isoDurationSeconds(value: string): number | undefined {
  const t = value.trim();
  const plain = parseNumberText(t);
  if (plain !== undefined) return plain >= 0 ? plain : undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(t);
  if (m === null || (m[1] ?? m[2] ?? m[3] ?? m[4]) === undefined || t.endsWith("T")) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** Scale from an N42 energy unit to keV. */
function keVPerUnit(unit: string | undefined): number | undefined {
  switch ((unit ?? "keV").trim().toLowerCase()) {
    case "kev":
    case "":
      return 1;
    case "ev":
      return 1e-3;
    case "mev":
      return 1e3;
    default:
      return undefined;
  }
}

/** A polynomial calibration from coefficients in keV (E = c0 + c1 ch + c2 ch^2 + c3 ch^3). */
function polynomial(coefficients: readonly number[]): ChannelEnergyPolynomial | undefined {
  if (coefficients.length < 2) return undefined;
  const cal: ChannelEnergyPolynomial = { offsetKeV: coefficients[0]!, slopeKeV: coefficients[1]!, quadraticKeV: coefficients[2] ?? 0 };
  const cubic = coefficients[3] ?? 0;
  if (cubic !== 0) cal.cubicKeV = cubic;
  return cubic === 0 ? usableCalibration(cal) : cal;
}

interface Context {
  file: string;
  source: string;
  lineOf: (offset: number | undefined) => number | undefined;
}

function errorAt(ctx: Context, node: XmlNode | undefined, expected: string, found: string): ParseError {
  const line = (node === undefined ? undefined : ctx.lineOf(startIndex(node))) ?? 1;
  return new ParseError({ file: ctx.file, line, expected, found });
}

/** Whitespace-separated numbers of an element's text, with errors at the element's line. */
function numbers(ctx: Context, node: XmlNode, what: string): number[] {
  const t = text(node) ?? "";
  const out: number[] = [];
  for (const token of t.split(/\s+/)) {
    if (token === "") continue;
    const v = parseNumberText(token);
    if (v === undefined) throw errorAt(ctx, node, `numbers in ${what}`, token);
    out.push(v);
  }
  return out;
}

/**
 * Channel counts of a `<ChannelData>` element. `CountedZeroes` (N42.42: a 0 is followed by the
 * number of consecutive zero channels it stands for) is expanded; `None` or no attribute means
 * one value per channel. Counts must be finite and non-negative.
 */
function channelData(ctx: Context, node: XmlNode): Float64Array {
  const compression = (attr(node, "compressionCode") ?? attr(node, "Compression") ?? "None").trim();
  const body = text(node) ?? "";
  const line = ctx.lineOf(startIndex(node)) ?? 1;
  // line of the first value: the parser trims the text, so skip the start tag and the leading blanks
  let contentLine = line;
  const at = startIndex(node);
  if (at !== undefined) {
    const open = ctx.source.indexOf(">", at);
    const first = open === -1 ? -1 : ctx.source.slice(open + 1).search(/\S/);
    if (first !== -1) contentLine = ctx.lineOf(open + 1 + first) ?? line;
  }
  // the shared scanner reads the numbers; each text line ends at a newline or the text end
  const reader = new LineReader(body, ctx.file);
  const values = new Float64Array((body.length >> 1) + 1);
  let n = 0;
  while (reader.next()) {
    let k: number;
    try {
      k = reader.scanNumbers(values.subarray(n));
    } catch (error) {
      const found = error instanceof ParseError ? error.found : reader.line;
      throw new ParseError({ file: ctx.file, line: contentLine + reader.lineNumber - 1, expected: "counts (numbers) in <ChannelData>", found });
    }
    n += k;
  }
  const raw = values.subarray(0, n);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i]! < 0) throw new ParseError({ file: ctx.file, line, expected: "non-negative counts in <ChannelData>", found: String(raw[i]) });
  }
  if (/^none$/i.test(compression)) return Float64Array.from(raw);
  if (!/^countedzeroes$/i.test(compression)) {
    throw new ParseError({ file: ctx.file, line, expected: 'ChannelData compression "None" or "CountedZeroes"', found: compression });
  }
  let total = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      const run = raw[i + 1];
      if (run === undefined || !Number.isInteger(run) || run < 1) {
        throw new ParseError({ file: ctx.file, line, expected: "a zero-run length (a positive integer) after each 0 (CountedZeroes)", found: run === undefined ? "end of <ChannelData>" : String(run) });
      }
      total += run;
      i++;
    } else total++;
  }
  const out = new Float64Array(total);
  let j = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      j += raw[i + 1]!;
      i++;
    } else out[j++] = raw[i]!;
  }
  return out;
}

/** Counting time element -> seconds, or a ParseError at the element. */
function duration(ctx: Context, node: XmlNode | undefined): number | undefined {
  const t = text(node);
  if (node === undefined || t === undefined || t === "") return undefined;
  const s = isoDurationSeconds(t);
  if (s === undefined) throw errorAt(ctx, node, "an ISO 8601 duration such as PT300.5S", t);
  return s;
}

/** 2011 `EnergyCalibration`: `CoefficientValues` (keV), or two `EnergyValues`/`ChannelValues` points. */
function calibration2011(ctx: Context, node: XmlNode, extra: Record<string, string | number>): ChannelEnergyPolynomial | undefined {
  const coefficients = child(node, "CoefficientValues");
  if (coefficients !== undefined) return polynomial(numbers(ctx, coefficients, "<CoefficientValues>"));
  const energies = child(node, "EnergyValues");
  const channels = child(node, "ChannelValues");
  if (energies !== undefined && channels !== undefined) {
    const e = numbers(ctx, energies, "<EnergyValues>");
    const c = numbers(ctx, channels, "<ChannelValues>");
    if (e.length === 2 && c.length === 2 && c[0] !== c[1]) {
      // two points define the straight line exactly; more points are kept verbatim (see extra)
      const slope = (e[1]! - e[0]!) / (c[1]! - c[0]!);
      return usableCalibration({ offsetKeV: e[0]! - slope * c[0]!, slopeKeV: slope, quadraticKeV: 0 });
    }
    extra["energyCalibrationPoints"] = `${text(energies)} / ${text(channels)}`;
    return undefined;
  }
  if (child(node, "EnergyBoundaryValues") !== undefined) extra["energyCalibration"] = "EnergyBoundaryValues (per-channel energy table, not a polynomial: not applied)";
  return undefined;
}

/** 2006 `Calibration Type="Energy"`: `Equation Model="Polynomial"` > `Coefficients`, EnergyUnits. */
function calibration2006(ctx: Context, node: XmlNode, extra: Record<string, string | number>): ChannelEnergyPolynomial | undefined {
  const equation = child(node, "Equation");
  if (equation === undefined) {
    extra["energyCalibration"] = "Calibration without <Equation> (point table, not applied)";
    return undefined;
  }
  const model = attr(equation, "Model") ?? "Polynomial";
  if (!/^polynomial$/i.test(model.trim())) {
    extra["energyCalibration"] = `Equation Model="${model}" (only Polynomial is applied)`;
    return undefined;
  }
  const coefficients = child(equation, "Coefficients");
  if (coefficients === undefined) throw errorAt(ctx, equation, "<Coefficients> in the energy <Equation>", "none");
  const unit = attr(node, "EnergyUnits") ?? attr(equation, "EnergyUnits");
  const scale = keVPerUnit(unit);
  if (scale === undefined) throw errorAt(ctx, node, 'EnergyUnits "keV", "eV" or "MeV"', unit ?? "");
  return polynomial(numbers(ctx, coefficients, "<Coefficients>").map((c) => c * scale));
}

function isEnergyCalibration2006(node: XmlNode): boolean {
  return /^energy$/i.test((attr(node, "Type") ?? "Energy").trim());
}

function setTimes(meta: PatternMeta, live: number | undefined, real: number | undefined): void {
  // 0 s means "not recorded" (as for the other MCA readers): never a time to divide by
  if (live !== undefined && live > 0) meta.liveTimeS = live;
  if (real !== undefined && real > 0) meta.realTimeS = real;
}

function setStart(meta: PatternMeta, extra: Record<string, string | number>, value: string | undefined): void {
  if (value === undefined) return;
  const iso = toIsoDate(value);
  if (iso !== undefined) meta.startTime = iso;
  extra["startTimeText"] = value;
}

function spectrumPattern(ctx: Context, spectrum: XmlNode, meta: PatternMeta): Pattern {
  const data = child(spectrum, "ChannelData");
  if (data === undefined) throw errorAt(ctx, spectrum, "<ChannelData> in every <Spectrum>", `<Spectrum${attr(spectrum, "id") ?? attr(spectrum, "ID") ? ` id="${attr(spectrum, "id") ?? attr(spectrum, "ID")}"` : ""}> without it`);
  const counts = channelData(ctx, data);
  if (counts.length === 0) throw errorAt(ctx, data, "channel counts in <ChannelData>", "an empty element");
  return channelPattern(counts, 0, meta);
}

function parse2011(ctx: Context, root: XmlNode, shared: Record<string, string | number>): Pattern[] {
  const calibrations = new Map<string, XmlNode>();
  for (const c of children(root, "EnergyCalibration")) calibrations.set(attr(c, "id") ?? "", c);
  const detectors = new Map<string, XmlNode>();
  for (const d of children(root, "RadDetectorInformation")) detectors.set(attr(d, "id") ?? "", d);
  const patterns: Pattern[] = [];
  for (const measurement of children(root, "RadMeasurement")) {
    const measurementId = attr(measurement, "id");
    const real = duration(ctx, child(measurement, "RealTimeDuration"));
    const start = childText(measurement, "StartDateTime");
    const classCode = childText(measurement, "MeasurementClassCode");
    for (const spectrum of children(measurement, "Spectrum")) {
      const extra: Record<string, string | number> = { ...shared };
      const meta: PatternMeta = { sourceFile: ctx.file, format: "n42" };
      const id = attr(spectrum, "id");
      if (measurementId !== undefined) extra["measurement"] = measurementId;
      if (classCode !== undefined) extra["measurementClass"] = classCode;
      const detectorRef = attr(spectrum, "radDetectorInformationReference");
      if (detectorRef !== undefined) {
        extra["detector"] = detectorRef;
        const info = detectors.get(detectorRef);
        const kind = info === undefined ? undefined : childText(info, "RadDetectorKindCode");
        const category = info === undefined ? undefined : childText(info, "RadDetectorCategoryCode");
        if (kind !== undefined) extra["detectorKind"] = kind;
        if (category !== undefined) extra["detectorCategory"] = category;
      }
      const calRef = attr(spectrum, "energyCalibrationReference");
      const calNode = calRef !== undefined ? calibrations.get(calRef) : calibrations.size === 1 ? [...calibrations.values()][0] : undefined;
      if (calRef !== undefined && calNode === undefined) throw errorAt(ctx, spectrum, `an <EnergyCalibration id="${calRef}"> (energyCalibrationReference)`, "no such element");
      if (calNode !== undefined) {
        const cal = calibration2011(ctx, calNode, extra);
        if (cal !== undefined) meta.energyCalibration = cal;
        const cid = attr(calNode, "id");
        if (cid !== undefined) extra["energyCalibrationId"] = cid;
      }
      // a spectrum may carry its own RealTimeDuration (allowed by the schema); else the measurement's
      setTimes(meta, duration(ctx, child(spectrum, "LiveTimeDuration")), duration(ctx, child(spectrum, "RealTimeDuration")) ?? real);
      setStart(meta, extra, start);
      const compression = attr(child(spectrum, "ChannelData") ?? {}, "compressionCode");
      if (compression !== undefined) extra["compression"] = compression;
      const label = [id, extra["detector"]].filter((v) => v !== undefined).join(" ");
      if (label !== "") meta.label = label;
      meta.extra = extra;
      patterns.push(spectrumPattern(ctx, spectrum, meta));
    }
  }
  return patterns;
}

function parse2006(ctx: Context, root: XmlNode, shared: Record<string, string | number>): Pattern[] {
  const patterns: Pattern[] = [];
  const measurements = children(root, "Measurement");
  for (const [mIndex, measurement] of measurements.entries()) {
    const allCalibrations = findAll(measurement, "Calibration").filter(isEnergyCalibration2006);
    for (const spectrum of findAll(measurement, "Spectrum")) {
      const extra: Record<string, string | number> = { ...shared, measurement: mIndex + 1 };
      const meta: PatternMeta = { sourceFile: ctx.file, format: "n42" };
      const id = attr(spectrum, "ID");
      // calibration: the spectrum's own, else the one named in CalibrationIDs, else the only one
      let calNode = children(spectrum, "Calibration").find(isEnergyCalibration2006);
      const calIds = (attr(spectrum, "CalibrationIDs") ?? "").split(/\s+/).filter((s) => s !== "");
      if (calNode === undefined && calIds.length > 0) calNode = allCalibrations.find((c) => calIds.includes(attr(c, "ID") ?? ""));
      if (calNode === undefined && allCalibrations.length === 1) calNode = allCalibrations[0];
      if (calNode !== undefined) {
        const cal = calibration2006(ctx, calNode, extra);
        if (cal !== undefined) meta.energyCalibration = cal;
      }
      setTimes(meta, duration(ctx, child(spectrum, "LiveTime")), duration(ctx, child(spectrum, "RealTime")));
      setStart(meta, extra, childText(spectrum, "StartTime") ?? childText(measurement, "StartTime"));
      for (const key of ["Detector", "Type"]) {
        const v = attr(spectrum, key);
        if (v !== undefined) extra[key.toLowerCase()] = v;
      }
      for (const key of ["SourceType", "DetectorType", "Remark"]) {
        const v = childText(spectrum, key);
        if (v !== undefined) extra[key.charAt(0).toLowerCase() + key.slice(1)] = v;
      }
      const compression = attr(child(spectrum, "ChannelData") ?? {}, "Compression");
      if (compression !== undefined) extra["compression"] = compression;
      const label = [id, attr(spectrum, "Detector")].filter((v) => v !== undefined).join(" ");
      if (label !== "") meta.label = label;
      meta.extra = extra;
      patterns.push(spectrumPattern(ctx, spectrum, meta));
    }
  }
  return patterns;
}

/** The first `RadInstrumentData` / `N42InstrumentData` element (the root, or nested in a wrapper). */
function findRoot(node: XmlNode): { name: "RadInstrumentData" | "N42InstrumentData"; node: XmlNode } | undefined {
  for (const key of elementNames(node)) {
    if (key === "RadInstrumentData" || key === "N42InstrumentData") {
      const first = children(node, key)[0];
      if (first !== undefined) return { name: key, node: first };
    }
  }
  for (const key of elementNames(node)) {
    if (key.startsWith("?")) continue;
    for (const c of children(node, key)) {
      const found = findRoot(c);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Parses an ANSI N42.42 file (2006 or 2011/2012 schema) into a Series with one channel-axis pattern
 * per `<Spectrum>` in document order.
 *
 * Per pattern: counts from `<ChannelData>` (CountedZeroes expanded), channel axis from 0,
 * `meta.liveTimeS` / `meta.realTimeS` from the ISO 8601 durations (`PT900.000S`; a 2011 spectrum
 * without its own `RealTimeDuration` takes its measurement's), `meta.startTime` (ISO text; the
 * original in `meta.extra.startTimeText`), `meta.energyCalibration` E = c0 + c1 ch + c2 ch^2
 * [+ c3 ch^3] in keV (2011: `CoefficientValues`, keV by the schema; 2006: `Coefficients` scaled by
 * `EnergyUnits` eV/keV/MeV), `meta.label` = spectrum id and detector, and in `meta.extra` the
 * schema, measurement id/class, detector reference and kind, compression, remark, source type.
 * Energy calibrations that are not polynomials (2011 `EnergyBoundaryValues`, 2006 point tables,
 * more than two `EnergyValues`/`ChannelValues` points) are not applied and are noted in extra.
 *
 * @param input - file content (bytes or text)
 * @param options - file name for errors and meta.sourceFile
 * @returns series (meta.format "n42"), one pattern per spectrum
 * @throws ParseError naming the file and the line (and column, for malformed XML): malformed or
 *   truncated XML, no N42 root element, no `<Spectrum>`, a spectrum without `<ChannelData>`, a
 *   non-numeric or negative count, a bad CountedZeroes run, an unknown compression, a duration
 *   that is not ISO 8601, an unknown energy unit, a dangling `energyCalibrationReference`
 * @example
 * const s = parseN42(xmlText, { file: "Alcatraz14.n42" });
 * s.patterns[0]!.meta.liveTimeS; // 900
 */
export function parseN42(input: string | Uint8Array, options: ParseOptions = {}): Series {
  const file = fileName(options);
  const source = decodeText(input, file);
  const ctx: Context = { file, source, lineOf: lineLocator(source) };
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    // an unclosed element is reported by the validator at 1:1 with the list of open tags: the
    // problem is at the end of the text (a truncated file)
    if (/^Invalid '\[/.test(msg)) {
      throw new ParseError({ file, line: ctx.lineOf(source.length) ?? 1, expected: "well-formed XML (every element closed)", found: `end of file; ${msg.replace(/\s+/g, " ")}` });
    }
    throw new ParseError({ file, line, ...(typeof col === "number" ? { column: col } : {}), expected: "well-formed XML", found: msg });
  }
  let tree: XmlNode;
  try {
    tree = PARSER.parse(source) as XmlNode;
  } catch (error) {
    // the validator passed, so this is a limit of the parser (entity expansion, nesting depth)
    throw new ParseError({ file, line: 1, expected: "XML within the parser's limits (entities, nesting)", found: error instanceof Error ? error.message : String(error) });
  }
  const root = findRoot(tree);
  if (root === undefined) {
    const first = elementNames(tree).find((k) => !k.startsWith("?"));
    throw new ParseError({ file, line: 1, expected: "an N42 root element <RadInstrumentData> (N42.42-2011) or <N42InstrumentData> (N42.42-2006)", found: first === undefined ? "no element" : `<${first}>` });
  }
  const shared: Record<string, string | number> = { schema: root.name === "RadInstrumentData" ? "N42.42-2011" : "N42.42-2006" };
  if (root.name === "RadInstrumentData") {
    const info = child(root.node, "RadInstrumentInformation");
    if (info !== undefined) {
      for (const key of ["RadInstrumentManufacturerName", "RadInstrumentModelName", "RadInstrumentIdentifier", "RadInstrumentClassCode", "Remark"]) {
        const v = childText(info, key);
        if (v !== undefined) shared[key === "Remark" ? "instrumentRemark" : key.replace(/^RadInstrument/, "instrument")] = v;
      }
    }
  } else {
    const info = findAll(root.node, "InstrumentInformation")[0];
    if (info !== undefined) {
      for (const key of ["InstrumentType", "Manufacturer", "InstrumentModel", "InstrumentID"]) {
        const v = childText(info, key);
        if (v !== undefined) shared[key] = v;
      }
    }
  }
  const patterns = root.name === "RadInstrumentData" ? parse2011(ctx, root.node, shared) : parse2006(ctx, root.node, shared);
  if (patterns.length === 0) {
    throw new ParseError({ file, line: ctx.lineOf(startIndex(root.node)) ?? 1, expected: root.name === "RadInstrumentData" ? "a <RadMeasurement> with a <Spectrum>" : "a <Measurement> with a <Spectrum>", found: "none" });
  }
  const seriesMeta: PatternMeta = { sourceFile: file, format: "n42", extra: shared };
  const start = patterns[0]!.meta.startTime;
  if (start !== undefined) seriesMeta.startTime = start;
  return createSeries(patterns, seriesMeta);
}

/**
 * Reads an ANSI N42.42 file (`.n42`, `.xml`). See {@link parseN42}.
 * @param path - file path
 * @param options - parse options
 * @returns one channel-axis pattern per spectrum
 * @throws ParseError with file:line for malformed content
 */
export async function readN42(path: string, options: ParseOptions = {}): Promise<Series> {
  return parseN42(await readSource(path), { file: path, ...options });
}
