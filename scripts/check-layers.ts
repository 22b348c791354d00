// Enforces the architecture's layering (../shared/docs/architecture.md): a package may import
// only from packages in lower layers (and itself). Also forbids `io` <-> `fit` and any science
// package importing `plot` or `cli`. Exits non-zero listing every violation.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Layer of each package (architecture.md table). */
export const LAYERS: Readonly<Record<string, number>> = {
  core: 0,
  io: 1,
  fit: 1,
  crystal: 1,
  calibrate: 2,
  eis: 2,
  mesoscale: 2,
  phasefield: 2,
  simulate: 3,
  phases: 3,
  maps: 4,
  plot: 5,
  cli: 6,
  operando: 7,
};

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

/** Lists layering violations under `root/packages/<pkg>/src`. */
export function findLayerViolations(root: string): string[] {
  const violations: string[] = [];
  for (const pkg of Object.keys(LAYERS)) {
    const src = join(root, "packages", pkg, "src");
    let files: string[];
    try {
      files = [...walk(src)];
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](@operando\/[a-z]+|operando)["']/g)) {
        const target = match[1] === "operando" ? "operando" : match[1]!.slice("@operando/".length);
        const own = LAYERS[pkg]!;
        const theirs = LAYERS[target];
        const where = relative(root, file);
        if (theirs === undefined) violations.push(`${where}: imports unknown package ${match[1]}`);
        else if (target !== pkg && theirs >= own) violations.push(`${where}: ${pkg} (layer ${own}) imports ${target} (layer ${theirs})`);
        else if ((pkg === "io" && target === "fit") || (pkg === "fit" && target === "io")) violations.push(`${where}: io and fit must not import each other`);
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const violations = findLayerViolations(root);
  for (const v of violations) console.error(v);
  console.log(violations.length === 0 ? "layers: ok" : `layers: ${violations.length} violation(s)`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}
