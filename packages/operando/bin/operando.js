#!/usr/bin/env node
// The `operando` command. Uses the built CLI (dist) when present; in a source checkout without
// a build, runs the TypeScript sources through tsx with the "source" export condition.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cliRoot = dirname(require.resolve("@operando/cli/package.json"));
const built = join(cliRoot, "dist", "main.js");
if (existsSync(built)) {
  await import(built);
} else {
  const tsxLoader = require.resolve("tsx", { paths: [here, process.cwd()] });
  const result = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", tsxLoader.startsWith("/") ? `file://${tsxLoader}` : tsxLoader, join(cliRoot, "src", "main.ts"), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exitCode = result.status ?? 1;
}
