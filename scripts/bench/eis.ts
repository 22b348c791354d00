/**
 * Benchmark of @operando/eis (issue 8): CNLS fits of R0-p(R1,C1)-p(R2-Wo1,C2) to the real
 * impedance.py example spectrum (66 frequencies) and of R0-TLMQ0 to synthetic blocking-cell
 * spectra (81 frequencies), plus Lin-KK on the example. Anchor measured in the same run:
 * scipy least_squares (MINPACK lm, Debian python3-scipy through /usr/bin/python3, when present)
 * on the same data, circuit and starting values.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRng } from "@operando/core";
import { createCircuit, evaluateCircuit, fitCircuit, linKK } from "@operando/eis";

const CSV = fileURLToPath(new URL("../../../shared/data/real/eis/impedancepy_exampleData.csv", import.meta.url));
const P0 = [0.01, 0.01, 100, 0.01, 0.05, 100, 1];
const REPEATS = 20;

function readExample() {
  const rows = readFileSync(CSV, "utf8").trim().split(/\r?\n/).map((l) => l.split(",").map(Number));
  return { frequencyHz: rows.map((r) => r[0]!), zReal: rows.map((r) => r[1]!), zImag: rows.map((r) => r[2]!) };
}

function blocking(seed: number) {
  const f = Float64Array.from({ length: 81 }, (_, i) => Math.pow(10, 6 - i / 10));
  const z = evaluateCircuit(createCircuit("R0-TLMQ0"), f, [12, 144, 2e-4, 0.92]);
  const rng = createRng(seed);
  const zr = z.zReal.map((v, i) => v + 0.005 * Math.hypot(v, z.zImag[i]!) * rng.normal());
  const zi = z.zImag.map((v, i) => v + 0.005 * Math.hypot(z.zReal[i]!, v) * rng.normal());
  return { frequencyHz: f, zReal: zr, zImag: zi };
}

function time(label: string, fn: () => void): number {
  fn(); // warm-up (JIT)
  const t0 = performance.now();
  for (let k = 0; k < REPEATS; k++) fn();
  const ms = (performance.now() - t0) / REPEATS;
  return ms;
}

function scipyMs(): number | undefined {
  if (!existsSync("/usr/bin/python3")) return undefined;
  const code = `
import time, numpy as np
from scipy.optimize import least_squares
d = np.loadtxt(${JSON.stringify(CSV)}, delimiter=",")
f, z = d[:,0], d[:,1] + 1j*d[:,2]
def model(p):
    r0, r1, c1, r2, z0, tau, c2 = p
    w = 2*np.pi*f
    s = np.sqrt(1j*w*tau)
    return r0 + 1/(1/r1 + 1j*w*c1) + 1/(1/(r2 + z0/(s*np.tanh(s))) + 1j*w*c2)
sig = np.abs(z)
def res(p):
    m = model(p)
    return np.concatenate([(z.real-m.real)/sig, (z.imag-m.imag)/sig])
least_squares(res, ${JSON.stringify(P0)}, method="lm")
t0 = time.perf_counter()
for _ in range(${REPEATS}):
    least_squares(res, ${JSON.stringify(P0)}, method="lm")
print((time.perf_counter()-t0)/${REPEATS}*1000)
`;
  try {
    return Number(execFileSync("/usr/bin/python3", ["-c", code], { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
}

/** Prints the table. */
export async function main(): Promise<void> {
  const example = readExample();
  const ours = time("example", () => {
    fitCircuit("R0-p(R1,C1)-p(R2-Wo1,C2)", example, { initial: P0, weighting: "modulus" });
  });
  const anchor = scipyMs();
  const spectra = Array.from({ length: 5 }, (_, k) => blocking(k + 1));
  let next = 0;
  const tlm = time("tlmq", () => {
    fitCircuit("R0-TLMQ0", spectra[next++ % spectra.length]!, {});
  });
  const kk = time("linkk", () => {
    linKK(example);
  });
  const rows: [string, string, string][] = [
    ["R0-p(R1,C1)-p(R2-Wo1,C2), 66 pts, modulus (ours)", ours.toFixed(2), anchor === undefined ? "n/a" : `${(ours / anchor).toFixed(2)}x scipy`],
    ["same with scipy least_squares lm (anchor)", anchor === undefined ? "n/a" : anchor.toFixed(2), "1.00x"],
    ["R0-TLMQ0, 81 pts, guessed start (ours)", tlm.toFixed(2), anchor === undefined ? "n/a" : `${(tlm / anchor).toFixed(2)}x scipy example fit`],
    ["Lin-KK (mu search) on the example (ours)", kk.toFixed(2), ""],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`${"case".padEnd(width)}  ms/fit  ratio`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(width)}  ${b.padStart(6)}  ${c}`);
}
