// README examples are code: every ```ts block of the root README.md and of packages/*/README.md
// must type-check against the sources (repo compiler options, "source" condition), and blocks
// marked `<!-- runnable -->` on the line before the fence must also run to exit code 0 (tsx,
// cwd = repo root, so paths such as `fixtures/...` and `../shared/data/real/...` resolve as
// written). A fragment (a signature sketch, code that needs a variable from elsewhere) is marked
// `<!-- not-runnable: reason -->` and skipped. Every package README must hold at least one
// runnable block (the project rule: "every package has a README with a runnable example").
// Blocks are written to the git-ignored `.readme-check/` folder.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT_DIR = join(ROOT, ".readme-check");
/** Per-block run limit: the slowest example (a cell simulation) takes a few seconds on a loaded 2-core machine. */
const RUN_TIMEOUT_MS = 45_000;
/** Blocks run two at a time (the machine has 2 cores, shared). */
const RUN_CONCURRENCY = 2;

type Mode = "check" | "run" | "skip";

interface ReadmeBlock {
  /** README path relative to the repo root. */
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  readonly mode: Mode;
  /** The reason given in `<!-- not-runnable: reason -->`. */
  readonly reason?: string;
  /** File the block is written to (absolute). */
  readonly file: string;
}

/** Extracts ```ts / ```typescript blocks with the marker comment on the last non-blank line before each fence. */
function extractBlocks(readmeAbs: string): ReadmeBlock[] {
  const readme = relative(ROOT, readmeAbs).split("\\").join("/");
  const lines = readFileSync(readmeAbs, "utf8").split(/\r?\n/);
  const blocks: ReadmeBlock[] = [];
  let inFence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (inFence !== undefined) {
      if (line.trim().startsWith(inFence)) inFence = undefined;
      continue;
    }
    if (fence === null) continue;
    inFence = fence[2]!;
    const lang = fence[3]!.toLowerCase();
    if (lang !== "ts" && lang !== "typescript") continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trim().startsWith(inFence); j++) body.push(lines[j]!);
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === "") k--;
    const marker = k >= 0 ? lines[k]!.trim() : "";
    const skip = /^<!--\s*not-runnable:\s*(.+?)\s*-->$/.exec(marker);
    const mode: Mode = skip !== null ? "skip" : /^<!--\s*runnable\s*-->$/.test(marker) ? "run" : "check";
    const slug = readme.replace(/\/README\.md$|README\.md$/, "").replace(/[^\w]+/g, "_") || "root";
    const file = join(OUT_DIR, `${slug}_L${i + 1}.ts`);
    blocks.push({ readme, line: i + 1, code: body.join("\n"), mode, ...(skip !== null ? { reason: skip[1]! } : {}), file });
    i = j;
    inFence = undefined;
  }
  return blocks;
}

function readmes(): string[] {
  const pkgs = readdirSync(join(ROOT, "packages"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(ROOT, "packages", e.name, "package.json")))
    .map((e) => e.name)
    .sort();
  return [join(ROOT, "README.md"), ...pkgs.map((p) => join(ROOT, "packages", p, "README.md"))];
}

/** Repository compiler options (tsconfig.json -> tsconfig.base.json), without emit. */
function compilerOptions(): ts.CompilerOptions {
  const read = ts.readConfigFile(join(ROOT, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, declaration: false, declarationMap: false, sourceMap: false };
}

function runBlock(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=source", file],
      { cwd: ROOT, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, output: `${stdout}\n${stderr}`.trim() });
      },
    );
  });
}

const allBlocks = readmes().flatMap((r) => (existsSync(r) ? extractBlocks(r) : []));
const checked = allBlocks.filter((b) => b.mode !== "skip");
const diagnostics = new Map<string, string[]>();
const runs = new Map<string, Promise<{ code: number | null; output: string }>>();

beforeAll(() => {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  // `export {}` makes each block a module (top-level await, no clashes between blocks).
  for (const b of checked) writeFileSync(b.file, `${b.code}\nexport {};\n`);
  const program = ts.createProgram({ rootNames: checked.map((b) => b.file), options: compilerOptions() });
  for (const b of checked) {
    const source = program.getSourceFile(b.file)!;
    const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const at = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      // Report the README line: the block's first code line is fence line + 1.
      return `${b.readme}:${b.line + at}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    diagnostics.set(b.file, found);
  }
  // Start the runnable blocks now, RUN_CONCURRENCY at a time; each test awaits its own.
  const queue = checked.filter((b) => b.mode === "run");
  let next = 0;
  const slots: Promise<void>[] = [];
  const started = new Map<string, (r: { code: number | null; output: string }) => void>();
  for (const b of queue) runs.set(b.file, new Promise((resolve) => started.set(b.file, resolve)));
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const b = queue[next++]!;
      started.get(b.file)!(await runBlock(b.file));
    }
  };
  for (let s = 0; s < RUN_CONCURRENCY; s++) slots.push(worker());
}, 120_000);

describe("README ts blocks type-check", () => {
  it("found README blocks to check", () => {
    expect(checked.length).toBeGreaterThan(0);
  });
  for (const b of allBlocks) {
    const title = `${b.readme}:${b.line}`;
    if (b.mode === "skip") {
      it.skip(`${title} (not-runnable: ${b.reason})`, () => undefined);
      continue;
    }
    it(`${title} type-checks`, () => {
      expect(diagnostics.get(b.file)).toEqual([]);
    });
  }
});

describe("README blocks marked runnable run to exit code 0", () => {
  it("found runnable README blocks", () => {
    expect(allBlocks.some((b) => b.mode === "run")).toBe(true);
  });
  for (const b of allBlocks.filter((x) => x.mode === "run")) {
    it(`${b.readme}:${b.line} runs`, async () => {
      const result = await runs.get(b.file)!;
      expect(result.code, result.output.slice(-4000)).toBe(0);
    }, 2 * RUN_TIMEOUT_MS + 10_000);
  }
});

describe("every package README has a runnable example", () => {
  const pkgReadmes = readmes().filter((r) => r !== join(ROOT, "README.md"));
  for (const r of pkgReadmes) {
    const rel = relative(ROOT, r);
    it(rel, () => {
      expect(existsSync(r), `${rel} is missing`).toBe(true);
      expect(allBlocks.filter((b) => b.readme === rel && b.mode === "run").length, `${rel} has no <!-- runnable --> ts block`).toBeGreaterThan(0);
    });
  }
});

describe("README block extraction", () => {
  it("reads markers on the line before the fence and ignores other languages", () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const md = join(OUT_DIR, "sample.md");
    writeFileSync(
      md,
      ["# x", "```sh", "echo 1", "```", "<!-- runnable -->", "```ts", "const a = 1;", "```", "", "<!-- not-runnable: fragment -->", "", "```typescript", "f(a);", "```", "```ts", "let b;", "```", ""].join("\n"),
    );
    const blocks = extractBlocks(md).map((b) => ({ line: b.line, mode: b.mode, code: b.code, reason: b.reason }));
    expect(blocks).toEqual([
      { line: 6, mode: "run", code: "const a = 1;", reason: undefined },
      { line: 12, mode: "skip", code: "f(a);", reason: "fragment" },
      { line: 15, mode: "check", code: "let b;", reason: undefined },
    ]);
  });
});
