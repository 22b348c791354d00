// Cycler exports found in real repositories (TRI beep test files, Apache-2.0; trimmed excerpts in
// fixtures/, see fixtures/PROVENANCE.md): Arbin CSV, Maccor text, Neware hierarchical CSV, BioLogic
// BT-Lab with absolute timestamps. Expected values are read off the excerpt files by eye.
import { ParseError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { detectFormat, parse, read, readCycler } from "../src/index.js";
import { fixture } from "./paths.js";

// mA -> A and mA.h -> A h multiply by 1e-3: a few ulps of rounding at most
const RTOL_CONVERSION = 1e-12;
// timestamps are read as whole seconds + the decimal fraction; the difference of two fractions
// ("22.796" - "0.000") is exact to ~1e-15 s
const ATOL_TIMESTAMP_S = 1e-9;

describe("real cycler exports (beep test files)", () => {
  it("Arbin CSV without unit suffixes: Test_Time, Current, Voltage; capacity = Charge_Capacity - Discharge_Capacity", async () => {
    const r = await read(fixture("beep_arbin_FastCharge_CH8_excerpt.csv"));
    expect(r.format).toBe("echem-table");
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    const d = r.data;
    expect(d.timeS.length).toBe(10);
    expect([d.timeS[0], d.timeS.at(-1)]).toEqual([10.0024, 80.0011]);
    expect([d.voltageV[0], d.voltageV.at(-1)]).toEqual([3.3011441, 3.3011289]);
    expect(d.capacityAh?.length).toBe(10);
    expect(d.cycle?.[0]).toBe(0);
    expect(d.meta.extra?.["column:time"]).toBe("Test_Time (unit assumed)");
    expect(d.meta.extra?.["capacity"]).toBe("net: Charge_Capacity - Discharge_Capacity");
  });

  it("Maccor text export: first-line test info, Test (Sec), Amps, Volts, Amp-hr, Cyc#, State; N/A in unused columns", async () => {
    const name = fixture("beep_maccor_PreDiag_000229_excerpt.034");
    const d = await readCycler(name);
    expect(d.timeS.length).toBe(6);
    expect([d.timeS[0], d.timeS[2], d.timeS.at(-1)]).toEqual([0, 60, 77445.7]);
    expect([d.voltageV[0], d.voltageV.at(-1)]).toEqual([3.45922026, 4.11932555]);
    expect([d.currentA.at(-1), d.capacityAh?.at(-1)]).toEqual([0.6912336919, 3.9664230481]); // state C: sign kept
    expect([d.cycle?.at(-1), d.step?.at(-1)]).toEqual([1, 5]);
    expect(d.meta.extra?.["Date of Test"]).toBe("12/16/2019");
    expect(d.meta.extra?.["Filename"]).toBe("E:\\Backup\\STANFORD LOANER #1\\PreDiag_000229_000229.034 Procedure: PreDiag_000229.000");
    expect(d.meta.extra?.["Comment/Barcode"]).toBe(229);
    expect(d.meta.startTime).toBe("2019-12-16T00:00:00");
    expect(d.meta.extra?.["stateColumn"]).toMatch(/discharge rows \(state D\) negated/);
  });

  it("Maccor State D rows are negated (synthetic rows in the beep Maccor layout; beep's Maccor config: charge 'C', discharge 'D')", () => {
    const text = "Today's Date 09/01/2020  Date of Test:\t12/16/2019\n" + "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\n" +
      "1\t1\t5\t10.0\t10.0\t0.5\t1.9\t1.0\t3.9\tC\t5\t12/17/2019 11:33:03\n" + "2\t1\t6\t20.0\t10.0\t0.25\t0.9\t1.0\t3.7\tD\t5\t12/17/2019 11:33:13\n" + "3\t1\t7\t30.0\t10.0\t0\t0\t0\t3.8\tR\t0\t12/17/2019 11:33:23\n";
    const r = parse(text, { file: "m.txt" });
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    expect(Array.from(r.data.currentA)).toEqual([1, -1, 0]);
    expect(Array.from(r.data.capacityAh ?? [])).toEqual([0.5, -0.25, 0]);
  });

  it("Neware hierarchical CSV: cycle/step/record rows, step time + Realtime -> test time, mA -> A", async () => {
    const name = fixture("beep_neware_test_excerpt.csv");
    const r = await read(name);
    expect(r.format).toBe("neware-csv");
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    const d = r.data;
    expect(Array.from(d.timeS)).toEqual([0, 10, 10, 20, 30]); // 10:32:49, 10:32:59 (step 1); step 2 starts 10:32:59
    expect(Array.from(d.voltageV)).toEqual([3.5047, 3.5047, 3.5283, 3.5388, 3.5456]);
    expect(d.currentA.at(-1)).toBeCloseTo(1.2477, 15);
    expect(Math.abs(d.capacityAh!.at(-1)! - 6.9e-3)).toBeLessThan(6.9e-3 * RTOL_CONVERSION);
    expect(Array.from(d.step!)).toEqual([1, 1, 2, 2, 2]);
    expect(Array.from(d.cycle!)).toEqual([1, 1, 1, 1, 1]);
    expect(d.meta.startTime).toBe("2020-02-21T10:32:49");
  });

  it("Neware: a record row before any step row is a ParseError with its line", () => {
    const lines = ['Cycle ID,"\tCap_Chg(mAh)"', ',"\tStep ID","\tStep Name"', ',,"\tRecord ID","\tTime(h:min:s.ms)","\tVoltage(V)","\tCurrent(mA)","\tRealtime"', ',,"\t1","\t0:00:00.000","\t3.5","\t0.0","\t02/21/2020 10:32:49"'];
    expect(() => parse(lines.join("\n"), { file: "n.csv" })).toThrow(/n\.csv:4: expected a step row/);
  });

  it("BioLogic BT-Lab ASCII with 'Time format : Absolute MMDDYYYY': time/s holds date-times -> seconds from the first row", async () => {
    const r = await read(fixture("beep_btlab_loops_MB_CE1_excerpt.mpt"));
    expect(r.format).toBe("biologic-mpt");
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    const d = r.data;
    expect(d.timeS.length).toBe(6);
    expect(d.timeS[0]).toBe(0);
    expect(Math.abs(d.timeS[1]! - 22.756)).toBeLessThan(ATOL_TIMESTAMP_S); // 15:36:00.000 -> 15:36:22.756
    expect(Math.abs(d.timeS.at(-1)! - 22.796)).toBeLessThan(ATOL_TIMESTAMP_S);
    expect([d.voltageV[0], d.voltageV.at(-1)]).toEqual([3.8150325, 4.2663436]); // 3.8150325E+000, 4.2663436E+000
    expect(Math.abs(d.currentA.at(-1)! - 2.4966086)).toBeLessThan(2.4966086 * RTOL_CONVERSION); // 2.4966086E+003 mA
    expect(d.meta.startTime).toBe("2021-05-05T15:36:22"); // "Acquisition started on" header
    expect(d.meta.extra?.["timeColumn"]).toMatch(/absolute timestamps/);
    expect(d.meta.areaCm2).toBe(0.001);
  });
});

describe("cycler column aliases and time formats (synthetic, structure of the real exports)", () => {
  it("Arbin MITS export with unit suffixes and a Date_Time text column", () => {
    // header as Arbin MITS Pro writes it (names as listed in beep's Arbin column map); values synthetic
    const text = "Data_Point,Date_Time,Test_Time(s),Step_Time(s),Cycle_Index,Step_Index,Current(A),Voltage(V),Charge_Capacity(Ah),Discharge_Capacity(Ah)\n" +
      "1,05/12/2017 03:14:03,0.0,0.0,1,1,0.0,3.30,0.0,0.0\n" + "2,05/12/2017 03:14:13,10.0,10.0,1,2,1.1,3.40,0.003,0.0\n" + "3,05/12/2017 03:14:23,20.0,10.0,1,3,-1.1,3.35,0.003,0.002\n";
    expect(detectFormat(text, "a.csv")).toBe("echem-table");
    const r = parse(text, { file: "a.csv" });
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    expect(Array.from(r.data.timeS)).toEqual([0, 10, 20]);
    expect(Array.from(r.data.currentA)).toEqual([0, 1.1, -1.1]);
    expect(r.data.capacityAh?.[2]).toBeCloseTo(0.001, 15);
  });

  it("LAND-style export: h:mm:ss test time and Cur(mA)", () => {
    const text = "Record Index\tTotal Time(h:min:s.ms)\tCur(mA)\tVoltage(V)\tCapaCity(mAh)\n1\t0:00:00.000\t0.5\t3.1\t0\n2\t0:01:00.500\t0.5\t3.2\t0.008\n3\t25:00:00.000\t0.5\t3.3\t12.5\n";
    const r = parse(text, { file: "land.txt" });
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    expect(Array.from(r.data.timeS)).toEqual([0, 60.5, 90000]);
    expect(r.data.currentA[0]).toBe(0.0005);
    expect(r.data.meta.extra?.["timeColumn"]).toMatch(/h:mm:ss/);
  });

  it("an h:mm:ss time column that restarts (step time) is refused with its line, not read as test time", () => {
    const text = "Step Time(h:min:s.ms),Current(mA),Voltage(V)\n0:00:00.000,1,3\n0:00:10.000,1,3.1\n0:00:00.000,-1,3.1\n".replace("Step Time", "Time");
    expect(() => parse(text, { file: "s.csv" })).toThrow(ParseError);
    expect(() => parse(text, { file: "s.csv" })).toThrow(/s\.csv:4: expected non-decreasing test time/);
  });

  it("a numeric time column that decreases is kept but flagged in meta.extra.warning", () => {
    const r = parse("time/s,I/mA,Ewe/V\n0,1,3\n10,1,3.1\n5,1,3.2\n", { file: "w.csv" });
    if (r.kind !== "cycler") throw new Error("expected cycler data");
    expect(r.data.timeS.length).toBe(3);
    expect(r.data.meta.extra?.["warning"]).toMatch(/time decreases at data row 3/);
  });

  it("a timestamp time column with a garbled row names the line", () => {
    const text = "time/s\tEcell/V\tI/mA\n05/05/2021 15:36:00.000\t3.8\t0\n05/05/2021 xx\t3.9\t1\n";
    expect(() => parse(text, { file: "t.txt" })).toThrow(/t\.txt:3:\d+: expected a date-time/);
  });
});
