#!/usr/bin/env python3
"""Independent scipy implementation of the @operando/mesoscale porous-electrode model, used as
the timing and accuracy anchor of `npm run bench -- mesoscale`.

Same equations, parameters, grid and open-circuit curve as packages/mesoscale/src (finite
volumes through separator and cathode, Fickian shells per cathode cell, Butler-Volmer
kinetics, Li counter electrode with Butler-Volmer kinetics and a half-cell Ohm's law), written
from the README's equations, not translated line by line.

scipy's solve_ivp has no mass-matrix DAE support, so the index-1 DAE is reduced to an ODE in
the differential unknowns c = (c_e per electrolyte cell, c_s per shell): inside the right-hand
side the algebraic unknowns z = (phi_Li, i_Li, phi_e per cell, j per cathode cell, phi_s) are
solved from G(z; c) = 0 by Newton (dense 108 x 108 for the bench grid, warm-started). The ODE
Jacobian is analytic: J = M^-1 (f_c + f_z dz/dc) with dz/dc = -G_z^-1 G_c; G_c has non-zero
columns only at c_e and the outer shells, so J is sparse (tridiagonal blocks plus one dense
block over those columns) and solve_ivp(method="BDF") factorises it with splu.

Input (stdin, JSON): {"params": CellParameters, "electrodeCells", "separatorCells", "shells",
"rtol", "cRate", "outputIntervalS", "maxTimeS" (optional: stop the whole run at this time)}.
Output (stdout, JSON): sample times and voltages, segment ends, counters and the wall time of
the integration (imports and set-up excluded). Run single-threaded (OPENBLAS_NUM_THREADS=1) for
a like-for-like comparison with the single-threaded TypeScript solver.
"""
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.integrate import solve_ivp

# CODATA 2018 exact values, as in packages/core/src/constants.ts.
F = 96485.33212331001
R = 8.31446261815324

# Shape constants of the V2O5 open-circuit preset (packages/mesoscale/src/ocv.ts, PRESET; the
# plateaus 3.38 V at x = 0.2 and 3.19 V at x = 0.75 are from Luo et al., Nat. Mater. 2021).
W = 0.01
BASE_SLOPE = 0.05
IDEAL_WEIGHT = 0.3
ALPHA_SLOPE = 1.5
DELTA_SLOPE = 1.5
LOW_WALL_V, LOW_WALL_X = 0.45, 0.01
HIGH_WALL_V, HIGH_WALL_X = 0.4, 0.03
PLATEAU = ((0.2, 3.38), (0.75, 3.19))
OCV_T = 298.15
# Phase boundaries alpha < 0.1, epsilon 0.3-0.7, delta > 0.8 (science.md section 3).
ALPHA_MAX, EPS_MIN, EPS_MAX, DELTA_MIN = 0.1, 0.3, 0.7, 0.8
X_MIN = 1e-9
C_FLOOR = 1e-9


def _logcosh(z):
    a = np.abs(z)
    return a + np.log1p(np.exp(-2 * a)) - math.log(2)


def _box(x, a, b):
    return 0.5 * W * (_logcosh((x - a) / W) - _logcosh((x - b) / W))


def _box_d(x, a, b):
    return 0.5 * (np.tanh((x - a) / W) - np.tanh((x - b) / W))


def _base(x):
    vt = R * OCV_T / F
    return (-BASE_SLOPE * x - ALPHA_SLOPE * _box(x, -1, ALPHA_MAX) - DELTA_SLOPE * _box(x, DELTA_MIN, 2)
            + IDEAL_WEIGHT * vt * np.log((1 - x) / x) + LOW_WALL_V * np.exp(-x / LOW_WALL_X)
            - HIGH_WALL_V * np.exp(-(1 - x) / HIGH_WALL_X))


def _base_d(x):
    vt = R * OCV_T / F
    return (-BASE_SLOPE - ALPHA_SLOPE * _box_d(x, -1, ALPHA_MAX) - DELTA_SLOPE * _box_d(x, DELTA_MIN, 2)
            - IDEAL_WEIGHT * vt / (x * (1 - x)) - LOW_WALL_V / LOW_WALL_X * np.exp(-x / LOW_WALL_X)
            - HIGH_WALL_V / HIGH_WALL_X * np.exp(-(1 - x) / HIGH_WALL_X))


def make_ocv():
    (x1, v1), (x2, v2) = PLATEAU
    b1, b2 = _base(x1), _base(x2)
    e1, e2 = _box(x1, EPS_MIN, EPS_MAX), _box(x2, EPS_MIN, EPS_MAX)
    s_eps = -((v1 - b1) - (v2 - b2)) / (e1 - e2)
    u0 = v1 - b1 + s_eps * e1

    def ocv(x):
        x = np.clip(x, X_MIN, 1 - X_MIN)
        return (u0 + _base(x) - s_eps * _box(x, EPS_MIN, EPS_MAX),
                _base_d(x) - s_eps * _box_d(x, EPS_MIN, EPS_MAX))

    return ocv


class Cell:
    def __init__(self, p, n_cells, n_sep, n_shells):
        if len(p["activeMaterial"]["particles"]) != 1:
            raise ValueError("the reference implements one particle class")
        if p["counterElectrode"]["kind"] != "butlerVolmer":
            raise ValueError("the reference implements the Butler-Volmer Li electrode")
        self.ocv = make_ocv()
        el, sep, ed = p["electrolyte"], p["separator"], p["electrode"]
        cls = p["activeMaterial"]["particles"][0]
        self.ns, self.nc, self.M = n_sep, n_cells, n_shells
        self.ne = n_sep + n_cells
        self.fT = F / (R * p["temperatureK"])
        self.tp = el["transferenceNumber"]
        self.beta = 2 * (1 - self.tp) * el.get("thermodynamicFactor", 1) / self.fT
        self.cE0 = el["concentrationMolPerM3"]
        self.cmax = p["activeMaterial"]["maxConcentrationMolPerM3"]
        in_sep = np.arange(self.ne) < n_sep
        self.dx = np.where(in_sep, sep["thicknessM"] / n_sep, ed["thicknessM"] / n_cells)
        self.eps = np.where(in_sep, sep["porosity"], ed["porosity"])
        tau = np.where(in_sep, sep["tortuosity"], ed["tortuosity"])
        d_eff = self.eps / tau * el["diffusivityM2PerS"]
        k_eff = self.eps / tau * el["conductivitySPerM"]
        half = self.dx / 2
        self.gN = 1 / (half[:-1] / d_eff[:-1] + half[1:] / d_eff[1:])
        self.gK = 1 / (half[:-1] / k_eff[:-1] + half[1:] / k_eff[1:])
        self.kappa0, self.d0 = k_eff[0], d_eff[0]
        ce_ = p["counterElectrode"]
        self.li_i0 = ce_["exchangeCurrentDensityAPerM2"]
        self.li_a = ce_.get("transferCoefficient", 0.5)
        sphere = cls["geometry"] == "sphere"
        size = cls["radiusM"] if sphere else cls["halfThicknessM"]
        M = n_shells
        self.dr = size / M
        self.Ds = cls["diffusivityM2PerS"]
        self.k = cls["rateConstant"]
        self.S = 3 / size if sphere else 1 / size
        self.a = cls["volumeFraction"] * self.S
        m = np.arange(M)
        self.vol = ((m + 1) ** 3 - m ** 3) / M ** 3 if sphere else np.full(M, 1 / M)
        r = (m[:-1] + 1) * self.dr
        face = 3 * r * r / size ** 3 if sphere else np.full(M - 1, 1 / size)
        self.gs = face * self.Ds / self.dr
        self.off = 0.5 * self.dr / (F * self.Ds)
        self.dxc = self.dx[n_sep:]
        # Differential unknowns c = [c_e (ne), shells (nc * M)]; algebraic z = [phi_B, i_L, phi_e (ne), j (nc), phi_s].
        self.nd = self.ne + n_cells * M
        self.na = 2 + self.ne + n_cells + 1
        self.mass = np.concatenate([self.eps * self.dx, np.tile(self.vol, n_cells)])
        self.last = self.ne + np.arange(n_cells) * M + M - 1
        self.cols = np.concatenate([np.arange(self.ne), self.last])
        self._build_constant_jacobians()
        self.z = None
        self.i_app = 0.0

    def _build_constant_jacobians(self):
        ne, ns, nc, M = self.ne, self.ns, self.nc, self.M
        rows, cols, vals = [], [], []
        for e in range(ne - 1):  # salt fluxes
            for (r_, c_, v) in ((e, e, -self.gN[e]), (e, e + 1, self.gN[e]), (e + 1, e, self.gN[e]), (e + 1, e + 1, -self.gN[e])):
                rows.append(r_); cols.append(c_); vals.append(v)
        for i in range(nc):  # shell fluxes
            s0 = ne + i * M
            for m in range(M - 1):
                g = self.gs[m]
                for (r_, c_, v) in ((s0 + m, s0 + m, -g), (s0 + m, s0 + m + 1, g), (s0 + m + 1, s0 + m, g), (s0 + m + 1, s0 + m + 1, -g)):
                    rows.append(r_); cols.append(c_); vals.append(v)
        self.Fc = sp.csr_matrix((vals, (rows, cols)), shape=(self.nd, self.nd))
        # f_z restricted to the rows that depend on z: c_e rows and outer shells.
        self.rowsz = np.concatenate([np.arange(ne), self.last])
        Fz = np.zeros((len(self.rowsz), self.na))
        Fz[0, 1] = (1 - self.tp) / F
        for i in range(nc):
            Fz[ns + i, 2 + ne + i] = (1 - self.tp) * self.dxc[i] * self.a / F
            Fz[ne + i, 2 + ne + i] = -self.S / F
        self.Fz = Fz

    def _bv(self, c, z):
        ce = c[self.ns:self.ne]
        phie = z[2 + self.ns:2 + self.ne]
        j = z[2 + self.ne:2 + self.ne + self.nc]
        cs = c[self.last] - j * self.off
        csc = np.clip(cs, C_FLOOR, self.cmax - C_FLOOR)
        u, du = self.ocv(csc / self.cmax)
        arg = 0.5 * self.fT * (z[-1] - phie - u)
        # Trial iterates of the line search can overflow here; such a trial is rejected (non-finite residual).
        with np.errstate(over="ignore", invalid="ignore"):
            ep, em = np.exp(arg), np.exp(-arg)
        i0 = F * self.k * np.sqrt(ce * csc * (self.cmax - csc))
        return ce, j, csc, du, ep, em, i0

    def residual(self, c, z):
        ne, ns = self.ne, self.ns
        ce_all = c[:ne]
        G = np.empty(self.na)
        phiB, iL = z[0], z[1]
        c0 = ce_all[0]
        s = math.sqrt(max(c0, C_FLOOR) / self.cE0)
        eta = -phiB
        G[0] = iL - self.li_i0 * s * (math.exp(self.li_a * self.fT * eta) - math.exp(-(1 - self.li_a) * self.fT * eta))
        g0 = self.kappa0 * self.beta * (1 - self.tp) / (F * self.d0 * c0)
        phie = z[2:2 + ne]
        G[1] = iL * (1 + g0) + 2 * self.kappa0 * (phie[0] - phiB) / self.dx[0]
        gphi = np.zeros(ne)
        gphi[0] -= iL
        cur = -self.gK * (phie[1:] - phie[:-1]) + self.gK * self.beta * np.log(ce_all[1:] / ce_all[:-1])
        gphi[:-1] += cur
        gphi[1:] -= cur
        ce, j, csc, du, ep, em, i0 = self._bv(c, z)
        gphi[ns:] -= self.dxc * self.a * j
        G[2:2 + ne] = gphi
        G[2 + ne:2 + ne + self.nc] = j - i0 * (ep - em)
        G[-1] = np.sum(self.dxc * self.a * j) - self.i_app
        return G

    def jacobians(self, c, z):
        """G_z (na x na) and G_c restricted to self.cols (na x len(cols))."""
        ne, ns, nc = self.ne, self.ns, self.nc
        Gz = np.zeros((self.na, self.na))
        Gc = np.zeros((self.na, len(self.cols)))
        phiB, iL = z[0], z[1]
        c0 = max(c[0], C_FLOOR)
        s = math.sqrt(c0 / self.cE0)
        eta = -phiB
        a_ = self.li_a
        ep0, em0 = math.exp(a_ * self.fT * eta), math.exp(-(1 - a_) * self.fT * eta)
        val = self.li_i0 * s * (ep0 - em0)
        Gz[0, 1] = 1
        Gz[0, 0] = self.li_i0 * s * (a_ * self.fT * ep0 + (1 - a_) * self.fT * em0)
        Gc[0, 0] = -val / (2 * c0)
        g0 = self.kappa0 * self.beta * (1 - self.tp) / (F * self.d0 * c0)
        Gz[1, 1] = 1 + g0
        Gz[1, 2] = 2 * self.kappa0 / self.dx[0]
        Gz[1, 0] = -2 * self.kappa0 / self.dx[0]
        Gc[1, 0] = -iL * g0 / c0
        Gz[2, 1] = -1
        e = np.arange(ne - 1)
        ce_all = c[:ne]
        # cur_e = -gK (phi_{e+1} - phi_e) + gK beta ln(c_{e+1}/c_e), added to row e, subtracted from row e+1.
        Gz[2 + e, 2 + e] += self.gK
        Gz[2 + e, 3 + e] -= self.gK
        Gz[3 + e, 2 + e] -= self.gK
        Gz[3 + e, 3 + e] += self.gK
        dca = -self.gK * self.beta / ce_all[:-1]
        dcb = self.gK * self.beta / ce_all[1:]
        Gc[2 + e, e] += dca
        Gc[2 + e, e + 1] += dcb
        Gc[3 + e, e] -= dca
        Gc[3 + e, e + 1] -= dcb
        ce, j, csc, du, ep, em, i0 = self._bv(c, z)
        i = np.arange(nc)
        rj = 2 + ne + i
        Gz[2 + ns + i, rj] = -self.dxc * self.a
        bv = i0 * (ep - em)
        b_eta = i0 * 0.5 * self.fT * (ep + em)
        b_cs = i0 * (0.5 / csc - 0.5 / (self.cmax - csc)) * (ep - em) - b_eta * du / self.cmax
        Gz[rj, rj] = 1 + b_cs * self.off
        Gz[rj, 2 + ns + i] = b_eta
        Gz[rj, self.na - 1] = -b_eta
        Gc[rj, ns + i] = -bv / (2 * ce)
        Gc[rj, ne + i] = -b_cs
        Gz[self.na - 1, rj] = self.dxc * self.a
        return Gz, Gc

    def solve_algebraic(self, c):
        z = self.z.copy()
        scale = np.concatenate([[1.0, 1.0], np.ones(self.ne), np.full(self.nc, 1e-3), [1.0]])
        for _ in range(60):
            G = self.residual(c, z)
            Gz, _ = self.jacobians(c, z)
            dz = np.linalg.solve(Gz, G)
            lam = 1.0
            while lam > 1e-4:
                trial = z - lam * dz
                Gt = self.residual(c, trial)
                if np.all(np.isfinite(Gt)) and np.linalg.norm(Gt) <= max(np.linalg.norm(G), 1e-300) * (1 + 1e-12):
                    break
                lam *= 0.5
            z = trial
            if np.max(np.abs(lam * dz) / scale) < 1e-12:
                break
        self.z = z
        return z

    def differential(self, c, z):
        f = self.Fc @ c
        f[self.rowsz] += self.Fz @ z
        return f

    def rhs(self, t, c):
        z = self.solve_algebraic(c)
        return self.differential(c, z) / self.mass

    def jac(self, t, c):
        z = self.solve_algebraic(c)
        Gz, Gc = self.jacobians(c, z)
        dzdc = -np.linalg.solve(Gz, Gc)
        block = self.Fz @ dzdc
        rr, cc = np.meshgrid(self.rowsz, self.cols, indexing="ij")
        J = self.Fc + sp.csr_matrix((block.ravel(), (rr.ravel(), cc.ravel())), shape=(self.nd, self.nd))
        return sp.diags(1 / self.mass) @ J


def main():
    cfg = json.load(sys.stdin)
    p = cfg["params"]
    cell = Cell(p, cfg["electrodeCells"], cfg["separatorCells"], cfg["shells"])
    rtol = cfg["rtol"]
    interval = cfg["outputIntervalS"]
    solid = sum(cls["volumeFraction"] for cls in p["activeMaterial"]["particles"])
    cap_density = F * cell.cmax * p["electrode"]["thicknessM"] * solid / 3600  # A h per m^2 -> A/m^2 at 1C
    i1c = cap_density
    c = np.concatenate([np.full(cell.ne, cell.cE0), np.full(cell.nc * cell.M, p["activeMaterial"]["initialX"] * cell.cmax)])
    u_init, _ = cell.ocv(np.array([p["activeMaterial"]["initialX"]]))
    atol = np.concatenate([np.full(cell.ne, rtol * cell.cE0), np.full(cell.nc * cell.M, rtol * cell.cmax)])
    t = 0.0
    max_time = cfg.get("maxTimeS")
    out_t, out_v, segments = [], [], []
    stats = {"nfev": 0, "njev": 0, "nlu": 0}
    wall = 0.0
    cpu = 0.0
    for direction, stop_v in (("discharge", p["voltageLimitsV"]["minV"]), ("charge", p["voltageLimitsV"]["maxV"])):
        sign = -1 if direction == "discharge" else 1
        cell.i_app = sign * cfg["cRate"] * i1c
        if cell.z is None:
            cell.z = np.concatenate([[0.0, -cell.i_app], np.zeros(cell.ne), np.full(cell.nc, cell.i_app / (cell.a * p["electrode"]["thicknessM"])), [u_init[0]]])
        duration = 1.5 * 3600 / cfg["cRate"]
        t_end = t + duration if max_time is None else min(t + duration, max_time)
        if t_end <= t:
            break

        def event(tt, cc, stop_v=stop_v):
            return cell.solve_algebraic(cc)[-1] - stop_v

        event.terminal = True
        event.direction = float(sign)
        first = math.floor(t / interval) + 1
        t_eval = [q * interval for q in range(first, int(math.ceil(t_end / interval)) + 1) if q * interval <= t_end]
        t0 = time.perf_counter()
        p0 = time.process_time()
        sol = solve_ivp(cell.rhs, (t, t_end), c, method="BDF", rtol=rtol, atol=atol, jac=cell.jac, t_eval=t_eval, events=event, dense_output=False)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - p0
        if sol.status < 0:
            raise RuntimeError(sol.message)
        stats["nfev"] += sol.nfev
        stats["njev"] += sol.njev
        stats["nlu"] += sol.nlu
        for k in range(sol.t.size):
            out_t.append(float(sol.t[k]))
            out_v.append(float(cell.solve_algebraic(sol.y[:, k])[-1]))
        if sol.t_events[0].size > 0:
            t = float(sol.t_events[0][0])
            c = sol.y_events[0][0]
        else:
            t = float(sol.t[-1]) if sol.t.size else t_end
            c = sol.y[:, -1] if sol.t.size else c
        z = cell.solve_algebraic(c)
        segments.append({"direction": direction, "endS": t, "endVoltageV": float(z[-1])})
        if max_time is not None and t >= max_time:
            break
    json.dump({"timeS": out_t, "voltageV": out_v, "segments": segments, "stats": stats, "wallS": wall, "cpuS": cpu, "unknowns": {"differential": cell.nd, "algebraic": cell.na}}, sys.stdout)


if __name__ == "__main__":
    main()
