// PFHub benchmark 1a (spinodal decomposition) to t = 1000 on a 256 x 256 grid over the 200 x 200
// domain (dx = 0.78125; fft.js needs power-of-two sizes), dt = 1, semi-implicit spectral scheme.
// Anchor: the same scheme in numpy (scripts/reference/phasefield-numpy.py bench), run in the same process tree.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCahnHilliardSolver, createGrid, PFHUB_BM1, pfhubBenchmark1Initial } from "@operando/phasefield";

export async function main(): Promise<void> {
  const n = 256;
  const dt = 1;
  const tEnd = 1000;
  const steps = Math.round(tEnd / dt);
  const grid = createGrid({ nx: n, ny: n, lengthX: 200, lengthY: 200 });
  const solver = createCahnHilliardSolver({
    grid,
    freeEnergy: PFHUB_BM1.freeEnergy,
    gradientCoefficient: PFHUB_BM1.gradientCoefficient,
    mobility: PFHUB_BM1.mobility,
    initialConcentration: pfhubBenchmark1Initial(grid),
    timeStep: dt,
  });
  const e0 = solver.energy().total;
  const t0 = performance.now();
  solver.advance(steps);
  const wallTs = (performance.now() - t0) / 1000;
  const eTs = solver.energy().total;
  const rows: string[][] = [["@operando/phasefield (fft.js)", `${n}x${n}`, String(steps), wallTs.toFixed(2), (steps / wallTs).toFixed(1), e0.toFixed(6), eTs.toFixed(6)]];
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "reference", "phasefield-numpy.py");
  let ratio = "n/a (python3/numpy not available)";
  if (existsSync("/usr/bin/python3")) {
    try {
      const out = execFileSync("/usr/bin/python3", [script, "bench", "--n", String(n), "--dt", String(dt), "--t-end", String(tEnd)], { encoding: "utf8" });
      const r = JSON.parse(out) as { wallS: number; energy0: number; energyEnd: number; numpy: string };
      rows.push([`numpy ${r.numpy} (rfft2)`, `${n}x${n}`, String(steps), r.wallS.toFixed(2), (steps / r.wallS).toFixed(1), r.energy0.toFixed(6), r.energyEnd.toFixed(6)]);
      ratio = `${(wallTs / r.wallS).toFixed(2)}x numpy wall time; |F_ts - F_numpy| at t=${tEnd}: ${Math.abs(eTs - r.energyEnd).toExponential(2)}`;
    } catch (error) {
      ratio = `numpy anchor failed: ${(error as Error).message.split("\n")[0]}`;
    }
  }
  const header = ["implementation", "grid", "steps", "wall s", "steps/s", "F(0)", `F(${tEnd})`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`PFHub BM1a, 200x200 domain, dt=${dt}, t=0..${tEnd}, S=${solver.stabilization}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(`ratio: ${ratio}`);
}
