// Bad input for EVERY reader (fast-check + systematic corruption of a real or fixture file):
// random bytes, truncation at every line, numbers replaced by text, a missing last field,
// empty file, UTF-8 BOM, CRLF, decimal commas. The only allowed failure is a ParseError naming the
// file and a line; a successful read of a damaged file must never be silently shortened: for formats
// with a declared count it must be the full data, otherwise an exact prefix of the full data.
import { readFileSync } from "node:fs";
import { ParseError } from "@operando/core";
import type { Pattern, Series } from "@operando/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseAmptekMca,
  parseAutolabZ60w,
  parseBiologicMpt,
  parseDelimited,
  parseEchemTable,
  parseEpicsMed,
  parseFit2dChi,
  parseGamryDta,
  parseGsas,
  parseIec,
  parseMcaColumn,
  parseN42,
  parseOrtecSpe,
  parsePoni,
  parseSpec,
  parseXy,
  parseZplot,
} from "../src/index.js";
import { fixture, real } from "./paths.js";

type Arrays = Float64Array[];
interface Case {
  name: string;
  /** Sample text (a real or fixture file, possibly trimmed). */
  text: string;
  parse: (input: string | Uint8Array, file: string) => unknown;
  /** The numeric content to compare (one array per quantity; series: one per pattern and quantity). */
  arrays: (result: unknown) => Arrays;
  /** The format declares its point count (or an end marker): a truncated read must fail. */
  declared: boolean;
  /** Rewrites the text with decimal commas and returns options-free text the reader must accept, or undefined when the format has none. */
  decimalComma?: (text: string) => string;
  /** Lines whose numbers are read (1-based, inclusive) for the "text in numbers" check. */
  dataLines: (lines: string[]) => number[];
}

const lat = (p: string) => readFileSync(p, "latin1");
const pattern = (r: unknown): Arrays => {
  const p = r as Pattern;
  return [p.x, p.y];
};
const series = (r: unknown): Arrays => (r as Series).patterns.flatMap((p) => [p.x, p.y]);
const echem = (r: unknown): Arrays => {
  const v = r as { kind: string; spectrum?: { frequencyHz: Float64Array; zReal: Float64Array; zImag: Float64Array }; data?: { timeS: Float64Array; currentA: Float64Array; voltageV: Float64Array } };
  if ("frequencyHz" in (r as object)) {
    const s = r as { frequencyHz: Float64Array; zReal: Float64Array; zImag: Float64Array };
    return [s.frequencyHz, s.zReal, s.zImag];
  }
  if (v.spectrum !== undefined) return [v.spectrum.frequencyHz, v.spectrum.zReal, v.spectrum.zImag];
  return [v.data!.timeS, v.data!.currentA, v.data!.voltageV];
};
const numericLines = (from: (l: string) => boolean) => (lines: string[]) => lines.map((l, i) => (from(l) ? i + 1 : 0)).filter((i) => i > 0);
const isNumericRow = (l: string) => /^\s*[-+.\d]/.test(l) && /\d/.test(l);

// a consistent excerpt of the 11-BM fxye: 300 points, BANK line adjusted
const fxye = (() => {
  const lines = lat(real("xrd/gsas2tut_11bmb_8716.fxye")).split("\n");
  const bank = lines.findIndex((l) => l.startsWith("BANK"));
  return [...lines.slice(0, bank), "BANK 1 300 300 CONS 50.000000 0.099987  0 0 FXYE", ...lines.slice(bank + 1, bank + 301)].join("\n") + "\n";
})();
// the real .chi with its count line set to the rows it holds
const chi = (() => {
  const lines = lat(real("xrd/dioptas_pattern_001.chi")).split("\n");
  const rows = lines.slice(4).filter((l) => l.trim() !== "").length;
  lines[3] = `       ${rows}`;
  return lines.join("\n");
})();
const ceo2 = lat(real("xrd/dioptas_CeO2_Pilatus1M.xy"));
const csvPattern = "2th_deg,I\n" + ceo2.split("\n").filter(isNumericRow).slice(0, 400).map((l) => l.trim().split(/\s+/).join(",")).join("\n") + "\n";

// A ZPlot .z text built from the real impedance.py exampleData.csv values (f, Z', Z''), tab rows.
const zplot = [
  "ZPLOT2 ASCII",
  "  Freq(Hz)\tAmpl\tBias\tTime(Sec)\tZ'(a)\tZ''(b)\tGD\tErr\tRange",
  "End Comments",
  ...lat(real("eis/impedancepy_exampleData.csv"))
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 30)
    .map((l) => {
      const [f, re, im] = l.split(",");
      return `${f}\t0\t0\t0\t${re}\t${im}\t0\t0\t0`;
    }),
  "",
].join("\n");

const CASES: Case[] = [
  { name: "xy (CeO2 pyFAI)", text: ceo2, parse: (i, file) => parseXy(i, { file }), arrays: pattern, declared: false, decimalComma: (t) => t.replace(/(\d)\.(\d)/g, "$1,$2"), dataLines: numericLines(isNumericRow) },
  { name: "fit2d-chi", text: chi, parse: (i, file) => parseFit2dChi(i, { file }), arrays: pattern, declared: true, dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 4) },
  { name: "gsas fxye (11-BM excerpt)", text: fxye, parse: (i, file) => parseGsas(i, { file }), arrays: series, declared: true, dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 22) },
  // GSAS has no bank count: a cut between banks leaves complete banks (a prefix), a cut inside a bank fails (nchan)
  { name: "gsas STD/ESD", text: lat(fixture("operando_gsas_std_esd_sample.gsa")), parse: (i, file) => parseGsas(i, { file }), arrays: series, declared: false, dataLines: numericLines(isNumericRow) },
  { name: "delimited csv", text: csvPattern, parse: (i, file) => parseDelimited(i, { file }), arrays: pattern, declared: false, dataLines: numericLines(isNumericRow) },
  { name: "spec @A", text: lat(fixture("operando_spec_mca_sample.spec")), parse: (i, file) => parseSpec(i, { file }), arrays: series, declared: false, dataLines: numericLines((l) => l.startsWith("@A") || isNumericRow(l)) },
  { name: "epics med (xraylarch)", text: lat(fixture("xraylarch_srm1832_excerpt.mca")), parse: (i, file) => parseEpicsMed(i, { file }), arrays: series, declared: true, dataLines: numericLines(isNumericRow) },
  { name: "amptek", text: lat(fixture("operando_amptek_sample.mca")), parse: (i, file) => parseAmptekMca(i, { file }), arrays: pattern, declared: true, dataLines: numericLines((l) => /^\d+\r?$/.test(l)) },
  { name: "ortec spe (Steel)", text: lat(real("mca/pymca_Steel.spe")), parse: (i, file) => parseOrtecSpe(i, { file }), arrays: pattern, declared: true, dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 4) },
  // XML: any cut before the closing root tag is malformed; numbers live in ChannelData / CoefficientValues / Coefficients
  { name: "n42 2011 (becquerel Alcatraz14, CountedZeroes)", text: lat(fixture("becquerel_Alcatraz14.n42")), parse: (i, file) => parseN42(i, { file }), arrays: series, declared: true, dataLines: numericLines((l) => /<(ChannelData|CoefficientValues)/.test(l)) },
  { name: "n42 2006 (RASE Delta_Delta, two spectra)", text: lat(fixture("rase_DUMMY_M001_Delta_Delta.n42")), parse: (i, file) => parseN42(i, { file }), arrays: series, declared: true, dataLines: numericLines((l) => /<(ChannelData|Coefficients)/.test(l)) },
  { name: "iec 61455 (becquerel hpge_dummy_test_01)", text: lat(fixture("becquerel_hpge_dummy_test_01.iec")), parse: (i, file) => parseIec(i, { file }), arrays: pattern, declared: true, dataLines: (ls) => numericLines((l) => /^A004\s+\d+\s+\d+/.test(l))(ls).filter((n) => n > 58) },
  { name: "mca column (XRFSpectrum)", text: lat(real("mca/pymca_XRFSpectrum.mca")).split("\n").slice(0, 1200).join("\n"), parse: (i, file) => parseMcaColumn(i, { file }), arrays: pattern, declared: false, dataLines: numericLines(isNumericRow) },
  { name: "poni", text: lat(real("xrd/dioptas_CeO2_Pilatus1M.poni")), parse: (i, file) => parsePoni(i, { file }), arrays: (r) => [Float64Array.of(...["distanceM", "poni1M", "poni2M", "rot1Rad", "rot2Rad", "rot3Rad"].map((k) => (r as Record<string, number>)[k]!))], declared: true, dataLines: numericLines((l) => /^(Distance|Poni|Rot)/.test(l)) },
  { name: "biologic mpt (PEIS)", text: lat(real("eis/impedancepy_exampleDataBioLogic.mpt")), parse: (i, file) => parseBiologicMpt(i, { file }), arrays: echem, declared: false, decimalComma: (t) => t.replace(/(\d)\.(\d)/g, "$1,$2"), dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 61) },
  { name: "gamry dta", text: lat(real("eis/impedancepy_exampleDataGamry.DTA")), parse: (i, file) => parseGamryDta(i, { file }), arrays: echem, declared: false, dataLines: (ls) => ls.map((l, i) => (/^\t\d/.test(l) && i > 440 ? i + 1 : 0)).filter((n) => n > 0) },
  { name: "autolab z60w", text: lat(fixture("impedancepy_exampleDataAutolab.txt")), parse: (i, file) => parseAutolabZ60w(i, { file }), arrays: echem, declared: true, dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 11) },
  { name: "echem table (CHI)", text: lat(fixture("impedancepy_exampleDataCHInstruments.txt")), parse: (i, file) => parseEchemTable(i, { file }), arrays: echem, declared: false, dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 18) },
  { name: "echem table (impedance csv)", text: lat(real("eis/impedancepy_exampleData.csv")), parse: (i, file) => parseEchemTable(i, { file }), arrays: echem, declared: false, dataLines: numericLines(isNumericRow) },
  { name: "echem table (cycler csv)", text: lat(fixture("operando_cycler_sample.csv")), parse: (i, file) => parseEchemTable(i, { file }), arrays: echem, declared: false, dataLines: numericLines(isNumericRow) },
  { name: "zplot (.z)", text: zplot, parse: (i, file) => parseZplot(i, { file }), arrays: echem, declared: false, dataLines: (ls) => numericLines(isNumericRow)(ls).filter((n) => n > 4) },
  { name: "gamry dta (gamry-parser)", text: lat(fixture("gamryparser_eispot_data.dta")), parse: (i, file) => parseGamryDta(i, { file }), arrays: echem, declared: false, dataLines: (ls) => ls.map((l, i) => (/^\t\d/.test(l) ? i + 1 : 0)).filter((n) => n > 0) },
  // multi-table cycler files: a cut at a line boundary inside the last table is read (with a warning) as a prefix
  { name: "gamry dta CV, 5 CURVEn tables (gamry-parser)", text: lat(fixture("gamryparser_cv_data.dta")), parse: (i, file) => parseGamryDta(i, { file }), arrays: echem, declared: false, dataLines: (ls) => ls.map((l, i) => (/^\t\d/.test(l) ? i + 1 : 0)).filter((n) => n > 0) },
  { name: "gamry dta PWR800_CHARGE, declared CURVE count (gamry-parser)", text: lat(fixture("gamryparser_ccd_charge_data.dta")), parse: (i, file) => parseGamryDta(i, { file }), arrays: echem, declared: false, dataLines: (ls) => ls.map((l, i) => (/^\t\d/.test(l) ? i + 1 : 0)).filter((n) => n > 0) },
];

/** Runs the reader; returns the result or the ParseError. Any other error fails the test. */
function attempt(c: Case, input: string | Uint8Array): { ok: true; value: unknown } | { ok: false; error: ParseError } {
  try {
    return { ok: true, value: c.parse(input, "fuzz.dat") };
  } catch (error) {
    if (!(error instanceof ParseError)) throw new Error(`${c.name}: non-ParseError ${String(error)}`, { cause: error });
    expect(error.file).toBe("fuzz.dat");
    expect(error.line !== undefined || error.offset !== undefined).toBe(true);
    return { ok: false, error };
  }
}

function same(a: Arrays, b: Arrays): boolean {
  return a.length === b.length && a.every((x, k) => x.length === b[k]!.length && x.every((v, i) => Object.is(v, b[k]![i])));
}

/** A damaged read that succeeded must be the full data (declared formats) or a prefix of it. */
function checkNotShortened(c: Case, full: Arrays, got: Arrays): void {
  if (c.declared) {
    expect(same(got, full), `${c.name}: a read of a truncated file with a declared count must fail, not shorten`).toBe(true);
    return;
  }
  expect(got.length).toBeLessThanOrEqual(full.length);
  got.forEach((arr, k) => {
    const ref = full[k]!;
    expect(arr.length).toBeLessThanOrEqual(ref.length);
    for (let i = 0; i < arr.length; i++) if (!Object.is(arr[i], ref[i])) throw new Error(`${c.name}: value ${i} of array ${k} differs from the full file`);
  });
}

describe.each(CASES)("bad input: $name", (c) => {
  const full = c.arrays(c.parse(c.text, "full.dat"));
  const lines = c.text.split("\n");

  it("random bytes and random text give a result or a ParseError, never a crash or hang", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        attempt(c, bytes);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...lines.slice(0, 60))), { maxLength: 40 }), (parts) => {
        attempt(c, parts.join("\n"));
      }),
      { numRuns: 150 },
    );
  });

  it("truncation at every line: ParseError or an unshortened (declared) / prefix (undeclared) result", () => {
    for (let k = 0; k < lines.length; k++) {
      const r = attempt(c, lines.slice(0, k).join("\n") + (k > 0 ? "\n" : ""));
      if (r.ok) checkNotShortened(c, full, c.arrays(r.value));
    }
  });

  it("a data line that loses its last field is an error (ragged), never dropped", () => {
    const data = c.dataLines(lines);
    const picks = [data[0], data[Math.floor(data.length / 2)], data[data.length - 1]].filter((n): n is number => n !== undefined);
    for (const lineNo of picks) {
      const damaged = [...lines];
      const line = damaged[lineNo - 1]!.replace(/\s+$/, "");
      const cut = line.replace(/[\s,;\t]+\S+$/, "");
      if (cut === line) continue; // a single-field line: covered by the truncation test
      damaged[lineNo - 1] = cut;
      const r = attempt(c, damaged.join("\n"));
      if (r.ok) checkNotShortened({ ...c, declared: true }, full, c.arrays(r.value));
    }
  });

  it("a number replaced by text: ParseError at that line, or (unused column) the same result", () => {
    const data = c.dataLines(lines);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.max(0, data.length - 1) }), fc.constantFrom("abc", "1.2.3", "NaN", "--5", "12x"), (pick, junk) => {
        const lineNo = data[pick];
        if (lineNo === undefined) return;
        const damaged = [...lines];
        const line = damaged[lineNo - 1]!;
        const m = /[-+]?\d[\d.eE+-]*/.exec(line.startsWith("@A") ? line.slice(2) : line);
        if (m === null) return;
        const at = (line.startsWith("@A") ? 2 : 0) + m.index;
        damaged[lineNo - 1] = line.slice(0, at) + junk + line.slice(at + m[0].length);
        const r = attempt(c, damaged.join("\n"));
        if (r.ok) expect(same(c.arrays(r.value), full), `${c.name}: line ${lineNo} with "${junk}" read silently`).toBe(true);
        else expect(r.error.line).toBeDefined();
      }),
      { numRuns: 40 },
    );
  });

  it("empty file is a ParseError", () => {
    expect(attempt(c, "").ok).toBe(false);
    expect(attempt(c, new Uint8Array()).ok).toBe(false);
  });

  it("UTF-8 BOM and CRLF give the same data", () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(c.text, "latin1")]);
    const withBom = attempt(c, bom);
    expect(withBom.ok).toBe(true);
    if (withBom.ok) expect(same(c.arrays(withBom.value), full)).toBe(true);
    const crlf = attempt(c, c.text.replace(/\r?\n/g, "\r\n"));
    expect(crlf.ok).toBe(true);
    if (crlf.ok) expect(same(c.arrays(crlf.value), full)).toBe(true);
  });

  it("decimal commas: read identically where the format allows them, otherwise never silently", () => {
    const text = c.text.replace(/(\d)\.(\d)/g, "$1,$2");
    if (text === c.text) return;
    const r = attempt(c, text);
    if (c.decimalComma !== undefined && c.name.startsWith("biologic")) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(same(c.arrays(r.value), full)).toBe(true);
    } else if (r.ok) {
      // accepted only if it reads the same numbers
      expect(same(c.arrays(r.value), full), `${c.name}: decimal-comma text read to other values`).toBe(true);
    }
  });
});

describe("decimal comma option of xy", () => {
  it("reads the comma version of CeO2 identically with decimalComma", () => {
    const full = parseXy(ceo2, { file: "a.xy" });
    const comma = parseXy(ceo2.replace(/(\d)\.(\d)/g, "$1,$2"), { file: "b.xy", decimalComma: true });
    expect(Array.from(comma.y)).toEqual(Array.from(full.y));
    expect(comma.meta.wavelengthAngstrom).toBe(0.4066); // "4,066e-11 m" read with the decimal comma
  });
});
