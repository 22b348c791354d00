#!/usr/bin/env python3
"""Reference values of the Faddeeva function w(z) from scipy.special.wofz (Steven G. Johnson's
Faddeeva package, ~1e-13 relative accuracy) for @operando/fit's faddeeva().
Writes packages/fit/test/fixtures/faddeeva-scipy.json. Run: /usr/bin/python3 scripts/reference/fit-faddeeva.py
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.special import wofz

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "packages", "fit", "test", "fixtures", "faddeeva-scipy.json")


def main():
    xs = [0.0, 1e-3, 0.05, 0.3, 0.9, 1.7, 2.5, 3.3, 4.7, 6.1, 8.0, 11.5, 12.5, 17.0, 40.0, 250.0]
    ys = [0.0, 1e-6, 1e-3, 0.01, 0.07, 0.3, 0.8, 1.5, 3.0, 6.0, 11.0, 14.0, 60.0]
    points = []
    for x in xs:
        for y in ys:
            for sx in (1.0, -1.0):
                if x == 0 and sx < 0:
                    continue
                w = wofz(complex(sx * x, y))
                points.append([sx * x, y, w.real, w.imag])
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    with open(out, "w") as f:
        json.dump({"generator": "scripts/reference/fit-faddeeva.py", "scipy": scipy.__version__, "numpy": np.__version__, "points": points}, f)
    print(f"wrote {len(points)} points to {out}")


if __name__ == "__main__":
    main()
