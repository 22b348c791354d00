// Cycler exports shipped with cellpy's test data (jepegit/cellpy, MIT; verbatim copies or excerpts of
// whole lines in fixtures/, see fixtures/PROVENANCE.md): Maccor text, Neware flat and hierarchical
// CSV, PEC CSV, Battery Data Format (BDF) CSV, cellpy "custom" CSV, cellpy's deliberately broken
// files and its step tables. Expected values are read off the fixture files by eye and converted
// by hand (h:mm:ss -> s, h -> s, mAh -> A h). Sign convention checked: CyclerData current > 0 is
// charge (oxidation), < 0 discharge.
import { readFile } from "node:fs/promises";
import { ParseError, UnsupportedFormatError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { parse, readCycler } from "../src/index.js";
import type { CyclerData } from "@operando/core";
import { fixture } from "./paths.js";

// unit factors (h -> s: 3600, mAh -> A h: 1e-3) and decimal parsing: a few ulps at most
const RTOL_CONVERSION = 1e-12;
// h:mm:ss.fff durations are summed from their parts: exact to ~1e-10 s for test times of days
const ATOL_DURATION_S = 1e-9;

const near = (actual: number | undefined, expected: number, rtol = RTOL_CONVERSION) => {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rtol * Math.abs(expected) + 1e-300);
};

async function cycler(name: string): Promise<CyclerData> {
  return readCycler(fixture(name));
}

describe("cellpy cycler exports", () => {
  it("Maccor text export: d hh:mm:ss test time, state D negates the unsigned Amps and Amp-hr", async () => {
    const d = await cycler("cellpy_maccor_001_excerpt.txt");
    expect(d.timeS.length).toBe(11);
    expect(d.meta.format).toBe("echem-table");
    // row 1: rest, "  0d 00:00:0", 3.46250 V
    expect([d.timeS[0], d.currentA[0], d.voltageV[0]]).toEqual([0, 0, 3.4625]);
    // row 3: first discharge row, "  0d 00:00:5.05000019073486", 0.50401 A, state D
    expect(d.timeS[2]).toBeCloseTo(5.05000019073486, 9);
    expect(d.currentA[2]).toBe(-0.50401);
    expect(d.voltageV[2]).toBe(3.41627);
    // row 8: "  0d 00:02:0.879999995231628", Amp-hr 0.01609 discharged
    expect(Math.abs(d.timeS[7]! - 120.879999995231628)).toBeLessThan(ATOL_DURATION_S);
    expect(d.capacityAh?.[7]).toBe(-0.01609);
    // last row 6704: "  2d 02:52:51.5699996948242", state O (other), 3.55131 V, step 24
    expect(Math.abs(d.timeS.at(-1)! - (2 * 86400 + 2 * 3600 + 52 * 60 + 51.5699996948242))).toBeLessThan(ATOL_DURATION_S);
    expect([d.currentA.at(-1), d.voltageV.at(-1), d.cycle?.at(-1), d.step?.at(-1)]).toEqual([0, 3.55131, 0, 24]);
    expect(d.meta.extra?.["Filename"]).toBe("M50_Validation_0deg_01");
  });

  it("Neware flat CSV: test time from Cumulative Time (not the step-time Time column), signed current, per-step capacity signed by Step Type", async () => {
    const d = await cycler("cellpy_neware_uio_excerpt.csv");
    expect(d.timeS.length).toBe(9);
    expect(d.meta.extra?.["column:time"]).toMatch(/^Cumulative Time/);
    // Cumulative Time 00:00:00, 00:01:00, 00:02:00, 21:35:00, ..., 144:02:18
    expect(Array.from(d.timeS)).toEqual([0, 60, 120, 77700, 77760, 77820, 518418, 518478, 518538]);
    expect([d.voltageV[0], d.voltageV[3], d.voltageV.at(-1)]).toEqual([2.917, 0.1787, 0.4251]);
    // CC DChg rows carry negative current in the file (kept); CC Chg positive
    expect([d.currentA[3], d.currentA.at(-1)]).toEqual([-0.00024868, 0.00099171]);
    expect(d.meta.extra?.["stepTypeColumn"]).toMatch(/agrees with the step type/);
    // Capacity(Ah) is unsigned per step: 0.0023832 on CC DChg becomes -0.0023832
    expect([d.capacityAh?.[3], d.capacityAh?.at(-1)]).toEqual([-0.0023832, 0.00143796]);
    expect([d.cycle?.[0], d.cycle?.[3], d.cycle?.at(-1)]).toEqual([1, 1, 4]);
    expect(d.step?.at(-1)).toBe(13);
  });

  it("Neware hierarchical CSV, Cycle Index / Step Index / DataPoint dialect with the first step row on the cycle line", async () => {
    const r = parse(await readFile(fixture("cellpy_nw_regular_export_ife_example_excerpt.csv")), { file: "cellpy_nw_regular_export_ife_example_excerpt.csv" });
    expect(r.kind).toBe("cycler");
    expect(r.format).toBe("neware-csv");
    if (r.kind !== "cycler") return;
    const d = r.data;
    expect(d.timeS.length).toBe(24);
    // Total Time: records 1-11 at 0..20 s (rest), record 12 at 00:00:20 (CC Chg start), record 24 at 00:03:13
    expect([d.timeS[0], d.timeS[10], d.timeS[11], d.timeS[12], d.timeS.at(-1)]).toEqual([0, 20, 20, 50, 193]);
    expect([d.currentA[10], d.currentA[11], d.currentA[12]]).toEqual([0, 0.5, 0.47417]);
    expect([d.voltageV[0], d.voltageV[20], d.voltageV.at(-1)]).toEqual([4.3185, 4.7, 4.5239]);
    expect(d.capacityAh?.[20]).toBe(0.022564143);
    expect(Array.from(d.step!)).toEqual([...Array(11).fill(1), ...Array(10).fill(2), 3, 3, 3]);
    expect(new Set(d.cycle)).toEqual(new Set([1]));
    expect(d.meta.startTime).toBe("2026-03-06T12:37:25");
  });

  it("PEC CSV: Total Time (Hours in hh:mm:ss.xxx) is the time (not the Test ID column), capacities in mAh", async () => {
    const d = await cycler("cellpy_Test25205_excerpt.csv");
    expect(d.timeS.length).toBe(7);
    expect(d.meta.extra?.["column:time"]).toBe("Total Time (Hours in hh:mm:ss.xxx)");
    const expectedTimeS = [0.002, 1, 10, 3600, 19 * 3600 + 28 * 60 + 58.3, 19 * 3600 + 28 * 60 + 58.301, 19 * 3600 + 41 * 60 + 58.98];
    expectedTimeS.forEach((t, i) => expect(Math.abs(d.timeS[i]! - t)).toBeLessThan(ATOL_DURATION_S));
    expect([d.voltageV[0], d.voltageV.at(-1)]).toEqual([3.6824952, 0.0639655]);
    expect(d.currentA.every((i) => i === 0)).toBe(true); // an OCV test: Current (A) is 0 in every row
    // net charge = Charge Capacity - Discharge Capacity (mAh -> A h): 0 - 0.001 and 0.012 - 0.021
    near(d.capacityAh?.[3], -0.001e-3);
    near(d.capacityAh?.at(-1), (0.012 - 0.021) * 1e-3);
    expect([d.cycle?.[0], d.cycle?.at(-1), d.step?.[0], d.step?.at(-1)]).toEqual([0, 0, 0, 1]);
    // "Key:,value" preamble: the comma after the colon is not part of the value
    expect(d.meta.extra?.["Test"]).toBe(25205);
    expect(d.meta.extra?.["TestRegime Name"]).toBe("OCV generic long HP");
  });

  it("BDF CSV (BattMo output): hours to s, discharge-positive current negated to charge > 0, Cycle Count", async () => {
    const d = await cycler("cellpy_batmo_bdf_excerpt.csv");
    expect(d.timeS.length).toBe(19);
    near(d.timeS[0], 0.138888888888889 * 3600);
    near(d.timeS.at(-1), 392.077777777778 * 3600);
    // the file has discharge rows at +0.00605515800906498 A and charge rows at -0.00605515800906498 A
    expect(d.meta.extra?.["stepTypeColumn"]).toMatch(/^current negated/);
    expect([d.currentA[0], d.currentA[6], d.currentA[11], d.currentA.at(-5)]).toEqual([-0.00605515800906498, 0, 0.00605515800906498, -0.0605515800906498]);
    expect(Object.is(d.currentA[6], -0)).toBe(false);
    expect([d.voltageV[0], d.voltageV.at(-1)]).toEqual([3.31121478737747, 3.00654798557344]);
    // net capacity = Charge Capacity - Discharge Capacity (A h)
    expect([d.capacityAh?.[1], d.capacityAh?.[12]]).toEqual([-0.000840994167925692, 0.000840994167925692]);
    expect([d.cycle?.[0], d.cycle?.at(-1), d.step?.[0], d.step?.at(-1)]).toEqual([1, 109, 1, 5]);
  });

  it("cellpy custom CSV: ';' table after a 19-line preamble, spreadsheet-mangled step_time text not needed", async () => {
    const d = await cycler("cellpy_custom_data_001_excerpt.csv");
    expect(d.timeS.length).toBe(13);
    expect([d.timeS[0], d.timeS.at(-1)]).toEqual([120.001, 3602.465792]);
    expect([d.currentA[4], d.currentA[5]]).toEqual([0, 0.000182940625]); // rest, then charge (step 2)
    expect([d.voltageV[0], d.voltageV.at(-1)]).toEqual([1.13625813, 1.63842678]);
    expect(d.capacityAh?.[5]).toBe(1.32124e-10);
    expect([d.step?.[4], d.step?.[5], d.cycle?.at(-1)]).toEqual([1, 2, 1]);
  });

  it("cellpy custom_good_small and custom_missing_cycle (a cycle gap is data, not an error)", async () => {
    const good = await cycler("cellpy_custom_good_small.csv");
    expect(good.timeS.length).toBe(60);
    expect([good.timeS[0], good.timeS.at(-1), good.voltageV[0], good.voltageV.at(-1)]).toEqual([120, 3600.96, 1.14, 1.54]);
    const gap = await cycler("cellpy_custom_missing_cycle.csv");
    expect(gap.timeS.length).toBe(40);
    expect([gap.cycle?.[19], gap.cycle?.[20], gap.timeS[19], gap.timeS[20]]).toEqual([1, 3, 2400.03, 3600.23]);
  });
});

describe("cellpy files that are refused", () => {
  const rejection = async (name: string): Promise<unknown> => readCycler(fixture(name)).then(() => undefined, (e: unknown) => e);

  it("custom_missing_column: ParseError at the header line naming the missing voltage column", async () => {
    const e = await rejection("unsupported/cellpy_custom_missing_column.csv");
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(20);
    expect((e as ParseError).expected).toMatch(/a voltage column for cycler data \(found time and current\)/);
  });

  it("custom_nan_inf: ParseError at the empty voltage field (line 24)", async () => {
    const e = await rejection("unsupported/cellpy_custom_nan_inf.csv");
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(24);
    expect((e as ParseError).expected).toBe("a number in column 8");
    expect((e as ParseError).found).toBe("an empty field");
  });

  it("custom_truncated: ParseError at the cut last row (line 80)", async () => {
    const e = await rejection("unsupported/cellpy_custom_truncated.csv");
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).line).toBe(80);
    expect((e as ParseError).expected).toMatch(/10 fields per row/);
  });

  it.each(["unsupported/cellpy_steps.csv", "unsupported/cellpy_steps_short.csv"])("%s: a per-step summary, not a time series", async (name) => {
    const e = await rejection(name);
    expect(e).toBeInstanceOf(UnsupportedFormatError);
    expect((e as Error).message).toMatch(/a per-step summary, not a time series/);
    // also when the table reader is forced
    const forced = await readCycler(fixture(name), { format: "echem-table" }).then(() => undefined, (err: unknown) => err);
    expect(forced).toBeInstanceOf(UnsupportedFormatError);
  });
});

describe("step-type sign rules", () => {
  it("unsigned currents with a Step Type column: discharge-step rows are negated", () => {
    const text = "Time (s),Step Type,Current (A),Voltage (V)\n0,CC Chg,0.5,3.5\n10,Rest,0,3.6\n20,CC DChg,0.5,3.4\n";
    const r = parse(text, { file: "unsigned.csv" });
    if (r.kind !== "cycler") throw new Error("expected a cycler record");
    expect(Array.from(r.data.currentA)).toEqual([0.5, 0, -0.5]);
    expect(r.data.meta.extra?.["stepTypeColumn"]).toMatch(/unsigned/);
  });

  it("a current that disagrees with the step type on some rows only is left as recorded, with a warning", () => {
    const text = "Time (s),Step Type,Current (A),Voltage (V)\n0,CC Chg,0.5,3.5\n10,CC Chg,-0.5,3.6\n20,CC DChg,0.5,3.4\n30,CC DChg,-0.5,3.4\n";
    const r = parse(text, { file: "mixed.csv" });
    if (r.kind !== "cycler") throw new Error("expected a cycler record");
    expect(Array.from(r.data.currentA)).toEqual([0.5, -0.5, 0.5, -0.5]);
    expect(r.data.meta.extra?.["stepTypeColumn"]).toMatch(/^warning/);
  });
});
