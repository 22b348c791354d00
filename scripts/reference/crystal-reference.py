#!/usr/bin/env python3
"""Reference values for @operando/crystal tests, written to packages/crystal/test/fixtures/.

- space-group operations from spglib's Hall-symbol database (spglib 2.x, Togo et al.,
  https://spglib.readthedocs.io), one Hall number per setting used by operando;
- calibrant d-spacing lists shipped with pyFAI (resources/calibration/*.D);
- atomic scattering factors f0(s) from periodictable.cromermann, which uses the
  Waasmaier & Kirfel (1995, Acta Cryst. A51, 416) five-Gaussian fit: an independent fit to the
  same Hartree-Fock f0 as the ITC Vol. C Table 6.1.1.4 four-Gaussian coefficients we use.

Run: /usr/bin/python3 scripts/reference/crystal-reference.py (needs python3-spglib,
python3-pyfai, python3-periodictable from Debian).
"""
import json
import os

import numpy as np
import spglib
import pyFAI
import periodictable
from periodictable import cromermann

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "packages", "crystal", "test", "fixtures")

HALL = {"P2/m": 57, "P2_1/m": 60, "C2/m": 63, "Pmmn": 279, "Pnma": 292, "Cmcm": 298, "Amma": 300,
        "Pm-3m": 517, "Fm-3m": 523, "Fd-3m": 526}


def operations():
    out = {}
    for symbol, hall in HALL.items():
        sym = spglib.get_symmetry_from_database(hall)
        ops = []
        for r, t in zip(sym["rotations"], sym["translations"]):
            t = np.mod(np.round(np.asarray(t) * 48) / 48, 1.0)
            ops.append({"rotation": [int(v) for v in np.asarray(r).reshape(-1)], "translation": [float(v) for v in t]})
        t = spglib.get_spacegroup_type(hall)
        out[symbol] = {"hall": hall, "number": int(t["number"]), "halls": t["hall_symbol"], "operations": ops}
    return out


def calibrants():
    base = os.path.join(os.path.dirname(pyFAI.__file__), "resources", "calibration")
    out = {}
    for name, fname in [("CeO2", "CeO2.D"), ("LaB6", "LaB6_SRM660c.D")]:
        lines = []
        header = []
        with open(os.path.join(base, fname)) as fh:
            for line in fh:
                if line.startswith("#"):
                    header.append(line.strip())
                    continue
                parts = line.split("#")
                d = float(parts[0])
                rest = parts[1].strip() if len(parts) > 1 else ""
                lines.append({"dAngstrom": d, "comment": rest})
        out[name] = {"file": fname, "pyFAI": pyFAI.version, "header": header, "lines": lines[:30]}
    return out


def form_factors():
    out = {}
    s = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5]
    for el in ["Li", "B", "O", "Si", "V", "La", "Ce"]:
        f = cromermann.fxrayatstol(el, np.array(s))
        out[el] = {"s": s, "f0": [float(v) for v in f]}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    data = {
        "generator": "scripts/reference/crystal-reference.py",
        "versions": {"spglib": spglib.__version__, "pyFAI": pyFAI.version, "periodictable": periodictable.__version__},
        "operations": operations(),
        "calibrants": calibrants(),
        "formFactors": form_factors(),
    }
    with open(os.path.join(OUT, "crystal-reference.json"), "w") as fh:
        json.dump(data, fh, indent=1)
    print("wrote", os.path.join(OUT, "crystal-reference.json"))


if __name__ == "__main__":
    main()
