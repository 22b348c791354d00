import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERANDO_VERSION } from "../src/index.js";

describe("OPERANDO_VERSION", () => {
  it("matches the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(OPERANDO_VERSION).toBe(pkg.version);
  });
});
