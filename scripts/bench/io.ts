// Benchmark of the @operando/io text reader against numpy.loadtxt on the same files.
// 1000 two-column .xy files of 3000 points (seeded), read sequentially by readXy and by
// numpy.loadtxt (/usr/bin/python3 in a subprocess, when numpy is present). Prints files/s and the
// ratio ours / numpy (> 1 means faster than numpy). No assertion: a benchmark, not a test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRng } from "@operando/core";
import { readFileSync } from "node:fs";
import { parseXy, readXy } from "@operando/io";

const FILES = 1000;
const POINTS = 3000;

function writeFiles(dir: string): string[] {
  const rng = createRng(20261126);
  const paths: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const lines = ["# 2th_deg I"];
    for (let i = 0; i < POINTS; i++) {
      const x = 0.01 + i * 0.01;
      const y = 1000 * Math.exp(-(((x - 15) / 0.05) ** 2)) + 50 + 5 * rng.normal();
      lines.push(`${x.toExponential(9)}  ${y.toExponential(9)}`);
    }
    const path = join(dir, `p${String(f).padStart(4, "0")}.xy`);
    writeFileSync(path, `${lines.join("\n")}\n`);
    paths.push(path);
  }
  return paths;
}

/** numpy.loadtxt over all files in one python process: best wall and CPU seconds over `rounds`. */
function numpySeconds(dir: string, rounds: number): { wall: number; cpu: number } | undefined {
  const script = [
    "import glob, sys, time",
    "import numpy as np",
    "files = sorted(glob.glob(sys.argv[1] + '/*.xy'))",
    "best_wall = best_cpu = float('inf')",
    "for r in range(int(sys.argv[2])):",
    "    t, c = time.perf_counter(), time.process_time()",
    "    total = 0",
    "    for f in files:",
    "        total += np.loadtxt(f).shape[0]",
    "    best_wall = min(best_wall, time.perf_counter() - t)",
    "    best_cpu = min(best_cpu, time.process_time() - c)",
    "print(best_wall, best_cpu, total)",
  ].join("\n");
  const env = { ...process.env };
  delete env["OPENBLAS_CORETYPE"];
  delete env["OPENBLAS_L2_SIZE"];
  const r = spawnSync("/usr/bin/python3", ["-c", script, dir, String(rounds)], { encoding: "utf8", env });
  if (r.status !== 0) return undefined;
  const [wall, cpu, total] = r.stdout.trim().split(/\s+/).map(Number);
  if (total !== FILES * POINTS) throw new Error(`numpy read ${total} points, expected ${FILES * POINTS}`);
  return { wall: wall!, cpu: cpu! };
}

/** Our reader over all files: best wall and CPU (all threads) seconds over `rounds`. */
async function oursSeconds(paths: readonly string[], rounds: number): Promise<{ wall: number; cpu: number }> {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let total = 0;
    for (const p of paths) total += (await readXy(p)).x.length;
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
    if (total !== FILES * POINTS) throw new Error(`read ${total} points, expected ${FILES * POINTS}`);
  }
  return { wall, cpu };
}

/** Runs the benchmark and prints a table. */
export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "operando-bench-io-"));
  try {
    const paths = writeFiles(dir);
    // warm-up (JIT); then the best of ROUNDS for each reader (the machine is shared: best-of
    // and CPU time are the robust estimates under load)
    for (const p of paths.slice(0, 50)) await readXy(p);
    const ROUNDS = 3;
    const ours = await oursSeconds(paths, ROUNDS);
    const numpy = numpySeconds(dir, ROUNDS);
    console.log(`${FILES} files x ${POINTS} points (two columns), best of ${ROUNDS} rounds`);
    console.log(["reader".padEnd(22), "files/s wall".padStart(13), "files/s cpu".padStart(12)].join(" "));
    const row = (name: string, t: { wall: number; cpu: number }) =>
      console.log([name.padEnd(22), (FILES / t.wall).toFixed(1).padStart(13), (FILES / t.cpu).toFixed(1).padStart(12)].join(" "));
    row("@operando/io readXy", ours);
    // the parse alone (files already in memory), to separate parsing from file I/O
    const contents = paths.map((p) => readFileSync(p));
    let parseWall = Number.POSITIVE_INFINITY;
    let parseCpu = Number.POSITIVE_INFINITY;
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < contents.length; i++) parseXy(contents[i]!, { file: paths[i]! });
      const c = process.cpuUsage(c0);
      parseWall = Math.min(parseWall, (performance.now() - t0) / 1000);
      parseCpu = Math.min(parseCpu, (c.user + c.system) / 1e6);
    }
    row("  parseXy (in memory)", { wall: parseWall, cpu: parseCpu });
    if (numpy !== undefined) {
      row("numpy.loadtxt", numpy);
      console.log(`ratio ours/numpy (files per second): wall ${(numpy.wall / ours.wall).toFixed(2)}x, cpu ${(numpy.cpu / ours.cpu).toFixed(2)}x`);
    } else console.log("numpy not available at /usr/bin/python3: install python3-numpy for the anchor");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
