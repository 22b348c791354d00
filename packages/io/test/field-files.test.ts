// Files from other instruments, software versions and beamlines, found in public repositories and
// read with read(): each test pins a structural feature that a real file had (see the report in
// fixtures/PROVENANCE.md). Files whose licence allows it are in fixtures/ (values read off the
// file by eye); where the source is GPL, the test builds a minimal synthetic sample with the same
// structure (own numbers), as its comment says.
import { InvalidParameterError, ParseError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { parse, readImpedance, readPattern, readPoni, readSeries } from "../src/index.js";
import { fixture } from "./paths.js";

// Decimal text parsed to the nearest double: exact equality unless a unit conversion multiplies.
const RTOL_CONVERSION = 1e-12; // a few ulps after one multiplication

describe("Gamry .DTA variants", () => {
  it("gamry-parser eispot_data.dta (Framework, no row count on ZCURVE, '.5' frequency): 10 points", async () => {
    const s = await readImpedance(fixture("gamryparser_eispot_data.dta"));
    expect(s.frequencyHz.length).toBe(10);
    expect([s.frequencyHz[0], s.zReal[0], s.zImag[0]]).toEqual([10000, 224.6075, -3.767681]);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([0.5, 226.885, -7.053867]);
    expect(s.meta).toMatchObject({ format: "gamry-dta", areaCm2: 1, startTime: "2016-05-11T17:47:03" });
    // two-field "TAG<TAB>EISPOT" line: the technique was lost before (stored as "")
    expect(s.meta.extra?.["TAG"]).toBe("EISPOT");
    expect(s.meta.extra?.["EOC"]).toBe(0.1358522);
  });

  it("gamry-parser eispot_data_curveaborted.dta: 5 points, the EXPERIMENTABORTED flag is kept", async () => {
    const s = await readImpedance(fixture("gamryparser_eispot_data_curveaborted.dta"));
    expect(s.frequencyHz.length).toBe(5);
    expect([s.frequencyHz.at(-1), s.zReal.at(-1), s.zImag.at(-1)]).toEqual([100, 226.2954, -6.136346]);
    expect(s.meta.extra?.["EXPERIMENTABORTED"]).toBe("T");
  });

  // Synthetic (own numbers) with the structure of pyimpspec tests/data.dta (GPL-3, not copied):
  // Gamry Framework 7.9 in a decimal-comma locale, NOTES block, an OCVCURVE with a declared count
  // and a non-numeric "Over" column, then ZCURVE. The decimal commas were a ParseError before.
  const commaDta = [
    "EXPLAIN",
    "TAG\tEISPOT",
    "DATE\tLABEL\t3/14/2024\tDate",
    "TIME\tLABEL\t09:30:00\tTime",
    "NOTES\tNOTES\t1\t&Notes...",
    "\t",
    "VDC\tPOTEN\t0,00000E+000\tF\tDC &Voltage (V)",
    "AREA\tQUANT\t2,50000E-001\t&Area (cm^2)",
    "OCVCURVE\tTABLE\t2",
    "\tPt\tT\tVf\tVm\tAch\tOver\tTemp",
    "\t#\ts\tV vs. Ref.\tV\tV\tbits\tdeg C",
    "\t0\t0,25\t-3,1E-002\t-3,1E-002\t-3,2E-002\t...........\t-327,67",
    "\t1\t0,5\t-3,1E-002\t-3,1E-002\t-3,2E-002\t...........\t-327,67",
    "EOC\tQUANT\t-0,031\tOpen Circuit (V)",
    "FRAMEWORKVERSION\tLABEL\t7.9.0\tFramework Version",
    "ZCURVE\tTABLE",
    "\tPt\tTime\tFreq\tZreal\tZimag\tZsig\tZmod\tZphz\tIdc\tVdc\tIERange",
    "\t#\ts\tHz\tohm\tohm\tV\tohm\t°\tA\tV\t#",
    "\t0\t0\t10000\t12,5\t-0,75\t1\t12,52\t-3,4\t8,08E-08\t-4,54E-05\t8",
    "\t1\t2\t1000\t13,25\t-2,5\t1\t13,48\t-10,7\t0,00000001094055\t-0,0000413163\t7",
    "",
  ].join("\n");

  it("decimal-comma Gamry file (synthetic, pyimpspec layout): numbers, area and EOC read", () => {
    const r = parse(commaDta, { file: "comma.DTA" });
    expect(r.kind).toBe("impedance");
    if (r.kind !== "impedance") return;
    expect(Array.from(r.spectrum.frequencyHz)).toEqual([10000, 1000]);
    expect(Array.from(r.spectrum.zReal)).toEqual([12.5, 13.25]);
    expect(Array.from(r.spectrum.zImag)).toEqual([-0.75, -2.5]);
    expect(r.spectrum.meta.areaCm2).toBe(0.25);
    expect(r.spectrum.meta.extra?.["EOC"]).toBe(-0.031);
    expect(r.spectrum.meta.extra?.["FRAMEWORKVERSION"]).toBe("7.9.0");
  });

  it("a declared table count that the rows miss is still an error unless the run is flagged aborted", () => {
    const short = commaDta.replace("OCVCURVE\tTABLE\t2", "OCVCURVE\tTABLE\t3");
    expect(() => parse(short, { file: "short.DTA" })).toThrow(ParseError);
    const aborted = `${short}EXPERIMENTABORTED\tTOGGLE\tT\tExperiment Aborted\n`;
    const r = parse(aborted, { file: "aborted.DTA" });
    expect(r.kind === "impedance" && r.spectrum.meta.extra?.["warning"]).toMatch(/aborted: table OCVCURVE holds 2 of 3/);
  });
});

describe("BioLogic EC-Lab PEIS variants", () => {
  // Synthetic (own numbers) with the structure of pyimpspec tests/data.mpt and
  // case-multiple-spectra.mpt (GPL-3, not copied): EC-Lab v11.33 PEIS export, header count line with
  // trailing blanks, "Electrode surface area : 0.000 cm²", column header ending in a tab, and (in
  // the second file) two frequency sweeps one after the other in one table.
  const header = (nHeader: number) =>
    [
      "EC-Lab ASCII FILE",
      `Nb header lines : ${nHeader}                          `,
      "",
      "Potentio Electrochemical Impedance Spectroscopy",
      "",
      "EC-Lab for windows v11.33 (software)",
      "Electrode surface area : 0.000 cm²",
      "Characteristic mass : 0.000 g",
      "fi                  10.000             ",
      "unit fi             kHz                 ",
      "",
    ];
  const cols = "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\t|Z|/Ohm\tPhase(Z)/deg\ttime/s\t<Ewe>/V\t<I>/mA\tcycle number\t";
  const row = (f: number, re: number, mim: number) => `${f.toExponential(7)}\t${re.toExponential(7)}\t${mim.toExponential(7)}\t0\t0\t0\t0\t0\t0`;
  const sweep = [row(10000, 10.5, 0.5), row(1000, 11.5, 2.5), row(100, 15, 4)];
  const mpt = (rows: string[]) => [...header(12), cols, ...rows, "", ""].join("\n");

  it("one sweep: values read, zero area and mass are 'not entered', not 0", () => {
    const r = parse(mpt(sweep), { file: "peis.mpt" });
    expect(r.kind).toBe("impedance");
    if (r.kind !== "impedance") return;
    expect(Array.from(r.spectrum.frequencyHz)).toEqual([10000, 1000, 100]);
    expect(Array.from(r.spectrum.zImag)).toEqual([-0.5, -2.5, -4]);
    expect(r.spectrum.meta.areaCm2).toBeUndefined();
    expect(r.spectrum.meta.activeMassG).toBeUndefined();
    expect(r.spectrum.meta.extra?.["Electrode surface area"]).toBe("0.000 cm²");
  });

  it("two sweeps in one table: a ParseError at the restart line (they were merged silently before); `sweep` picks one", () => {
    const text = mpt([...sweep, ...sweep.map((l) => l.replace(/\t0$/, "\t1"))]);
    let caught: unknown;
    try {
      parse(text, { file: "two.mpt" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParseError);
    // "Nb header lines : 12" counts the column header (line 12); rows 13-15, second sweep from line 16
    expect((caught as ParseError).line).toBe(16);
    expect((caught as ParseError).message).toMatch(/2 sweeps/);
    const second = parse(text, { file: "two.mpt", echem: { sweep: 2 } });
    expect(second.kind === "impedance" && Array.from(second.spectrum.frequencyHz)).toEqual([10000, 1000, 100]);
    expect(second.kind === "impedance" && second.spectrum.meta.extra?.["sweepFirstLine"]).toBe(16);
    expect(() => parse(text, { file: "two.mpt", echem: { sweep: 3 } })).toThrow(InvalidParameterError);
  });

  it("an isolated out-of-order row is not a second sweep (left in place for the fit's own checks)", () => {
    const rows = [row(10000, 10.5, 0.5), row(5000, 11, 1), row(1000, 11.5, 2.5), row(5000, 11, 1), row(100, 15, 4), row(10, 20, 5)];
    const r = parse(mpt(rows), { file: "glitch.mpt" });
    expect(r.kind === "impedance" && r.spectrum.frequencyHz.length).toBe(6);
  });
});

describe("ZPlot / ZView .z", () => {
  // Synthetic (own numbers), structure of pyimpspec tests/data.z (GPL-3, not copied): "ZPLOT2 ASCII",
  // comment lines with the column names, "End Comments", tab-separated rows. No reader existed:
  // such files fell through to the generic table reader and failed on the unit "a" of "Z'(a)".
  it("ZPLOT2 ASCII with tab rows: frequency, Z', Z'' (physical sign) by position", () => {
    const text = [
      "ZPLOT2 ASCII",
      "  Measured Data, Software:    1.0.0",
      "  Freq(Hz)\tAmpl\tBias\tTime(Sec)\tZ'(a)\tZ''(b)\tGD\tErr\tRange",
      "End Comments",
      "1.000000E+04\t0.000000E+00\t0.000000E+00\t0.000000E+00\t1.050000E+01\t-5.000000E-01\t0.000000E+00\t0\t0",
      "1.000000E+00\t0.000000E+00\t0.000000E+00\t0.000000E+00\t6.250000E+01\t-9.125000E+00\t0.000000E+00\t0\t0",
      "",
    ].join("\n");
    const r = parse(text, { file: "cell.z" });
    expect(r.format).toBe("zplot");
    expect(r.kind === "impedance" && [Array.from(r.spectrum.frequencyHz), Array.from(r.spectrum.zReal), Array.from(r.spectrum.zImag)]).toEqual([
      [10000, 1],
      [10.5, 62.5],
      [-0.5, -9.125],
    ]);
  });

  it("comma-separated ZPlot rows and a missing End Comments line (typed error)", () => {
    const rows = "1.0000E+05,  0.0000E+00,  0.0000E+00,  1.0,  1.2E+01, -3.4E+00, 0, 0, 1\n";
    const r = parse(`ZPLOT2 ASCII\nSoftware: ZPlot\nEnd Comments\n${rows}`, { file: "c.z" });
    expect(r.kind === "impedance" && [r.spectrum.frequencyHz[0], r.spectrum.zReal[0], r.spectrum.zImag[0]]).toEqual([100000, 12, -3.4]);
    expect(r.kind === "impedance" && r.spectrum.meta.extra?.["Software"]).toBe("ZPlot");
    expect(() => parse(`ZPLOT2 ASCII\nSoftware: ZPlot\n${rows}`, { file: "c.z" })).toThrow(ParseError);
  });
});

describe("MCA files", () => {
  it("becquerel digiBASE .spe (Maestro 7.01): all-zero $MCA_CAL/$ENER_FIT is no calibration (was energy 0 for every channel)", async () => {
    const p = await readPattern(fixture("becquerel_digibase_5min_30_1_excerpt.spe"));
    expect(p.axis).toBe("channel");
    expect(p.x.length).toBe(32);
    expect([p.x[10], p.y[10], p.x.at(-1), p.y.at(-1)]).toEqual([10, 972, 31, 13970]);
    expect(p.meta).toMatchObject({ liveTimeS: 296, realTimeS: 300, startTime: "2018-02-09T10:03:36" });
    expect(p.meta.energyCalibration).toBeUndefined();
    expect(p.meta.extra?.["MCA_CAL"]).toBe("3\n0.000000E+000 0.000000E+000 0.000000E+000");
  });

  it("xraylarch area1.mca (EPICS MED): empty DATE and REAL_TIME/LIVE_TIME 0 give no times (not 0 s)", async () => {
    const s = await readSeries(fixture("xraylarch_area1_excerpt.mca"));
    const p = s.patterns[0]!;
    expect(Array.from(p.y)).toEqual([2, 2, 0, 2, 1, 1, 1, 0, 0, 0]);
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: -1.498892e-3, slopeKeV: 1.472406e-2, quadraticKeV: 0 });
    expect(p.meta.realTimeS).toBeUndefined();
    expect(p.meta.liveTimeS).toBeUndefined();
    expect(p.meta.startTime).toBeUndefined();
    expect(p.meta.extra?.["REAL_TIME"]).toBe("0.000000");
    expect(p.meta.extra?.["env:13IDE:En:E_RBV"]).toBe("11855.00322 (Mono Energy readback)");
  });

  // Synthetic, following the SPEC data-file notes (CSS, specpython/filespec spec_format.rst):
  // "#@MCA_NB 2" with one #@CHANN/#@CALIB/#@CTIME line per MCA device, the second with reduction
  // coefficient 2. Before, the last header line applied to every spectrum and the reduction
  // coefficient was ignored (wrong channels and energies for MCA 0 and MCA 1).
  it("SPEC with two MCA devices per point: per-device channels, calibration and times", () => {
    const text = [
      "#F multi.spec",
      "#D Tue Nov 14 22:13:20 2023",
      "",
      "#S 1  ct 1",
      "#D Tue Nov 14 22:13:25 2023",
      "#@MCA_NB 2",
      "#@DET_0 xia_ch0",
      "#@MCA 16C",
      "#@CHANN 4 0 3 1",
      "#@CALIB 0.1 0.01 0",
      "#@CTIME 1 0.9 1",
      "#@MCA 16C",
      "#@CHANN 4 100 106 2",
      "#@CALIB 0.2 0.02 0",
      "#@CTIME 1 0.8 1",
      "#N 2",
      "#L Seconds  I0",
      "1  1000",
      "@A 1 2 3 4",
      "@A 5 6 7 8",
      "",
    ].join("\n");
    const r = parse(text, { file: "multi.spec" });
    expect(r.kind).toBe("series");
    if (r.kind !== "series") return;
    const [a, b] = r.series.patterns;
    expect(Array.from(a!.x)).toEqual([0, 1, 2, 3]);
    expect(Array.from(b!.x)).toEqual([100, 102, 104, 106]);
    expect(a!.meta).toMatchObject({ energyCalibration: { offsetKeV: 0.1, slopeKeV: 0.01, quadraticKeV: 0 }, liveTimeS: 0.9 });
    expect(b!.meta).toMatchObject({ energyCalibration: { offsetKeV: 0.2, slopeKeV: 0.02, quadraticKeV: 0 }, liveTimeS: 0.8 });
    // a #@CHANN whose last channel contradicts count and reduction is refused
    expect(() => parse(text.replace("#@CHANN 4 100 106 2", "#@CHANN 4 100 103 2"), { file: "bad.spec" })).toThrow(ParseError);
  });
});

describe("geometry and patterns", () => {
  it("pyFAI cookbook jupyter.poni (v2.1, 'Calibration done on ...' as pyFAI writes it since 2024)", async () => {
    const g = await readPoni(fixture("pyfai_jupyter.poni"));
    expect(g).toMatchObject({ version: 2.1, detector: "Pilatus1M", distanceM: 1.6350227410457556, poni1M: 0.04542275985064111, poni2M: 0.030935157484155606 });
    expect(g.wavelengthAngstrom).toBeCloseTo(1, 12); // 1e-10 m, one multiplication
    expect(g.detectorConfig).toEqual({ pixel1: 0.000172, pixel2: 0.000172, orientation: 3 });
    expect(g.calibrationDate).toBe("Wed Nov 19 10:54:59 2025");
  });

  // Synthetic (own numbers), structure of Dioptas Dioptas_main/Tests/Data/LaB6_p49_40keV_006.poni
  // (GPL-3, not copied): pyFAI appended a second calibration to the file; pyFAI reads the last.
  it("a .poni holding two appended calibrations: the last one, counted in extra", () => {
    const block = (d: number, date: string) =>
      `# Nota: C-Order, 1 refers to the Y axis, 2 to the X axis \n# Calibration done at ${date}\nPixelSize1: 7.9e-05\nPixelSize2: 7.9e-05\nDistance: ${d}\nPoni1: 0.08\nPoni2: 0.08\nRot1: 0.001\nRot2: -0.002\nRot3: 0\nSplineFile: None\nWavelength: 3.1e-11\n`;
    const r = parse(block(0.19, "Wed May  7 16:28:23 2014") + block(0.2, "Wed May  7 16:53:44 2014"), { file: "two.poni" });
    expect(r.kind === "geometry" && r.geometry.distanceM).toBe(0.2);
    expect(r.kind === "geometry" && r.geometry.calibrationDate).toBe("Wed May  7 16:53:44 2014");
    expect(r.kind === "geometry" && r.geometry.extra["calibrationsInFile"]).toBe(2);
  });

  // Synthetic (own numbers) with the layout of the GSAS-II tutorial file PG3_22048.gsa (Mantid
  // export of POWGEN time-of-flight data): two header lines without '#', '#' comments, a SLOG bank.
  // Time-of-flight has no operando axis: the reader must refuse it with file and line.
  it("Mantid/POWGEN TOF .gsa (SLOG bank): a typed error naming the BANK line", () => {
    const text = [
      "Sample Run: 1 Vanadium Run: 2 Wavelength: 1.066 Angstrom",
      "Monitor: 1",
      "# File generated by Mantid:",
      "# Instrument: POWGEN",
      "BANK 2 3 3 SLOG       6776     103816  0.0004000 0 FXYE",
      "        6777.0         117.0           5.2            ",
      "        6779.7         106.9           5.0            ",
      "        6782.5         107.6           5.1            ",
      "",
    ].join("\n");
    expect(() => parse(text, { file: "tof.gsa" })).toThrow(expect.objectContaining({ name: "ParseError", line: 5 }));
  });

  // Synthetic (own numbers) with the layout of the GSAS-II tutorial files Magnetic-V/data/PG3_*.xye
  // (Mantid SaveFocusedXYE of POWGEN data): apostrophe comments and "The X-axis unit is: ...".
  // Before, the unit line was ignored and time-of-flight was read as 2theta in degrees.
  it("Mantid .xye: the X-axis unit line sets the axis; time-of-flight is refused at that line", () => {
    const mantid = (unit: string, x: number[]) =>
      ["' File generated by Mantid:", "' Instrument: POWGEN", `' The X-axis unit is: ${unit}`, "' Data for spectra :2", `' ${unit}              Y                 E`, ...x.map((v) => `     ${v}       53.1        1.4`), ""].join("\n");
    const d = parse(mantid("d-Spacing", [1.1, 1.2]), { file: "d.xye" });
    expect(d.kind === "pattern" && [d.pattern.axis, Array.from(d.pattern.x)]).toEqual(["d", [1.1, 1.2]]);
    expect(() => parse(mantid("Time-of-flight", [7004.38, 7009.99]), { file: "tof.xye" })).toThrow(expect.objectContaining({ name: "ParseError", line: 3 }));
  });

  it("a headerless two-column file with x beyond 180 is not read as 2theta degrees (typed error, or the axis option)", () => {
    expect(() => parse("7004.38 53.1\n7009.99 55.2\n", { file: "noheader.xy" })).toThrow(expect.objectContaining({ name: "ParseError", line: 1 }));
    const r = parse("7004.38 53.1\n7009.99 55.2\n", { file: "noheader.xy", pattern: { axis: "channel" } });
    expect(r.kind === "pattern" && r.pattern.axis).toBe("channel");
  });

  // Fit2D/Dioptas .chi x labels for q and d written in several ways (synthetic; Fit2D writes the
  // label on line 2). "Q (1/nm)" was refused before.
  it.each([
    ["Q (1/nm)", "q", 0.1],
    ["Q [nm-1]", "q", 0.1],
    ["Q (1/Å)", "q", 1],
    ["Q (Angstroms^-1)", "q", 1],
    ["D-spacing (Angstroms)", "d", 1],
  ])("Fit2D .chi x label %s -> %s axis", (label, axis, scale) => {
    const r = parse(`title\n${label}\nIntensity\n       2\n 1.5  3.5\n 2.5  3.6\n`, { file: "p.chi" });
    expect(r.kind === "pattern" && r.pattern.axis).toBe(axis);
    if (r.kind !== "pattern") return;
    expect(Math.abs(r.pattern.x[0]! - 1.5 * scale)).toBeLessThanOrEqual(RTOL_CONVERSION * 1.5);
  });
});
