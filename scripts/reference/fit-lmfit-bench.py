#!/usr/bin/env python3
"""Times lmfit on the same pseudo-Voigt series as scripts/bench/fit.ts (reference anchor).

Input JSON (argv[1]): {"x": [...], "patterns": [[...], ...], "start": {name: value}, "peaks": K}
Each fit starts from the previous result, like the TypeScript benchmark. Prints JSON with the
elapsed seconds and the fitted parameters (lmfit's PseudoVoigtModel: amplitude = area,
sigma = FWHM / 2, fraction = eta; LinearModel: slope, intercept).
"""
import json
import sys
import time

import numpy as np
from lmfit.models import LinearModel, PseudoVoigtModel


def main() -> None:
    data = json.load(open(sys.argv[1]))
    x = np.asarray(data["x"], dtype=float)
    k = int(data["peaks"])
    model = LinearModel(prefix="bg_")
    for i in range(k):
        model = model + PseudoVoigtModel(prefix=f"p{i}_")
    params = model.make_params()
    for name, value in data["start"].items():
        params[name].set(value=value)
    for i in range(k):
        params[f"p{i}_sigma"].set(min=0)
        params[f"p{i}_fraction"].set(min=0, max=1)
        params[f"p{i}_amplitude"].set(min=0)
    weights = [1.0 / np.sqrt(np.maximum(np.asarray(y), 1.0)) for y in data["patterns"]]
    ys = [np.asarray(y, dtype=float) for y in data["patterns"]]
    results = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    for y, w in zip(ys, weights):
        out = model.fit(y, params, x=x, weights=w, method="leastsq")
        params = out.params
        if "--verbose" in sys.argv:
            print(out.nfev, out.success, file=sys.stderr)
        results.append({name: [p.value, p.stderr if p.stderr is not None else float("nan")] for name, p in out.params.items() if not name.endswith(("fwhm", "height"))})
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({"seconds": elapsed, "cpuSeconds": cpu, "results": results}))


if __name__ == "__main__":
    main()
