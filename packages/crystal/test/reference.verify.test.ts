import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../scripts/reference/crystal-reference.py", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/crystal-reference.json", import.meta.url));
const python = "/usr/bin/python3";

function hasModules(): boolean {
  if (!existsSync(python)) return false;
  try {
    execFileSync(python, ["-c", "import spglib, pyFAI, periodictable"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("crystal reference fixture", () => {
  it.skipIf(!hasModules())("is reproduced by scripts/reference/crystal-reference.py (spglib, pyFAI, periodictable)", () => {
    const saved = join(mkdtempSync(join(tmpdir(), "crystal-ref-")), "saved.json");
    copyFileSync(fixture, saved);
    try {
      execFileSync(python, [script], { stdio: "ignore" });
      const fresh = JSON.parse(readFileSync(fixture, "utf8")) as { operations: unknown; calibrants: unknown; formFactors: unknown };
      const committed = JSON.parse(readFileSync(saved, "utf8")) as typeof fresh;
      expect(fresh.operations).toEqual(committed.operations);
      expect(fresh.calibrants).toEqual(committed.calibrants);
      expect(fresh.formFactors).toEqual(committed.formFactors);
    } finally {
      copyFileSync(saved, fixture);
      rmSync(saved);
    }
  });
});
