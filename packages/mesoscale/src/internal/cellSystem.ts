/**
 * The discretised porous-electrode equations (finite volumes, method of lines) as an
 * index-1 DAE  M y' = f(t, y)  with diagonal mass matrix, its analytic Jacobian and a
 * structure-exploiting Newton solver:
 *  - particle shells are eliminated per (cell, class) by a tridiagonal Schur complement,
 *  - the remaining per-cell unknowns (c_e, phi_e, j_k) form a banded system (LU with pivoting),
 *  - the one global unknown (phi_s under current control, the current under voltage control)
 *    is handled by bordering (two banded solves with the same factors).
 *
 * Unknowns (per unit electrode area; x = 0 at the Li foil, separator then cathode):
 *   macro: [phi_B, i_L, (c_e, phi_e) per separator cell, (c_e, phi_e, j_1..j_K) per cathode cell]
 *   then shells c_s (per cathode cell, per class, inner to outer), then the global g.
 * Rows (same order):
 *   phi_B: Li Butler-Volmer  i_L - i_Li(phi_B) = 0    (or phi_B = fixed overpotential)
 *   i_L:   half-cell Ohm's law at the Li face, i_L (1 + g0) + 2 kappa0 (phi_0 - phi_B)/dx0 = 0
 *   c_e:   eps dx dc/dt = N_{-} - N_{+} + (1 - t+) dx sum_k a_k j_k / F     (differential)
 *   phi_e: i_{+} - i_{-} - dx sum_k a_k j_k = 0                             (charge balance)
 *   j_k:   j - i0 [exp(aa f eta) - exp(-ac f eta)] = 0, eta = phi_s - phi_e - U(c_surf / c_max)
 *   c_s:   v_m dc_m/dt = fluxes between shells; outer face flux j / F (differential)
 *   g:     sum dx a j - i_app(t) = 0 (current control), or g - sum dx a j = 0 (voltage control)
 * with N = -D_eff dc/dx and i = -kappa_eff dphi/dx + kappa_eff (2RT/F)(1 - t+) TF dln c/dx.
 * Every face flux enters two rows with opposite signs, so total Li is conserved by the scheme.
 *
 * @packageDocumentation
 */
import { FARADAY_C_PER_MOL, GAS_CONSTANT_J_PER_MOL_K } from "@operando/core";
import type { CellParameters } from "../parameters.js";
import type { OpenCircuitCurve } from "../ocv.js";
import { BandedMatrix } from "./bandedLu.js";
import type { DaeSystem } from "./ndf.js";

const F = FARADAY_C_PER_MOL;

/** How the cell is driven during one protocol segment. */
export interface Drive {
  /** "current": i_app(t) given, phi_s unknown; "voltage": phi_s given, current unknown. */
  mode: "current" | "voltage";
  /** Applied current density (A/m^2, > 0 = charge/oxidation of the cathode), current mode. */
  currentDensity: (timeS: number) => number;
  /** Cell voltage held (V), voltage mode. */
  voltageV: number;
  /** Sign of the cell current for a fixed-overpotential Li electrode (+1 charge, -1 discharge, 0 rest). */
  currentSign: number;
}

/** Grid sizes. */
export interface CellGrid {
  electrodeCells: number;
  separatorCells: number;
  /** Shells per particle class. */
  shells: number[];
}

/** Lower bound on concentrations used inside logarithms/square roots (mol/m^3). */
const C_FLOOR = 1e-9;

export class CellSystem implements DaeSystem {
  readonly n: number;
  readonly mass: Float64Array;
  readonly nMacro: number;
  readonly ns: number;
  readonly nc: number;
  readonly ne: number;
  readonly classes: number;
  readonly shells: Int32Array;
  readonly blockSize: number;
  readonly iG: number;
  /** Cell widths (m), electrolyte cells (separator then cathode). */
  readonly dx: Float64Array;
  /** Cell centres (m) measured from the Li foil. */
  readonly centers: Float64Array;
  /** Porosity per electrolyte cell. */
  readonly eps: Float64Array;
  readonly cMax: number;
  readonly cE0: number;
  /** Specific area a_k (1/m), solid fraction eps_s,k, diffusivity, rate constant per class. */
  readonly area: Float64Array;
  readonly solidFraction: Float64Array;
  readonly ds: Float64Array;
  readonly kRate: Float64Array;
  /** Surface area per particle volume (1/m) per class. */
  readonly surfacePerVolume: Float64Array;
  /** Shell width and node-to-surface distance per class. */
  readonly dr: Float64Array;
  /** Normalised shell volumes (sum 1) and face areas per particle volume, per class. */
  readonly shellVolume: Float64Array[];
  readonly faceArea: Float64Array[];
  /** Start index of the shells of (cell i, class k) in y: shellStart[i * K + k]. */
  readonly shellStart: Int32Array;
  drive: Drive;

  private readonly ocv: OpenCircuitCurve;
  private readonly fT: number;
  private readonly beta: number;
  private readonly tPlus: number;
  private readonly gN: Float64Array;
  private readonly gK: Float64Array;
  private readonly kappa0: number;
  private readonly d0: number;
  private readonly counter: CellParameters["counterElectrode"];
  private readonly liAlpha: number;
  // Jacobian storage
  private readonly jac: BandedMatrix;
  private readonly lu: BandedMatrix;
  private readonly jB: Float64Array;
  private readonly jC: Float64Array;
  private jD = 0;
  private readonly jJs: Float64Array;
  private readonly rowScale: Float64Array;
  private readonly bCol: Float64Array;
  private readonly vCol: Float64Array;
  private readonly cRow: Float64Array;
  private schurD = 0;
  private dScaled = 0;
  private readonly shellDenom: Float64Array[];
  private readonly shellCp: Float64Array[];
  private readonly shellLo: Float64Array[];
  private readonly shellZ: Float64Array[];
  private readonly shellCoupling: Float64Array;
  private readonly ajLast: Float64Array;
  private readonly work: Float64Array;
  private readonly ocvOut = new Float64Array(2);
  /** Index of c_e per electrolyte cell (phi_e follows at +1, j_k at +2 + k in the cathode). */
  private readonly cIndex: Int32Array;
  /** D_s / dr times the face area per particle volume, per inner shell face, per class. */
  private readonly shellConductance: Float64Array[];
  /** c_surf = c_last - j * surfaceOffset: half a shell of Fickian drop, 0.5 dr / (F D_s). */
  private readonly surfaceOffset: Float64Array;
  /** 1 / pivot of the shell tridiagonal elimination, per class. */
  private readonly shellInvDenom: Float64Array[];

  constructor(params: CellParameters, grid: CellGrid, ocv: OpenCircuitCurve, drive: Drive) {
    this.ocv = ocv;
    this.drive = drive;
    const K = params.activeMaterial.particles.length;
    this.classes = K;
    this.ns = grid.separatorCells;
    this.nc = grid.electrodeCells;
    this.ne = this.ns + this.nc;
    this.shells = Int32Array.from(grid.shells);
    this.blockSize = 2 + K;
    this.nMacro = 2 + 2 * this.ns + this.blockSize * this.nc;
    let shellTotal = 0;
    this.shellStart = new Int32Array(this.nc * K);
    for (let i = 0; i < this.nc; i++) {
      for (let k = 0; k < K; k++) {
        this.shellStart[i * K + k] = this.nMacro + shellTotal;
        shellTotal += this.shells[k]!;
      }
    }
    this.n = this.nMacro + shellTotal + 1;
    this.iG = this.n - 1;
    this.fT = F / (GAS_CONSTANT_J_PER_MOL_K * params.temperatureK);
    const el = params.electrolyte;
    this.tPlus = el.transferenceNumber;
    this.beta = (2 * (1 - el.transferenceNumber) * (el.thermodynamicFactor ?? 1)) / this.fT;
    this.cMax = params.activeMaterial.maxConcentrationMolPerM3;
    this.cE0 = el.concentrationMolPerM3;
    this.counter = params.counterElectrode;
    this.liAlpha = params.counterElectrode.kind === "butlerVolmer" ? (params.counterElectrode.transferCoefficient ?? 0.5) : 0.5;

    // Electrolyte cells.
    const ne = this.ne;
    this.dx = new Float64Array(ne);
    this.centers = new Float64Array(ne);
    this.eps = new Float64Array(ne);
    const dEff = new Float64Array(ne);
    const kEff = new Float64Array(ne);
    let x = 0;
    for (let e = 0; e < ne; e++) {
      const inSep = e < this.ns;
      const width = inSep ? params.separator.thicknessM / this.ns : params.electrode.thicknessM / this.nc;
      const porosity = inSep ? params.separator.porosity : params.electrode.porosity;
      const tau = inSep ? params.separator.tortuosity : params.electrode.tortuosity;
      this.dx[e] = width;
      this.centers[e] = x + width / 2;
      x += width;
      this.eps[e] = porosity;
      dEff[e] = (porosity / tau) * el.diffusivityM2PerS;
      kEff[e] = (porosity / tau) * el.conductivitySPerM;
    }
    this.gN = new Float64Array(Math.max(ne - 1, 0));
    this.gK = new Float64Array(Math.max(ne - 1, 0));
    for (let e = 0; e < ne - 1; e++) {
      // Harmonic mean across the face (exact for piecewise-constant coefficients).
      const rD = this.dx[e]! / (2 * dEff[e]!) + this.dx[e + 1]! / (2 * dEff[e + 1]!);
      const rK = this.dx[e]! / (2 * kEff[e]!) + this.dx[e + 1]! / (2 * kEff[e + 1]!);
      this.gN[e] = 1 / rD;
      this.gK[e] = 1 / rK;
    }
    this.kappa0 = kEff[0]!;
    this.d0 = dEff[0]!;

    // Particle classes.
    this.area = new Float64Array(K);
    this.solidFraction = new Float64Array(K);
    this.ds = new Float64Array(K);
    this.kRate = new Float64Array(K);
    this.surfacePerVolume = new Float64Array(K);
    this.dr = new Float64Array(K);
    this.shellVolume = [];
    this.faceArea = [];
    params.activeMaterial.particles.forEach((cls, k) => {
      const M = this.shells[k]!;
      const size = cls.geometry === "sphere" ? cls.radiusM : cls.halfThicknessM;
      const dr = size / M;
      this.dr[k] = dr;
      this.ds[k] = cls.diffusivityM2PerS;
      this.kRate[k] = cls.rateConstant;
      this.solidFraction[k] = cls.volumeFraction;
      const sv = cls.geometry === "sphere" ? 3 / size : 1 / size;
      this.surfacePerVolume[k] = sv;
      this.area[k] = cls.volumeFraction * sv;
      const vol = new Float64Array(M);
      const face = new Float64Array(Math.max(M - 1, 0));
      for (let m = 0; m < M; m++) {
        if (cls.geometry === "sphere") vol[m] = ((m + 1) ** 3 - m ** 3) / M ** 3;
        else vol[m] = 1 / M;
        if (m < M - 1) {
          const r = (m + 1) * dr;
          face[m] = cls.geometry === "sphere" ? (3 * r * r) / size ** 3 : 1 / size;
        }
      }
      this.shellVolume.push(vol);
      this.faceArea.push(face);
    });

    // Mass matrix.
    this.mass = new Float64Array(this.n);
    for (let e = 0; e < ne; e++) this.mass[this.iC(e)] = this.eps[e]! * this.dx[e]!;
    for (let i = 0; i < this.nc; i++) {
      for (let k = 0; k < K; k++) {
        const s0 = this.shellStart[i * K + k]!;
        const vol = this.shellVolume[k]!;
        for (let m = 0; m < vol.length; m++) this.mass[s0 + m] = vol[m]!;
      }
    }

    const bw = this.blockSize + 1;
    this.jac = new BandedMatrix(this.nMacro, bw, bw);
    this.lu = new BandedMatrix(this.nMacro, bw, bw);
    this.jB = new Float64Array(this.nMacro);
    this.jC = new Float64Array(this.nMacro);
    this.jJs = new Float64Array(this.nc * K);
    this.rowScale = new Float64Array(this.nMacro + 1);
    this.bCol = new Float64Array(this.nMacro);
    this.vCol = new Float64Array(this.nMacro);
    this.cRow = new Float64Array(this.nMacro);
    this.shellDenom = this.shellVolume.map((v) => new Float64Array(v.length));
    this.shellCp = this.shellVolume.map((v) => new Float64Array(v.length));
    this.shellLo = this.shellVolume.map((v) => new Float64Array(v.length));
    this.shellZ = this.shellVolume.map((v) => new Float64Array(v.length));
    this.shellCoupling = new Float64Array(K);
    this.ajLast = new Float64Array(this.nc * K);
    this.work = new Float64Array(this.n);
    this.cIndex = Int32Array.from({ length: ne }, (_, e) => this.iC(e));
    this.shellConductance = this.faceArea.map((face, k) => Float64Array.from(face, (a) => (a * this.ds[k]!) / this.dr[k]!));
    this.surfaceOffset = Float64Array.from(this.dr, (dr, k) => (0.5 * dr) / (F * this.ds[k]!));
    this.shellInvDenom = this.shellVolume.map((v) => new Float64Array(v.length));
  }

  /** Index of c_e in electrolyte cell e. */
  iC(e: number): number {
    return e < this.ns ? 2 + 2 * e : 2 + 2 * this.ns + this.blockSize * (e - this.ns);
  }
  /** Index of phi_e in electrolyte cell e. */
  iPhi(e: number): number {
    return this.iC(e) + 1;
  }
  /** Index of j for cathode cell i and class k. */
  iJ(i: number, k: number): number {
    return 2 + 2 * this.ns + this.blockSize * i + 2 + k;
  }

  /** Whether row r is differential (M_rr > 0). */
  isDifferential(r: number): boolean {
    return this.mass[r]! > 0;
  }

  /** The solid potential (V) in state y under the current drive. */
  solidPotential(y: Float64Array): number {
    return this.drive.mode === "current" ? y[this.iG]! : this.drive.voltageV;
  }

  /** The applied current density (A/m^2) in state y at time t. */
  currentDensity(t: number, y: Float64Array): number {
    return this.drive.mode === "current" ? this.drive.currentDensity(t) : y[this.iG]!;
  }

  /** Total Li in electrolyte and solid per electrode area (mol/m^2): a linear invariant. */
  lithium(y: Float64Array): number {
    let total = 0;
    for (let e = 0; e < this.ne; e++) total += this.eps[e]! * this.dx[e]! * y[this.iC(e)]!;
    for (let i = 0; i < this.nc; i++) {
      const dxi = this.dx[this.ns + i]!;
      for (let k = 0; k < this.classes; k++) {
        const s0 = this.shellStart[i * this.classes + k]!;
        const vol = this.shellVolume[k]!;
        let sum = 0;
        for (let m = 0; m < vol.length; m++) sum += vol[m]! * y[s0 + m]!;
        total += this.solidFraction[k]! * dxi * sum;
      }
    }
    return total;
  }

  /** Surface concentration of (cell i, class k) from the outer shell and the flux. */
  private surfaceConcentration(y: Float64Array, i: number, k: number): number {
    const K = this.classes;
    const s0 = this.shellStart[i * K + k]!;
    const last = y[s0 + this.shells[k]! - 1]!;
    const j = y[this.iJ(i, k)]!;
    return last - (j * 0.5 * this.dr[k]!) / (F * this.ds[k]!);
  }

  private liCurrent(phiB: number, c0: number): { value: number; dPhi: number; dC: number } {
    const ce = this.counter;
    if (ce.kind !== "butlerVolmer") return { value: 0, dPhi: 0, dC: 0 };
    const a = this.liAlpha;
    const eta = -phiB;
    const s = Math.sqrt(Math.max(c0, C_FLOOR) / this.cE0);
    const i0 = ce.exchangeCurrentDensityAPerM2 * s;
    const ep = Math.exp(a * this.fT * eta);
    const em = Math.exp(-(1 - a) * this.fT * eta);
    const value = i0 * (ep - em);
    const dEta = i0 * (a * this.fT * ep + (1 - a) * this.fT * em);
    return { value, dPhi: -dEta, dC: value / (2 * Math.max(c0, C_FLOOR)) };
  }

  /**
   * Evaluates f (differential rows: M y' = f; algebraic rows: residual). Returns false when
   * the state is outside the physical domain (salt concentration <= 0).
   */
  rhs(t: number, y: Float64Array, f: Float64Array): boolean {
    f.fill(0);
    const { ns, ne, nc, classes: K, tPlus, beta, cIndex, gN, gK } = this;
    for (let e = 0; e < ne; e++) if (!(y[cIndex[e]!]! > 0)) return false;
    // Li face.
    const phiB = y[0]!;
    const iL = y[1]!;
    const c0 = y[cIndex[0]!]!;
    if (this.counter.kind === "butlerVolmer") f[0] = iL - this.liCurrent(phiB, c0).value;
    else f[0] = phiB - this.drive.currentSign * this.counter.overpotentialV;
    const g0 = (this.kappa0 * beta * (1 - tPlus)) / (F * this.d0 * c0);
    f[1] = iL * (1 + g0) + (2 * this.kappa0 * (y[cIndex[0]! + 1]! - phiB)) / this.dx[0]!;
    f[cIndex[0]!]! += ((1 - tPlus) * iL) / F;
    f[cIndex[0]! + 1]! -= iL;
    // Faces.
    for (let e = 0; e < ne - 1; e++) {
      const ia = cIndex[e]!;
      const ib = cIndex[e + 1]!;
      const ca = y[ia]!;
      const cb = y[ib]!;
      const flux = -gN[e]! * (cb - ca);
      const cur = -gK[e]! * (y[ib + 1]! - y[ia + 1]!) + gK[e]! * beta * Math.log(cb / ca);
      f[ia]! -= flux;
      f[ib]! += flux;
      f[ia + 1]! += cur;
      f[ib + 1]! -= cur;
    }
    // Reactions and particles.
    const phiS = this.solidPotential(y);
    let total = 0;
    const ocvOut = this.ocvOut;
    const cMax = this.cMax;
    const halfF = 0.5 * this.fT;
    for (let i = 0; i < nc; i++) {
      const e = ns + i;
      const dxi = this.dx[e]!;
      const ic = cIndex[e]!;
      const ce = y[ic]!;
      const phiE = y[ic + 1]!;
      let source = 0;
      for (let k = 0; k < K; k++) {
        const ij = ic + 2 + k;
        const j = y[ij]!;
        const s0 = this.shellStart[i * K + k]!;
        const M = this.shells[k]!;
        const cs = y[s0 + M - 1]! - j * this.surfaceOffset[k]!;
        const csC = Math.min(Math.max(cs, C_FLOOR), cMax - C_FLOOR);
        this.ocv.evaluate(csC / cMax, ocvOut);
        const arg = halfF * (phiS - phiE - ocvOut[0]!);
        const i0 = F * this.kRate[k]! * Math.sqrt(ce * csC * (cMax - csC));
        f[ij] = j - i0 * (Math.exp(arg) - Math.exp(-arg));
        source += this.area[k]! * j;
        // Shells: each inner face flux enters two rows with opposite signs.
        const g = this.shellConductance[k]!;
        let prev = y[s0]!;
        let qIn = 0;
        for (let m = 0; m < M - 1; m++) {
          const next = y[s0 + m + 1]!;
          const q = g[m]! * (prev - next);
          f[s0 + m] = qIn - q;
          qIn = q;
          prev = next;
        }
        f[s0 + M - 1] = qIn - (this.surfacePerVolume[k]! * j) / F;
      }
      f[ic]! += ((1 - tPlus) * dxi * source) / F;
      f[ic + 1]! -= dxi * source;
      total += dxi * source;
    }
    if (this.drive.mode === "current") f[this.iG] = total - this.drive.currentDensity(t);
    else f[this.iG] = y[this.iG]! - total;
    return true;
  }

  /**
   * Whether a state is physical: salt concentration > 0 everywhere and every particle's
   * surface concentration strictly inside (0, c_max) (where U(x) and i0 are defined without
   * clamping).
   */
  admissible(y: Float64Array): boolean {
    for (let e = 0; e < this.ne; e++) if (!(y[this.iC(e)]! > 0)) return false;
    for (let i = 0; i < this.nc; i++) {
      for (let k = 0; k < this.classes; k++) {
        const cs = this.surfaceConcentration(y, i, k);
        if (!(cs > 0 && cs < this.cMax)) return false;
      }
    }
    return true;
  }

  /** Evaluates and stores the Jacobian df/dy at (t, y). */
  jacobian(_t: number, y: Float64Array): void {
    const J = this.jac;
    J.clear();
    this.jB.fill(0);
    this.jC.fill(0);
    const { ns, ne, nc, classes: K, tPlus, beta } = this;
    const phiB = y[0]!;
    const iL = y[1]!;
    const c0 = Math.max(y[this.iC(0)]!, C_FLOOR);
    if (this.counter.kind === "butlerVolmer") {
      const li = this.liCurrent(phiB, c0);
      J.add(0, 1, 1);
      J.add(0, 0, -li.dPhi);
      J.add(0, this.iC(0), -li.dC);
    } else J.add(0, 0, 1);
    const g0 = (this.kappa0 * beta * (1 - tPlus)) / (F * this.d0 * c0);
    J.add(1, 1, 1 + g0);
    J.add(1, this.iC(0), (-iL * g0) / c0);
    J.add(1, this.iPhi(0), (2 * this.kappa0) / this.dx[0]!);
    J.add(1, 0, (-2 * this.kappa0) / this.dx[0]!);
    J.add(this.iC(0), 1, (1 - tPlus) / F);
    J.add(this.iPhi(0), 1, -1);
    for (let e = 0; e < ne - 1; e++) {
      const ia = this.iC(e);
      const ib = this.iC(e + 1);
      const pa = ia + 1;
      const pb = ib + 1;
      const gN = this.gN[e]!;
      const gK = this.gK[e]!;
      const ca = y[ia]!;
      const cb = y[ib]!;
      // flux = -gN (cb - ca): d/dca = gN, d/dcb = -gN
      J.add(ia, ia, -gN);
      J.add(ia, ib, gN);
      J.add(ib, ia, gN);
      J.add(ib, ib, -gN);
      // cur = -gK (pb - pa) + gK beta (ln cb - ln ca)
      const dca = (-gK * beta) / ca;
      const dcb = (gK * beta) / cb;
      J.add(pa, pa, gK);
      J.add(pa, pb, -gK);
      J.add(pa, ia, dca);
      J.add(pa, ib, dcb);
      J.add(pb, pa, -gK);
      J.add(pb, pb, gK);
      J.add(pb, ia, -dca);
      J.add(pb, ib, -dcb);
    }
    const phiS = this.solidPotential(y);
    const current = this.drive.mode === "current";
    const ocvOut = this.ocvOut;
    for (let i = 0; i < nc; i++) {
      const e = ns + i;
      const dxi = this.dx[e]!;
      const ic = this.iC(e);
      const ip = ic + 1;
      const ce = y[ic]!;
      const phiE = y[ip]!;
      for (let k = 0; k < K; k++) {
        const ij = this.iJ(i, k);
        const cs = this.surfaceConcentration(y, i, k);
        const csC = Math.min(Math.max(cs, C_FLOOR), this.cMax - C_FLOOR);
        this.ocv.evaluate(csC / this.cMax, ocvOut);
        const eta = phiS - phiE - ocvOut[0]!;
        const sq = Math.sqrt(ce * csC * (this.cMax - csC));
        const i0 = F * this.kRate[k]! * sq;
        const arg = 0.5 * this.fT * eta;
        const ep = Math.exp(arg);
        const em = Math.exp(-arg);
        const bv = i0 * (ep - em);
        const bEta = i0 * 0.5 * this.fT * (ep + em);
        const bCs = i0 * (0.5 / csC - 0.5 / (this.cMax - csC)) * (ep - em) + (bEta * -ocvOut[1]!) / this.cMax;
        const delta = (0.5 * this.dr[k]!) / (F * this.ds[k]!);
        J.add(ij, ij, 1 + bCs * delta);
        J.add(ij, ip, bEta);
        J.add(ij, ic, -bv / (2 * ce));
        this.jJs[i * K + k] = -bCs;
        if (current) this.jB[ij] = -bEta;
        const a = this.area[k]!;
        J.add(ic, ij, ((1 - tPlus) * dxi * a) / F);
        J.add(ip, ij, -dxi * a);
        this.jC[ij] = current ? dxi * a : -dxi * a;
      }
    }
    this.jD = current ? 0 : 1;
  }

  /**
   * Forms A = M - c J (differential rows) / -J (algebraic rows), eliminates the shells and
   * factors the banded macro system with its border. Returns false if singular.
   */
  factor(c: number): boolean {
    const { nMacro, classes: K, nc } = this;
    const jac = this.jac;
    const lu = this.lu;
    const bw = jac.kl;
    const ldab = jac.ldab;
    const kv = jac.kl + jac.ku;
    lu.ab.fill(0);
    for (let col = 0; col < nMacro; col++) {
      const r0 = Math.max(0, col - jac.ku);
      const r1 = Math.min(nMacro - 1, col + bw);
      for (let r = r0; r <= r1; r++) {
        const idx = kv + r - col + col * ldab;
        const factorRow = this.mass[r]! > 0 ? -c : -1;
        lu.ab[idx] = factorRow * jac.ab[idx]!;
      }
    }
    for (let r = 0; r < nMacro; r++) if (this.mass[r]! > 0) lu.ab[kv + r * ldab]! += this.mass[r]!;
    // Shell tridiagonal factors per class (the shell Jacobian is constant, same in every cell).
    for (let k = 0; k < K; k++) {
      const M = this.shells[k]!;
      const vol = this.shellVolume[k]!;
      const face = this.faceArea[k]!;
      const coef = this.ds[k]! / this.dr[k]!;
      const denom = this.shellDenom[k]!;
      const cp = this.shellCp[k]!;
      const lo = this.shellLo[k]!;
      let prevCp = 0;
      for (let m = 0; m < M; m++) {
        const gl = m > 0 ? face[m - 1]! * coef : 0;
        const gr = m < M - 1 ? face[m]! * coef : 0;
        const di = vol[m]! + c * (gl + gr);
        const l = -c * gl;
        const u = -c * gr;
        lo[m] = l;
        const d = di - l * prevCp;
        denom[m] = d;
        this.shellInvDenom[k]![m] = 1 / d;
        cp[m] = u / d;
        prevCp = cp[m]!;
      }
      // z = T^-1 e_last * coupling, coupling = A(last, j) = -c * (-S/F)
      const coupling = (c * this.surfacePerVolume[k]!) / F;
      this.shellCoupling[k] = coupling;
      const z = this.shellZ[k]!;
      for (let m = 0; m < M; m++) {
        const rhs = m === M - 1 ? coupling : 0;
        z[m] = (rhs - (m > 0 ? lo[m]! * z[m - 1]! : 0)) / denom[m]!;
      }
      for (let m = M - 2; m >= 0; m--) z[m]! -= cp[m]! * z[m + 1]!;
    }
    // Schur update of the j rows: A_jj -= A(j, last) * z_last, A(j, last) = -1 * jJs.
    for (let i = 0; i < nc; i++) {
      for (let k = 0; k < K; k++) {
        const ij = this.iJ(i, k);
        const ajLast = -this.jJs[i * K + k]!;
        this.ajLast[i * K + k] = ajLast;
        const z = this.shellZ[k]!;
        lu.ab[kv + ij * ldab]! -= ajLast * z[z.length - 1]!;
      }
    }
    // Row equilibration.
    for (let r = 0; r < nMacro; r++) {
      let mx = Math.abs(this.jB[r]!);
      const c0 = Math.max(0, r - jac.kl);
      const c1 = Math.min(nMacro - 1, r + jac.ku);
      for (let col = c0; col <= c1; col++) mx = Math.max(mx, Math.abs(lu.ab[kv + r - col + col * ldab]!));
      const s = mx > 0 ? 1 / mx : 1;
      this.rowScale[r] = s;
      for (let col = c0; col <= c1; col++) lu.ab[kv + r - col + col * ldab]! *= s;
      this.bCol[r] = -this.jB[r]! * s;
    }
    if (lu.factor() >= 0) return false;
    // Border: algebraic row of g: A(g, :) = -jC, A(g, g) = -jD. Scale it too.
    let mx = Math.abs(this.jD);
    for (let r = 0; r < nMacro; r++) mx = Math.max(mx, Math.abs(this.jC[r]!));
    const sg = mx > 0 ? 1 / mx : 1;
    this.rowScale[nMacro] = sg;
    for (let r = 0; r < nMacro; r++) this.cRow[r] = -this.jC[r]! * sg;
    this.dScaled = -this.jD * sg;
    this.vCol.set(this.bCol);
    lu.solve(this.vCol);
    let cv = 0;
    for (let r = 0; r < nMacro; r++) cv += this.cRow[r]! * this.vCol[r]!;
    this.schurD = this.dScaled - cv;
    return this.schurD !== 0 && Number.isFinite(this.schurD);
  }

  /** Solves A x = b (after {@link factor}); b is overwritten with x. */
  solve(b: Float64Array): void {
    const { nMacro, classes: K, nc, cIndex, ns } = this;
    // Shell forward elimination w = L^-1 b_s (its last entry is the last entry of T^-1 b_s),
    // Schur update of the j rows.
    for (let i = 0; i < nc; i++) {
      for (let k = 0; k < K; k++) {
        const s0 = this.shellStart[i * K + k]!;
        const M = this.shells[k]!;
        const inv = this.shellInvDenom[k]!;
        const lo = this.shellLo[k]!;
        let prev = 0;
        for (let m = 0; m < M; m++) {
          prev = (b[s0 + m]! - lo[m]! * prev) * inv[m]!;
          b[s0 + m] = prev;
        }
        b[cIndex[ns + i]! + 2 + k]! -= this.ajLast[i * K + k]! * prev;
      }
    }
    const u = this.work.subarray(0, nMacro);
    const rowScale = this.rowScale;
    for (let r = 0; r < nMacro; r++) u[r] = b[r]! * rowScale[r]!;
    this.lu.solve(u);
    const rg = b[this.iG]! * rowScale[nMacro]!;
    const cRow = this.cRow;
    const vCol = this.vCol;
    let cu = 0;
    for (let r = 0; r < nMacro; r++) cu += cRow[r]! * u[r]!;
    const dg = (rg - cu) / this.schurD;
    for (let r = 0; r < nMacro; r++) b[r] = u[r]! - vCol[r]! * dg;
    b[this.iG] = dg;
    // Shells: the coupling to j sits in the last row only, so it changes only the last
    // forward-eliminated entry; then back substitution.
    for (let i = 0; i < nc; i++) {
      for (let k = 0; k < K; k++) {
        const s0 = this.shellStart[i * K + k]!;
        const M = this.shells[k]!;
        const inv = this.shellInvDenom[k]!;
        const cp = this.shellCp[k]!;
        const dj = b[cIndex[ns + i]! + 2 + k]!;
        let next = b[s0 + M - 1]! - this.shellCoupling[k]! * dj * inv[M - 1]!;
        b[s0 + M - 1] = next;
        for (let m = M - 2; m >= 0; m--) {
          next = b[s0 + m]! - cp[m]! * next;
          b[s0 + m] = next;
        }
      }
    }
  }

  /**
   * Fills per-cell outputs from a state: mean x, surface x (class-volume weighted), and the
   * volumetric reaction current sum_k a_k j_k (A/m^3).
   */
  cellFields(y: Float64Array, xMean: Float64Array, xSurface: Float64Array, reaction: Float64Array): void {
    const K = this.classes;
    let solid = 0;
    for (let k = 0; k < K; k++) solid += this.solidFraction[k]!;
    for (let i = 0; i < this.nc; i++) {
      let xs = 0;
      let xsur = 0;
      let rr = 0;
      for (let k = 0; k < K; k++) {
        const s0 = this.shellStart[i * K + k]!;
        const vol = this.shellVolume[k]!;
        let sum = 0;
        for (let m = 0; m < vol.length; m++) sum += vol[m]! * y[s0 + m]!;
        const w = this.solidFraction[k]! / solid;
        xs += (w * sum) / this.cMax;
        xsur += (w * this.surfaceConcentration(y, i, k)) / this.cMax;
        rr += this.area[k]! * y[this.iJ(i, k)]!;
      }
      xMean[i] = xs;
      xSurface[i] = xsur;
      reaction[i] = rr;
    }
  }
}
