// Gamry .DTA experiments other than impedance: CV (one CURVEn table per cycle), chronoamperometry,
// open-circuit potential, PWR800 charge steps, VFP600 recordings; and the experiments refused.
// Fixtures are verbatim copies (or a verbatim excerpt) of bcliang/gamry-parser test files (MIT, see
// fixtures/PROVENANCE.md); the expected numbers below were read off those files by eye.
import { readFileSync } from "node:fs";
import { ParseError, UnsupportedFormatError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { detectFormat, parse, parseGamryDta, read, readCycler, readImpedance } from "../src/index.js";
import { fixture } from "./paths.js";

const text = (name: string): string => readFileSync(fixture(name), "latin1");
/** Line number (1-based) of the first line of `t` that starts with `prefix`. */
const lineOf = (t: string, prefix: string): number => t.split(/\r?\n/).findIndex((l) => l.startsWith(prefix)) + 1;

/** Catches the error thrown by `fn` (the test fails when nothing is thrown). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

// Every value is decimal text parsed to the nearest double and used unscaled (units V, A, s):
// exact equality. VFP600 times are computed as index / 15 Hz: compared to that quotient.
const RTOL_TIME_STEP = 1e-15; // one division, a few ulps

describe("Gamry cyclic voltammetry (TAG CV): CURVE1..CURVE5 -> one cycler record, cycle from the table number", () => {
  it("gamryparser_cv_data.dta: 5 tables x 10 rows, first/last rows, cycle 1..5, units named", async () => {
    const d = await readCycler(fixture("gamryparser_cv_data.dta"));
    expect(d.timeS.length).toBe(50);
    expect([d.timeS[0], d.voltageV[0], d.currentA[0]]).toEqual([0.1, 0.49, 7.80498e-9]);
    // CURVE2's first row (Pt 10): the clock continues (T is not restarted in this file)
    expect([d.timeS[10], d.voltageV[10], d.currentA[10], d.cycle?.[10]]).toEqual([120.2, 0.897987, 6.57772e-7, 2]);
    expect([d.timeS[9], d.cycle?.[9]]).toEqual([1, 1]);
    expect([d.timeS.at(-1), d.voltageV.at(-1), d.currentA.at(-1), d.cycle?.at(-1)]).toEqual([601.1, 0.889001, 2.62272e-7, 5]);
    expect(Array.from(new Set(d.cycle))).toEqual([1, 2, 3, 4, 5]);
    expect(d.capacityAh).toBeUndefined();
    expect(d.meta).toMatchObject({ format: "gamry-dta", startTime: "2019-03-06T16:35:22" });
    expect(d.meta.extra).toMatchObject({
      TAG: "CV",
      table: "CURVE1,CURVE2,CURVE3,CURVE4,CURVE5",
      tables: 5,
      cycles: 5,
      "column:time": "T (s)",
      "column:voltage": "Vf (V vs. Ref.)",
      "column:current": "Im (A)",
      CHECKNOTES: "test-notes-data",
      VLIMIT2: 0.9,
    });
    expect(d.meta.extra?.["warning"]).toBeUndefined();
    expect(d.meta.extra?.["timeShift"]).toBeUndefined();
  });

  it("gamryparser_ocvcurve_data.dta: the OCVCURVE rest (40 rows) is summarised, CURVE1 (11 rows, no final newline) is the data", async () => {
    const d = await readCycler(fixture("gamryparser_ocvcurve_data.dta"));
    expect(d.timeS.length).toBe(11);
    expect([d.timeS[0], d.voltageV[0], d.currentA[0]]).toEqual([0.3, 0.398788, 6.55358e-7]);
    expect([d.timeS.at(-1), d.voltageV.at(-1), d.currentA.at(-1)]).toEqual([3.3, 0.250361, -4.2422e-5]);
    expect(Array.from(new Set(d.cycle))).toEqual([1]);
    expect(d.meta.areaCm2).toBe(1);
    expect(d.meta.extra?.["table:OCVCURVE"]).toMatch(/^40 rows: Pt T Vf Vm Ach Over$/);
    expect(d.meta.extra?.["EOC"]).toBe(0.2834373);
    expect(d.meta.extra?.["table"]).toBe("CURVE1");
  });

  it("gamryparser_cv_data_incompleteheader.dta (header only): ParseError naming the missing CURVE table at the last line", () => {
    const e = caught(() => parseGamryDta(text("unsupported/gamryparser_cv_data_incompleteheader.dta"), { file: "cv_inc.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(19);
    expect((e as ParseError).message).toMatch(/^cv_inc\.dta:19: expected a CURVE or CURVEn table \(TAG CV\)/);
  });
});

describe("Gamry single-table experiments", () => {
  it("PWR800_CHARGE (ccd_charge_data.dta): 66 rows of a 20 mA charge, T/Vf/Im, STARTTIMEOFFSET kept", async () => {
    const d = await readCycler(fixture("gamryparser_ccd_charge_data.dta"));
    expect(d.timeS.length).toBe(66);
    expect([d.timeS[0], d.voltageV[0], d.currentA[0]]).toEqual([0.1, -0.289835, 0.0200063]);
    expect([d.timeS.at(-1), d.voltageV.at(-1), d.currentA.at(-1)]).toEqual([6.56833, 0.297851, 0.0200068]);
    // charge current positive, as CHARGECURRENT 2.00000E-002 A with CONVENTION 1
    expect(d.currentA.every((i) => i > 0)).toBe(true);
    expect(d.cycle).toBeUndefined();
    expect(d.meta.startTime).toBe("2015-11-12T11:16:43");
    expect(d.meta.extra).toMatchObject({ TAG: "PWR800_CHARGE", STARTTIMEOFFSET: 16.83167, CHARGECURRENT: 0.02, CONVENTION: 1, "column:voltage": "Vf (V)", tables: 1 });
    expect(d.meta.extra?.["warning"]).toBeUndefined();
  });

  it("CHRONOA in a decimal-comma locale (chronoa_de_data.dta): 10 of 5258 declared rows, the file ends inside the table -> read with a warning", async () => {
    const d = await readCycler(fixture("gamryparser_chronoa_de_data.dta"));
    expect(d.timeS.length).toBe(10);
    expect([d.timeS[0], d.voltageV[0], d.currentA[0]]).toEqual([0, -5e-4, -2e-8]);
    expect([d.timeS[3], d.voltageV[3], d.currentA[3]]).toEqual([90.0001, 0.499659, 7.52058e-9]);
    expect([d.timeS.at(-1), d.voltageV.at(-1), d.currentA.at(-1)]).toEqual([270, 0.4, 3e-9]);
    expect(d.meta.areaCm2).toBe(1);
    expect(d.meta.extra).toMatchObject({ TAG: "CHRONOA", decimalComma: "yes", SAMPLETIME: 30, VSTEP1: 0.5 });
    expect(d.meta.extra?.["warning"]).toMatch(/file ends inside table CURVE after 10 of 5258 declared rows/);
  });

  it("CORPOT open-circuit potential (ocp_data.dta, CRLF, no final newline): 21 rows, no Im column -> current 0 A, said so", async () => {
    const d = await readCycler(fixture("gamryparser_ocp_data.dta"));
    expect(d.timeS.length).toBe(21);
    expect([d.timeS[0], d.voltageV[0]]).toEqual([5.00833, 0.0205436]);
    expect([d.timeS.at(-1), d.voltageV.at(-1)]).toEqual([105.175, 0.0345678]);
    expect(d.currentA.every((i) => i === 0)).toBe(true);
    expect(d.meta.extra?.["column:current"]).toMatch(/^none: open-circuit/);
    expect(d.meta.extra?.["warning"]).toMatch(/21 of 99999 declared rows/);
    // "10-2-2020" is not read as a date (day and month order unknown): kept verbatim
    expect(d.meta.extra?.["DATE"]).toBe("10-2-2020");
  });

  it("VFP600 (vfp600_data.dta, first line VFP600): 20 rows of Voltage/Current; time = index / FREQ (15 Hz)", async () => {
    const r = await read(fixture("gamryparser_vfp600_data.dta"));
    expect(r).toMatchObject({ kind: "cycler", format: "gamry-dta" });
    if (r.kind !== "cycler") return;
    const d = r.data;
    expect(d.timeS.length).toBe(20);
    expect([d.voltageV[0], d.currentA[0]]).toEqual([0.029996, 5.303752e-11]);
    expect([d.voltageV.at(-1), d.currentA.at(-1)]).toEqual([0.033333, 5.125e-10]);
    expect(d.timeS[0]).toBe(0);
    expect(d.timeS.at(-1)).toBeCloseTo(19 / 15, -Math.log10(RTOL_TIME_STEP) - 1);
    expect(d.meta.extra?.["column:time"]).toMatch(/FREQ \(15 Hz\)/);
  });
});

describe("Gamry experiments that are not cycler data: typed errors naming the TAG", () => {
  it("SQUARE_WAVE -> UnsupportedFormatError naming the tag", () => {
    const e = caught(() => parseGamryDta(text("unsupported/gamryparser_squarewave_data.dta"), { file: "sw.dta" }));
    expect(e).toBeInstanceOf(UnsupportedFormatError);
    expect((e as Error).message).toMatch(/TAG SQUARE_WAVE \(line 2\)/);
  });

  it("PWR800_CYCLICCHARGEDISCHARGE summary (CAPACITYCURVE, one row per step) -> UnsupportedFormatError naming the tag", () => {
    const e = caught(() => parseGamryDta(text("unsupported/gamryparser_ccd_data_excerpt.dta"), { file: "ccd.dta" }));
    expect(e).toBeInstanceOf(UnsupportedFormatError);
    expect((e as Error).message).toMatch(/TAG PWR800_CYCLICCHARGEDISCHARGE .*CAPACITYCURVE/);
  });

  it("an unlisted tag is refused by name; kind 'cycler' reads its CURVE tables anyway", () => {
    const t = text("gamryparser_cv_data.dta").replace("TAG\tCV", "TAG\tMYSCRIPT");
    const e = caught(() => parse(t, { file: "x.dta" }));
    expect(e).toBeInstanceOf(UnsupportedFormatError);
    expect((e as Error).message).toMatch(/TAG MYSCRIPT/);
    const r = parse(t, { file: "x.dta", echem: { kind: "cycler" } });
    expect(r.kind === "cycler" && r.data.timeS.length).toBe(50);
  });

  it("an impedance TAG without its ZCURVE is a damaged file (ParseError), not another experiment", () => {
    const t = text("gamryparser_eispot_data.dta");
    const cut = t.slice(0, t.indexOf("ZCURVE"));
    const e = caught(() => parse(cut, { file: "eis.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/ZCURVE table \(TAG EISPOT\)/);
  });

  it("impedance files still read as before", async () => {
    const s = await readImpedance(fixture("gamryparser_eispot_data.dta"));
    expect(s.frequencyHz.length).toBe(10);
  });
});

describe("Gamry detection", () => {
  it("every fixture is detected as gamry-dta from its content (also the VFP600 first line)", () => {
    for (const name of ["gamryparser_cv_data.dta", "gamryparser_ocp_data.dta", "gamryparser_ccd_charge_data.dta", "gamryparser_chronoa_de_data.dta", "gamryparser_vfp600_data.dta", "unsupported/gamryparser_squarewave_data.dta"]) {
      expect(detectFormat(text(name), "data.txt")).toBe("gamry-dta");
    }
    expect(() => detectFormat("VFP600\nsomething else\n", "a.txt")).toThrow(UnsupportedFormatError);
  });
});

describe("Gamry bad input (edits of the real files): typed errors naming file:line", () => {
  const cv = text("gamryparser_cv_data.dta");
  const ccd = text("gamryparser_ccd_charge_data.dta");

  it("a table with fewer rows than declared, followed by more header lines: ParseError at the TABLE line", () => {
    const lines = ccd.split("\n");
    const last = lines.findIndex((l) => l.startsWith("\t65\t"));
    const short = [...lines.slice(0, last), ...lines.slice(last + 1)].join("\n");
    const e = caught(() => parseGamryDta(short, { file: "short.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(lineOf(ccd, "CURVE\tTABLE\t66"));
    expect((e as Error).message).toMatch(/66 rows in table CURVE as declared/);
  });

  it("a file cut inside a row (the last row lacks fields): ParseError at that line", () => {
    const at = cv.indexOf("\t25\t280.7");
    const cut = cv.slice(0, at + "\t25\t280.7\t8.92892E-001".length);
    const e = caught(() => parseGamryDta(cut, { file: "cut.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(lineOf(cv, "\t25\t"));
  });

  it("a row with an extra field: ParseError at that line", () => {
    const bad = cv.replace("\t33\t440.5\t8.94920E-001", "\t33\t440.5\t8.94920E-001\t1");
    const e = caught(() => parseGamryDta(bad, { file: "wide.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(lineOf(cv, "\t33\t"));
    expect((e as Error).message).toMatch(/9 fields per row of table CURVE4/);
  });

  it.each([
    ["Im", "current", "Ix"],
    ["Vf", "voltage", "Vx"],
    ["T", "time", "Tx"],
  ])("a CURVE table without %s: ParseError at its column-name line naming the %s column", (name, role, replacement) => {
    // rename the column in CURVE3 only
    const header = "\tPt\tT\tVf\tIm\tVu\tSig\tAch\tIERange\tOver";
    const at = cv.indexOf("CURVE3\tTABLE");
    const fields = header.split("\t").map((f) => (f === name ? replacement : f));
    const bad = cv.slice(0, at) + cv.slice(at).replace(header, fields.join("\t"));
    const e = caught(() => parseGamryDta(bad, { file: "cols.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(lineOf(cv, "CURVE3\tTABLE") + 1);
    expect((e as Error).message).toMatch(new RegExp(`a ${role} column \\(${name}\\) in table CURVE3 of this CV file`));
  });

  it("a value that is not a number: ParseError at its line", () => {
    const bad = cv.replace("\t41\t600.3\t8.96945E-001", "\t41\t600.3\t8.96945E-0x1");
    const e = caught(() => parseGamryDta(bad, { file: "nan.dta" }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(lineOf(cv, "\t41\t"));
  });

  it("CONVENTION other than 1: the current is kept as written, with a warning", () => {
    const d = parseGamryDta(ccd.replace("CONVENTION\tIQUANT\t1", "CONVENTION\tIQUANT\t0"), { file: "conv.dta" });
    expect(d.kind === "cycler" && d.data.currentA[0]).toBe(0.0200063);
    expect(d.kind === "cycler" && d.data.meta.extra?.["warning"]).toMatch(/CONVENTION .* is 0/);
  });
});

describe("Gamry multi-table clock restart (synthetic, own numbers)", () => {
  // A CV whose second table restarts T at 0.5 s: the second table continues the first.
  const dta = [
    "EXPLAIN",
    "TAG\tCV",
    "CURVE1\tTABLE\t2",
    "\tPt\tT\tVf\tIm",
    "\t#\ts\tV vs. Ref.\tA",
    "\t0\t0.5\t0.1\t1E-6",
    "\t1\t1\t0.2\t2E-6",
    "CURVE2\tTABLE\t2",
    "\tPt\tT\tVf\tIm",
    "\t#\ts\tV vs. Ref.\tA",
    "\t0\t0.5\t0.3\t3E-6",
    "\t1\t1\t0.4\t4E-6",
    "",
  ].join("\n");

  it("times 0.5, 1, then 1 + 0.5, 1 + 1; cycles 1, 1, 2, 2; the shift is reported", () => {
    const r = parse(dta, { file: "restart.dta" });
    expect(r.kind).toBe("cycler");
    if (r.kind !== "cycler") return;
    expect(Array.from(r.data.timeS)).toEqual([0.5, 1, 1.5, 2]);
    expect(Array.from(r.data.cycle ?? [])).toEqual([1, 1, 2, 2]);
    expect(r.data.meta.extra?.["timeShift"]).toMatch(/CURVE2 \+1 s/);
  });
});
