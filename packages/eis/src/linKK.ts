/**
 * Lin-KK validation of an impedance spectrum (linear Kramers-Kronig test).
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { ImpedanceData } from "./checkImpedanceData.js";
import { checkImpedanceData } from "./checkImpedanceData.js";
import { solveLinearLeastSquares } from "./internal/linearLeastSquares.js";

/** Which parts of Z the Lin-KK regression uses. */
export type LinKKFitType = "complex" | "real" | "imag";

/** Options of {@link linKK}. */
export interface LinKKOptions {
  /**
   * mu cut-off: the number of RC elements M grows from 1 until mu <= c
   * (Schoenleber et al. 2014 recommend 0.85).
   * @default 0.85
   */
  muCriterion?: number;
  /**
   * Largest M tried in the automatic search.
   * @default 50
   */
  maxElements?: number;
  /** Use exactly this many RC elements (switches the mu search off). */
  elementCount?: number;
  /**
   * "complex" fits Re and Im together (Schoenleber et al. 2014 eq. 14); "real" fits Re and
   * then L (and C) to the remaining Im; "imag" fits Im and then the series resistance as the
   * 1/|Z|^2-weighted mean of the Re misfit (Boukamp 1995 eq. 7).
   * @default "complex"
   */
  fitType?: LinKKFitType;
  /**
   * Add a series inductance (captures cable/instrument inductance at high frequency).
   * @default true
   */
  includeInductance?: boolean;
  /**
   * Add a series capacitance (needed for spectra without a low-frequency real-axis
   * intercept: blocking electrodes, diffusion tails; the RC set alone cannot follow them and
   * the test would fail a valid spectrum). Fitted as 1/C, which may come out <= 0 (then
   * `capacitanceF` is Infinity or negative, reported as is). Turn off for spectra that close
   * on the real axis if you want the stricter test.
   * @default true
   */
  includeCapacitance?: boolean;
  /**
   * Pass/fail threshold on the largest relative residual max_i |Z_i - Zfit_i| / |Z_i| over
   * both parts (see {@link LinKKResult.pass}).
   * @default 0.01
   */
  residualThreshold?: number;
}

/** Result of {@link linKK}. */
export interface LinKKResult {
  /** Frequencies (Hz), as given. */
  readonly frequencyHz: Float64Array;
  /** Number of RC elements used. */
  readonly elementCount: number;
  /** mu = 1 - sum(|R_k|, R_k < 0) / sum(R_k, R_k >= 0) at that M. */
  readonly mu: number;
  /** Fixed time constants tau_k (s), log-spaced from 1/(2 pi f_max) to 1/(2 pi f_min). */
  readonly timeConstantsS: Float64Array;
  /** Fitted R_k (ohm). */
  readonly resistancesOhm: Float64Array;
  /** Fitted series resistance (ohm). */
  readonly seriesResistanceOhm: number;
  /** Fitted series inductance (H); 0 when not included. */
  readonly inductanceH: number;
  /** Fitted series capacitance (F) when included. */
  readonly capacitanceF?: number;
  /** Lin-KK model impedance, real part (ohm). */
  readonly fittedReal: Float64Array;
  /** Lin-KK model impedance, imaginary part (ohm). */
  readonly fittedImag: Float64Array;
  /** Relative residuals (Re Z - Re Zfit) / |Z|. */
  readonly residualReal: Float64Array;
  /** Relative residuals (Im Z - Im Zfit) / |Z|. */
  readonly residualImag: Float64Array;
  /** max over points and parts of |relative residual|. */
  readonly maxAbsResidual: number;
  /** Root mean square of all 2N relative residuals. */
  readonly rmsResidual: number;
  /** Threshold used for `pass`. */
  readonly residualThreshold: number;
  /**
   * true when maxAbsResidual <= residualThreshold: the spectrum is reproduced by a
   * Kramers-Kronig-compliant model within the threshold, so it is consistent with a linear,
   * causal, stable, time-invariant system. A fail usually means drift during the sweep
   * (residuals grow systematically towards low frequency), non-linearity or instrument
   * artefacts; fit circuits only to spectra that pass (or to their passing frequency range).
   */
  readonly pass: boolean;
}

function computeMu(r: Float64Array): number {
  let pos = 0;
  let neg = 0;
  for (const v of r) {
    if (v >= 0) pos += v;
    else neg -= v;
  }
  if (pos === 0) return neg > 0 ? Number.NEGATIVE_INFINITY : 1;
  return 1 - neg / pos;
}

/** log-spaced time constants, tau_1 = 1/omega_max, tau_M = 1/omega_min (Schoenleber 2014 eq. 8-9). */
function timeConstants(fMin: number, fMax: number, m: number): Float64Array {
  const tauMin = 1 / (2 * Math.PI * fMax);
  const tauMax = 1 / (2 * Math.PI * fMin);
  const out = new Float64Array(m);
  if (m === 1) {
    out[0] = tauMin;
    return out;
  }
  const l0 = Math.log10(tauMin);
  const span = Math.log10(tauMax / tauMin);
  for (let k = 0; k < m; k++) out[k] = Math.pow(10, l0 + (k / (m - 1)) * span);
  out[0] = tauMin;
  out[m - 1] = tauMax;
  return out;
}

interface KKFit {
  r0: number;
  rk: Float64Array;
  inductance: number;
  inverseCapacitance: number;
}

function fitOnce(
  omega: Float64Array,
  zr: Float64Array,
  zi: Float64Array,
  modulus: Float64Array,
  tau: Float64Array,
  fitType: LinKKFitType,
  withL: boolean,
  withC: boolean,
): KKFit {
  const n = omega.length;
  const m = tau.length;
  // Column layout: [R0, R_1..R_M, L?, 1/C?]
  const iL = withL ? m + 1 : -1;
  const iC = withC ? m + 1 + (withL ? 1 : 0) : -1;
  const p = m + 1 + (withL ? 1 : 0) + (withC ? 1 : 0);
  const reCol = (j: number, i: number): number => {
    if (j === 0) return 1 / modulus[i]!;
    if (j <= m) {
      const wt = omega[i]! * tau[j - 1]!;
      return 1 / (1 + wt * wt) / modulus[i]!;
    }
    return 0;
  };
  const imCol = (j: number, i: number): number => {
    if (j === 0) return 0;
    if (j <= m) {
      const wt = omega[i]! * tau[j - 1]!;
      return -wt / (1 + wt * wt) / modulus[i]!;
    }
    if (j === iL) return omega[i]! / modulus[i]!;
    if (j === iC) return -1 / (omega[i]! * modulus[i]!);
    return 0;
  };
  const solve = (cols: number[], rows: "both" | "re" | "im", target: (i: number, part: "re" | "im") => number): Float64Array => {
    const parts: ("re" | "im")[] = rows === "both" ? ["re", "im"] : [rows];
    const rowsCount = n * parts.length;
    const a = new Float64Array(rowsCount * cols.length);
    const b = new Float64Array(rowsCount);
    parts.forEach((part, pi) => {
      for (let i = 0; i < n; i++) {
        const row = pi * n + i;
        b[row] = target(i, part);
        cols.forEach((j, c) => {
          a[c * rowsCount + row] = part === "re" ? reCol(j, i) : imCol(j, i);
        });
      }
    });
    return solveLinearLeastSquares(a, b, rowsCount, cols.length).x;
  };
  const all = Array.from({ length: p }, (_, j) => j);
  const x = new Float64Array(p);
  if (fitType === "complex") {
    x.set(solve(all, "both", (i, part) => (part === "re" ? zr[i]! : zi[i]!) / modulus[i]!));
  } else if (fitType === "real") {
    const first = all.slice(0, m + 1);
    const sol = solve(first, "re", (i) => zr[i]! / modulus[i]!);
    first.forEach((j, c) => (x[j] = sol[c]!));
    const extra = all.slice(m + 1);
    if (extra.length > 0) {
      const fitIm = (i: number): number => {
        let s = 0;
        for (let k = 1; k <= m; k++) s += x[k]! * imCol(k, i);
        return s;
      };
      const sol2 = solve(extra, "im", (i) => zi[i]! / modulus[i]! - fitIm(i));
      extra.forEach((j, c) => (x[j] = sol2[c]!));
    }
  } else {
    const cols = all.slice(1);
    const sol = solve(cols, "im", (i) => zi[i]! / modulus[i]!);
    cols.forEach((j, c) => (x[j] = sol[c]!));
    // R0 = sum w (Z' - Zfit'_RC) / sum w, w = 1/|Z|^2 (Boukamp 1995 eq. 7)
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      let rc = 0;
      for (let k = 1; k <= m; k++) rc += x[k]! * reCol(k, i) * modulus[i]!;
      const w = 1 / (modulus[i]! * modulus[i]!);
      num += w * (zr[i]! - rc);
      den += w;
    }
    x[0] = num / den;
  }
  return {
    r0: x[0]!,
    rk: x.slice(1, m + 1),
    inductance: withL ? x[iL]! : 0,
    inverseCapacitance: withC ? x[iC]! : 0,
  };
}

/**
 * Lin-KK test: fits Z_KK = R_0 + sum_k R_k / (1 + j omega tau_k) [+ j omega L] [+ 1/(j omega C)]
 * with M fixed, log-spaced time constants by weighted *linear* least squares (weights 1/|Z|,
 * Householder QR), choosing M with the mu criterion of Schoenleber et al. (2014):
 * mu = 1 - sum_{R_k<0} |R_k| / sum_{R_k>=0} R_k; M increases from 1 until mu <= c. Too large
 * M over-fits (negative R_k appear, mu drops), so the first M with mu <= c is used.
 * Residuals are relative to |Z| as in the paper; the spectrum passes when every residual is
 * within `residualThreshold` (default 1 %: the real impedance.py example spectrum gives
 * 0.38 %; a 10 % impedance drift during the sweep gives 2.3 % on that spectrum and 5 % on a
 * synthetic blocking cell). Set the threshold to about 3x the relative
 * noise of your instrument: with 0.5 % noise single residuals reach 1.1 %.
 *
 * Limitation: when an ideal series capacitance or inductance dominates, negative R_k appear at
 * small M and mu falls below c too early (under-fitting, large residuals, a false "fail");
 * check `elementCount` and the residual spectrum, or set `elementCount` by hand.
 *
 * @param spectrum - impedance data (Hz, ohm)
 * @param options - see {@link LinKKOptions}
 * @returns M, mu, fitted elements, model impedance, residuals and pass/fail
 * @throws {@link InvalidParameterError} on bad data (NaN rows, frequencies <= 0, duplicates),
 *   bad options, or too few points for the requested number of elements
 * @see Schoenleber, Klotz & Ivers-Tiffee, Electrochim. Acta 131, 20-27 (2014), doi:10.1016/j.electacta.2014.01.034
 * @see Boukamp, J. Electrochem. Soc. 142, 1885 (1995), doi:10.1149/1.2044210
 * @example
 * const kk = linKK(spectrum);
 * if (!kk.pass) console.warn(`Lin-KK: max residual ${(100 * kk.maxAbsResidual).toFixed(2)} %`);
 */
export function linKK(spectrum: ImpedanceData, options: LinKKOptions = {}): LinKKResult {
  const {
    muCriterion = 0.85,
    maxElements = 50,
    elementCount,
    fitType = "complex",
    includeInductance = true,
    includeCapacitance = true,
    residualThreshold = 0.01,
  } = options;
  if (!(muCriterion > 0 && muCriterion <= 1)) {
    throw new InvalidParameterError({ parameter: "options.muCriterion", value: muCriterion, expected: "a number in (0, 1]" });
  }
  if (!Number.isInteger(maxElements) || maxElements < 1) {
    throw new InvalidParameterError({ parameter: "options.maxElements", value: maxElements, expected: "an integer >= 1" });
  }
  if (elementCount !== undefined && (!Number.isInteger(elementCount) || elementCount < 1)) {
    throw new InvalidParameterError({ parameter: "options.elementCount", value: elementCount, expected: "an integer >= 1" });
  }
  if (fitType !== "complex" && fitType !== "real" && fitType !== "imag") {
    throw new InvalidParameterError({ parameter: "options.fitType", value: fitType, expected: '"complex", "real" or "imag"' });
  }
  if (!(residualThreshold > 0) || !Number.isFinite(residualThreshold)) {
    throw new InvalidParameterError({ parameter: "options.residualThreshold", value: residualThreshold, expected: "a positive number (relative, e.g. 0.01)" });
  }
  const { frequencyHz, zReal, zImag } = checkImpedanceData(spectrum, 3);
  const n = frequencyHz.length;
  const extra = 1 + (includeInductance ? 1 : 0) + (includeCapacitance ? 1 : 0);
  const rowsAvailable = fitType === "complex" ? 2 * n : n;
  const maxM = Math.min(elementCount ?? maxElements, rowsAvailable - extra);
  if (elementCount !== undefined && elementCount > rowsAvailable - extra) {
    throw new InvalidParameterError({
      parameter: "options.elementCount",
      value: elementCount,
      expected: `at most ${rowsAvailable - extra} RC elements for ${n} points with fitType "${fitType}"`,
    });
  }
  if (maxM < 1) {
    throw new InvalidParameterError({ parameter: "spectrum.frequencyHz", value: n, expected: "enough points for at least one RC element" });
  }
  const omega = frequencyHz.map((f) => 2 * Math.PI * f);
  const modulus = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    modulus[i] = Math.hypot(zReal[i]!, zImag[i]!);
    if (!(modulus[i]! > 0)) {
      throw new InvalidParameterError({ parameter: `spectrum (row ${i}, f = ${frequencyHz[i]} Hz)`, value: 0, expected: "|Z| > 0 (Lin-KK weights by 1/|Z|)" });
    }
  }
  let fMin = Infinity;
  let fMax = -Infinity;
  for (const f of frequencyHz) {
    fMin = Math.min(fMin, f);
    fMax = Math.max(fMax, f);
  }
  let m = elementCount ?? 0;
  let tau = new Float64Array(0);
  let fit: KKFit | undefined;
  let mu = 1;
  if (elementCount !== undefined) {
    tau = timeConstants(fMin, fMax, m);
    fit = fitOnce(omega, zReal, zImag, modulus, tau, fitType, includeInductance, includeCapacitance);
    mu = computeMu(fit.rk);
  } else {
    for (m = 1; m <= maxM; m++) {
      tau = timeConstants(fMin, fMax, m);
      fit = fitOnce(omega, zReal, zImag, modulus, tau, fitType, includeInductance, includeCapacitance);
      mu = computeMu(fit.rk);
      if (mu <= muCriterion) break;
    }
    if (m > maxM) m = maxM;
  }
  const result = fit!;
  const fittedReal = new Float64Array(n);
  const fittedImag = new Float64Array(n);
  const residualReal = new Float64Array(n);
  const residualImag = new Float64Array(n);
  let maxAbs = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const w = omega[i]!;
    let re = result.r0;
    let im = w * result.inductance - (includeCapacitance ? result.inverseCapacitance / w : 0);
    for (let k = 0; k < tau.length; k++) {
      const wt = w * tau[k]!;
      const d = 1 + wt * wt;
      re += result.rk[k]! / d;
      im -= (result.rk[k]! * wt) / d;
    }
    fittedReal[i] = re;
    fittedImag[i] = im;
    residualReal[i] = (zReal[i]! - re) / modulus[i]!;
    residualImag[i] = (zImag[i]! - im) / modulus[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(residualReal[i]!), Math.abs(residualImag[i]!));
    sumSq += residualReal[i]! ** 2 + residualImag[i]! ** 2;
  }
  const base = {
    frequencyHz,
    elementCount: tau.length,
    mu,
    timeConstantsS: tau,
    resistancesOhm: result.rk,
    seriesResistanceOhm: result.r0,
    inductanceH: result.inductance,
    fittedReal,
    fittedImag,
    residualReal,
    residualImag,
    maxAbsResidual: maxAbs,
    rmsResidual: Math.sqrt(sumSq / (2 * n)),
    residualThreshold,
    pass: maxAbs <= residualThreshold,
  };
  return includeCapacitance ? { ...base, capacitanceF: 1 / result.inverseCapacitance } : base;
}
