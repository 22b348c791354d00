// Gamma-spectrometry MCA formats: ANSI N42.42 XML (2006 and 2011 schemas) and IEC 61455 (.iec),
// checked on real files (fixtures/PROVENANCE.md) against the sibling plain exports becquerel ships
// (Alcatraz14.csv: "Energy, Data" per channel) and numbers read off the files by hand.
import { readFileSync } from "node:fs";
import { ParseError } from "@operando/core";
import type { Pattern } from "@operando/core";
import { describe, expect, it } from "vitest";
import { detectFormat, parse, parseIec, parseN42, read, readIec, readN42 } from "../src/index.js";
import { fixture } from "./paths.js";

const text = (name: string) => readFileSync(fixture(name), "latin1");
const energyKeV = (p: Pattern, ch: number) => {
  const c = p.meta.energyCalibration!;
  return c.offsetKeV + c.slopeKeV * ch + c.quadraticKeV * ch * ch + (c.cubicKeV ?? 0) * ch * ch * ch;
};
const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
const parseError = (fn: () => unknown): ParseError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
  throw new Error("expected a ParseError");
};

// minimal well-formed 2011 file around one spectrum, for the decoding and error cases
const n42in2011 = (channelData: string, extra = "") => `<?xml version="1.0"?>
<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">
  <EnergyCalibration id="E1"><CoefficientValues>0 1 0</CoefficientValues></EnergyCalibration>
  <RadMeasurement id="M1">
    <StartDateTime>2014-01-12T3:12:28 PM</StartDateTime>
    <RealTimeDuration>PT1H2M3.5S</RealTimeDuration>
    <Spectrum id="S1" energyCalibrationReference="E1">
      <LiveTimeDuration>PT3600S</LiveTimeDuration>${extra}
      ${channelData}
    </Spectrum>
  </RadMeasurement>
</RadInstrumentData>
`;

describe("ANSI N42.42-2011: becquerel Alcatraz14.n42 (PeakEasy, HPGe, CountedZeroes)", () => {
  it("decodes 8192 channels whose counts match the sibling Alcatraz14.csv", async () => {
    const r = await read(fixture("becquerel_Alcatraz14.n42"));
    expect(r.format).toBe("n42");
    expect(r.kind).toBe("pattern"); // one spectrum: unwrapped
    const p = r.kind === "pattern" ? r.pattern : undefined;
    expect(p!.axis).toBe("channel");
    // Alcatraz14.csv has 8192 data rows: its last energy 3087.616158 keV is channel 8191
    expect(p!.y.length).toBe(8192);
    expect(p!.x[0]).toBe(0);
    expect(p!.x[8191]).toBe(8191);
    // csv rows 36-42 (channels 35-41): 1, 0, 0, 0, 7, 118, 234 ("0 35 1 0 3 7 118 234" compressed)
    expect(Array.from(p!.y.subarray(0, 35)).every((v) => v === 0)).toBe(true);
    expect(Array.from(p!.y.subarray(35, 42))).toEqual([1, 0, 0, 0, 7, 118, 234]);
    // csv 236.591496 .. 239.964830 keV (channels 630-639): the 238.6 keV Pb-212 peak
    expect(Array.from(p!.y.subarray(630, 640))).toEqual([72, 72, 94, 118, 157, 187, 189, 171, 133, 104]);
    // csv tail: 3059.926850 keV -> 1, 44 zeros, 3076.995225 -> 1, 27 zeros, 3087.616158 -> 1
    expect([p!.y[8118], p!.y[8163], p!.y[8191]]).toEqual([1, 1, 1]);
    expect(sum(p!.y.subarray(8119, 8163)) + sum(p!.y.subarray(8164, 8191))).toBe(0);
    // total of the decoded spectrum (python decode of the same ChannelData, run when the fixture was added)
    expect(sum(p!.y)).toBe(132978);
  });

  it("times, start and the keV calibration (CoefficientValues) reproduce the csv energies", async () => {
    const s = await readN42(fixture("becquerel_Alcatraz14.n42"));
    const p = s.patterns[0]!;
    expect(p.meta.liveTimeS).toBe(900); // PT900.000S
    expect(p.meta.realTimeS).toBe(905.42); // RadMeasurement RealTimeDuration PT905.420S
    expect(p.meta.startTime).toBe("2012-09-17T13:41:07.0");
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: 0.578332, slopeKeV: 0.374436, quadraticKeV: 2.98586e-7 });
    expect(p.meta.extra).toMatchObject({ schema: "N42.42-2011", measurement: "Saved1", measurementClass: "Foreground", detector: "DetectorG1", detectorCategory: "Gamma", compression: "CountedZeroes" });
    // the csv was written from the unrounded calibration; the N42 coefficients have 6 significant
    // digits, so E(8191) can differ by up to ~8191 * 0.374436 * 5e-7 + 8191^2 * 2.98586e-7 * 5e-7 = 1.5e-3 keV
    const atolKeV = 2e-3;
    for (const [ch, eKeV] of [
      [0, 0.578332],
      [40, 15.556248],
      [635, 238.465564],
      [8118, 3059.92685],
      [8191, 3087.616158],
    ] as const) {
      expect(Math.abs(energyKeV(p, ch) - eKeV)).toBeLessThan(atolKeV);
    }
  });
});

describe("ANSI N42.42-2011: the standard's Annex B example (NaI, compressionCode None)", () => {
  it("reads 256 channels written 12 per line, with times, offset start time and calibration", () => {
    const s = parseN42(readFileSync(fixture("becquerel_n42_Annex_B_n42.xml")), { file: "Annex_B_n42.xml" });
    expect(s.patterns.length).toBe(1);
    const p = s.patterns[0]!;
    expect(p.y.length).toBe(256); // 21 lines of 12 + 4
    expect(Array.from(p.y.subarray(0, 6))).toEqual([0, 0, 0, 22, 421, 847]);
    expect(p.y[10]).toBe(2302); // the maximum, 11th value of the first line
    expect(sum(p.y)).toBe(42479);
    expect(p.meta.liveTimeS).toBe(59.61);
    expect(p.meta.realTimeS).toBe(60);
    expect(p.meta.startTime).toBe("2003-11-22T23:45:19-07:00");
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: -21.8, slopeKeV: 12.1, quadraticKeV: 6.55e-3 });
    expect(p.meta.extra).toMatchObject({ detectorKind: "NaI", compression: "None", instrumentModelName: "iRIID" });
  });
});

describe("ANSI N42.42-2006: RASE DUMMY_M001_Delta_Delta.n42 (two spectra, Compression attribute)", () => {
  it("gives a series of two 8192-channel spectra with their own times and calibration", async () => {
    const r = await read(fixture("rase_DUMMY_M001_Delta_Delta.n42"));
    expect(r.format).toBe("n42");
    expect(r.kind).toBe("series");
    const s = r.kind === "series" ? r.series : undefined;
    const [item, bkg] = s!.patterns;
    // "0 4195 1000 0 3996": 4195 zeros, 1000, 3996 zeros
    expect(item!.y.length).toBe(8192);
    expect(item!.y[4195]).toBe(1000);
    expect(sum(item!.y)).toBe(1000);
    // "0 4190 1000 0 4001"
    expect(bkg!.y.length).toBe(8192);
    expect(bkg!.y[4190]).toBe(1000);
    expect(sum(bkg!.y)).toBe(1000);
    expect([item!.meta.liveTimeS, item!.meta.realTimeS, bkg!.meta.liveTimeS, bkg!.meta.realTimeS]).toEqual([1200, 1206, 1200, 1270]);
    expect(item!.meta.startTime).toBe("2016-01-15T16:44:58");
    expect(item!.meta.energyCalibration).toEqual({ offsetKeV: 0, slopeKeV: 0.37, quadraticKeV: 0 });
    expect(item!.meta.label).toBe("item gamma");
    expect(item!.meta.extra).toMatchObject({ schema: "N42.42-2006", sourceType: "Item", remark: "Dummy-Delta" });
    expect(bkg!.meta.extra).toMatchObject({ sourceType: "Background" });
  });

  it("EnergyUnits eV and MeV are converted to keV", () => {
    const rase = text("rase_DUMMY_M001_Delta_Delta.n42");
    const ev = parseN42(rase.replace('EnergyUnits="keV">\n        <Equation Model="Polynomial" Form="E = Term0 + Term1*Ch + Term2*Ch*Ch">\n          <Coefficients>0 0.37 0', 'EnergyUnits="eV">\n        <Equation Model="Polynomial" Form="E = Term0 + Term1*Ch + Term2*Ch*Ch">\n          <Coefficients>10 370 0'));
    expect(ev.patterns[0]!.meta.energyCalibration).toEqual({ offsetKeV: 0.01, slopeKeV: 0.37, quadraticKeV: 0 });
    const mev = parseN42(rase.replaceAll('EnergyUnits="keV"', 'EnergyUnits="MeV"'));
    expect(mev.patterns[1]!.meta.energyCalibration!.slopeKeV).toBeCloseTo(370, 12);
    const bad = parseError(() => parseN42(rase.replace('EnergyUnits="keV"', 'EnergyUnits="furlong"'), { file: "u.n42" }));
    expect(bad.line).toBe(11);
  });
});

describe("N42 CountedZeroes, durations and dates", () => {
  it("expands each 0 into the number of zero channels that follows it", () => {
    const cz = (data: string) => Array.from(parseN42(n42in2011(`<ChannelData compressionCode="CountedZeroes">${data}</ChannelData>`)).patterns[0]!.y);
    expect(cz("5 0 3 7 0 1 2")).toEqual([5, 0, 0, 0, 7, 0, 2]);
    expect(cz("0 2")).toEqual([0, 0]);
    expect(cz("0 1 0 1 9")).toEqual([0, 0, 9]);
    expect(cz("\n  1 2\n  0 4 3\n")).toEqual([1, 2, 0, 0, 0, 0, 3]);
    // the 2006 attribute name
    const rase2006 = parseN42(text("rase_DUMMY_M001_Delta_Delta.n42").replace("0 4195 1000 0 3996", "3 0 2 4"));
    expect(Array.from(rase2006.patterns[0]!.y)).toEqual([3, 0, 0, 4]);
  });

  it("a 0 without a run length, a fractional or zero run, or an unknown compression is a ParseError at the line", () => {
    for (const data of ["5 0", "0 1.5 4", "0 0 4", "1 -2"]) {
      const e = parseError(() => parseN42(n42in2011(`<ChannelData compressionCode="CountedZeroes">${data}</ChannelData>`), { file: "cz.n42" }));
      expect(e.file).toBe("cz.n42");
      expect(e.line).toBe(9);
    }
    const zip = parseError(() => parseN42(n42in2011('<ChannelData compressionCode="Zip">1 2</ChannelData>')));
    expect(zip.found).toBe("Zip");
    const word = parseError(() => parseN42(n42in2011("<ChannelData>\n1 2\n3 x4</ChannelData>"), { file: "w.n42" }));
    expect(word.line).toBe(11); // third line of the element
    expect(word.found).toBe("x4");
  });

  it("ISO 8601 durations with hours and minutes, and PeakEasy's one-digit PM start time", () => {
    const p = parseN42(n42in2011("<ChannelData>1 2 3</ChannelData>")).patterns[0]!;
    expect(p.meta.realTimeS).toBe(3723.5); // PT1H2M3.5S
    expect(p.meta.liveTimeS).toBe(3600);
    // StartDateTime as written in becquerel's 01122014152731-GT01122014182338-...n42 (PeakEasy)
    expect(p.meta.startTime).toBe("2014-01-12T15:12:28");
    expect(p.meta.extra!["startTimeText"]).toBe("2014-01-12T3:12:28 PM");
    const bad = parseError(() => parseN42(n42in2011("<ChannelData>1</ChannelData>").replace("PT3600S", "PT36 minutes"), { file: "d.n42" }));
    expect(bad.line).toBe(8);
    expect(bad.expected).toMatch(/ISO 8601/);
  });
});

describe("N42 bad input: typed errors naming the file and line", () => {
  const alcatraz = text("becquerel_Alcatraz14.n42");

  it("truncated XML", () => {
    const cut = alcatraz.slice(0, Math.floor(alcatraz.length / 2));
    const e = parseError(() => parseN42(cut, { file: "Alcatraz14.n42" }));
    expect(e.file).toBe("Alcatraz14.n42");
    expect(e.line).toBe(cut.split("\n").length); // reported at the end of the text
    expect(e.message).toContain("Alcatraz14.n42:");
  });

  it("malformed XML (mismatched closing tag) with the parser's line and column", () => {
    const bad = alcatraz.replace("</LiveTimeDuration>", "</LiveTime>");
    const e = parseError(() => parseN42(bad, { file: "bad.n42" }));
    expect(e.line).toBe(41);
    expect(e.column).toBeGreaterThan(1);
  });

  it("a Spectrum without ChannelData, no Spectrum, a non-N42 root, a dangling calibration reference", () => {
    const rase = text("rase_DUMMY_M001_Delta_Delta.n42");
    const noData = parseError(() => parseN42(rase.replace('<ChannelData Compression="CountedZeroes">0 4195 1000 0 3996</ChannelData>', ""), { file: "nd.n42" }));
    expect(noData.line).toBe(4); // the <Spectrum> element's line
    expect(noData.expected).toMatch(/ChannelData/);
    const empty = parseError(() => parseN42(n42in2011("<ChannelData></ChannelData>")));
    expect(empty.found).toMatch(/empty/);
    const noSpectrum = parseError(() => parseN42('<?xml version="1.0"?>\n<RadInstrumentData>\n  <RadMeasurement id="M"/>\n</RadInstrumentData>\n', { file: "ns.n42" }));
    expect(noSpectrum.line).toBe(2);
    const html = parseError(() => parseN42("<html><body>hello</body></html>", { file: "x.n42" }));
    expect(html.found).toBe("<html>");
    const dangling = parseError(() => parseN42(n42in2011("<ChannelData>1</ChannelData>").replace('energyCalibrationReference="E1"', 'energyCalibrationReference="E9"')));
    expect(dangling.line).toBe(7);
  });
});

describe("IEC 61455: becquerel hpge_dummy_test_01.iec", () => {
  it("reads the records: 2048 channels, times, dates, calibration, description", async () => {
    const p = await readIec(fixture("becquerel_hpge_dummy_test_01.iec"));
    expect(p.meta.format).toBe("iec-61455");
    // record 2: "3564.00 3600.00 2048"; the last record (channels 2045-2049) is zero-padded
    expect(p.y.length).toBe(2048);
    expect(p.x[0]).toBe(0);
    expect(p.x[2047]).toBe(2047);
    expect(Array.from(p.y.subarray(0, 5))).toEqual([40680, 41390, 41100, 40900, 41720]); // record 59
    expect(Array.from(p.y.subarray(1465, 1470))).toEqual([993779, 1499345, 1049155, 350987, 66396]); // "1465" record
    expect(Array.from(p.y.subarray(1665, 1670))).toEqual([1240421, 949247, 364063, 69810, 6713]);
    expect(Array.from(p.y.subarray(2040, 2048))).toEqual([2, 2, 0, 0, 0, 0, 0, 0]);
    expect(sum(p.y)).toBe(74305419); // python sum over the spectrum records, first 2048 values
    expect(p.meta.liveTimeS).toBe(3564);
    expect(p.meta.realTimeS).toBe(3600);
    expect(p.meta.startTime).toBe("2021-09-12T10:54:31"); // "09/12/21 10:54:31", month first
    expect(p.meta.extra!["sampleTime"]).toBe("2021-08-25T11:34:36"); // "08/25/21": month first
    // record 4, fields that touch: "-1.55656000E-02 8.00000000E-01-2.97939000E-08 0.00000000E+00"
    expect(p.meta.energyCalibration).toEqual({ offsetKeV: -1.55656e-2, slopeKeV: 0.8, quadraticKeV: -2.97939e-8 });
    expect(p.meta.extra).toMatchObject({ system: "NUCICA   HPGE   0   0     0", adcNumber: 0, fwhmCoefficients: "0.1 0.02 0.003 0.0004" });
    expect(p.meta.label).toBe("Dummy data / No real sample used / Test case 1");
    // the two big peaks sit at the Co-60 lines, 1173.228 and 1332.492 keV (NNDC), with 0.8 keV channels
    const atolKeV = 0.8; // one channel
    expect(Math.abs(energyKeV(p, 1466) - 1173.228)).toBeLessThan(atolKeV);
    expect(Math.abs(energyKeV(p, 1665) - 1332.492)).toBeLessThan(atolKeV);
  });

  it("all-zero record 4: the line through the energy/channel pairs of records 11-12 (hpge_dummy_test_04.iec)", () => {
    const lines = text("becquerel_hpge_dummy_test_01.iec").split("\r\n");
    // verbatim records 4, 11 and 12 of becquerel tests/samples/hpge_dummy_test_04.iec
    lines[3] = "A004 0.00000000E+00 0.00000000E+00 0.00000000E+00 0.00000000E+00";
    lines[10] = "A004 1.173228000E+03 1.465035000E+03 1.332492000E+03 1.665109000E+03";
    lines[11] = "A004 4.000000000E+02 5.000000000E+02 0.000000000E+00 0.000000000E+00";
    const p = parseIec(lines.join("\r\n"), { file: "test_04.iec" });
    // numpy.polyfit([1465.035, 1665.109, 500], [1173.228, 1332.492, 400], 1) = [0.80063147, -0.22918151]
    const rtol = 1e-7; // the numpy values are printed to 8 significant digits
    expect(Math.abs(p.meta.energyCalibration!.slopeKeV / 0.80063147 - 1)).toBeLessThan(rtol);
    expect(Math.abs(p.meta.energyCalibration!.offsetKeV / -0.22918151 - 1)).toBeLessThan(rtol);
    expect(p.meta.extra!["energyCalibrationSource"]).toMatch(/3 energy\/channel pairs/);
  });

  it("a fourth coefficient becomes cubicKeV", () => {
    const lines = text("becquerel_hpge_dummy_test_01.iec").split("\r\n");
    lines[3] = "A004-1.55656000E-02 8.00000000E-01-2.97939000E-08 1.00000000E-10    ";
    expect(parseIec(lines.join("\r\n")).meta.energyCalibration!.cubicKeV).toBe(1e-10);
  });

  it("wrong records are ParseErrors at their line; count mismatches are errors unless allowed", () => {
    const lines = text("becquerel_hpge_dummy_test_01.iec").split("\r\n");
    const at = (i: number, line: string) => lines.map((l, k) => (k === i ? line : l)).join("\r\n");
    const tag = parseError(() => parseIec(at(100, lines[100]!.replace("A004", "B004")), { file: "t.iec" }));
    expect([tag.file, tag.line]).toEqual(["t.iec", 101]);
    const skip = parseError(() => parseIec(at(100, lines[100]!.replace("   210", "   215"))));
    expect(skip.line).toBe(101); // record of channel 210 claims 215
    const rec2 = parseError(() => parseIec(at(1, "A004     3564.00     3600.00")));
    expect(rec2.line).toBe(2);
    const word = parseError(() => parseIec(at(100, lines[100]!.replace("45490", "4549O"))));
    expect(word.line).toBe(101);
    const pad = parseError(() => parseIec(at(467, "A004  2045         0         0         0         0         7")));
    expect(pad.line).toBe(2); // a non-zero value past channel 2047 contradicts record 2
    const short = lines.slice(0, 300).join("\r\n") + "\r\n";
    const e = parseError(() => parseIec(short, { file: "s.iec" }));
    expect(e.line).toBe(2);
    expect(e.found).toMatch(/1210 counts/);
    const lenient = parseIec(short, { allowCountMismatch: true });
    expect(lenient.y.length).toBe(1210);
    expect(lenient.meta.extra!["warning"]).toMatch(/2048/);
    const header = parseError(() => parseIec(lines.slice(0, 40).join("\r\n")));
    expect(header.expected).toMatch(/record 59/);
  });
});

describe("detection and dispatch", () => {
  it("detects N42 and IEC by content, whatever the extension", () => {
    expect(detectFormat(readFileSync(fixture("becquerel_Alcatraz14.n42")), "a.xml")).toBe("n42");
    expect(detectFormat(readFileSync(fixture("becquerel_n42_Annex_B_n42.xml")), "spectrum.dat")).toBe("n42");
    expect(detectFormat(text("rase_DUMMY_M001_Delta_Delta.n42"), "x")).toBe("n42");
    expect(detectFormat(readFileSync(fixture("becquerel_hpge_dummy_test_01.iec")), "export.txt")).toBe("iec-61455");
    const r = parse(readFileSync(fixture("becquerel_hpge_dummy_test_01.iec")), { file: "export.txt" });
    expect(r.kind === "pattern" && r.pattern.y.length).toBe(2048);
  });
});
