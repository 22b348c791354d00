import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readmeQuickExample } from "./readme-quick-example.js";

describe("README quick example", () => {
  it("runs on the bundled fixtures and gives a layer table", async () => {
    const rows = await readmeQuickExample(fileURLToPath(new URL("../../fixtures/demo", import.meta.url)));
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      // The first two times are at the start of discharge: x is small (a few percent at most).
      expect(Number(r["x"])).toBeGreaterThanOrEqual(-0.02);
      expect(Number(r["x"])).toBeLessThan(0.15);
    }
  });
});
