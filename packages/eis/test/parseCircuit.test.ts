import { describe, expect, it } from "vitest";
import { OperandoError } from "@operando/core";
import { circuitParameterIndex, CircuitSyntaxError, createCircuit, evaluateCircuit, parseCircuit } from "../src/index.js";

function syntaxError(text: string): CircuitSyntaxError {
  try {
    parseCircuit(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CircuitSyntaxError);
    expect(error).toBeInstanceOf(OperandoError);
    return error as CircuitSyntaxError;
  }
  throw new Error(`expected ${text} not to parse`);
}

describe("parseCircuit", () => {
  it("parses series, nested parallel and indexed names", () => {
    const root = parseCircuit("R0-p(R1,C1)-p(R2-Wo1,C2)");
    expect(root.kind).toBe("series");
    if (root.kind !== "series") return;
    expect(root.children.map((c) => c.kind)).toEqual(["element", "parallel", "parallel"]);
    const last = root.children[2]!;
    expect(last.kind === "parallel" && last.children[0]!.kind).toBe("series");
    const nested = parseCircuit(" p( R1 , p(C1, R2-TLMQ_3) ) ");
    expect(nested.kind).toBe("parallel");
  });

  it("names parameters in impedance.py order with units", () => {
    const c = createCircuit("R0-p(R1,CPE1)-TLMQ0");
    expect(c.parameterNames).toEqual(["R0", "R1", "CPE1_Q", "CPE1_alpha", "TLMQ0_Rion", "TLMQ0_Q", "TLMQ0_alpha"]);
    expect(c.parameterUnits[4]).toBe("Ohm");
    expect(circuitParameterIndex(c, "CPE1_1")).toBe(3);
    expect(circuitParameterIndex(c, "TLMQ0_Rion")).toBe(4);
    expect(() => circuitParameterIndex(c, "R9")).toThrow(/R9/);
  });

  it("evaluates series and parallel combinations exactly", () => {
    const c = createCircuit("R0-p(R1,R2)-p(R3,C1)");
    const f = 10;
    const z = evaluateCircuit(c, [f], [1, 2, 6, 4, 1e-3]);
    const w = 2 * Math.PI * f;
    // p(R3, C1) = R3 / (1 + j w R3 C1)
    const wrc = w * 4 * 1e-3;
    const d = 1 + wrc * wrc;
    // rounding only: the circuit code does a handful of complex operations
    const rtol = 1e-14;
    expect(z.zReal[0]!).toBeCloseTo(1 + 1.5 + 4 / d, 13);
    expect(Math.abs(z.zImag[0]! - (-4 * wrc) / d)).toBeLessThanOrEqual(rtol * 4);
  });

  it.each([
    ["R0-p(R1,C1", 10, /expected "," or "\)"/],
    ["R0-", 3, /element name/],
    ["R0-X1", 3, /known element symbol/],
    ["R0-p(R1)", 7, /at least two branches/],
    ["R0-R0", 3, /unique element name/],
    ["R0)", 2, /end of the circuit/],
    ["", 0, /element name/],
    ["p R1", 2, /"\(" after p/],
    ["R0--C1", 3, /element name/],
  ])("rejects %j at position %i", (text, position, message) => {
    const error = syntaxError(text);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    // the message shows the string and a caret under the position
    const lines = error.message.split("\n");
    expect(lines[1]).toBe(`  ${text}`);
    expect(lines[2]).toBe(`  ${" ".repeat(position)}^`);
  });

  it("rejects wrong parameter counts and bad frequencies when evaluating", () => {
    const c = createCircuit("R0-C0");
    expect(() => evaluateCircuit(c, [1], [1])).toThrow(/2 values/);
    expect(() => evaluateCircuit(c, [0], [1, 1])).toThrow(/frequencyHz\[0\]/);
    expect(() => evaluateCircuit(c, [1], [1, Number.NaN])).toThrow(/C0/);
  });
});
