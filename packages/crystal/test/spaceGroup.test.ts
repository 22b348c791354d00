import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InvalidParameterError } from "@operando/core";
import { describe, expect, it } from "vitest";
import { centringSpaceGroup, getSpaceGroup, isSystematicallyAbsent, SUPPORTED_SPACE_GROUPS } from "../src/index.js";

interface OpsFixture {
  operations: Record<string, { hall: number; number: number; operations: { rotation: number[]; translation: number[] }[] }>;
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/crystal-reference.json", import.meta.url)), "utf8")) as OpsFixture;

const key = (r: readonly number[], t: readonly number[]): string => `${r.join(",")}|${t.map((v) => Math.round(v * 48) % 48).join(",")}`;

describe("space-group operations", () => {
  it.each(SUPPORTED_SPACE_GROUPS.map((g) => g.symbol))("%s equals the spglib Hall-database operation set", (symbol) => {
    const group = getSpaceGroup(symbol);
    const ref = fixture.operations[symbol];
    expect(ref).toBeDefined();
    expect(group.number).toBe(ref!.number);
    const ours = new Set(group.operations.map((o) => key(o.rotation, o.translation)));
    const theirs = new Set(ref!.operations.map((o) => key(o.rotation, o.translation)));
    expect(ours.size).toBe(theirs.size);
    for (const k of theirs) expect(ours.has(k)).toBe(true);
  });
});

describe("reflection conditions (ITA Vol. A general conditions)", () => {
  it.each(SUPPORTED_SPACE_GROUPS.map((g) => g.symbol))("%s: hand-coded conditions equal the extinctions implied by the operations", (symbol) => {
    const g = getSpaceGroup(symbol);
    for (let h = -8; h <= 8; h++)
      for (let k = -8; k <= 8; k++)
        for (let l = -8; l <= 8; l++) {
          if (h === 0 && k === 0 && l === 0) continue;
          if (g.isAllowed(h, k, l) === isSystematicallyAbsent(g, h, k, l)) throw new Error(`${symbol} ${h}${k}${l}`);
        }
  });

  it("Fm-3m: all even or all odd", () => {
    const g = getSpaceGroup(225);
    expect([g.isAllowed(1, 1, 1), g.isAllowed(2, 0, 0), g.isAllowed(2, 2, 0), g.isAllowed(3, 1, 1)]).toEqual([true, true, true, true]);
    expect([g.isAllowed(1, 0, 0), g.isAllowed(1, 1, 0), g.isAllowed(2, 1, 0), g.isAllowed(2, 1, 1)]).toEqual([false, false, false, false]);
  });

  it("Fd-3m: 200 and 420 forbidden, 400 and 220 allowed", () => {
    const g = getSpaceGroup("Fd-3m");
    expect(g.isAllowed(2, 0, 0)).toBe(false);
    expect(g.isAllowed(0, 0, 2)).toBe(false);
    expect(g.isAllowed(4, 2, 0)).toBe(false);
    expect(g.isAllowed(4, 0, 0)).toBe(true);
    expect(g.isAllowed(2, 2, 0)).toBe(true);
    expect(g.isAllowed(1, 1, 1)).toBe(true);
    expect(g.isAllowed(2, 2, 2)).toBe(true); // general position allows it; Si 8a makes F = 0
  });

  it("Amma (delta-LiV2O5 setting): A centring, hk0 needs h and k even, h0l needs l even", () => {
    const g = getSpaceGroup("Amma");
    expect(g.centring).toBe("A");
    expect(g.isAllowed(0, 0, 2)).toBe(true);
    expect(g.isAllowed(1, 0, 2)).toBe(true);
    expect(g.isAllowed(0, 0, 1)).toBe(false);
    expect(g.isAllowed(1, 1, 0)).toBe(false);
    expect(g.isAllowed(2, 0, 0)).toBe(true);
    expect(g.isAllowed(1, 0, 1)).toBe(false);
    expect(g.isAllowed(0, 1, 1)).toBe(true);
  });

  it("Pmmn: 100 absent, 110 and 001 present; Pnma 010 absent; P2_1/m 010 absent; C2/m 110 present", () => {
    expect(getSpaceGroup("Pmmn").isAllowed(1, 0, 0)).toBe(false);
    expect(getSpaceGroup("Pmmn").isAllowed(1, 1, 0)).toBe(true);
    expect(getSpaceGroup("Pmmn").isAllowed(0, 0, 1)).toBe(true);
    expect(getSpaceGroup("Pnma").isAllowed(0, 1, 0)).toBe(false);
    expect(getSpaceGroup("P21/m").isAllowed(0, 1, 0)).toBe(false);
    expect(getSpaceGroup("P 1 21/m 1").isAllowed(0, 2, 0)).toBe(true);
    expect(getSpaceGroup("C2/m").isAllowed(1, 1, 0)).toBe(true);
    expect(getSpaceGroup("C2/m").isAllowed(1, 0, 0)).toBe(false);
  });

  it("centring-only fallback applies only the lattice-centring condition", () => {
    const g = centringSpaceGroup("I", "tetragonal");
    expect(g.isAllowed(1, 1, 0)).toBe(true);
    expect(g.isAllowed(1, 0, 0)).toBe(false);
    expect(g.laueRotations).toHaveLength(16);
    for (let h = -4; h <= 4; h++) for (let k = -4; k <= 4; k++) for (let l = -4; l <= 4; l++) if (h || k || l) expect(g.isAllowed(h, k, l)).toBe(!isSystematicallyAbsent(g, h, k, l));
    const r = centringSpaceGroup("R", "hexagonal");
    expect(r.isAllowed(1, 0, 1)).toBe(true);
    expect(r.isAllowed(1, 0, 0)).toBe(false);
    expect(() => centringSpaceGroup("R", "cubic")).toThrow(InvalidParameterError);
  });

  it("unknown groups raise a typed error naming the parameter", () => {
    expect(() => getSpaceGroup("P6_3/mmc")).toThrow(/spaceGroup/);
    expect(() => getSpaceGroup(230)).toThrow(InvalidParameterError);
  });
});
