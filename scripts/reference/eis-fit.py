#!/usr/bin/python3
"""Independent reference fit for @operando/eis (complex non-linear least squares).

Fits the impedance.py example spectrum (ECSHackWeek/impedance.py data/exampleData.csv @ 0b302ca9,
MIT; copy in /work/shared/data/real/eis/impedancepy_exampleData.csv) with the circuit
R0-p(R1,C1)-p(R2-Wo1,C2) using scipy.optimize.least_squares (MINPACK Levenberg-Marquardt,
method="lm") on the stacked residual vector [Re, Im] / sigma, with tolerances at 1e-15.
The circuit impedance is written here directly with numpy complex arithmetic (no shared code
with the TypeScript implementation). Parameter standard errors: sqrt(diag((J^T J)^-1) * chi2/dof).

Starting values are impedance.py's getting-started example: [.01, .01, 100, .01, .05, 100, 1].
Weightings: "unit" (sigma = 1) and "modulus" (sigma = |Z_measured| for both parts).

Writes packages/eis/test/fixtures/eis-fit-reference.json.

Run: /usr/bin/python3 scripts/reference/eis-fit.py [--no-write]   (Debian python3-scipy;
--no-write only prints the JSON, as the verify test does)
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.abspath(os.path.join(REPO, "..", "shared", "data", "real", "eis", "impedancepy_exampleData.csv"))
OUT = os.path.join(REPO, "packages", "eis", "test", "fixtures", "eis-fit-reference.json")

NAMES = ["R0", "R1", "C1", "R2", "Wo1_Z0", "Wo1_tau", "C2"]
P0 = [0.01, 0.01, 100.0, 0.01, 0.05, 100.0, 1.0]


def model(p, f):
    r0, r1, c1, r2, z0, tau, c2 = p
    w = 2 * np.pi * f
    zc1 = 1 / (1j * w * c1)
    zc2 = 1 / (1j * w * c2)
    s = np.sqrt(1j * w * tau)
    zwo = z0 / (s * np.tanh(s))
    par1 = 1 / (1 / r1 + 1 / zc1)
    par2 = 1 / (1 / (r2 + zwo) + 1 / zc2)
    return r0 + par1 + par2


def main():
    data = np.loadtxt(DATA, delimiter=",")
    f, zr, zi = data[:, 0], data[:, 1], data[:, 2]
    z = zr + 1j * zi
    results = {}
    for weighting in ("unit", "modulus"):
        sig = np.ones_like(f) if weighting == "unit" else np.abs(z)

        def resid(p):
            zm = model(p, f)
            return np.concatenate([(zr - zm.real) / sig, (zi - zm.imag) / sig])

        res = least_squares(resid, P0, method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=200000)
        chi2 = float(np.sum(res.fun ** 2))
        dof = 2 * len(f) - len(P0)
        jac = res.jac
        cov = np.linalg.inv(jac.T @ jac) * chi2 / dof
        results[weighting] = {
            "parameters": dict(zip(NAMES, [float(v) for v in res.x])),
            "standardErrors": dict(zip(NAMES, [float(v) for v in np.sqrt(np.diag(cov))])),
            "chiSquare": chi2,
            "degreesOfFreedom": dof,
            "status": int(res.status),
            "nfev": int(res.nfev),
        }
    out = {
        "description": "Reference CNLS fit of R0-p(R1,C1)-p(R2-Wo1,C2) to impedance.py exampleData.csv",
        "generator": "scripts/reference/eis-fit.py",
        "tool": f"scipy {scipy.__version__} least_squares(method='lm', xtol=ftol=gtol=1e-15), numpy {np.__version__}, python {sys.version.split()[0]}",
        "data": "ECSHackWeek/impedance.py data/exampleData.csv @ 0b302ca9 (MIT)",
        "circuit": "R0-p(R1,C1)-p(R2-Wo1,C2)",
        "initial": dict(zip(NAMES, P0)),
        "results": results,
    }
    if "--no-write" not in sys.argv:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w") as fh:
            json.dump(out, fh, indent=2)
            fh.write("\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
