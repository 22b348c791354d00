#!/usr/bin/env python3
"""Reference fits with lmfit for @operando/fit (writes packages/fit/test/fixtures/lmfit-reference.json).

Cases: noisy two-pseudo-Voigt patterns on a linear background and a Gaussian on a linear
background, data generated here with numpy's seeded PCG64 and stored in the fixture, fitted by
lmfit's leastsq (MINPACK lmdif) with tight tolerances so both engines reach the same minimum.
lmfit conventions: PseudoVoigtModel amplitude = area, sigma = FWHM/2, fraction = eta;
GaussianModel amplitude = area, sigma = standard deviation; LinearModel slope, intercept.
Run: /usr/bin/python3 scripts/reference/fit-lmfit.py
"""
import json
import os
import sys

import lmfit
import numpy as np
from lmfit.models import GaussianModel, LinearModel, PseudoVoigtModel

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "packages", "fit", "test", "fixtures", "lmfit-reference.json")
TIGHT = {"ftol": 1e-13, "xtol": 1e-13, "gtol": 0.0}


def pv(x, area, center, fwhm, eta):
    s = fwhm / 2.0
    g = np.exp(-4 * np.log(2) * (x - center) ** 2 / fwhm**2) * np.sqrt(4 * np.log(2) / np.pi) / fwhm
    lor = (s / np.pi) / ((x - center) ** 2 + s**2)
    return area * (eta * lor + (1 - eta) * g)


def case_two_pv(seed):
    rng = np.random.default_rng(seed)
    x = np.linspace(3.5, 5.5, 600)
    clean = pv(x, 130.0, 4.2, 0.12, 0.4) + pv(x, 100.0, 4.6, 0.15, 0.6) + 50 + 8 * (x - 3.5)
    y = clean + np.sqrt(clean) * rng.standard_normal(x.size)
    sigma = np.sqrt(np.maximum(y, 1.0))
    model = LinearModel(prefix="bg_") + PseudoVoigtModel(prefix="p0_") + PseudoVoigtModel(prefix="p1_")
    params = model.make_params(bg_slope=5, bg_intercept=30, p0_center=4.19, p0_amplitude=100, p0_sigma=0.05, p0_fraction=0.5,
                               p1_center=4.62, p1_amplitude=80, p1_sigma=0.08, p1_fraction=0.5)
    start = {k: v.value for k, v in params.items() if k in model.param_names}
    out = model.fit(y, params, x=x, weights=1 / sigma, method="leastsq", fit_kws=TIGHT, max_nfev=100000)
    return {
        "kind": "twoPseudoVoigt", "seed": seed, "x": x.tolist(), "y": y.tolist(), "sigma": sigma.tolist(), "start": start,
        "values": {k: p.value for k, p in out.params.items() if k in model.param_names},
        "errors": {k: p.stderr for k, p in out.params.items() if k in model.param_names},
        "chisqr": out.chisqr, "redchi": out.redchi, "nfev": out.nfev,
    }


def case_gauss(seed):
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, 300)
    s = 0.6
    clean = 250.0 * np.exp(-0.5 * ((x - 4.3) / s) ** 2) / (s * np.sqrt(2 * np.pi)) + 20 - 1.2 * x
    y = clean + 2.0 * rng.standard_normal(x.size)
    model = LinearModel(prefix="bg_") + GaussianModel(prefix="p0_")
    params = model.make_params(bg_slope=0, bg_intercept=10, p0_center=4.0, p0_amplitude=200, p0_sigma=0.8)
    start = {k: v.value for k, v in params.items() if k in model.param_names}
    out = model.fit(y, params, x=x, method="leastsq", fit_kws=TIGHT, max_nfev=100000)
    return {
        "kind": "gaussianLinear", "seed": seed, "x": x.tolist(), "y": y.tolist(), "start": start,
        "values": {k: p.value for k, p in out.params.items() if k in model.param_names},
        "errors": {k: p.stderr for k, p in out.params.items() if k in model.param_names},
        "chisqr": out.chisqr, "redchi": out.redchi, "nfev": out.nfev,
    }


def main():
    cases = [case_two_pv(s) for s in (1, 2, 3)] + [case_gauss(s) for s in (4, 5)]
    doc = {
        "generator": "scripts/reference/fit-lmfit.py",
        "lmfit": lmfit.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    with open(out, "w") as f:
        json.dump(doc, f)
    print(f"wrote {out}: {len(cases)} cases")


if __name__ == "__main__":
    main()
