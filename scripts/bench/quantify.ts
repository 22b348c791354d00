// Benchmark of @operando/phases window quantification: 1000 EDXRD spectra of 8192 channels
// (4 layers x 250 times, 2theta = 2.29 deg), 4 candidate phases (alpha, epsilon, epsilonPrime,
// delta), sequential per layer; 1 thread vs 2 worker threads (wall clock and process CPU time per
// spectrum, since the machine may be shared). Anchor: scipy.optimize.curve_fit of a 2-phase
// Gaussian model on the same window via /usr/bin/python3 when present. Also prints the largest
// difference to a tight-tolerance curveFit (same model) to show the fast solver's answers.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import type { EnergyDispersiveCalibration } from "@operando/calibrate";
import { createRng, createSeries } from "@operando/core";
import type { Pattern } from "@operando/core";
import { cellVolume, getPhase, phaseLattice } from "@operando/crystal";
import { createQuantifyWorkerPool, quantifySeries, quantifySeriesParallel } from "@operando/phases";
import { bendingMagnetSpectrum, simulateEdxrd } from "@operando/simulate";
// Internal chain runner (solver choice) for the cross-check against a tight-tolerance curveFit.
import { quantifyChain } from "../../packages/phases/src/quantifySeries.js";

const SPECTRUM = bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 });
const RESOLUTION = { electronicNoiseFwhmKeV: 0.2, angularSpreadDeg: 0.004 };
const CAL: EnergyDispersiveCalibration = {
  kind: "energy-dispersive",
  coefficients: [0.05, 0.0195, 0],
  covariance: new Array<number>(9).fill(0),
  twoThetaDeg: 2.29,
  twoThetaSigmaDeg: 0,
  coefficientTwoThetaCovariance: [0, 0, 0],
  residuals: [],
  provenance: { method: "joint", lines: [], createdAt: "2026-01-01T00:00:00Z", software: "bench", notes: [] },
  chiSquare: 0,
  degreesOfFreedom: 0,
  reducedChiSquare: Number.NaN,
  conditionNumber: 1,
};

function expected(step: number, steps: number): Float64Array {
  // alpha -> alpha + epsilon (epsilon c growing with x).
  const s = step / (steps - 1);
  const fa = Math.max(0, 1 - 1.3 * s);
  const xe = 0.3 + 0.3 * s;
  const phases = [
    { id: "alpha", f: fa, lattice: getPhase("alpha").lattice },
    { id: "epsilon", f: 1 - fa, lattice: phaseLattice(getPhase("epsilon"), xe) },
  ].filter((p) => p.f > 0);
  return simulateEdxrd({
    twoThetaDeg: 2.29,
    channelCount: 8192,
    energyCalibration: { offsetKeV: 0.05, slopeKeV: 0.0195, quadraticKeV: 0 },
    resolution: RESOLUTION,
    incidentSpectrum: SPECTRUM,
    phases: phases.map((p) => ({ phase: getPhase(p.id), lattice: p.lattice, scale: p.f / (cellVolume(p.lattice) * 2) })),
    background: (e: number) => 40 + 400 * Math.exp(-e / 30),
    countScale: 2500,
  }).pattern.y;
}

/** CPU seconds per thread of this process (Linux /proc; empty elsewhere). Bench diagnostics only. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime + stime in clock ticks (USER_HZ = 100 on Linux).
      out.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // not Linux: no per-thread numbers
  }
  return out;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

export async function main(): Promise<void> {
  const layers = 4;
  const times = 250;
  const states = 25;
  const means = Array.from({ length: states }, (_, s) => expected(s, states));
  const rng = createRng(7);
  const patterns: Pattern[] = [];
  for (let t = 0; t < times; t++) {
    for (let layer = 0; layer < layers; layer++) {
      const mean = means[Math.min(states - 1, Math.floor((t * states) / times))]!;
      const y = Float64Array.from(mean, (m) => rng.poisson(m));
      patterns.push({ axis: "channel", x: Float64Array.from({ length: 8192 }, (_, i) => i), y, meta: { timeS: t * 40, layer } });
    }
  }
  const series = createSeries(patterns);
  const options = { phases: ["alpha", "epsilon", "epsilonPrime", "delta"], incidentSpectrum: SPECTRUM, resolution: RESOLUTION };
  // Warm-up (JIT) on a few patterns.
  quantifySeries(createSeries(patterns.slice(0, 8)), CAL, options);
  const loadBefore = loadavg()[0]!;
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  const one = quantifySeries(series, CAL, options);
  const oneS = (performance.now() - t0) / 1000;
  const oneCpu = cpuSeconds(c0);
  c0 = process.cpuUsage();
  t0 = performance.now();
  const two = await quantifySeriesParallel(series, CAL, { ...options, workers: 2 });
  const twoS = (performance.now() - t0) / 1000;
  // Process CPU time: main thread + both workers (startup of the workers included).
  const twoCpu = cpuSeconds(c0);
  // Steady state: a pool of 2 started (and warmed on 8 patterns) before the clock starts.
  const pool = createQuantifyWorkerPool({ workers: 2 });
  await quantifySeriesParallel(createSeries(patterns.slice(0, 8)), CAL, { ...options, pool });
  c0 = process.cpuUsage();
  const threadsBefore = threadCpu();
  t0 = performance.now();
  const warm = await quantifySeriesParallel(series, CAL, { ...options, pool });
  const warmS = (performance.now() - t0) / 1000;
  const warmCpu = cpuSeconds(c0);
  const threadDelta = [...threadCpu()].map(([tid, cpu]) => ({ tid, cpu: cpu - (threadsBefore.get(tid) ?? 0) }));
  const mainThread = threadDelta.find((t) => t.tid === String(process.pid));
  const busiest = threadDelta.filter((t) => t.tid !== String(process.pid)).sort((a, b) => b.cpu - a.cpu);
  await pool.close();
  const loadAfter = loadavg()[0]!;
  let maxParallel = 0;
  for (const other of [two, warm]) {
    one.rows.forEach((r, i) => {
      const o = other.rows[i]!.result;
      if (Number.isNaN(r.result.x) && Number.isNaN(o.x)) return;
      maxParallel = Math.max(maxParallel, Math.abs(r.result.x - o.x));
      r.result.phases.forEach((p, k) => {
        maxParallel = Math.max(maxParallel, Math.abs(p.fraction - (o.phases[k]?.fraction ?? Number.NaN)));
      });
    });
  }
  // Same answers as a tight-tolerance fit: the first 100 patterns of layer 0 re-run as one chain with
  // @operando/fit's curveFit (MINPACK LM, ftol = xtol = 1e-13) in place of the window solver.
  const chain = one.rows.filter((r) => r.layer === 0).slice(0, 100);
  const reference = quantifyChain(chain.map((r) => patterns[r.index]!), CAL, options, { solver: "curveFit" }, undefined).results;
  let maxDf = 0;
  let maxDx = 0;
  let maxDc = 0;
  let selection = 0;
  chain.forEach((r, k) => {
    const ref = reference[k]!;
    if (ref.phases.map((p) => p.id).join() !== r.result.phases.map((p) => p.id).join()) {
      selection++;
      return;
    }
    if (!Number.isNaN(ref.x)) maxDx = Math.max(maxDx, Math.abs(ref.x - r.result.x));
    ref.phases.forEach((p, j) => {
      maxDf = Math.max(maxDf, Math.abs(p.fraction - r.result.phases[j]!.fraction));
      maxDc = Math.max(maxDc, Math.abs(p.lattice.c - r.result.phases[j]!.lattice.c));
    });
  });
  const n = patterns.length;
  const rows: [string, string, string, string][] = [
    ["phases quantifySeries, 1 thread", `${(n / oneS).toFixed(1)} spectra/s`, `${((1000 * oneCpu) / n).toFixed(2)} ms`, "1.00"],
    ["phases quantifySeriesParallel, 2 workers (incl. worker start)", `${(n / twoS).toFixed(1)} spectra/s`, `${((1000 * twoCpu) / n).toFixed(2)} ms`, (oneS / twoS).toFixed(2)],
    ["phases quantifySeriesParallel, 2 workers (started pool)", `${(n / warmS).toFixed(1)} spectra/s`, `${((1000 * warmCpu) / n).toFixed(2)} ms`, (oneS / warmS).toFixed(2)],
  ];
  const py = "/usr/bin/python3";
  if (existsSync(py)) {
    const script = `
import numpy as np, time
from scipy.optimize import curve_fit
rng=np.random.default_rng(1)
E=np.linspace(59.7,81.6,1120)
def g(E,c,w,a): return a*np.exp(-4*np.log(2)*((E-c)/w)**2)
def m(E,b0,b1,a1,c1,a2,c2,a3,c3,a4,c4,w): return b0+b1*E+g(E,c1,w,a1)+g(E,c2,w,a2)+g(E,c3,w,a3)+g(E,c4,w,a4)
p=[60,0.0,800,71.0,200,75.9,600,67.8,150,73.0,0.43]
Y=[rng.poisson(m(E,*p)) for _ in range(200)]
t=time.perf_counter(); c=time.process_time()
for y in Y: curve_fit(m,E,y,p0=np.array(p)*1.002,sigma=np.sqrt(np.maximum(y,1)))
print(200/(time.perf_counter()-t), 1000*(time.process_time()-c)/200)`;
    try {
      const [rate, cpuMs] = execFileSync(py, ["-c", script], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
      rows.push(["anchor: scipy curve_fit, 4 free Gaussians, 1 fit/spectrum", `${rate!.toFixed(1)} spectra/s`, `${cpuMs!.toFixed(2)} ms`, (rate! / (n / oneS)).toFixed(2)]);
    } catch {
      rows.push(["anchor: scipy curve_fit", "unavailable (numpy/scipy missing)", "-", "-"]);
    }
  }
  console.log(`${n} spectra x 8192 channels, ${layers} layers, candidates ${options.phases.join(",")}; ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after`);
  console.log(["case".padEnd(62), "throughput (wall)".padEnd(22), "CPU/spectrum".padEnd(14), "ratio"].join(" "));
  for (const r of rows) console.log([r[0].padEnd(62), r[1].padEnd(22), r[2].padEnd(14), r[3]].join(" "));
  console.log(
    `CPU-bound throughput (cores / CPU per spectrum, i.e. on an otherwise idle machine): 1 thread ${(n / oneCpu).toFixed(1)}/s; 2 workers ${((2 * n) / twoCpu).toFixed(1)}/s with start, ${((2 * n) / warmCpu).toFixed(1)}/s started pool (speed-up ${(oneCpu / (warmCpu / 2)).toFixed(2)})`,
  );
  if (mainThread !== undefined && busiest.length >= 2) {
    console.log(
      `started pool, CPU per thread (/proc, 10 ms ticks): main ${((1000 * mainThread.cpu) / n).toFixed(2)} ms/spectrum (slicing, messages), workers ${busiest
        .slice(0, 2)
        .map((t) => `${t.cpu.toFixed(2)} s = ${((1000 * t.cpu) / n).toFixed(2)} ms/spectrum of the series`)
        .join(", ")}, other threads (GC, loader) ${busiest
        .slice(2)
        .reduce((a, t) => a + t.cpu, 0)
        .toFixed(2)} s`,
    );
  }
  console.log(`2 workers vs 1 thread: max |difference| in fractions and x = ${maxParallel.toExponential(2)}`);
  console.log(
    `window solver vs curveFit at ftol = xtol = 1e-13 (first 100 patterns of layer 0): selection differs in ${selection}, max |df| = ${maxDf.toExponential(2)}, max |dx| = ${maxDx.toExponential(2)}, max |dc| = ${maxDc.toExponential(2)} A`,
  );
}
