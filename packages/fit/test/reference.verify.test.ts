// Re-runs the python reference scripts (when /usr/bin/python3 with lmfit/scipy is present) and
// checks that the committed fixtures are reproducible from them.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PYTHON = "/usr/bin/python3";
function hasModules(...modules: string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function regenerate(script: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), "operando-fit-ref-"));
  try {
    const out = join(dir, "out.json");
    execFileSync(PYTHON, [fileURLToPath(new URL(`../../../scripts/reference/${script}`, import.meta.url)), out], { stdio: "ignore" });
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function committed(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8"));
}

/** Deep comparison with a relative tolerance on numbers. */
function close(a: unknown, b: unknown, rtol: number, path = "$"): void {
  if (typeof a === "number" && typeof b === "number") {
    expect(Math.abs(a - b), path).toBeLessThanOrEqual(rtol * Math.max(Math.abs(a), Math.abs(b), 1e-300));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((v, i) => close(v, b[i], rtol, `${path}[${i}]`));
    return;
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    for (const key of Object.keys(a)) close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], rtol, `${path}.${key}`);
    return;
  }
  expect(a, path).toEqual(b);
}

// Same library versions and seeds: the regenerated numbers equal the committed ones up to
// floating-point summation order (1e-9 relative).
const RTOL_REPRODUCE = 1e-9;

describe.skipIf(!hasModules("lmfit", "scipy"))("python reference fixtures are reproducible", () => {
  it("lmfit-reference.json", () => {
    const fresh = regenerate("fit-lmfit.py") as { cases: unknown[] };
    const old = committed("lmfit-reference.json") as { cases: { nfev?: number }[] };
    close(fresh.cases, old.cases, RTOL_REPRODUCE);
  });
  it("faddeeva-scipy.json", () => {
    const fresh = regenerate("fit-faddeeva.py") as { points: unknown[] };
    close(fresh.points, (committed("faddeeva-scipy.json") as { points: unknown[] }).points, RTOL_REPRODUCE);
  });
});
