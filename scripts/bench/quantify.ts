// Benchmark of @operando/phases window quantification: 1000 EDXRD spectra of 8192 channels
// (4 layers x 250 times, 2theta = 2.29 deg), 4 candidate phases (alpha, epsilon, epsilonPrime,
// delta), sequential per layer; 1 thread vs 2 worker threads. Anchor: scipy.optimize.curve_fit
// of a 2-phase Gaussian model on the same window via /usr/bin/python3 when present.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { EnergyDispersiveCalibration } from "@operando/calibrate";
import { createRng, createSeries } from "@operando/core";
import type { Pattern } from "@operando/core";
import { cellVolume, getPhase, phaseLattice } from "@operando/crystal";
import { quantifySeries, quantifySeriesParallel } from "@operando/phases";
import { bendingMagnetSpectrum, simulateEdxrd } from "@operando/simulate";

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
  let t0 = performance.now();
  const one = quantifySeries(series, CAL, options);
  const oneS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const two = await quantifySeriesParallel(series, CAL, { ...options, workers: 2 });
  const twoS = (performance.now() - t0) / 1000;
  const same = one.rows.every((r, i) => Math.abs(r.result.x - two.rows[i]!.result.x) < 1e-6 || (Number.isNaN(r.result.x) && Number.isNaN(two.rows[i]!.result.x)));
  const rows: [string, string, string][] = [
    ["phases quantifySeries, 1 thread", `${(patterns.length / oneS).toFixed(1)} spectra/s`, "1.00"],
    ["phases quantifySeriesParallel, 2 workers", `${(patterns.length / twoS).toFixed(1)} spectra/s`, (oneS / twoS).toFixed(2)],
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
t=time.perf_counter()
for y in Y: curve_fit(m,E,y,p0=np.array(p)*1.002,sigma=np.sqrt(np.maximum(y,1)))
print(200/(time.perf_counter()-t))`;
    try {
      const rate = Number(execFileSync(py, ["-c", script], { encoding: "utf8" }).trim());
      rows.push(["anchor: scipy curve_fit, 4 free Gaussians, 1 fit/spectrum", `${rate.toFixed(1)} spectra/s`, (rate / (patterns.length / oneS)).toFixed(2)]);
    } catch {
      rows.push(["anchor: scipy curve_fit", "unavailable (numpy/scipy missing)", "-"]);
    }
  }
  console.log(`${patterns.length} spectra x 8192 channels, ${layers} layers, candidates ${options.phases.join(",")}; 2-worker results identical: ${same}`);
  console.log(["case".padEnd(62), "throughput".padEnd(22), "ratio"].join(" "));
  for (const r of rows) console.log([r[0].padEnd(62), r[1].padEnd(22), r[2]].join(" "));
}
