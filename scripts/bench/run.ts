// `npm run bench -- <name...>` runs scripts/bench/<name>.ts; without names it runs them all.
// Each bench script prints its own table: throughput and ratios against anchors measured in
// the same run (never absolute seconds compared to a constant).
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();
const requested = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = requested.length > 0 ? requested : available;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: unknown benchmark "${name}"; available: ${available.join(", ")}`);
    process.exitCode = 2;
    continue;
  }
  console.log(`\n=== bench ${name} ===`);
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { main?: () => Promise<void> | void };
  if (typeof mod.main === "function") await mod.main();
}
