// Every file in ../shared/data/real and fixtures/ is read and checked against values read off the
// files by eye / numpy.loadtxt (noted per test). Sources: ../shared/data/real/PROVENANCE.md and
// fixtures/PROVENANCE.md.
import { readdirSync } from "node:fs";
import { FileAccessError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { read, readImpedance, readPattern, readSeries, readPoni, readCycler, KindMismatchError } from "../src/index.js";
import { fixture, real } from "./paths.js";

// Values in the files are decimal text; parsing must reproduce them to the last bit of a double,
// so exact equality is used except where a unit conversion multiplies (then rtol 1e-12: a few ulps).
const RTOL_CONVERSION = 1e-12;

describe("real data: ../shared/data/real", () => {
  it("CeO2 pyFAI .xy (Dioptas): 1512 points, new-style wavelength 4.066e-11 m -> 0.4066 A", async () => {
    const p = await readPattern(real("xrd/dioptas_CeO2_Pilatus1M.xy"));
    expect(p.axis).toBe("twoTheta");
    expect(p.x.length).toBe(1512);
    expect([p.x[0], p.y[0]]).toEqual([1.019698551e-2, 2.434518099]);
    expect([p.x.at(-1), p.y.at(-1)]).toEqual([30.82548718, 60.00909424]);
    expect(p.meta.wavelengthAngstrom).toBe(0.4066);
    expect(p.meta.format).toBe("xy");
    expect(p.meta.extra?.["xUnit"]).toBe("2th_deg");
    expect(p.meta.extra?.["Distance Sample to Detector"]).toBe("0.208651380603 m");
    // strongest line (numpy argmax of column 2), 5669.981934
    let best = 0;
    for (let i = 1; i < p.y.length; i++) if (p.y[i]! > p.y[best]!) best = i;
    expect([p.x[best], p.y[best]]).toEqual([7.453996405, 5669.981934]); // file line "7.453996405E+00  5.669981934E+03"
  });

  it("pattern_001 .xy: old unitless wavelength 3.20179398976e-11 -> 0.320179398976 A", async () => {
    const p = await readPattern(real("xrd/dioptas_pattern_001.xy"));
    expect(p.x.length).toBe(1400);
    expect([p.x[0], p.y[0]]).toEqual([1.589844e-2, 27.83654]);
    expect([p.x.at(-1), p.y.at(-1)]).toEqual([44.49973, 0]);
    expect(p.meta.wavelengthAngstrom).toBe(0.320179398976);
  });

  it("pattern_001 .chi: declares 1455 points but holds 74 rows (an excerpt) -> strict error, lenient warning", async () => {
    await expect(read(real("xrd/dioptas_pattern_001.chi"))).rejects.toThrow(/dioptas_pattern_001\.chi:\d+: expected 1455 data rows/);
    const r = await read(real("xrd/dioptas_pattern_001.chi"), { allowCountMismatch: true });
    if (r.kind !== "pattern") throw new Error("expected a pattern");
    const p = r.pattern;
    expect(p.meta.format).toBe("fit2d-chi");
    expect(p.axis).toBe("twoTheta");
    expect(p.x.length).toBe(75);
    expect([p.x[0], p.y[0]]).toEqual([1.0486433e-2, 27.862846]);
    expect([p.x.at(-1), p.y.at(-1)]).toEqual([28.34483, 0]);
    expect(p.meta.extra?.["warning"]).toBe("1455 data rows as declared in the header, found 75");
  });

  it("11-BM .fxye (GSAS-II tutorial): 49494 points, CONS centidegrees -> degrees, wavelength 0.413259 A", async () => {
    const p = await readPattern(real("xrd/gsas2tut_11bmb_8716.fxye"));
    expect(p.x.length).toBe(49494);
    expect([p.x[0], p.y[0], p.sigma?.[0]]).toEqual([0.5, 505.41741, 32.809444]);
    expect(p.x.at(-1)).toBeCloseTo(49.98643179, 12);
    expect([p.y.at(-1), p.sigma?.at(-1)]).toEqual([265.230908, 45.182763]);
    expect(p.meta.wavelengthAngstrom).toBe(0.413259);
    expect(p.meta.extra?.["binType"]).toBe("FXYE");
  });

  it("CeO2 .poni v1: distance, PONI, rotations, pixel size, wavelength", async () => {
    const g = await readPoni(real("xrd/dioptas_CeO2_Pilatus1M.poni"));
    expect(g).toMatchObject({
      version: 1,
      distanceM: 0.208651380603,
      poni1M: 0.0872948482846,
      poni2M: 0.0799601126306,
      rot1Rad: -0.0184422457059,
      rot2Rad: 0.00413760084465,
      rot3Rad: -2.77645988275e-8,
      pixelSize1M: 0.000172,
      pixelSize2M: 0.000172,
      wavelengthAngstrom: 0.4066,
      calibrationDate: "Fri Feb 27 13:52:42 2015",
    });
    expect(g.splineFile).toBeUndefined();
  });

  it("impedance.py exampleData.csv: 66 points f, Z', Z'' (physical sign), no header", async () => {
    const s = await readImpedance(real("eis/impedancepy_exampleData.csv"));
    expect(s.frequencyHz.length).toBe(66);
    expect([s.frequencyHz[0], s.zReal[0], s.zImag[0]]).toEqual([3.1622999999999998e-3, 4.94998977640506016e-2, -2.043869854441892481e-2]);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([1e4, 1.577148266048593317e-2, 1.015747456493823649e-2]);
  });

  it("impedance.py BioLogic .mpt (Latin-1): 43 points, -Im(Z) negated to the physical sign, header values", async () => {
    const s = await readImpedance(real("eis/impedancepy_exampleDataBioLogic.mpt"));
    expect(s.frequencyHz.length).toBe(43);
    expect([s.frequencyHz[0], s.zReal[0], s.zImag[0]]).toEqual([1000.3201, 65.470886, -0.38998979]);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([0.01689554, 110.97003, -2.3458567]);
    expect(s.meta).toMatchObject({ format: "biologic-mpt", startTime: "2018-02-04T10:02:46", areaCm2: 0.001, activeMassG: 0.001 });
    expect(s.meta.extra?.["Device"]).toBe("SP-150 (SN 10791079)");
  });

  it("impedance.py Gamry .DTA: ZCURVE after OCVCURVE (387 rows checked), 72 points", async () => {
    const s = await readImpedance(real("eis/impedancepy_exampleDataGamry.DTA"));
    expect(s.frequencyHz.length).toBe(72);
    expect([s.frequencyHz[0], s.zReal[0], s.zImag[0]]).toEqual([200015.6, 825.8584, -1367.239]);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([0.0158898, 17007.49, -6635.557]);
    expect(s.meta).toMatchObject({ format: "gamry-dta", startTime: "2018-04-23T16:43:15", areaCm2: 1 });
    expect(s.meta.extra?.["table:OCVCURVE"]).toMatch(/^387 rows/);
    expect(s.meta.extra?.["VDC"]).toBe(-0.05);
  });

  it("PyMca XRFSpectrum.mca: 4096 channels, # comments kept, counts as numpy.loadtxt", async () => {
    const p = await readPattern(real("mca/pymca_XRFSpectrum.mca"));
    expect(p.axis).toBe("channel");
    expect(p.x.length).toBe(4096);
    expect(Array.from(p.y.subarray(0, 5))).toEqual([0, 1, 0, 0, 1]);
    expect(Array.from(p.y.subarray(1470, 1475))).toEqual([1245, 1286, 1363, 1385, 1361]);
    let sum = 0;
    for (const v of p.y) sum += v;
    expect(sum).toBe(56640073); // numpy: d.sum()
    expect(p.y[96]).toBe(2885535); // numpy: argmax 96
    expect(String(p.meta.extra?.["comments"])).toMatch(/multi-element thin sample standard/);
  });

  it("PyMca Steel.spe (ORTEC/QXAS): $DATA 0..2047, counts as in the file", async () => {
    const p = await readPattern(real("mca/pymca_Steel.spe"));
    expect(p.x.length).toBe(2048);
    expect([p.x[0], p.x.at(-1)]).toEqual([0, 2047]);
    expect(Array.from(p.y.subarray(0, 10))).toEqual([0, 9, 5, 5, 5, 8, 8, 7, 7, 1]);
    expect(Array.from(p.y.subarray(2043))).toEqual([7, 4, 8, 5, 5]);
    let sum = 0;
    for (const v of p.y) sum += v;
    expect(sum).toBe(5607017);
    expect(p.y[537]).toBe(202571);
  });

  it("every real file is covered by a test above", () => {
    const covered = new Set([
      "xrd/dioptas_CeO2_Pilatus1M.xy",
      "xrd/dioptas_pattern_001.xy",
      "xrd/dioptas_pattern_001.chi",
      "xrd/gsas2tut_11bmb_8716.fxye",
      "xrd/dioptas_CeO2_Pilatus1M.poni",
      "eis/impedancepy_exampleData.csv",
      "eis/impedancepy_exampleDataBioLogic.mpt",
      "eis/impedancepy_exampleDataGamry.DTA",
      "mca/pymca_XRFSpectrum.mca",
      "mca/pymca_Steel.spe",
    ]);
    const present = ["xrd", "eis", "mca"].flatMap((d) => readdirSync(real(d)).map((f) => `${d}/${f}`));
    expect(present.filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe("fixtures/ (public samples and documented self-written samples)", () => {
  it("impedance.py Autolab Z60W: 41 points, declared count checked", async () => {
    const s = await readImpedance(fixture("impedancepy_exampleDataAutolab.txt"));
    expect(s.frequencyHz.length).toBe(41);
    expect([s.frequencyHz[0], s.zReal[0], s.zImag[0]]).toEqual([10000, 0.013785863964281, 0.007191946305823]);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([0.1, 0.0345697771923854, -0.00390292888845954]);
    expect(s.meta.format).toBe("autolab-z60w");
  });

  it("impedance.py CH Instruments export: 73 points, date from the first line", async () => {
    const s = await readImpedance(fixture("impedancepy_exampleDataCHInstruments.txt"));
    expect(s.frequencyHz.length).toBe(73);
    expect([s.frequencyHz[0], s.zReal[0], s.zImag[0]]).toEqual([99610, 98.91, -2.748]);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([0.1, 5685, -15860]);
    expect(s.meta.startTime).toBe("2020-02-20T15:55:08");
    expect(s.meta.extra?.["Instrument Model"]).toBe("CHI660E");
  });

  it("impedance.py Parstat excerpt: frequency all 0 -> cycler rows (V, A, s)", async () => {
    const c = await readCycler(fixture("impedancepy_exampleDataParstat_excerpt.txt"));
    expect(c.timeS.length).toBe(10);
    expect([c.timeS[0], c.currentA[0], c.voltageV[0]]).toEqual([10, -0.149962306022644, 3.49322700500488]);
    expect([c.timeS.at(-1), c.voltageV.at(-1)]).toEqual([100, 3.4870810508728]);
  });

  it("silx SPEC text with @A MCA: 6 spectra of 3 channels, 2 per point, #@CALIB kept", async () => {
    const s = await readSeries(fixture("silx_spec_mca.dat"));
    expect(s.patterns.length).toBe(6);
    expect(s.patterns.map((p) => Array.from(p.y))).toEqual([
      [0, 1, 2],
      [10, 9, 8],
      [3.1, 4, 5],
      [7, 6, 5],
      [6, 7.7, 8],
      [4, 3, 2],
    ]);
    expect(s.patterns[3]!.meta.label).toBe("scan 1 point 1 mca 1");
    expect(s.patterns[3]!.meta.extra).toMatchObject({ uno: 3, duo: 4 });
    expect(s.patterns[0]!.meta.energyCalibration).toEqual({ offsetKeV: 1, slopeKeV: 2, quadraticKeV: 3 });
    expect(s.meta.extra?.["scansWithoutMca"]).toBe(1);
  });

  it("xraylarch srm1832 EPICS MED excerpt: 4 elements x 288 channels, calibration, times, environment", async () => {
    const s = await readSeries(fixture("xraylarch_srm1832_excerpt.mca"));
    expect(s.patterns.length).toBe(4);
    expect(s.patterns.every((p) => p.x.length === 288)).toBe(true);
    const e3 = s.patterns[3]!;
    expect(e3.meta.energyCalibration).toEqual({ offsetKeV: -1.053189e-2, slopeKeV: 1.463264e-2, quadraticKeV: 0 });
    expect([e3.meta.realTimeS, e3.meta.liveTimeS]).toEqual([120.005806, 77.401505]);
    expect(e3.meta.startTime).toBe("2013-01-30T15:25:17.766");
    expect(Array.from(s.patterns.map((p) => p.y[31]!))).toEqual([0, 1, 0, 1]); // row " 0 1 0 1" (channel 31)
    expect(Array.from(s.patterns.map((p) => p.y[287]!))).toEqual([809, 802, 1051, 1377]);
    expect(e3.meta.extra?.["env:13BMA:E:Energy.VAL"]).toBe("35000.0000 (Mono Energy)");
  });

  it("every fixture is read by read() without error", async () => {
    const names = readdirSync(fixture(""), { withFileTypes: true }).filter((e) => e.isFile() && e.name !== "PROVENANCE.md").map((e) => e.name);
    for (const name of names) {
      const r = await read(fixture(name));
      expect(["pattern", "series", "cycler", "impedance", "geometry"]).toContain(r.kind);
    }
  });

  it("readPattern on an impedance file throws KindMismatchError", async () => {
    await expect(readPattern(real("eis/impedancepy_exampleData.csv"))).rejects.toBeInstanceOf(KindMismatchError);
    void RTOL_CONVERSION;
  });
});

describe("missing or unreadable files", () => {
  it("give a FileAccessError naming the file, for text and NeXus paths", async () => {
    await expect(read("/nonexistent/operando/a.xy")).rejects.toThrow(FileAccessError);
    await expect(read("/nonexistent/operando/a.xy")).rejects.toThrow("/nonexistent/operando/a.xy: cannot read the file (no such file)");
    await expect(read("/nonexistent/operando/a.h5::/entry/data")).rejects.toThrow(FileAccessError);
    await expect(read("/tmp")).rejects.toThrow(/is a directory/);
  });
});
