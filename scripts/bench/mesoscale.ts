// `npm run bench -- mesoscale`: one C/20 discharge + charge of the platelet electrode
// (50 electrode cells x 20 shells): run time (wall and CPU, cold and warm), accuracy of the
// benchmark tolerance against a tight-tolerance run, the tolerance and grid trade-off, and the
// scipy anchor (scripts/reference/mesoscale-scipy.py: same equations, parameters, grid and
// OCV, solve_ivp BDF on the ODE left after solving the algebraic unknowns inside the RHS),
// measured in the same run. Set MESO_SCIPY_FULL=1 to also time scipy on the full cycle (slow).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SimulateCellOptions, SimulateCellResult } from "@operando/mesoscale";
import { simulateCell, v2o5CellParameters } from "@operando/mesoscale";

/** Benchmark tolerance (see the accuracy line printed below for what it buys). */
const BENCH_RTOL = 1e-5;
const REFERENCE_RTOL = 1e-8;
const PYTHON = "/usr/bin/python3";

interface Timed {
  wallMs: number;
  cpuMs: number;
  result: SimulateCellResult;
}

function timed(options: SimulateCellOptions): Timed {
  const params = v2o5CellParameters("platelets");
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = simulateCell(params, options);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

function best(options: SimulateCellOptions, repeats: number): Timed {
  let out: Timed | undefined;
  for (let r = 0; r < repeats; r++) {
    const t = timed(options);
    if (out === undefined || t.wallMs < out.wallMs) out = { ...t, cpuMs: Math.min(t.cpuMs, out?.cpuMs ?? Infinity) };
  }
  return out!;
}

/** Max |V - V_ref| and |x - x_ref| over common sample times; `guardS` skips samples that close to a segment end. */
function compare(run: SimulateCellResult, ref: SimulateCellResult, guardS: number): { dv: number; dx: number } {
  const index = new Map<number, number>();
  ref.timeS.forEach((t, q) => index.set(t, q));
  const ends = [...run.segments.map((s) => s.endS), ...ref.segments.map((s) => s.endS)];
  const stop = Math.min(run.segments[run.segments.length - 1]!.endS, ref.segments[ref.segments.length - 1]!.endS);
  const nc = run.depthUm.length;
  let dv = 0;
  let dx = 0;
  for (let q = 0; q < run.timeS.length; q++) {
    const t = run.timeS[q]!;
    const qr = index.get(t);
    if (qr === undefined || t > stop || ends.some((e) => Math.abs(t - e) < guardS)) continue;
    dv = Math.max(dv, Math.abs(run.voltageV[q]! - ref.voltageV[qr]!));
    for (let i = 0; i < nc; i++) dx = Math.max(dx, Math.abs(run.x[q * nc + i]! - ref.x[qr * nc + i]!));
  }
  return { dv, dx };
}

function scipy(rtol: number, maxTimeS: number | undefined): { wallS: number; cpuS: number; timeS: number[]; voltageV: number[]; nfev: number; nlu: number } | string {
  const script = join(dirname(fileURLToPath(import.meta.url)), "../reference/mesoscale-scipy.py");
  if (!existsSync(PYTHON)) return "no /usr/bin/python3";
  const input = JSON.stringify({ params: v2o5CellParameters("platelets"), electrodeCells: 50, separatorCells: 5, shells: 20, rtol, cRate: 1 / 20, outputIntervalS: 600, ...(maxTimeS === undefined ? {} : { maxTimeS }) });
  // Single-threaded BLAS: the TypeScript solver is single-threaded too.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const proc = spawnSync(PYTHON, [script], { input, encoding: "utf8", maxBuffer: 1 << 26, env });
  if (proc.status !== 0) return `python failed: ${proc.stderr.split("\n").filter(Boolean).slice(-1)[0] ?? proc.status}`;
  const out = JSON.parse(proc.stdout) as { wallS: number; cpuS: number; timeS: number[]; voltageV: number[]; stats: { nfev: number; nlu: number } };
  return { wallS: out.wallS, cpuS: out.cpuS, timeS: out.timeS, voltageV: out.voltageV, nfev: out.stats.nfev, nlu: out.stats.nlu };
}

function scipyLine(label: string, rtol: number, maxTimeS: number | undefined): void {
  const protocol: SimulateCellOptions["protocol"] =
    maxTimeS === undefined ? undefined : [{ kind: "current", cRate: 1 / 20, direction: "discharge", maxDurationS: maxTimeS }];
  const options: SimulateCellOptions = { electrodeCells: 50, shells: 20, outputIntervalS: 600, relativeTolerance: rtol, ...(protocol === undefined ? {} : { protocol }) };
  timed(options); // warm
  const ours = best(options, 3);
  const py = scipy(rtol, maxTimeS);
  if (typeof py === "string") {
    console.log(`${label}: scipy anchor skipped (${py})`);
    return;
  }
  let dv = 0;
  let compared = 0;
  const index = new Map<number, number>();
  ours.result.timeS.forEach((t, q) => index.set(t, q));
  py.timeS.forEach((t, k) => {
    const q = index.get(t);
    if (q === undefined) return;
    compared++;
    dv = Math.max(dv, Math.abs(py.voltageV[k]! - ours.result.voltageV[q]!));
  });
  console.log(
    `${label}, rtol ${rtol}: ours ${ours.wallMs.toFixed(0)} ms wall / ${ours.cpuMs.toFixed(0)} ms CPU (${ours.result.stats.steps} steps); ` +
      `scipy solve_ivp BDF ${(py.wallS * 1000).toFixed(0)} ms wall / ${(py.cpuS * 1000).toFixed(0)} ms CPU (${py.nfev} RHS, ${py.nlu} LU); ` +
      `ratio scipy/ours ${((py.wallS * 1000) / ours.wallMs).toFixed(1)}x wall, ${((py.cpuS * 1000) / ours.cpuMs).toFixed(1)}x CPU; ` +
      `max |V_ours - V_scipy| ${(dv * 1e3).toFixed(4)} mV over ${compared} samples`,
  );
}

export async function main(): Promise<void> {
  const options: SimulateCellOptions = { electrodeCells: 50, shells: 20, outputIntervalS: 600, relativeTolerance: BENCH_RTOL };
  const cold = timed(options);
  const warm = best(options, 3);
  const s = warm.result.stats;
  console.log(
    `C/20 discharge+charge, platelets, 50 cells x 20 shells (${warm.result.final.shellMolPerM3[0]!.length + 3 * 50 + 2 * 5 + 3} unknowns), rtol ${BENCH_RTOL}: ` +
      `cold ${cold.wallMs.toFixed(0)} ms (includes JIT warm-up), warm best of 3 ${warm.wallMs.toFixed(0)} ms wall / ${warm.cpuMs.toFixed(0)} ms CPU; ` +
      `${s.steps} steps + ${s.rejected} rejected, ${s.newtonIterations} Newton iterations, ${s.jacobianEvaluations} Jacobians, ${s.factorizations} LU; ` +
      `${((warm.cpuMs / (s.steps + s.rejected)) * 1000).toFixed(0)} us CPU per step attempt; dQ ${((warm.result.capacityDifference ?? Number.NaN) * 100).toFixed(4)} %`,
  );

  // Accuracy against a tight-tolerance run on the same grid (samples every 60 s).
  const ref = timed({ ...options, outputIntervalS: 60, relativeTolerance: REFERENCE_RTOL }).result;
  console.log(`\nrtol     steps  wall ms  CPU ms  max|dV| mV (all / >10 min from cutoffs)  max|dx|   dQ %     cutoff times - ref (s)`);
  for (const rtol of [1e-3, 1e-4, 1e-5, 1e-6, 1e-7]) {
    timed({ ...options, relativeTolerance: rtol });
    const r = best({ ...options, outputIntervalS: 60, relativeTolerance: rtol }, 2);
    const all = compare(r.result, ref, 0);
    const inner = compare(r.result, ref, 600);
    const dt = r.result.segments.map((seg, k) => (seg.endS - ref.segments[k]!.endS).toFixed(1)).join(", ");
    console.log(
      `${rtol.toExponential(0).padEnd(7)}  ${String(r.result.stats.steps).padStart(5)}  ${r.wallMs.toFixed(0).padStart(7)}  ${r.cpuMs.toFixed(0).padStart(6)}  ${(all.dv * 1e3).toFixed(3).padStart(10)} / ${(inner.dv * 1e3).toFixed(4).padEnd(24)}  ${all.dx.toExponential(1)}  ${((r.result.capacityDifference ?? Number.NaN) * 100).toFixed(4)}  ${dt}`,
    );
  }
  console.log(`(reference: rtol ${REFERENCE_RTOL}, ${ref.stats.steps} steps, dQ ${((ref.capacityDifference ?? Number.NaN) * 100).toFixed(4)} %)`);

  console.log(`\ncells  shells  unknowns  steps  wall ms  CPU ms  CPU us/step   (rtol ${BENCH_RTOL}, warm best of 2)`);
  for (const [cells, shells] of [[10, 5], [25, 10], [50, 20], [100, 20], [50, 40], [200, 20]] as const) {
    let r: Timed;
    try {
      timed({ ...options, electrodeCells: cells, shells });
      r = best({ ...options, electrodeCells: cells, shells }, 2);
    } catch (error) {
      console.log(`${String(cells).padStart(5)}  ${String(shells).padStart(6)}  failed: ${(error as Error).message}`);
      continue;
    }
    const unknowns = 2 + 2 * 5 + 3 * cells + cells * shells + 1;
    const attempts = r.result.stats.steps + r.result.stats.rejected;
    console.log(
      `${String(cells).padStart(5)}  ${String(shells).padStart(6)}  ${String(unknowns).padStart(8)}  ${String(r.result.stats.steps).padStart(5)}  ${r.wallMs.toFixed(0).padStart(7)}  ${r.cpuMs.toFixed(0).padStart(6)}  ${((r.cpuMs / attempts) * 1000).toFixed(0).padStart(11)}`,
    );
  }

  console.log("\nscipy anchor (same equations/parameters/grid/OCV; algebraic unknowns solved inside the RHS):");
  scipyLine("first 2 h of the C/20 discharge", 1e-6, 7200);
  if (process.env.MESO_SCIPY_FULL === "1") scipyLine("full C/20 discharge + charge", 1e-6, undefined);
  else console.log("(full cycle with scipy: set MESO_SCIPY_FULL=1; it takes minutes)");
}
