import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// After a build the pool loads dist/fitWorker.js next to the bundle (no tsx). This test bundles
// the package the way tsup does (ESM, code splitting, entries index + fitWorker) into a
// temporary directory inside the package (so node_modules resolve) and runs a parallel fit in a
// plain node process.
describe("fitPatternsParallel after a build", () => {
  it("finds and runs the compiled worker", async () => {
    const pkg = fileURLToPath(new URL("..", import.meta.url));
    const out = mkdtempSync(join(pkg, ".build-test-"));
    try {
      await build({
        entryPoints: { index: join(pkg, "src/index.ts"), fitWorker: join(pkg, "src/fitWorker.ts") },
        outdir: out,
        bundle: true,
        splitting: true,
        format: "esm",
        platform: "node",
        target: "node20",
        conditions: ["source"],
        external: ["piscina", "arquero"],
        logLevel: "silent",
      });
      const script = join(out, "run.mjs");
      writeFileSync(
        script,
        `import { fitPatternsParallel } from "./index.js";
const n = 400;
const x = Float64Array.from({ length: n }, (_, i) => i * 0.01);
const y = x.map((v) => 40 + 500 * Math.exp(-4 * Math.LN2 * ((v - 2) / 0.1) ** 2) + 10 * Math.sin(37 * v));
const r = await fitPatternsParallel([{ axis: "q", x, y, meta: {} }, { axis: "q", x, y, meta: {} }], { peaks: 1, shape: "gaussian", threads: 2 });
console.log(JSON.stringify({ rows: r.table.numRows(), center: r.table.get("p0_center", 1), flags: r.entries.map((e) => e.flags) }));
`,
      );
      const stdout = execFileSync(process.execPath, [script], { encoding: "utf8", timeout: 120_000 });
      const result = JSON.parse(stdout.trim().split("\n").pop()!) as { rows: number; center: number; flags: string[][] };
      expect(result.rows).toBe(2);
      // noiseless-ish Gaussian at x = 2 with a small ripple: centre within 1e-3
      expect(Math.abs(result.center - 2)).toBeLessThan(1e-3);
      expect(result.flags).toEqual([[], []]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
