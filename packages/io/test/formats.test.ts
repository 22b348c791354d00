// Behaviour of each reader on small texts and the self-written fixtures (fixtures/PROVENANCE.md):
// units, header metadata, options and the documented error cases.
import { readFileSync } from "node:fs";
import { ParseError, UnsupportedFormatError } from "@operando/core";
import { describe, expect, it } from "vitest";
import {
  detectFormat,
  parse,
  parseAmptekMca,
  parseDelimited,
  parseEchemTable,
  parseEpicsMed,
  parseFit2dChi,
  parseGsas,
  parseOrtecSpe,
  parsePoni,
  parseSpec,
  parseXy,
  readCycler,
  readImpedance,
  readPattern,
  readSeries,
} from "../src/index.js";
import { fixture, real } from "./paths.js";

// Unit conversions multiply by 0.1, 10 or 180/pi: allow a few ulps.
const RTOL = 1e-14;
const close = (a: number | undefined, b: number) => expect(Math.abs((a ?? Number.NaN) - b)).toBeLessThanOrEqual(RTOL * Math.abs(b));

describe("xy / pyFAI headers", () => {
  it("q_nm^-1 is converted to 1/A (x 0.1), q_A^-1 kept, 2th_rad to degrees", () => {
    const q = parseXy("# Wavelength: 1e-10 m\n# q_nm^-1 I\n10 1\n25 2\n", { file: "q.xy" });
    expect(q.axis).toBe("q");
    close(q.x[0], 1);
    close(q.x[1], 2.5);
    expect(q.meta.wavelengthAngstrom).toBe(1);
    expect(parseXy("# q_A^-1 I\n1 1\n", { file: "qa.xy" }).x[0]).toBe(1);
    const r = parseXy("# 2th_rad I\n1 1\n", { file: "r.xy" });
    close(r.x[0], 180 / Math.PI);
  });

  it("units with no operando axis are a ParseError at the label line", () => {
    expect(() => parseXy("# comment\n# r_mm I\n1 2\n", { file: "r.xy" })).toThrow(/^r\.xy:2: expected an x unit operando can map .* found "r_mm"/);
    expect(() => parseXy("# chi_deg I\n1 2\n", { file: "c.xy" })).toThrow(ParseError);
  });

  it("plain two/three column files: default axis option, sigma column, negative sigma rejected", () => {
    const p = parseXy("1 10 3\n2 20 4\n", { file: "p.xye", axis: "energy" });
    expect(p.axis).toBe("energy");
    expect(Array.from(p.sigma!)).toEqual([3, 4]);
    expect(p.meta.extra?.["xUnit"]).toBe("assumed energy");
    expect(() => parseXy("1 10 3\n2 20 -4\n", { file: "n.xye" })).toThrow(/^n\.xye:2: expected a non-negative uncertainty/);
  });

  it("a ragged last line is an error, not dropped", () => {
    expect(() => parseXy("1 2\n3 4\n5\n", { file: "r.xy" })).toThrow(/^r\.xy:3: expected 2 numeric columns/);
    expect(() => parseXy("# only header\n", { file: "e.xy" })).toThrow(/e\.xy:1: expected at least one data row/);
  });
});

describe("Fit2D chi", () => {
  it("reads the 4-line header; the count must match", () => {
    const text = "title\n2-Theta Angle (Degrees)\n\n 2\n 1.0 5\n 2.0 6\n";
    const p = parseFit2dChi(text, { file: "a.chi" });
    expect(Array.from(p.y)).toEqual([5, 6]);
    expect(() => parseFit2dChi(text.replace(" 2\n 1.0", " 3\n 1.0"), { file: "b.chi" })).toThrow(/b\.chi:\d+: expected 3 data rows as declared/);
    expect(() => parseFit2dChi("t\nRadial distance (mm)\n\n1\n1 2\n", { file: "c.chi" })).toThrow(/^c\.chi:2: expected an x label/);
  });
});

describe("GSAS", () => {
  const expected = JSON.parse('{"std":[100,100,100,100,100,102,110,140,222,392,646,894,1000,894,646,392,222,140,110,102,100,100,100,100,100]}') as { std: number[] };
  it("STD and ESD banks of the self-written sample (CONS centidegrees)", async () => {
    const s = await readSeries(fixture("operando_gsas_std_esd_sample.gsa"));
    expect(s.patterns.length).toBe(2);
    const std = s.patterns[0]!;
    expect(Array.from(std.y)).toEqual(expected.std);
    expect([std.x[0], std.x[1], std.x.at(-1)]).toEqual([10, 10.02, 10.48]);
    expect(std.sigma![12]).toBe(Math.sqrt(1000));
    const esd = s.patterns[1]!;
    expect(esd.x.length).toBe(10);
    expect([esd.x[0], esd.x[9]]).toEqual([20, 20.45]);
    expect(esd.sigma![0]).toBeCloseTo(Math.sqrt(esd.y[0]!), 2);
    expect(std.meta.wavelengthAngstrom).toBe(1.540593);
  });

  it("nchan mismatch and time-of-flight banks are errors", () => {
    expect(() => parseGsas("t\nBANK 1 3 1 CONS 100 1 0 0 FXYE\n100 1 1\n101 2 1\n", { file: "g.fxye" })).toThrow(/^g\.fxye:2: expected 3 points/);
    expect(() => parseGsas("t\nBANK 1 3 1 RALF 100 1 0 0 ALT\n", { file: "t.gsa" })).toThrow(/^t\.gsa:2: expected a CONS/);
  });
});

describe("SPEC with MCA", () => {
  it("self-written sample: continuation lines, 2 scans, per-point counters, CALIB/CTIME/#D", async () => {
    const s = await readSeries(fixture("operando_spec_mca_sample.spec"));
    expect(s.patterns.length).toBe(4);
    expect(s.patterns.every((p) => p.x.length === 40)).toBe(true);
    const p1 = s.patterns[1]!;
    expect(p1.meta.label).toBe("scan 1 point 1");
    expect(p1.meta.extra).toMatchObject({ Epoch: 11, Seconds: 1, I0: 10310, "Det counts": 1562 });
    expect(p1.meta.energyCalibration).toEqual({ offsetKeV: 0.5, slopeKeV: 0.25, quadraticKeV: 0.0001 });
    expect([p1.meta.liveTimeS, p1.meta.realTimeS]).toEqual([0.95, 1]);
    expect(p1.meta.startTime).toBe("2026-11-26T09:15:10");
    const last = s.patterns[3]!;
    expect(last.meta.label).toBe("scan 2 point 0");
    expect(last.meta.liveTimeS).toBe(1.9);
    // first spectrum as written (first continuation line of the file)
    expect(Array.from(s.patterns[0]!.y.subarray(0, 16))).toEqual([5, 4, 5, 3, 9, 4, 5, 5, 4, 1, 5, 7, 2, 2, 15, 13]);
  });

  it("a spectrum shorter than #@CHANN, and a file ending in a continuation, are errors", () => {
    const head = "#S 1 ct\n#@CHANN 4 0 3 1\n#L a\n1\n";
    expect(() => parseSpec(`${head}@A 1 2 3\n`, { file: "s.spec" })).toThrow(/^s\.spec:5: expected 4 channels/);
    expect(() => parseSpec(`${head}@A 1 2 \\\n`, { file: "t.spec" })).toThrow(/t\.spec:\d+: expected the continuation/);
    expect(() => parseSpec("#S 1 ct\n#L a  b\n1 2\n", { file: "u.spec" })).toThrow(/expected at least one @A MCA spectrum/);
  });
});

describe("EPICS MED", () => {
  it("CALIBRATION_* keys, TWO_THETA per element, ENVIRONMENT", async () => {
    const s = await readSeries(fixture("operando_epics_med_sample.mca"));
    expect(s.patterns.length).toBe(2);
    expect(s.patterns[1]!.meta).toMatchObject({ twoThetaDeg: 5.01, liveTimeS: 9.25, energyCalibration: { offsetKeV: 0.12, slopeKeV: 0.501, quadraticKeV: 0.0001 } });
    expect(s.patterns[0]!.meta.extra?.["env:1BM:energy.VAL"]).toBe("60.000 (Beam energy keV)");
  });

  it("CHANNELS mismatch and per-element count mismatch are errors", () => {
    const text = "ELEMENTS: 2\nCHANNELS: 3\nLIVE_TIME: 1 2\nDATA:\n1 2\n3 4\n";
    expect(() => parseEpicsMed(text, { file: "m.mca" })).toThrow(/^m\.mca:4: expected 3 channels/);
    expect(() => parseEpicsMed(text.replace("LIVE_TIME: 1 2", "LIVE_TIME: 1"), { file: "n.mca" })).toThrow(/^n\.mca:3: expected 2 values/);
    expect(() => parseEpicsMed(`${text}5\n`, { file: "o.mca" })).toThrow(/^o\.mca:7: expected 2 numeric columns/);
  });
});

describe("Amptek", () => {
  it("self-written sample: calibration line fit, times, MCAC, CRLF", async () => {
    const p = await readPattern(fixture("operando_amptek_sample.mca"));
    expect(p.x.length).toBe(1024);
    // calibration points lie on E = 0.02 + 0.0125 ch exactly (the sample's design)
    const cal = p.meta.energyCalibration!;
    expect(cal.slopeKeV).toBeCloseTo(0.0125, 12);
    expect(cal.offsetKeV).toBeCloseTo(0.02, 10);
    expect([p.meta.liveTimeS, p.meta.realTimeS, p.meta.startTime]).toEqual([295.123456, 300, "2026-11-26T09:15:00"]);
    expect(p.meta.extra?.["DP5 CONFIGURATION:MCAC"]).toBe(1024);
  });

  it("missing <<END>> (truncated data) and MCAC mismatch are errors", () => {
    const text = readFileSync(fixture("operando_amptek_sample.mca"), "latin1");
    const cut = text.slice(0, text.indexOf("<<END>>"));
    expect(() => parseAmptekMca(cut, { file: "a.mca" })).toThrow(/a\.mca:\d+: expected <<END>>/);
    expect(() => parseAmptekMca(text.replace("MCAC=1024", "MCAC=2048"), { file: "b.mca" })).toThrow(/b\.mca:\d+: expected 2048 channels/);
  });
});

describe("ORTEC SPE", () => {
  it("calibration from $MCA_CAL (eV converted), $MEAS_TIM, count check", () => {
    const text = "$SPEC_ID:\nsample\n$MEAS_TIM:\n95 100\n$DATA:\n5 8\n1 2\n3 4\n$MCA_CAL:\n3\n10 20 0.5 eV\n";
    const p = parseOrtecSpe(text, { file: "a.spe" });
    expect(Array.from(p.x)).toEqual([5, 6, 7, 8]);
    expect([p.meta.liveTimeS, p.meta.realTimeS, p.meta.label]).toEqual([95, 100, "sample"]);
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: 0.01, slopeKeV: 0.02, quadraticKeV: 0.0005 });
    expect(() => parseOrtecSpe(text.replace("5 8", "5 9"), { file: "b.spe" })).toThrow(/^b\.spe:6: expected 5 counts/);
  });
});

describe("poni v2", () => {
  it("Detector_config JSON gives the pixel sizes", () => {
    const g = parsePoni(
      '# Nota\nponi_version: 2.1\nDetector: Pilatus1M\nDetector_config: {"pixel1": 0.000172, "pixel2": 0.000172, "max_shape": [1043, 981]}\nDistance: 0.2\nPoni1: 0.08\nPoni2: 0.07\nRot1: 0\nRot2: 0\nRot3: 0\nWavelength: 1.5406e-10\n',
      { file: "v2.poni" },
    );
    expect(g).toMatchObject({ version: 2.1, detector: "Pilatus1M", pixelSize1M: 0.000172, wavelengthAngstrom: 1.5406 });
    expect(() => parsePoni("Distance: x\n", { file: "b.poni" })).toThrow(/^b\.poni:1: expected a number for Distance/);
    expect(() => parsePoni("Distance: 1\n", { file: "c.poni" })).toThrow(/expected a "Poni1:" line/);
    expect(() => parsePoni("Detector_config: {bad\nDistance: 1\nPoni1: 1\nPoni2: 1\nRot1: 1\nRot2: 1\nRot3: 1\n", { file: "d.poni" })).toThrow(/^d\.poni:1: expected a JSON object/);
  });
});

describe("electrochemistry", () => {
  it("BioLogic GCPL sample: decimal comma, mA -> A, mA.h -> A h, mg -> g, Latin-1 ²", async () => {
    const c = await readCycler(fixture("operando_biologic_gcpl_sample.mpt"));
    expect(c.timeS.length).toBe(12);
    expect([c.timeS[1], c.currentA[1], c.voltageV[1]]).toEqual([60, 0.00085, 3.25]);
    close(c.capacityAh![1], 0.01416667e-3);
    expect(Array.from(c.cycle!.subarray(5, 7))).toEqual([0, 1]);
    expect(c.meta).toMatchObject({ areaCm2: 1.131, activeMassG: 0.0085, startTime: "2026-11-26T09:00:00" });
    expect(c.meta.extra?.["column:capacity"]).toBe("(Q-Qo)/mA.h");
  });

  it("generic cycler CSV with unit suffixes (min, mA, mAh)", async () => {
    const c = await readCycler(fixture("operando_cycler_sample.csv"));
    expect([c.timeS[1], c.currentA[1], c.voltageV[1]]).toEqual([360, 0.0015, 3.34]);
    close(c.capacityAh![1], 0.15e-3);
    expect(c.cycle!.at(-1)).toBe(2);
  });

  it("NOVA-style table: ';' with decimal comma, -Z'' negated, Ω unit", async () => {
    const s = await readImpedance(fixture("operando_nova_eis_sample.txt"));
    expect(s.frequencyHz.length).toBe(15);
    expect(s.frequencyHz[0]).toBe(100000);
    // R0 + R1/(1 + (w R1 C)^2) with R0 = 10, R1 = 50, C = 1e-5 F (the sample's circuit), 8 significant digits written
    const w = 2 * Math.PI * 0.01; // last row: 1e5 Hz * 10^(-7)
    const zr = 10 + 50 / (1 + (w * 50 * 1e-5) ** 2);
    const zi = (-w * 2500 * 1e-5) / (1 + (w * 50 * 1e-5) ** 2);
    expect(s.zReal.at(-1)).toBeCloseTo(zr, 5);
    expect(s.zImag.at(-1)).toBeCloseTo(zi, 8);
    expect(s.zImag.at(-1)).toBeLessThan(0);
  });

  it("column mapping options and explicit units; unknown units and missing columns are errors", () => {
    const r = parseEchemTable("t,i,u\n0,5,3.1\n60,5,3.2\n", { file: "m.csv", columns: { time: "t", current: "i", voltage: "u" }, units: { current: "mA", time: "min" } });
    if (r.kind !== "cycler") throw new Error("cycler expected");
    expect([r.data.timeS[1], r.data.currentA[0]]).toEqual([3600, 0.005]);
    expect(() => parseEchemTable("time/fortnight,I/A,E/V\n1,2,3\n", { file: "u.csv" })).toThrow(/^u\.csv:1: expected a time unit/);
    expect(() => parseEchemTable("time/s,E/V\n1,2\n", { file: "v.csv", kind: "cycler" })).toThrow(/^v\.csv:1: expected a current column/);
    expect(() => parseEchemTable("freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm\n0,1,2\n", { file: "f.csv" })).toThrow(/^f\.csv:2: expected a positive frequency/);
  });
});

describe("delimited patterns", () => {
  it("column selection by name, decimal comma detection with ';'", () => {
    const p = parseDelimited("# Wavelength: 0.5\nidx;2theta;I;err\n0;10,5;100;10\n1;10,6;110;11\n", { file: "d.csv", xColumn: "2theta", yColumn: "I", sigmaColumn: "err" });
    expect(Array.from(p.x)).toEqual([10.5, 10.6]);
    expect(Array.from(p.sigma!)).toEqual([10, 11]);
    expect(p.axis).toBe("twoTheta");
    expect(() => parseDelimited("a,b\n1,2\n", { file: "e.csv", yColumn: "c" })).toThrow(/^e\.csv:1: expected a y column "c"/);
    expect(() => parseDelimited("a\tb\n1\t2\n3\n", { file: "f.tsv" })).toThrow(/^f\.tsv:3: expected 2 fields per row/);
  });
});

describe("detectFormat and parse", () => {
  it("detects every real file from content", () => {
    const cases: [string, string][] = [
      ["xrd/dioptas_CeO2_Pilatus1M.xy", "xy"],
      ["xrd/dioptas_pattern_001.chi", "fit2d-chi"],
      ["xrd/gsas2tut_11bmb_8716.fxye", "gsas"],
      ["xrd/dioptas_CeO2_Pilatus1M.poni", "poni"],
      ["eis/impedancepy_exampleData.csv", "echem-table"],
      ["eis/impedancepy_exampleDataBioLogic.mpt", "biologic-mpt"],
      ["eis/impedancepy_exampleDataGamry.DTA", "gamry-dta"],
      ["mca/pymca_XRFSpectrum.mca", "mca-column"],
      ["mca/pymca_Steel.spe", "ortec-spe"],
    ];
    for (const [file, format] of cases) expect(detectFormat(readFileSync(real(file)), file.replace(/\.\w+$/, ".dat"))).toBe(format);
  });

  it("unrecognised content is an UnsupportedFormatError", () => {
    expect(() => parse("Lorem ipsum dolor sit amet\n", { file: "x.txt" })).toThrow(UnsupportedFormatError);
    expect(() => parse(new Uint8Array([1, 0, 2, 3]), { file: "x.bin" })).toThrow(UnsupportedFormatError);
    expect(() => parse("", { file: "empty.xy" })).toThrow(UnsupportedFormatError);
  });
});
