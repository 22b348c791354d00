/**
 * Electrochemistry alignment: lithiation x(t) by coulomb counting, matching of pattern times to
 * the cycler record, the diffraction-vs-coulomb x difference, and the estimate of reference
 * intensity ratios that make the electrode-average diffraction x follow coulomb counting.
 *
 * Capacity of V2O5 for one Li: q = F / (M 3.6) mAh/g with F = 96485.33212 C/mol (CODATA 2018,
 * core FARADAY_C_PER_MOL) and M(V2O5) = 181.88 g/mol (2 x 50.9415 + 5 x 15.999, IUPAC standard
 * atomic weights), 1 mAh = 3.6 C: q = 147.4 mAh/g, as quoted by Luo et al. 2021 and science.md.
 *
 * @packageDocumentation
 */
import type { CyclerData } from "@operando/core";
import { FARADAY_C_PER_MOL, InvalidParameterError } from "@operando/core";
import { TimeOverlapError } from "./errors.js";
import type { SeriesQuantification } from "./quantifySeries.js";

/** Molar mass of V2O5 (g/mol): 2 x 50.9415 + 5 x 15.999 (IUPAC standard atomic weights). */
export const V2O5_MOLAR_MASS_G_PER_MOL = 181.88;

/** Theoretical capacity for one Li per V2O5 (mAh/g): F / (M 3.6) = 147.4 (Luo et al. 2021). */
export const V2O5_CAPACITY_MAH_PER_G = FARADAY_C_PER_MOL / (V2O5_MOLAR_MASS_G_PER_MOL * 3.6);

/** Options of {@link coulombCountingX}. */
export interface CoulombCountingOptions {
  /** Active (V2O5) mass (mg). */
  activeMassMg: number;
  /** x at the start of the record. @default 0 */
  x0?: number;
  /** Molar mass of the host per formula unit (g/mol). @default 181.88 (V2O5) */
  molarMassGPerMol?: number;
}

/** x(t) from a cycler record. */
export interface CoulombX {
  /** Cycler times (s). */
  timeS: Float64Array;
  /** Lithiation x at each time. */
  x: Float64Array;
  /** Cell voltage (V). */
  voltageV: Float64Array;
}

/**
 * Lithiation by coulomb counting: x(t) = x0 - (M / (m F)) integral_0^t I dt (trapezoid rule), with
 * the core sign convention (I < 0 = reduction = lithiation of the cathode).
 *
 * @param cycler - cycler record (timeS, currentA, voltageV)
 * @param options - active mass (mg), x0, molar mass
 * @returns x at each cycler time
 * @throws InvalidParameterError for a non-positive mass, unsorted times or mismatched lengths
 * @example coulombCountingX(cycler, { activeMassMg: 3.2 }).x
 */
export function coulombCountingX(cycler: CyclerData, options: CoulombCountingOptions): CoulombX {
  const { activeMassMg, x0 = 0, molarMassGPerMol = V2O5_MOLAR_MASS_G_PER_MOL } = options;
  if (!(Number.isFinite(activeMassMg) && activeMassMg > 0)) throw new InvalidParameterError({ parameter: "activeMassMg", value: activeMassMg, expected: "a positive active mass in mg" });
  if (!Number.isFinite(x0)) throw new InvalidParameterError({ parameter: "x0", value: x0, expected: "a finite x" });
  const { timeS, currentA, voltageV } = cycler;
  const n = timeS.length;
  if (n < 2 || currentA.length !== n || voltageV.length !== n) throw new InvalidParameterError({ parameter: "cycler", value: `lengths ${n}/${currentA.length}/${voltageV.length}`, expected: "at least 2 rows with equal-length time, current and voltage" });
  const molesPerCoulomb = 1 / FARADAY_C_PER_MOL;
  const hostMol = activeMassMg / 1000 / molarMassGPerMol;
  const x = new Float64Array(n);
  x[0] = x0;
  for (let i = 1; i < n; i++) {
    const dt = timeS[i]! - timeS[i - 1]!;
    if (!(dt >= 0)) throw new InvalidParameterError({ parameter: `cycler.timeS[${i}]`, value: timeS[i], expected: "non-decreasing times" });
    const charge = 0.5 * (currentA[i]! + currentA[i - 1]!) * dt;
    x[i] = x[i - 1]! - (charge * molesPerCoulomb) / hostMol;
  }
  return { timeS: Float64Array.from(timeS), x, voltageV: Float64Array.from(voltageV) };
}

function interpolate(t: Float64Array, v: Float64Array, at: number): number {
  const n = t.length;
  if (!(at >= t[0]! && at <= t[n - 1]!)) return Number.NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= at) lo = mid;
    else hi = mid;
  }
  const span = t[hi]! - t[lo]!;
  return span > 0 ? v[lo]! + ((v[hi]! - v[lo]!) * (at - t[lo]!)) / span : v[lo]!;
}

/** Options of {@link alignCycler}. */
export interface AlignCyclerOptions extends CoulombCountingOptions {
  /** Added to each pattern time before matching (s): t_cycler = t_pattern + timeOffsetS. @default 0 */
  timeOffsetS?: number;
}

/** Per-pattern electrochemistry, input order of the quantification rows. */
export interface CyclerAlignment {
  /** Coulomb-counting x at each pattern (NaN outside the cycler record). */
  xCoulomb: Float64Array;
  /** Cell voltage at each pattern (V; NaN outside). */
  voltageV: Float64Array;
  /** Diffraction x minus coulomb x (NaN when either is missing). */
  xDifference: Float64Array;
  /** Mean and RMS of the electrode-average (mean over layers per time) difference. */
  meanDifference: number;
  rmsDifference: number;
  /** Patterns outside the cycler record. */
  outside: number;
}

/**
 * Matches pattern times to a cycler record and compares diffraction x with coulomb counting.
 *
 * @param quantification - a series quantification
 * @param cycler - cycler record
 * @param options - mass, x0 and time offset
 * @returns per-pattern coulomb x, voltage and the difference
 * @throws TimeOverlapError when no pattern time falls inside the cycler record
 */
export function alignCycler(quantification: SeriesQuantification, cycler: CyclerData, options: AlignCyclerOptions): CyclerAlignment {
  const offset = options.timeOffsetS ?? 0;
  if (!Number.isFinite(offset)) throw new InvalidParameterError({ parameter: "timeOffsetS", value: offset, expected: "a finite time in s" });
  const cx = coulombCountingX(cycler, options);
  const rows = quantification.rows;
  const n = rows.length;
  const xCoulomb = new Float64Array(n);
  const voltageV = new Float64Array(n);
  const xDifference = new Float64Array(n);
  let outside = 0;
  rows.forEach((r, i) => {
    const t = r.timeS + offset;
    xCoulomb[i] = interpolate(cx.timeS, cx.x, t);
    voltageV[i] = interpolate(cx.timeS, cx.voltageV, t);
    if (Number.isNaN(xCoulomb[i]!)) outside++;
    xDifference[i] = r.result.x - xCoulomb[i]!;
  });
  if (outside === n) {
    const times = rows.map((r) => r.timeS + offset);
    throw new TimeOverlapError({ patternRangeS: [Math.min(...times), Math.max(...times)], cyclerRangeS: [cx.timeS[0]!, cx.timeS[cx.timeS.length - 1]!] });
  }
  // Electrode average per time: mean of the layer differences at that time.
  const byTime = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const d = xDifference[i]!;
    if (Number.isFinite(d)) byTime.set(r.timeS, [...(byTime.get(r.timeS) ?? []), d]);
  });
  const means = [...byTime.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  const meanDifference = means.length === 0 ? Number.NaN : means.reduce((a, b) => a + b, 0) / means.length;
  const rmsDifference = means.length === 0 ? Number.NaN : Math.sqrt(means.reduce((a, b) => a + b * b, 0) / means.length);
  return { xCoulomb, voltageV, xDifference, meanDifference, rmsDifference, outside };
}

/** Result of {@link fitReferenceIntensityRatios}. */
export interface ReferenceIntensityRatioFit {
  /** r_k per phase (reference phase = 1), to pass as quantifyPattern's referenceIntensityRatios. */
  ratios: Record<string, number>;
  /** One-sigma of each r_k (0 for the reference phase). */
  ratioSigmas: Record<string, number>;
  /** Number of (time) equations used. */
  equations: number;
  /** RMS of the normalized residual of the x constraint. */
  rmsResidual: number;
}

/**
 * Estimates reference-intensity corrections r_k so that the electrode-average diffraction x follows
 * coulomb counting. With u_k = 1 / r_k and A_k the phase amounts S_k V_k Z_k pooled over the layers
 * at one time, x_avg = sum u_k A_k x_k / sum u_k A_k = x_c is linear in u:
 * sum_k u_k A_k (x_k - x_c) = 0. One equation per time (normalized by sum A_k), u_ref = 1, solved by
 * linear least squares; sigma(u) from the residual variance, sigma(r) = sigma(u) / u^2.
 *
 * @param quantification - series quantification (run with the default ratios)
 * @param xCoulomb - coulomb x per row (alignCycler().xCoulomb)
 * @param options - reference phase
 * @returns ratios with sigmas
 * @throws InvalidParameterError when fewer equations than unknowns carry information
 */
export function fitReferenceIntensityRatios(quantification: SeriesQuantification, xCoulomb: ArrayLike<number>, options: { referencePhase?: string } = {}): ReferenceIntensityRatioFit {
  const ref = options.referencePhase ?? quantification.phases[0]!;
  const unknown = quantification.phases.filter((p) => p !== ref);
  const m = unknown.length;
  const byTime = new Map<number, { a: Float64Array; b: number; norm: number }>();
  quantification.rows.forEach((r, i) => {
    const xc = xCoulomb[i]!;
    if (!Number.isFinite(xc) || r.result.phases.length === 0) return;
    const eq = byTime.get(r.timeS) ?? { a: new Float64Array(m), b: 0, norm: 0 };
    for (const ph of r.result.phases) {
      const term = ph.amount * (ph.x - xc);
      eq.norm += ph.amount;
      if (ph.id === ref) eq.b -= term;
      else {
        const j = unknown.indexOf(ph.id);
        if (j >= 0) eq.a[j] = eq.a[j]! + term;
      }
    }
    byTime.set(r.timeS, eq);
  });
  const eqs = [...byTime.values()].filter((e) => e.norm > 0);
  // Normal equations.
  const ata = new Float64Array(m * m);
  const atb = new Float64Array(m);
  for (const e of eqs) {
    for (let j = 0; j < m; j++) {
      atb[j] = atb[j]! + (e.a[j]! * e.b) / (e.norm * e.norm);
      for (let k = 0; k < m; k++) ata[j * m + k] = ata[j * m + k]! + (e.a[j]! * e.a[k]!) / (e.norm * e.norm);
    }
  }
  const informative = unknown.map((_, j) => ata[j * m + j]! > 0);
  const idx = unknown.map((_, j) => j).filter((j) => informative[j]);
  const q = idx.length;
  if (eqs.length <= q || q === 0) throw new InvalidParameterError({ parameter: "quantification", value: `${eqs.length} equations`, expected: `more times with coulomb x than phases to calibrate (${q})` });
  // Solve the reduced system by Gauss-Jordan with the inverse (for the covariance).
  const a = new Float64Array(q * q);
  const inv = new Float64Array(q * q);
  const b = new Float64Array(q);
  idx.forEach((j, r) => {
    b[r] = atb[j]!;
    inv[r * q + r] = 1;
    idx.forEach((k, c) => {
      a[r * q + c] = ata[j * m + k]!;
    });
  });
  for (let col = 0; col < q; col++) {
    let piv = col;
    for (let r = col + 1; r < q; r++) if (Math.abs(a[r * q + col]!) > Math.abs(a[piv * q + col]!)) piv = r;
    if (!(Math.abs(a[piv * q + col]!) > 1e-300)) throw new InvalidParameterError({ parameter: "quantification", value: "singular", expected: "phases whose amounts vary independently over the series" });
    for (let c = 0; c < q; c++) {
      [a[col * q + c], a[piv * q + c]] = [a[piv * q + c]!, a[col * q + c]!];
      [inv[col * q + c], inv[piv * q + c]] = [inv[piv * q + c]!, inv[col * q + c]!];
    }
    [b[col], b[piv]] = [b[piv]!, b[col]!];
    const d = a[col * q + col]!;
    for (let c = 0; c < q; c++) {
      a[col * q + c] = a[col * q + c]! / d;
      inv[col * q + c] = inv[col * q + c]! / d;
    }
    b[col] = b[col]! / d;
    for (let r = 0; r < q; r++) {
      if (r === col) continue;
      const f = a[r * q + col]!;
      for (let c = 0; c < q; c++) {
        a[r * q + c] = a[r * q + c]! - f * a[col * q + c]!;
        inv[r * q + c] = inv[r * q + c]! - f * inv[col * q + c]!;
      }
      b[r] = b[r]! - f * b[col]!;
    }
  }
  let rss = 0;
  for (const e of eqs) {
    let res = -e.b;
    idx.forEach((j, r) => {
      res += e.a[j]! * b[r]!;
    });
    rss += (res / e.norm) ** 2;
  }
  const s2 = rss / (eqs.length - q);
  const ratios: Record<string, number> = { [ref]: 1 };
  const ratioSigmas: Record<string, number> = { [ref]: 0 };
  unknown.forEach((id, j) => {
    const r = idx.indexOf(j);
    if (r < 0) {
      ratios[id] = 1;
      ratioSigmas[id] = Number.NaN;
      return;
    }
    const u = b[r]!;
    ratios[id] = 1 / u;
    ratioSigmas[id] = Math.sqrt(s2 * inv[r * q + r]!) / (u * u);
  });
  return { ratios, ratioSigmas, equations: eqs.length, rmsResidual: Math.sqrt(rss / eqs.length) };
}
