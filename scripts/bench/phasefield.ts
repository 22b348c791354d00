// PFHub benchmark 1a (spinodal decomposition) to t = 1000 on a 256 x 256 grid over the 200 x 200
// domain (dx = 0.78125; the package's radix-2 FFT needs power-of-two sizes), dt = 1, semi-implicit
// spectral scheme, 2 FFTs per step.
// Anchor: the same scheme in numpy (scripts/reference/phasefield-numpy.py bench), run in the same process tree.
// Ours runs twice per repeat: with the WebAssembly SIMD FFT and pointwise kernels (the default) and
// with the JavaScript passes only (setWasmFft(false)), to show what the kernels buy and that both
// give the same field. The machine is shared, so each variant runs `repeats` times (interleaved)
// and the best wall time and CPU time (user + system of the process) are reported; the ratios use
// the best of each.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCahnHilliardSolver, createGrid, PFHUB_BM1, pfhubBenchmark1Initial } from "@operando/phasefield";
import { setWasmFft } from "../../packages/phasefield/src/internal/wasmFft.js";

interface Run {
  wallS: number;
  cpuS: number;
  energy0: number;
  energyEnd: number;
  field?: Float64Array;
}

function runOurs(n: number, dt: number, steps: number, wasm: boolean): Run {
  const previous = setWasmFft(wasm);
  const grid = createGrid({ nx: n, ny: n, lengthX: 200, lengthY: 200 });
  const solver = createCahnHilliardSolver({
    grid,
    freeEnergy: PFHUB_BM1.freeEnergy,
    gradientCoefficient: PFHUB_BM1.gradientCoefficient,
    mobility: PFHUB_BM1.mobility,
    initialConcentration: pfhubBenchmark1Initial(grid),
    timeStep: dt,
  });
  setWasmFft(previous);
  const energy0 = solver.energy().total;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  solver.advance(steps);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wallS, cpuS: (cpu.user + cpu.system) / 1e6, energy0, energyEnd: solver.energy().total, field: Float64Array.from(solver.concentration) };
}

export async function main(): Promise<void> {
  const n = 256;
  const dt = 1;
  const tEnd = 1000;
  const repeats = 3;
  const steps = Math.round(tEnd / dt);
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "reference", "phasefield-numpy.py");
  const havePython = existsSync("/usr/bin/python3");
  const ours: Run[] = [];
  const oursJs: Run[] = [];
  const numpy: (Run & { numpy: string })[] = [];
  let numpyError = havePython ? "" : "n/a (python3/numpy not available)";
  for (let r = 0; r < repeats; r++) {
    ours.push(runOurs(n, dt, steps, true));
    oursJs.push(runOurs(n, dt, steps, false));
    if (numpyError !== "") continue;
    try {
      const out = execFileSync("/usr/bin/python3", [script, "bench", "--n", String(n), "--dt", String(dt), "--t-end", String(tEnd)], { encoding: "utf8" });
      numpy.push(JSON.parse(out) as Run & { numpy: string });
    } catch (error) {
      numpyError = `numpy anchor failed: ${(error as Error).message.split("\n")[0]}`;
    }
  }
  const best = (runs: Run[], key: "wallS" | "cpuS"): number => Math.min(...runs.map((r) => r[key]));
  const row = (name: string, runs: Run[]): string[] => {
    const w = best(runs, "wallS");
    return [name, `${n}x${n}`, String(steps), w.toFixed(2), best(runs, "cpuS").toFixed(2), (steps / w).toFixed(1), runs.map((r) => r.wallS.toFixed(2)).join(" "), runs[0]!.energy0.toFixed(6), runs[0]!.energyEnd.toFixed(6)];
  };
  const rows = [row("@operando/phasefield (wasm SIMD)", ours), row("@operando/phasefield (JavaScript only)", oursJs)];
  let maxDiff = 0;
  const a = ours[0]!.field!;
  const b = oursJs[0]!.field!;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  const wasmVsJs =
    `wasm path ${(best(oursJs, "cpuS") / best(ours, "cpuS")).toFixed(2)}x faster than the JavaScript path (best CPU time); ` +
    `max |c_wasm - c_js| at t=${tEnd}: ${maxDiff.toExponential(2)}`;
  let ratio = numpyError;
  if (numpy.length > 0) {
    rows.push(row(`numpy ${numpy[0]!.numpy} (rfft2)`, numpy));
    const eTs = ours[0]!.energyEnd;
    const eNp = numpy[0]!.energyEnd;
    ratio =
      `wasm ${(best(ours, "wallS") / best(numpy, "wallS")).toFixed(2)}x numpy best wall time, ${(best(ours, "cpuS") / best(numpy, "cpuS")).toFixed(2)}x numpy best CPU time; ` +
      `JavaScript only ${(best(oursJs, "cpuS") / best(numpy, "cpuS")).toFixed(2)}x numpy best CPU time; ` +
      `|F_ts - F_numpy| / F at t=${tEnd}: ${(Math.abs(eTs - eNp) / Math.abs(eNp)).toExponential(2)}`;
  }
  const header = ["implementation", "grid", "steps", "best wall s", "best cpu s", "steps/s (best)", "all wall s", "F(0)", `F(${tEnd})`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`PFHub BM1a, 200x200 domain, dt=${dt}, t=0..${tEnd}, 2 FFTs/step, ${repeats} interleaved runs each (wasm, JavaScript, numpy)`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(`ratio (ours / numpy, < 1 is faster): ${ratio}`);
  console.log(wasmVsJs);
}
