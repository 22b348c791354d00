import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { auditDocs, formatDocFindings, listPackages } from "./check-docs.js";

describe("TSDoc on every exported symbol (conventions.md §4)", () => {
  const root = fileURLToPath(new URL("..", import.meta.url));

  it("every package's public surface is documented", () => {
    const { findings, audited } = auditDocs(root);
    // Guard against a vacuous pass (e.g. module resolution failing and yielding no exports):
    // every package with a src/index.ts must have contributed audited declarations, except the
    // umbrella `operando`, whose exports are all re-exports declared in the other packages.
    for (const pkg of listPackages(root).filter((p) => p !== "operando")) expect(audited[pkg] ?? 0, pkg).toBeGreaterThan(0);
    const missing = findings.filter((f) => f.category === "missing-doc");
    expect(formatDocFindings(missing)).toEqual([]);
  });

  it("every exported function documents each parameter and its return value", () => {
    const { findings } = auditDocs(root);
    expect(formatDocFindings(findings.filter((f) => f.category !== "missing-doc"))).toEqual([]);
  });
});

describe("auditDocs detects documentation gaps", () => {
  const root = mkdtempSync(join(tmpdir(), "check-docs-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "packages", "demo", "src"), { recursive: true });
  const src = join(root, "packages", "demo", "src");
  writeFileSync(
    join(src, "index.ts"),
    [
      'export { documented, bare, noParam, noReturns, logs, LIMIT, UNDOCUMENTED_CONST, arrow } from "./a.js";',
      'export type { Shape, Alias } from "./a.js";',
      'export { Thing as RenamedThing } from "./b.js";',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(src, "a.ts"),
    [
      "/**",
      " * Doubles a length.",
      " * @param lengthM - length (m)",
      " * @returns 2 lengthM (m)",
      " */",
      "export function documented(lengthM: number): number { return 2 * lengthM; }",
      "// A line comment is not TSDoc.",
      "export function bare(): number { return 1; }",
      "/** Adds. @returns the sum */",
      "export function noParam(a: number, b: number): number { return a + b; }",
      "/** Negates. @param a - value */",
      "export function noReturns(a: number): number { return -a; }",
      "/** Logs. @param text - message */",
      "export function logs(text: string): void { void text; }",
      "/** Upper bound (1). */",
      "export const LIMIT = 1;",
      "export const UNDOCUMENTED_CONST = 2;",
      "/** Squares. @param x - value */",
      "export const arrow = (x: number): number => x * x;",
      "/**  */",
      "export interface Shape { readonly n: number }",
      "/** A shape alias. */",
      "export type Alias = Shape;",
      "",
    ].join("\n"),
  );
  writeFileSync(join(src, "b.ts"), "export class Thing {}\n");

  const { findings, audited } = auditDocs(root, { packages: ["demo"] });
  const by = (category: string) =>
    findings
      .filter((f) => f.category === category)
      .map((f) => `${f.kind} ${f.symbol}`)
      .sort();

  it("follows re-exports (including renamed ones) to each declaration", () => {
    expect(audited).toEqual({ demo: 11 });
  });
  it("reports exports without a TSDoc summary as missing-doc", () => {
    // An empty `/** */` counts as missing; a renamed re-export is reported by its declared name.
    expect(by("missing-doc")).toEqual(["class Thing", "const UNDOCUMENTED_CONST", "function bare", "interface Shape"]);
  });
  it("reports a missing @param per parameter", () => {
    expect(findings.filter((f) => f.category === "missing-param").map((f) => f.detail)).toEqual([
      "no @param for parameter a",
      "no @param for parameter b",
    ]);
  });
  it("reports a missing @returns for non-void functions only (arrow consts included)", () => {
    expect(by("missing-returns")).toEqual(["const arrow", "function noReturns"]);
  });
  it("gives repository-relative file and line", () => {
    const bare = findings.find((f) => f.symbol === "bare");
    expect(bare).toMatchObject({ pkg: "demo", file: "packages/demo/src/a.ts", line: 8 });
  });
});
