// The shared number scanner must agree with Number() bit for bit on every decimal text it accepts,
// and reject what is not a number. Exact equality: both produce the correctly rounded double.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseXy } from "../src/index.js";

describe("shared line/number scanner (through parseXy)", () => {
  it("parses any double's shortest text and exponent forms exactly like Number()", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (a, b) => {
        const texts = [String(a), a.toExponential(), a.toExponential(8), a.toFixed(Math.abs(a) < 1e20 ? 6 : 0)];
        for (const t of texts) {
          // axis "channel": any x is allowed (a twoTheta axis refuses |x| > 180 deg)
          const p = parseXy(`${t} ${b}\n`, { file: "prop.xy", axis: "channel" });
          expect(p.x[0]).toBe(Number(t));
          expect(p.y[0]).toBe(Number(String(b)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reads Fortran D exponents, leading '+', '.5', and long mantissas", () => {
    const p = parseXy("1.5D+02 +3.25\n.5 12345678901234567890.123\n0.00000000000000000000123 -0\n", { file: "a.xy" });
    expect(Array.from(p.x)).toEqual([150, 0.5, 1.23e-21]);
    expect(Array.from(p.y)).toEqual([3.25, 12345678901234567890.123, -0]);
  });

  it("handles BOM, CRLF, blank lines and a missing final newline", () => {
    const p = parseXy("\uFEFF# 2th_deg I\r\n1 2\r\n\r\n3 4", { file: "a.xy" });
    expect(Array.from(p.x)).toEqual([1, 3]);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("1 2\r\n3 4\r\n")]);
    expect(Array.from(parseXy(bytes, { file: "b.xy" }).y)).toEqual([2, 4]);
  });

  it("decimal comma option", () => {
    const p = parseXy("1,5 2,25\n3,0 4\n", { file: "c.xy", decimalComma: true });
    expect(Array.from(p.x)).toEqual([1.5, 3]);
    expect(Array.from(p.y)).toEqual([2.25, 4]);
  });

  it("rejects malformed numbers with file:line:column", () => {
    for (const bad of ["1.2.3 4", "1e 4", "- 4", "12abc 4", "1 nan", "1 inf", "1 1e999"]) {
      expect(() => parseXy(`0 1\n${bad}\n`, { file: "bad.xy" })).toThrow(/^bad\.xy:2:\d+: expected a finite number/);
    }
  });
});
