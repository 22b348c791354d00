// Dialects of the supported formats as other software writes them, found while reading public
// files and writers (GSAS-II, PyMca, becquerel samples, Amptek DppMCA headers, spectrum exporters
// in public repositories). Those sources' text is not copied: each test builds a minimal sample of
// the same structure with its own numbers, and pins what was wrong before the fix (or what was
// checked to be read right, for dialects that already worked).
import { describe, expect, it } from "vitest";
import { ParseError } from "@operando/core";
import { parse, parseAmptekMca, parseFit2dChi, parseGsas, parseOrtecSpe, parseSpec, parseXy, readPoni } from "../src/index.js";
import { fixture } from "./paths.js";

// Decimal text parsed to the nearest double, at most one multiplication/fit: a few ulps.
const RTOL_FIT = 1e-12;

describe("12-hour clock times (AM/PM)", () => {
  it(".spe $DATE_MEA with PM: the hour is moved to the afternoon (was read 12 h early)", () => {
    const text = ["$SPEC_ID:", "test", "$DATE_MEA:", "07/11/2018 04:26:15 PM", "$MEAS_TIM:", "10 12", "$DATA:", "0 2", "1", "2", "3", ""].join("\n");
    expect(parseOrtecSpe(text).meta.startTime).toBe("2018-07-11T16:26:15");
    expect(parseOrtecSpe(text.replace("04:26:15 PM", "12:05:00 AM")).meta.startTime).toBe("2018-07-11T00:05:00");
    expect(parseOrtecSpe(text.replace("04:26:15 PM", "12:05:00 PM")).meta.startTime).toBe("2018-07-11T12:05:00");
    // Python's "%d-%b-%Y %I:%M:%S %p" (written by .spe exporters) was not recognised at all
    expect(parseOrtecSpe(text.replace("07/11/2018 04:26:15 PM", "11-Jul-2018 04:26:15 PM")).meta.startTime).toBe("2018-07-11T16:26:15");
    // an hour a 12-hour clock cannot show is no date (kept as text), not a shifted one
    const bad = parseOrtecSpe(text.replace("04:26:15 PM", "16:26:15 PM"));
    expect(bad.meta.startTime).toBeUndefined();
    expect(bad.meta.extra?.["DATE_MEA"]).toBe("07/11/2018 16:26:15 PM");
  });

  it("a cycler table with AM/PM absolute times crossing noon and 1 PM: elapsed seconds (time went backwards before)", () => {
    const csv = ["Absolute Time,Current (A),Voltage (V)", "5/4/2019 11:59:30 AM,0.1,3.5", "5/4/2019 12:00:00 PM,0.1,3.6", "5/4/2019 12:30:00 PM,0.1,3.7", "5/4/2019 1:00:00 PM,0.1,3.8", ""].join("\n");
    const r = parse(csv, { file: "cycler.csv" });
    expect(r.kind).toBe("cycler");
    if (r.kind !== "cycler") return;
    expect(Array.from(r.data.timeS)).toEqual([0, 30, 1830, 3630]);
    expect(r.data.meta.extra?.["warning"]).toBeUndefined();
    expect(r.data.meta.startTime).toBe("2019-05-04T11:59:30");
  });
});

describe("ORTEC .spe written by other software", () => {
  // an exporter writing "$MEAS_TIM" with decimals, "$ENER_FIT" with three coefficients, "$MCA_CAL"
  // without the coefficient-count line, and a closing "$ENDRECORD" line without a colon: this was
  // a ParseError at $MCA_CAL (the "$ENDRECORD" line was read as its coefficients)
  it("$MCA_CAL without the count line, 3-term $ENER_FIT, trailing $ENDRECORD", () => {
    const text = ["$SPEC_ID:", "sample", "$MEAS_TIM:", "10.5000 12.0000", "$DATA:", "0 3", "5", "6", "7", "8", "$ENER_FIT:", "0.1000 0.5000 0.0010", "$MCA_CAL:", "0.1000 0.5000 0.0010", "$ENDRECORD"].join("\r\n");
    const p = parseOrtecSpe(text);
    expect(Array.from(p.y)).toEqual([5, 6, 7, 8]);
    expect(p.meta).toMatchObject({ liveTimeS: 10.5, realTimeS: 12 });
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: 0.1, slopeKeV: 0.5, quadraticKeV: 0.001 });
  });

  it("only $ENER_FIT with a quadratic term: the term is kept (was dropped)", () => {
    const text = ["$SPEC_ID:", "s", "$DATA:", "0 1", "5", "6", "$ENER_FIT:", "0.1 0.5 0.001", ""].join("\n");
    expect(parseOrtecSpe(text).meta.energyCalibration).toEqual({ offsetKeV: 0.1, slopeKeV: 0.5, quadraticKeV: 0.001 });
    expect(() => parseOrtecSpe(text.replace("0.1 0.5 0.001", "0.1 0.5 0.001 7"), { file: "f.spe" })).toThrow(/f\.spe:7.*\$ENER_FIT/);
  });

  it("Maestro's counted $MCA_CAL with an eV unit still scales to keV", () => {
    const text = ["$SPEC_ID:", "s", "$DATA:", "0 1", "5", "6", "$MCA_CAL:", "3", "1.0E+02 5.0E+02 0.0E+00 eV", ""].join("\n");
    expect(parseOrtecSpe(text).meta.energyCalibration).toEqual({ offsetKeV: 0.1, slopeKeV: 0.5, quadraticKeV: 0 });
  });

  it("becquerel-style minimal file ($SPEC_ID, $DATE_MEA, $MEAS_TIM, $DATA only): counts and times", () => {
    const counts = Array.from({ length: 16 }, (_, i) => (i * 7) % 11);
    const text = ["$SPEC_ID:", "Simulated spectrum.", "$DATE_MEA:", "07/24/2017 00:00:00", "$MEAS_TIM:", "100 100", "$DATA:", "0 15", ...counts.map((c) => String(c).padStart(6)), ""].join("\n");
    const p = parseOrtecSpe(text);
    expect(Array.from(p.y)).toEqual(counts);
    expect(p.meta).toMatchObject({ startTime: "2017-07-24T00:00:00", liveTimeS: 100, realTimeS: 100, label: "Simulated spectrum." });
    expect(p.meta.energyCalibration).toBeUndefined();
  });
});

describe("SPEC MCA files saved by PyMca", () => {
  // PyMca's "save as SPEC MCA" writes "#@MCA %16C", "#@CHANN n first last 1" and, for an
  // uncalibrated spectrum, the literal "#@CALIB 0 1 0"; no #N/#L lines. That identity was read as
  // 1 keV per channel.
  const counts = Array.from({ length: 20 }, (_, i) => (i * 5) % 13);
  const line1 = `@A ${counts.slice(0, 16).join(" ")}\\`;
  const line2 = counts.slice(16).join(" ");
  const text = (calib: string) => ["#F /data/x.mca", "#D Thu Nov 26 16:00:00 2026", "", "#S 1 x.mca 1.1.1", "#D Thu Nov 26 16:00:00 2026", "#@MCA %16C", "#@CHANN 20 0 19 1", `#@CALIB ${calib}`, line1, line2, ""].join("\n");

  it("#@CALIB 0 1 0 is no calibration (kept in extra.calib)", () => {
    const s = parseSpec(text("0 1 0"));
    expect(s.patterns.length).toBe(1);
    const p = s.patterns[0]!;
    expect(Array.from(p.y)).toEqual(counts);
    expect(p.meta.energyCalibration).toBeUndefined();
    expect(p.meta.extra?.["calib"]).toBe("0 1 0 (uncalibrated)");
    expect(p.meta.startTime).toBe("2026-11-26T16:00:00");
  });

  it("a real calibration is still applied", () => {
    const p = parseSpec(text("0.01 0.02 0")).patterns[0]!;
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: 0.01, slopeKeV: 0.02, quadraticKeV: 0 });
  });
});

describe("Amptek .mca calibration units", () => {
  const header = (label: string, e: [string, string, string]) =>
    ["<<PMCA SPECTRUM>>", "TAG - live_data", "DESCRIPTION - ", "GAIN - 3", "LIVE_TIME - 109.680000", "REAL_TIME - 120.000000", "START_TIME - 10/03/2011 10:16:08", "SERIAL_NUMBER - 1", "<<CALIBRATION>>", `LABEL - ${label}`, "0 0", `600 ${e[0]}`, `1200 ${e[1]}`, `1439 ${e[2]}`, "<<DATA>>"];
  const data = Array.from({ length: 1440 }, (_, i) => String(i % 17));
  // three points exactly on E = 0.0175 keV * channel, as DppMCA lists them
  it("LABEL - Channel (DppMCA default): energies in keV", () => {
    const p = parseAmptekMca([...header("Channel", ["10.5", "21", "25.1825"]), ...data, "<<END>>", ""].join("\r\n"));
    expect(p.meta.energyCalibration!.slopeKeV).toBeCloseTo(0.0175, 12);
    expect(Math.abs(p.meta.energyCalibration!.offsetKeV)).toBeLessThan(RTOL_FIT);
    expect(p.meta).toMatchObject({ liveTimeS: 109.68, realTimeS: 120, startTime: "2011-10-03T10:16:08" });
  });

  it("LABEL - eV: energies scaled to keV (were read as keV: 17.5 keV per channel)", () => {
    const p = parseAmptekMca([...header("eV", ["10500", "21000", "25182.5"]), ...data, "<<END>>", ""].join("\n"));
    expect(p.meta.energyCalibration!.slopeKeV).toBeCloseTo(0.0175, 12);
    expect(p.meta.extra?.["calibrationLabel"]).toBe("eV");
  });
});

describe("GSAS STD bank written with CONST (GSAS-II tutorials, Outtakes/CWInstDemo/data/NIST660CBI.gsas)", () => {
  // that file: an 80-column title, "BANK 1 8378 838 CONST 1500.66 1.31303 0 0 STD" padded with
  // spaces, then 10 I8 counts per record. It was refused as "time-of-flight bins".
  const counts = Array.from({ length: 25 }, (_, i) => 2000 + ((i * 37) % 500));
  const records = [0, 10, 20].map((k) => counts.slice(k, k + 10).map((v) => String(v).padStart(8)).join(""));
  const text = (bank: string) => ["Sample ID - Anode and Instrument".padEnd(80), bank.padEnd(90), ...records, ""].join("\n");

  it("CONST is read as CONS: 2theta from start/step in centidegrees, STD counts", () => {
    const p = parseGsas(text("BANK 1 25 3 CONST 1500.66 1.31303 0 0 STD")).patterns[0]!;
    expect(Array.from(p.y)).toEqual(counts);
    expect(p.x[0]).toBe(15.0066);
    expect(Math.abs(p.x[24]! - (15.0066 + 24 * 0.0131303))).toBeLessThan(RTOL_FIT * 16);
  });

  it("an unknown data type at the end of the BANK line is a ParseError there (was read as STD)", () => {
    expect(() => parseGsas(text("BANK 1 25 3 CONS 1500.66 1.31303 0 0 ALT"), { file: "g.gsa" })).toThrow(/g\.gsa:2.*ALT/);
  });
});

describe("powder patterns exported by GSAS-II (checked: already read right)", () => {
  it("Topas .xye from GSAS-II: /* ... */ comment block, then x y e", () => {
    const rows = Array.from({ length: 5 }, (_, i) => [5 + 0.01 * i, 100 + i, 10].map((v) => v.toFixed(6).padStart(15)).join(""));
    const p = parseXy(["/*", "# PWDR sample.xye Bank 1", "*/", ...rows, ""].join("\n"));
    expect(p.axis).toBe("twoTheta");
    expect([p.x[0], p.x[4], p.y[4], p.sigma?.[4]]).toEqual([5, 5.04, 104, 10]);
  });

  it("GSAS-II FXYE export: title, 'Instrument parameter file:' line, CONS start/step rounded to 2 decimals, x in centidegrees", () => {
    const rows = Array.from({ length: 4 }, (_, i) => [(5 + 0.0125 * i) * 100, 100 + i, 10].map((v) => v.toFixed(6).padStart(15)).join(""));
    const s = parseGsas(["PWDR sample.xye Bank 1", "Instrument parameter file:sample.prm", "BANK 1 4 4 CONS 500.00 1.25 0 0 FXYE", ...rows, ""].join("\n"));
    const p = s.patterns[0]!;
    expect(Array.from(p.x)).toEqual([5, 5.0125, 5.025, 5.0375]);
    expect(p.meta.extra?.["Instrument parameter file"]).toBe("sample.prm");
  });
});

describe("Fit2D .chi count line and pyFAI unit names", () => {
  const rows = Array.from({ length: 3 }, (_, i) => ` ${(10 + 0.01 * i).toExponential(6)}  ${(100 + i).toExponential(6)}`);
  it("line 4 written as `npoints ndatasets` (\"3 1\"): detected and read (was an xy ParseError at the x label)", () => {
    const text = ["title: Azimuth/2-theta", "2-Theta Angle (Degrees)", "Intensity", "3 1", ...rows, ""].join("\n");
    const r = parse(text, { file: "p.chi" });
    expect(r.format).toBe("fit2d-chi");
    if (r.kind !== "pattern") throw new Error(r.kind);
    expect(Array.from(r.pattern.x)).toEqual([10, 10.01, 10.02]);
    expect(r.pattern.meta.extra?.["declaredPoints"]).toBe(3);
    // more than one data set is not a single pattern: refused at line 4
    expect(() => parseFit2dChi(text.replace("3 1", "3 2"), { file: "p.chi" })).toThrow(/p\.chi:4/);
  });

  it("a pyFAI-style unit with no operando axis (s_nm^-1) is a ParseError at the label line, not an assumed 2theta", () => {
    const text = ["# == pyFAI calibration ==", "# Wavelength: 1e-10 m", "# --> x.dat", "#       s_nm^-1             I ", "  2.0e-01    1.0", "  3.0e-01    2.0", ""].join("\n");
    let error: unknown;
    try {
      parseXy(text, { file: "x.dat" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).line).toBe(4);
    expect(String((error as ParseError).found)).toBe("s_nm^-1");
    // known names still map
    expect(parseXy(text.replace("s_nm^-1", "q_A^-1")).axis).toBe("q");
  });
});

describe("column-label lines that start with a digit", () => {
  it('"2-Theta Angle (Degrees)" then "Intensity", no title or count (Fit2D-style labels of third-party scripts): read, x unit from the first label', () => {
    const text = ["2-Theta Angle (Degrees)", "Intensity", " 1.0 10.0", " 1.1 12.0", " 1.2 11.0", ""].join("\n");
    for (const file of ["labels.chi", "labels.xy"]) {
      const r = parse(text, { file });
      expect(r.kind).toBe("pattern");
      if (r.kind !== "pattern") continue;
      expect(r.pattern.axis).toBe("twoTheta");
      expect(Array.from(r.pattern.y)).toEqual([10, 12, 11]);
      expect(r.pattern.meta.extra?.["xUnit"]).toBe("2-Theta");
    }
  });

  it('"2theta intensity" is a label line (was read as a garbled data row); a garbled data row is still an error', () => {
    const p = parseXy(["2theta intensity", "5.0 100", "5.1 120", ""].join("\n"), { file: "a.xy" });
    expect(Array.from(p.x)).toEqual([5, 5.1]);
    // a row whose first number is garbled but which holds numbers is data, and an error names it
    expect(() => parseXy(["5.0.1 100", "5.1 120", ""].join("\n"), { file: "b.xy" })).toThrow(ParseError);
  });
});

describe("pyFAI benchmark .poni files (v1, fixtures/ verbatim)", () => {
  it("Mar3450.poni: 'Wavelength:0.3738e-10 ' (no space after the colon, trailing space, no final newline)", async () => {
    const g = await readPoni(fixture("pyfai_benchmark_Mar3450.poni"));
    expect(g).toMatchObject({ version: 1, distanceM: 0.222549826201, poni1M: 0.161137340974, poni2M: 0.172625538874, rot3Rad: -1.43412739468e-8, pixelSize1M: 1e-4, pixelSize2M: 1e-4 });
    // 0.3738e-10 m = 0.3738 A (one multiplication by 1e10)
    expect(Math.abs(g.wavelengthAngstrom! - 0.3738)).toBeLessThan(RTOL_FIT);
    expect(g.splineFile).toBeUndefined(); // "SplineFile: None"
  });

  it("halfccd.poni: distorted CCD with a spline file, unequal pixel sizes, rot3 = pi/2, no wavelength", async () => {
    const g = await readPoni(fixture("pyfai_benchmark_halfccd.poni"));
    expect(g).toMatchObject({ version: 1, distanceM: 0.0994744403007, pixelSize1M: 4.842252e-5, pixelSize2M: 4.684483e-5, rot3Rad: 1.57079531561, splineFile: "halfccd.spline" });
    expect(g.wavelengthAngstrom).toBeUndefined();
  });
});
