#!/usr/bin/env node
// The `operando` command. In a source checkout (tsx installed, TypeScript sources present) it
// runs the sources through tsx with the "source" export condition, so it always reflects the
// working tree; an installed package (no tsx) runs the built dist/. OPERANDO_USE_DIST=1 forces
// the build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cliRoot = dirname(require.resolve("@operando/cli/package.json"));
const sources = join(cliRoot, "src", "main.ts");
const built = join(cliRoot, "dist", "main.js");

function resolveTsx() {
  try {
    return require.resolve("tsx", { paths: [here, process.cwd()] });
  } catch {
    return undefined;
  }
}

const tsx = process.env.OPERANDO_USE_DIST === "1" ? undefined : resolveTsx();
if (tsx !== undefined && existsSync(sources)) {
  const result = spawnSync(process.execPath, ["--conditions=source", "--import", pathToFileURL(tsx).href, sources, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} else if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  console.error("operando: neither the built CLI (dist/main.js) nor tsx + sources were found; run `npm run build`.");
  process.exitCode = 1;
}
