#!/usr/bin/env python3
"""Reference implementation (numpy) of the semi-implicit spectral Cahn-Hilliard scheme used by
@operando/phasefield, applied to PFHub benchmark 1a (spinodal decomposition).

Specification: https://pages.nist.gov/pfhub/benchmarks/benchmark1.ipynb/
f = rho (c - ca)^2 (cb - c)^2, rho = 5, ca = 0.3, cb = 0.7, kappa = 2, M = 5, 200 x 200 periodic box,
c0 = 0.5 + 0.01 [cos(0.105x)cos(0.11y) + (cos(0.13x)cos(0.087y))^2 + cos(0.025x-0.15y)cos(0.07x-0.02y)].
Scheme (Zhu, Chen, Shen & Tikare, PRE 60, 3564 (1999)):
  (1 + dt M (S k^2 + kappa k^4)) (c^{n+1} - c^n)^ = -dt M k^2 (f'(c^n)^ + kappa k^2 c^n^),  S = max|f''|/2 over [ca, cb] = 0.8.

Modes:
  bench  --n 256 --dt 1 --t-end 1000          time the same run as scripts/bench/phasefield.ts; prints JSON
  reference --out FILE                        fine reference run (1024^2, small steps), writes JSON fixture
"""
import argparse
import json
import sys
import time

import numpy as np

RHO, CA, CB, KAPPA, MOB, LENGTH = 5.0, 0.3, 0.7, 2.0, 5.0, 200.0


def initial(n):
    x = np.arange(n) * (LENGTH / n)
    X, Y = np.meshgrid(x, x, indexing="xy")  # rows = y, columns = x
    return 0.5 + 0.01 * (np.cos(0.105 * X) * np.cos(0.11 * Y) + (np.cos(0.13 * X) * np.cos(0.087 * Y)) ** 2
                         + np.cos(0.025 * X - 0.15 * Y) * np.cos(0.07 * X - 0.02 * Y))


def dfdc(c):
    a = c - CA
    b = CB - c
    return 2 * RHO * a * b * (b - a)


class Solver:
    def __init__(self, n, stabilization=None):
        self.n = n
        self.dx = LENGTH / n
        kx = 2 * np.pi * np.fft.rfftfreq(n, d=self.dx)
        ky = 2 * np.pi * np.fft.fftfreq(n, d=self.dx)
        KX, KY = np.meshgrid(kx, ky, indexing="xy")
        self.k2 = KX ** 2 + KY ** 2
        s = np.linspace(CA, CB, 201)
        fpp = 2 * RHO * ((s - CA) ** 2 + (CB - s) ** 2 - 4 * (s - CA) * (CB - s))
        self.S = np.max(np.abs(fpp)) / 2 if stabilization is None else stabilization
        self.c = initial(n)
        self.chat = np.fft.rfft2(self.c)
        self.t = 0.0

    def run(self, dt, steps):
        k2 = self.k2
        denom = 1.0 / (1.0 + dt * MOB * (self.S * k2 + KAPPA * k2 * k2))
        g = -dt * MOB * k2 * denom
        lin = KAPPA * k2
        chat = self.chat
        c = self.c
        for _ in range(steps):
            fhat = np.fft.rfft2(dfdc(c))
            chat = chat + g * (fhat + lin * chat)
            c = np.fft.irfft2(chat, s=c.shape)
        self.chat, self.c = chat, c
        self.t += dt * steps

    def energy(self):
        a = self.c - CA
        b = CB - self.c
        bulk = np.sum(RHO * a * a * b * b) * self.dx ** 2
        w = np.full(self.chat.shape, 2.0)
        w[:, 0] = 1.0
        w[:, -1] = 1.0
        grad = 0.5 * KAPPA * np.sum(w * self.k2 * np.abs(self.chat) ** 2) / self.n ** 2 * self.dx ** 2
        return float(bulk + grad)


def bench(args):
    s = Solver(args.n)
    e0 = s.energy()
    steps = int(round(args.t_end / args.dt))
    t0 = time.perf_counter()
    c0 = time.process_time()
    s.run(args.dt, steps)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({"n": args.n, "dt": args.dt, "steps": steps, "wallS": wall, "cpuS": cpu, "energy0": e0, "energyEnd": s.energy(),
                      "numpy": np.__version__}))


def reference(args):
    # schedule: (dt, t_end) pieces; records at the PFHub comparison times
    n = args.n
    s = Solver(n)
    records = [{"time": 0.0, "energy": s.energy()}]
    schedule = [(args.dt0, 100.0), (args.dt0 * 4, 1000.0), (args.dt0 * 16, args.t_end)]
    marks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
    t0 = time.perf_counter()
    for dt, t_stop in schedule:
        for m in marks:
            if m <= s.t + 1e-9 or m > t_stop + 1e-9:
                continue
            s.run(dt, int(round((m - s.t) / dt)))
            records.append({"time": m, "energy": s.energy()})
            print(f"t={m} F={records[-1]['energy']:.6f} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    out = {
        "description": "PFHub BM1a reference run of the same semi-implicit spectral scheme in numpy, 4x finer grid and smaller steps",
        "generator": "scripts/reference/phasefield-numpy.py reference",
        "numpy": np.__version__,
        "grid": n, "length": LENGTH, "stabilization": s.S,
        "schedule": [{"timeStep": dt, "until": t} for dt, t in schedule],
        "records": records,
    }
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("bench")
    b.add_argument("--n", type=int, default=256)
    b.add_argument("--dt", type=float, default=1.0)
    b.add_argument("--t-end", type=float, default=1000.0)
    r = sub.add_parser("reference")
    r.add_argument("--n", type=int, default=1024)
    r.add_argument("--dt0", type=float, default=0.0625)
    r.add_argument("--t-end", type=float, default=10000.0)
    r.add_argument("--out", required=True)
    a = p.parse_args()
    bench(a) if a.mode == "bench" else reference(a)


if __name__ == "__main__":
    main()
