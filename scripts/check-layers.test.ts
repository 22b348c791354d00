import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findLayerViolations } from "./check-layers.js";

describe("package layering (architecture.md)", () => {
  it("the repository has no upward imports", () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    expect(findLayerViolations(root)).toEqual([]);
  });
  it("detects an upward import", () => {
    const root = mkdtempSync(join(tmpdir(), "layers-"));
    mkdirSync(join(root, "packages", "core", "src"), { recursive: true });
    writeFileSync(join(root, "packages", "core", "src", "a.ts"), 'import { x } from "@operando/plot";\n');
    expect(findLayerViolations(root)).toEqual(["packages/core/src/a.ts: core (layer 0) imports plot (layer 5)"]);
  });
});
