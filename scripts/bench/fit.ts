/**
 * Benchmark of @operando/fit (issue 4): sequential fits of K pseudo-Voigt peaks on a linear
 * background, 600 points, noisy patterns from a seeded generator, each fit seeded from the
 * previous result. Anchors measured in the same run: ml-levenberg-marquardt (mljs) and lmfit
 * (Debian python3-lmfit through /usr/bin/python3, when present).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng } from "@operando/core";
import { createPeakModel, createPeakShape, curveFit } from "@operando/fit";
import { levenbergMarquardt } from "ml-levenberg-marquardt";
import { useWasmKernels } from "../../packages/fit/src/internal/workspace.js";

const POINTS = 600;
const X0 = 3.5;
const X1 = 5.5;

interface Case {
  peaks: number;
  patterns: number;
  /** Patterns given to lmfit (the first ones of the same series; lmfit is slow with many peaks). */
  lmfitPatterns: number;
}

function generate(peaks: number, count: number, seed: number) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: POINTS }, (_, i) => X0 + ((X1 - X0) * i) / (POINTS - 1));
  const pv = createPeakShape("pseudoVoigt");
  const truth = Array.from({ length: peaks }, (_, k) => ({
    center: X0 + ((k + 0.5) * (X1 - X0)) / peaks,
    height: 300 + 600 * rng.uniform(),
    fwhm: Math.min(0.12, (0.5 * (X1 - X0)) / peaks),
    eta: 0.3 + 0.4 * rng.uniform(),
  }));
  const ys: Float64Array[] = [];
  for (let s = 0; s < count; s++) {
    const drift = 0.02 * Math.sin(s / 30) * ((X1 - X0) / peaks);
    const clean = new Float64Array(POINTS);
    for (const t of truth) pv.add(x, Float64Array.of(t.center + drift, t.height * (1 - 0.001 * s), t.fwhm, t.eta), 0, clean);
    ys.push(clean.map((c, i) => c + 50 + 8 * (x[i]! - X0) + Math.sqrt(Math.max(c + 50, 1)) * rng.normal()));
  }
  return { x, ys, truth };
}

type Pass = { seconds: number; cpuSeconds: number; results: Float64Array[]; errors: Float64Array[]; converged: number; evaluations: number };

/**
 * Our engine on the series, timed in passes; `passes(k)` runs k passes alternating the
 * WebAssembly kernels and the JavaScript loops, so that both see the same machine state.
 */
function oursTimer(x: Float64Array, ys: Float64Array[], truth: ReturnType<typeof generate>["truth"]) {
  const model = createPeakModel({
    peaks: truth.map((t) => ({ center: t.center, intensity: t.height, fwhm: t.fwhm, values: { eta: 0.5 } })),
    xRange: [X0, X1],
    backgroundValues: [58, 8],
  });
  const sigmas = ys.map((y) => y.map((v) => Math.sqrt(Math.max(v, 1))));
  const run = (wasm: boolean): Pass => {
    useWasmKernels(wasm);
    let start = model.initial;
    const results: Float64Array[] = [];
    const errors: Float64Array[] = [];
    let converged = 0;
    let evaluations = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let s = 0; s < ys.length; s++) {
      const r = curveFit(model.model, x, ys[s]!, start, { jacobian: model.jacobian, lower: model.lower, upper: model.upper, sigma: sigmas[s]! });
      start = r.parameters;
      results.push(r.parameters);
      errors.push(r.standardErrors);
      if (r.converged) converged++;
      evaluations += r.evaluations;
    }
    const cpu = process.cpuUsage(c0);
    useWasmKernels(true);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, results, errors, converged, evaluations: evaluations / ys.length };
  };
  run(true); // warm-up (JIT) of both paths
  run(false);
  const wasm: Pass[] = [];
  const js: Pass[] = [];
  return {
    model,
    passes(k: number): void {
      for (let i = 0; i < k; i++) {
        wasm.push(run(true));
        js.push(run(false));
      }
    },
    /** The median pass of each variant (one 2-peak pass lasts ~0.1 s: bursts of other load on a shared machine would swing a single one). */
    medians(): { wasm: Pass; js: Pass } {
      const median = (list: Pass[]): Pass => [...list].sort((p, q) => p.cpuSeconds - q.cpuSeconds)[list.length >> 1]!;
      return { wasm: median(wasm), js: median(js) };
    },
  };
}

function timeMljs(x: Float64Array, ys: Float64Array[], truth: ReturnType<typeof generate>["truth"], count: number) {
  const pv = createPeakShape("pseudoVoigt");
  const k = truth.length;
  const fn = (p: number[]) => {
    const pp = Float64Array.from(p);
    const one = new Float64Array(1);
    const xx = new Float64Array(1);
    return (xv: number) => {
      one[0] = p[4 * k]! + p[4 * k + 1]! * (xv - X0);
      xx[0] = xv;
      for (let j = 0; j < k; j++) pv.add(xx, pp, 4 * j, one);
      return one[0]!;
    };
  };
  let start = [...truth.flatMap((t) => [t.center, t.height, t.fwhm, 0.5]), 58, 8];
  const lower = [...truth.flatMap(() => [-Infinity, 0, 1e-6, 0]), -Infinity, -Infinity];
  const upper = [...truth.flatMap(() => [Infinity, Infinity, Infinity, 1]), Infinity, Infinity];
  let atCap = 0;
  const maxIterations = 100;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let s = 0; s < count; s++) {
    const y = ys[s]!;
    const r = levenbergMarquardt({ x, y }, fn, {
      initialValues: start,
      minValues: lower,
      maxValues: upper,
      maxIterations,
      weights: Array.from(y, (v) => 1 / Math.max(v, 1)),
      gradientDifference: 1e-6,
    });
    if (r.iterations >= maxIterations) atCap++;
    start = r.parameterValues;
  }
  const cpu = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, atCap };
}

function timeLmfit(x: Float64Array, ys: Float64Array[], truth: ReturnType<typeof generate>["truth"]) {
  const python = "/usr/bin/python3";
  const script = fileURLToPath(new URL("../reference/fit-lmfit-bench.py", import.meta.url));
  if (!existsSync(python)) return undefined;
  try {
    execFileSync(python, ["-c", "import lmfit"], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "operando-fit-bench-"));
  try {
    const file = join(dir, "data.json");
    const start: Record<string, number> = { bg_intercept: 58 - 8 * X0, bg_slope: 8 };
    // lmfit PseudoVoigtModel: amplitude = area, sigma = FWHM/2, fraction = eta.
    const pvHeightToArea = (h: number, w: number, eta: number) => (h * w) / (eta * (2 / Math.PI) + (1 - eta) * Math.sqrt((4 * Math.LN2) / Math.PI));
    truth.forEach((t, k) => {
      start[`p${k}_center`] = t.center;
      start[`p${k}_amplitude`] = pvHeightToArea(t.height, t.fwhm, 0.5);
      start[`p${k}_sigma`] = t.fwhm / 2;
      start[`p${k}_fraction`] = 0.5;
    });
    writeFileSync(file, JSON.stringify({ x: Array.from(x), patterns: ys.map((y) => Array.from(y)), start, peaks: truth.length }));
    // One BLAS thread: the comparison is one thread against one thread (a threaded OpenBLAS
    // doubles lmfit's CPU time on these small arrays without making it faster).
    const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
    const out = execFileSync(python, [script, file], { maxBuffer: 1 << 28, env }).toString();
    return JSON.parse(out) as { seconds: number; cpuSeconds: number; results: Record<string, [number, number]>[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  // FIT_BENCH_SCALE (default 1) scales the pattern counts, e.g. 0.1 for a quick run.
  const scale = Number(process.env.FIT_BENCH_SCALE ?? "1");
  const cases: Case[] = [
    { peaks: 2, patterns: Math.max(5, Math.round(200 * scale)), lmfitPatterns: Math.max(5, Math.round(200 * scale)) },
    { peaks: 4, patterns: Math.max(5, Math.round(200 * scale)), lmfitPatterns: Math.max(5, Math.round(60 * scale)) },
    { peaks: 12, patterns: Math.max(5, Math.round(100 * scale)), lmfitPatterns: Math.max(3, Math.round(8 * scale)) },
  ];
  // Rates from CPU time of the fitting loop (process.cpuUsage / time.process_time): the machine
  // is shared, and wall-clock rates swing with other load; wall-clock rates are shown too.
  const rows: string[][] = [["case", "engine", "patterns/s (CPU)", "patterns/s (wall)", "ratio vs lmfit (CPU)", "notes"]];
  for (const c of cases) {
    const { x, ys, truth } = generate(c.peaks, c.patterns, 1000 + c.peaks);
    // Our passes before and after lmfit's, so that a slow spell of the machine hits both.
    const timer = oursTimer(x, ys, truth);
    timer.passes(3);
    const lm = timeLmfit(x, ys.slice(0, c.lmfitPatterns), truth);
    timer.passes(3);
    const { wasm: ours, js: jsOnly } = timer.medians();
    const oursRate = c.patterns / ours.cpuSeconds;
    const oursWall = c.patterns / ours.seconds;
    let notes = `${ours.converged}/${c.patterns} converged, ${ours.evaluations.toFixed(1)} evaluations/fit`;
    let lmRate = Number.NaN;
    if (lm !== undefined) {
      lmRate = c.lmfitPatterns / lm.cpuSeconds;
      // Compare centres, FWHM, eta and areas; differences in units of our standard errors.
      let maxZ = 0;
      let maxRel = 0;
      lm.results.forEach((res, s) => {
        const p = ours.results[s]!;
        const e = ours.errors[s]!;
        timer.model.peaks.forEach((peak, k) => {
          const o = peak.offset;
          const pairs: [number, number, number][] = [
            [p[o]!, res[`p${k}_center`]![0], e[o]!],
            [p[o + 2]!, 2 * res[`p${k}_sigma`]![0], e[o + 2]!],
            [p[o + 3]!, res[`p${k}_fraction`]![0], e[o + 3]!],
          ];
          pairs.forEach(([a, b, se], t) => {
            maxZ = Math.max(maxZ, Math.abs(a - b) / se);
            // relative differences of centre and FWHM only: eta can sit near 0, where they mean nothing
            if (t < 2) maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(b), 1e-12));
          });
        });
      });
      notes += `; max |ours - lmfit| = ${maxZ.toExponential(2)} sigma (centre/FWHM ${maxRel.toExponential(2)} relative)`;
    }
    rows.push([`${c.peaks} pV + linear, ${POINTS} pts`, "@operando/fit curveFit", oursRate.toFixed(0), oursWall.toFixed(0), Number.isNaN(lmRate) ? "n/a" : `${(oursRate / lmRate).toFixed(1)}x`, notes]);
    // The same engine with its JavaScript loops only (no WebAssembly kernels).
    const jsRate = c.patterns / jsOnly.cpuSeconds;
    rows.push(["", "  same, JavaScript loops only", jsRate.toFixed(0), (c.patterns / jsOnly.seconds).toFixed(0), Number.isNaN(lmRate) ? "n/a" : `${(jsRate / lmRate).toFixed(1)}x`, `the WebAssembly kernels give ${(oursRate / jsRate).toFixed(2)}x`]);
    if (lm !== undefined) rows.push(["", "lmfit leastsq (python)", lmRate.toFixed(1), (c.lmfitPatterns / lm.seconds).toFixed(1), "1.0x", `first ${c.lmfitPatterns} patterns of the same series, seeded from previous`]);
    if (c.peaks <= 4) {
      const mlCount = Math.min(20, c.patterns);
      const ml = timeMljs(x, ys, truth, mlCount);
      const mlRate = mlCount / ml.cpuSeconds;
      rows.push(["", "ml-levenberg-marquardt", mlRate.toFixed(1), (mlCount / ml.seconds).toFixed(1), Number.isNaN(lmRate) ? "n/a" : `${(mlRate / lmRate).toFixed(2)}x`, `${ml.atCap}/${mlCount} at the 100-iteration cap; ours is ${(oursRate / mlRate).toFixed(0)}x faster`]);
    }
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  for (const r of rows) console.log(r.map((cell, j) => cell.padEnd(widths[j]!)).join("  "));
}
