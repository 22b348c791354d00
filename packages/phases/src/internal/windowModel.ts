/**
 * The constrained (Pawley-like) window model: Chebyshev background + for each phase its window
 * reflections at u(d(hkl; lattice)) with a shared instrumental width (times a free scale) and
 * per-phase (or per-reflection) amplitudes, plus its analytic Jacobian through d(hkl; lattice),
 * the axis mapping and the peak shape.
 *
 * Speed: a Gaussian reflection is evaluated only over u_c +- 3 FWHM (its value there is
 * exp(-4 ln2 9) = 1.5e-11 of the peak: far below a count), so each Jacobian column is non-zero on one channel range.
 * The model keeps those ranges and forms the normal equations J^T W J and J^T W r over the
 * overlaps only; the background block (fixed Chebyshev columns) is precomputed once per window.
 * All work buffers are allocated once per model.
 *
 * @packageDocumentation
 */
import type { CrystalSystem, DSpacingGradient, Lattice, LatticeParameterName, PhaseDefinition } from "@operando/crystal";
import { dSpacingGradient } from "@operando/crystal";
import type { WindowGeometry } from "./geometry.js";

// Normalized Gaussian of FWHM F: (2 sqrt(ln2/pi) / F) exp(-4 ln2 (x/F)^2).
const GAUSS_C = 2 * Math.sqrt(Math.LN2 / Math.PI);
const FOUR_LN2 = 4 * Math.LN2;
/** Half-range of a Gaussian reflection in FWHM units (exp(-4 ln2 3^2) = 1.5e-11 of the peak). */
const HALF_RANGE_FWHM = 3;
/**
 * Gaussian terms with exponent below -52 ln 2 (beyond ~3.6 FWHM) are below one ulp of the
 * profile's maximum and are not evaluated (pseudo-Voigt reflections span the whole window for
 * their Lorentzian tails; Math.exp is most of the cost there).
 */
const GAUSS_NEGLIGIBLE = -52 * Math.LN2;

/** One reflection of a model phase. */
export interface ModelReflection {
  h: number;
  k: number;
  l: number;
  /** Library intensity |F|^2 m (electrons^2) or 1 in free mode. */
  intensity: number;
  /** Index of its amplitude parameter. */
  amplitudeIndex: number;
  /** Index of its relative intensity factor k (nuisance parameter with a Gaussian prior around 1), or -1 when none. */
  factorIndex: number;
}

/** A Gaussian prior on one parameter: a penalty row (p - centre) sqrt(weight) added to chi^2. */
export interface ParameterPrior {
  index: number;
  centre: number;
  /** 1 / sigma^2 of the prior. */
  weight: number;
}

/** A phase inside the model. */
export interface ModelPhase {
  definition: PhaseDefinition;
  /** Lattice with the non-free parameters at their held values. */
  lattice: Lattice;
  /** Free lattice parameters and their parameter indices. */
  free: { name: LatticeParameterName; index: number }[];
  reflections: ModelReflection[];
  /** Amplitude parameter indices of this phase and their weights in the phase scale. */
  scaleCombination: { index: number; weight: number }[];
}

/** Per-window constants shared by every model of one pattern. */
export interface WindowData {
  geometry: WindowGeometry;
  /** Data fitted (counts, possibly variance-shifted) and weights 1/variance. */
  y: Float64Array;
  w: Float64Array;
  /**
   * Fixed (linear, lattice-independent) columns: the Chebyshev terms followed by the
   * fluorescence-line columns (`lineTerms` of them, amplitudes >= 0).
   */
  backgroundTerms: number;
  /** How many of the fixed columns are Chebyshev terms (the rest are fluorescence lines). */
  chebyshevTerms: number;
  /** How many of the fixed columns are fluorescence-line groups. */
  lineTerms: number;
  /** Fixed columns, row j = T_j(t_i) for the Chebyshev terms, then the unit-area line-group profiles (counts per channel). */
  chebyshev: Float64Array;
  /** w_i T_j(t_i), same layout. */
  weightedChebyshev: Float64Array;
  /** sum_i w T_a T_b (backgroundTerms^2, row-major). */
  backgroundGram: Float64Array;
  /** sum_i w T_a y. */
  backgroundRhs: Float64Array;
  /** sum_i w y^2. */
  yWy: number;
  /**
   * Work buffers shared by the models of this window (they are used one at a time and left
   * all-zero after each use): Jacobian columns, and an n-vector.
   */
  work: { jacobian: Float64Array; vector: Float64Array };
}

/**
 * Builds the per-window constants (one pass over the window).
 * @param lineColumns - fixed fluorescence-line group profiles (unit integrated counts, window length each), appended after the Chebyshev terms
 */
export function windowData(geometry: WindowGeometry, y: Float64Array, w: Float64Array, backgroundTerms: number, lineColumns: readonly Float64Array[] = []): WindowData {
  const n = y.length;
  const cheb = chebyshevBasis(geometry.u, geometry.uMin, geometry.uMax, backgroundTerms);
  const bt = backgroundTerms + lineColumns.length;
  const chebyshev = new Float64Array(bt * n);
  chebyshev.set(cheb, 0);
  lineColumns.forEach((col, j) => chebyshev.set(col, (backgroundTerms + j) * n));
  const weightedChebyshev = new Float64Array(bt * n);
  const backgroundGram = new Float64Array(bt * bt);
  const backgroundRhs = new Float64Array(bt);
  let yWy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const yi = y[i]!;
    yWy += wi * yi * yi;
    for (let a = 0; a < bt; a++) {
      const wt = wi * chebyshev[a * n + i]!;
      weightedChebyshev[a * n + i] = wt;
      backgroundRhs[a] = backgroundRhs[a]! + wt * yi;
      for (let b = 0; b <= a; b++) backgroundGram[a * bt + b] = backgroundGram[a * bt + b]! + wt * chebyshev[b * n + i]!;
    }
  }
  for (let a = 0; a < bt; a++) for (let b = 0; b < a; b++) backgroundGram[b * bt + a] = backgroundGram[a * bt + b]!;
  return { geometry, y, w, backgroundTerms: bt, chebyshevTerms: backgroundTerms, lineTerms: lineColumns.length, chebyshev, weightedChebyshev, backgroundGram, backgroundRhs, yWy, work: { jacobian: new Float64Array(0), vector: new Float64Array(n) } };
}

/** A built model. */
export interface WindowModel {
  data: WindowData;
  backgroundTerms: number;
  widthIndex: number;
  /** Index of the free Lorentzian fraction, or -1 when it is held at `lorentzianFraction`. */
  etaIndex: number;
  phases: ModelPhase[];
  parameterCount: number;
  names: string[];
  lorentzianFraction: number;
  /** Gaussian priors (penalty rows) included in normalEquations' chi^2, gradient and normal matrix. */
  priors: ParameterPrior[];
  /** Fills out (window length) with the model at p. */
  evaluate(p: Float64Array, out: Float64Array): void;
  /**
   * Evaluates the model into `fitted`, and the normal equations of chi^2 = sum w (y - f)^2:
   * normal = J^T W J (P x P row-major), gradient = J^T W (y - f). Returns chi^2.
   */
  normalEquations(p: Float64Array, fitted: Float64Array, normal: Float64Array, gradient: Float64Array): number;
  /**
   * Adds the profile of phase k (its amplitudes taken from p) to `out` (which must be zero where
   * it is written) and returns the written channel range [lo, hi) (lo >= hi when none).
   */
  phaseColumn(k: number, p: Float64Array, out: Float64Array, range: Int32Array): void;
  /** As phaseColumn but for the reflections of one amplitude parameter, at unit amplitude. */
  amplitudeColumn(amplitudeIndex: number, p: Float64Array, out: Float64Array, range: Int32Array): void;
  /** Dense column-major n x P Jacobian (for the curveFit reference path and tests). */
  denseJacobian(p: Float64Array, out: Float64Array): void;
  /** Lattice of phase k at parameters p. */
  latticeAt(k: number, p: Float64Array): Lattice;
}

/** Chebyshev basis T_0..T_{m-1} on t = 2 (u - uMin)/(uMax - uMin) - 1, row-major by term. */
export function chebyshevBasis(u: Float64Array, uMin: number, uMax: number, terms: number): Float64Array {
  const n = u.length;
  const out = new Float64Array(terms * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * (u[i]! - uMin)) / (uMax - uMin) - 1;
    let prev = 1;
    let cur = t;
    for (let j = 0; j < terms; j++) {
      if (j === 0) out[i] = 1;
      else if (j === 1) out[n + i] = t;
      else {
        const next = 2 * t * cur - prev;
        prev = cur;
        cur = next;
        out[j * n + i] = next;
      }
    }
  }
  return out;
}

/** dd/dq for a free parameter q of a crystal system (tied parameters summed in). */
export function freeGradient(g: DSpacingGradient, name: LatticeParameterName, system: CrystalSystem): number {
  if (name === "a" && system === "cubic") return g.a + g.b + g.c;
  if (name === "a" && (system === "tetragonal" || system === "hexagonal")) return g.a + g.b;
  return g[name];
}

function lowerIndex(u: Float64Array, value: number): number {
  let lo = 0;
  let hi = u.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inputs to {@link buildWindowModel}. */
export interface WindowModelInput {
  data: WindowData;
  /** Held Lorentzian fraction, or the start value when `freeLorentzian`. */
  lorentzianFraction: number;
  /** Refine one shared Lorentzian fraction (parameter after the width scale). @default false */
  freeLorentzian?: boolean;
  phases: {
    definition: PhaseDefinition;
    lattice: Lattice;
    free: LatticeParameterName[];
    reflections: { h: number; k: number; l: number; intensity: number }[];
    freeIntensities: boolean;
    /**
     * Relative one-sigma u of each library reflection intensity: each reflection gets a factor k
     * (area times k) with the prior k ~ N(1, u^2). 0 or undefined: no factors. Ignored with free intensities.
     */
    intensityUncertainty?: number;
  }[];
}

/** Builds the model with its parameter layout [background..., widthScale, per phase: amplitudes..., lattice...]. */
export function buildWindowModel(input: WindowModelInput): WindowModel {
  const { data, lorentzianFraction: eta0 } = input;
  const eta = eta0;
  const { geometry, backgroundTerms, chebyshev, w, y } = data;
  const names: string[] = [];
  for (let j = 0; j < backgroundTerms; j++) names.push(`background${j}`);
  const widthIndex = names.length;
  names.push("widthScale");
  const etaIndex = input.freeLorentzian === true ? names.length : -1;
  if (etaIndex >= 0) names.push("lorentzianFraction");
  const priors: ParameterPrior[] = [];
  const phases: ModelPhase[] = input.phases.map((ph) => {
    const id = ph.definition.id;
    const reflections: ModelReflection[] = [];
    const scaleCombination: { index: number; weight: number }[] = [];
    const u = ph.intensityUncertainty ?? 0;
    if (ph.freeIntensities) {
      let total = 0;
      for (const r of ph.reflections) total += r.intensity;
      for (const r of ph.reflections) {
        const index = names.length;
        names.push(`${id}_I${r.h},${r.k},${r.l}`);
        reflections.push({ ...r, amplitudeIndex: index, factorIndex: -1 });
        scaleCombination.push({ index, weight: r.intensity / total });
      }
    } else {
      const index = names.length;
      names.push(`${id}_scale`);
      for (const r of ph.reflections) reflections.push({ ...r, amplitudeIndex: index, factorIndex: -1 });
      scaleCombination.push({ index, weight: 1 });
      if (u > 0) {
        for (const r of reflections) {
          r.factorIndex = names.length;
          names.push(`${id}_k${r.h},${r.k},${r.l}`);
          priors.push({ index: r.factorIndex, centre: 1, weight: 1 / (u * u) });
        }
      }
    }
    const free = ph.free.map((name) => {
      const index = names.length;
      names.push(`${id}_${name}`);
      return { name, index };
    });
    return { definition: ph.definition, lattice: ph.lattice, free, reflections, scaleCombination };
  });
  const P = names.length;
  const n = geometry.u.length;
  const u = geometry.u;
  const bin = geometry.bin;
  const span = geometry.uMax - geometry.uMin;
  // Work buffers (one allocation per model): Jacobian columns with their non-zero ranges.
  // Shared per window, grown on the first Jacobian (score and scan models never need one).
  let jac = data.work.jacobian;
  const colLo = new Int32Array(P).fill(n);
  const colHi = new Int32Array(P).fill(0);
  const wj = data.work.vector;
  const reflectionRange = new Int32Array(2);

  const latticeAt = (k: number, p: Float64Array): Lattice => {
    const ph = phases[k]!;
    const values = { ...ph.lattice } as Record<LatticeParameterName, number>;
    for (const f of ph.free) values[f.name] = p[f.index]!;
    const system = ph.definition.crystalSystem;
    if (system === "cubic") {
      values.b = values.a;
      values.c = values.a;
    } else if (system === "tetragonal" || system === "hexagonal") values.b = values.a;
    return values as Lattice;
  };

  /** Channel range [i0, i1) of a reflection at uc with FWHM fw. */
  const range = (uc: number, fw: number): void => {
    if (eta > 0 || etaIndex >= 0) {
      reflectionRange[0] = 0;
      reflectionRange[1] = n;
      return;
    }
    const half = HALF_RANGE_FWHM * fw;
    reflectionRange[0] = lowerIndex(u, uc - half);
    reflectionRange[1] = lowerIndex(u, uc + half);
  };

  /** Adds area-scaled profiles of phase k's reflections (amplitude index filter, or -1 for all) to out. */
  const addProfiles = (k: number, p: Float64Array, only: number, unit: boolean, out: Float64Array, written: Int32Array): void => {
    const ph = phases[k]!;
    const lat = latticeAt(k, p);
    const ws = p[widthIndex]!;
    const eta = etaIndex >= 0 ? p[etaIndex]! : eta0;
    for (const r of ph.reflections) {
      if (only >= 0 && r.amplitudeIndex !== only) continue;
      const d = dSpacingGradient(lat, r.h, r.k, r.l).dAngstrom;
      const uc = geometry.centre(d);
      if (!(uc > geometry.uMin - span && uc < geometry.uMax + span)) continue;
      const fw = ws * geometry.fwhm(uc);
      const area = (unit ? 1 : p[r.amplitudeIndex]!) * (r.factorIndex >= 0 ? p[r.factorIndex]! : 1) * r.intensity * geometry.factor(d);
      range(uc, fw);
      const i0 = reflectionRange[0]!;
      const i1 = reflectionRange[1]!;
      if (i1 <= i0) continue;
      if (i0 < written[0]!) written[0] = i0;
      if (i1 > written[1]!) written[1] = i1;
      const g0 = (GAUSS_C / fw) * (1 - eta);
      const l0 = (2 / (Math.PI * fw)) * eta;
      for (let i = i0; i < i1; i++) {
        const q = (u[i]! - uc) / fw;
        const arg = -FOUR_LN2 * q * q;
        let prof = arg > GAUSS_NEGLIGIBLE ? g0 * Math.exp(arg) : 0;
        if (eta > 0) prof += l0 / (1 + 4 * q * q);
        out[i] = out[i]! + area * bin[i]! * prof;
      }
    }
  };

  const scratchRange = new Int32Array(2);
  const evaluate = (p: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let j = 0; j < backgroundTerms; j++) {
      const c = p[j]!;
      const off = j * n;
      for (let i = 0; i < n; i++) out[i] = out[i]! + c * chebyshev[off + i]!;
    }
    for (let k = 0; k < phases.length; k++) {
      scratchRange[0] = n;
      scratchRange[1] = 0;
      addProfiles(k, p, -1, false, out, scratchRange);
    }
  };

  const phaseColumn = (k: number, p: Float64Array, out: Float64Array, written: Int32Array): void => {
    written[0] = n;
    written[1] = 0;
    addProfiles(k, p, -1, false, out, written);
  };

  const amplitudeColumn = (amplitudeIndex: number, p: Float64Array, out: Float64Array, written: Int32Array): void => {
    written[0] = n;
    written[1] = 0;
    for (let k = 0; k < phases.length; k++) {
      if (phases[k]!.scaleCombination.some((s) => s.index === amplitudeIndex)) addProfiles(k, p, amplitudeIndex, true, out, written);
    }
  };

  const extend = (j: number, i0: number, i1: number): void => {
    if (i0 < colLo[j]!) colLo[j] = i0;
    if (i1 > colHi[j]!) colHi[j] = i1;
  };

  /** Fills the non-background Jacobian columns (and the model into `fitted`), keeping their ranges. */
  const fillJacobian = (p: Float64Array, fitted: Float64Array): void => {
    jac = data.work.jacobian;
    if (jac.length < P * n) {
      jac = new Float64Array(P * n);
      data.work.jacobian = jac;
    }
    for (let j = backgroundTerms; j < P; j++) {
      colLo[j] = n;
      colHi[j] = 0;
    }
    fitted.fill(0);
    for (let j = 0; j < backgroundTerms; j++) {
      const c = p[j]!;
      const off = j * n;
      for (let i = 0; i < n; i++) fitted[i] = fitted[i]! + c * chebyshev[off + i]!;
    }
    const ws = p[widthIndex]!;
    const wOff = widthIndex * n;
    const eta = etaIndex >= 0 ? p[etaIndex]! : eta0;
    const eOff = etaIndex * n;
    for (let k = 0; k < phases.length; k++) {
      const ph = phases[k]!;
      const lat = latticeAt(k, p);
      const nf = ph.free.length;
      for (const r of ph.reflections) {
        const g = dSpacingGradient(lat, r.h, r.k, r.l);
        const d = g.dAngstrom;
        const uc = geometry.centre(d);
        if (!(uc > geometry.uMin - span && uc < geometry.uMax + span)) continue;
        const f0 = geometry.fwhm(uc);
        const fw = ws * f0;
        range(uc, fw);
        const i0 = reflectionRange[0]!;
        const i1 = reflectionRange[1]!;
        if (i1 <= i0) continue;
        const kf = r.factorIndex >= 0 ? p[r.factorIndex]! : 1;
        const amp = p[r.amplitudeIndex]! * kf;
        const fac = geometry.factor(d);
        const area = amp * r.intensity * fac;
        const fOff = r.factorIndex * n;
        const dudd = geometry.centreDerivative(d);
        const dFdu = ws * geometry.fwhmDerivative(uc);
        const dAdd = amp * r.intensity * geometry.factorDerivative(d);
        const aOff = r.amplitudeIndex * n;
        const g0 = (GAUSS_C / fw) * (1 - eta);
        const l0 = (2 / (Math.PI * fw)) * eta;
        const touched = [r.amplitudeIndex, widthIndex];
        if (r.factorIndex >= 0) touched.push(r.factorIndex);
        if (etaIndex >= 0) touched.push(etaIndex);
        // Per free lattice parameter q: dd/dq, and the two chain-rule factors of the column.
        let dd0 = 0;
        let dd1 = 0;
        let dd2 = 0;
        for (let f = 0; f < nf; f++) {
          const v = freeGradient(g, ph.free[f]!.name, ph.definition.crystalSystem);
          if (f === 0) dd0 = v;
          else if (f === 1) dd1 = v;
          else dd2 = v;
          touched.push(ph.free[f]!.index);
        }
        for (const j of touched) {
          if (i0 < colLo[j]!) colLo[j] = i0;
          if (i1 > colHi[j]!) colHi[j] = i1;
        }
        const o0 = nf > 0 ? ph.free[0]!.index * n : 0;
        const o1 = nf > 1 ? ph.free[1]!.index * n : 0;
        const o2 = nf > 2 ? ph.free[2]!.index * n : 0;
        for (let i = i0; i < i1; i++) {
          const delta = u[i]! - uc;
          const q = delta / fw;
          const arg = -FOUR_LN2 * q * q;
          const e = arg > GAUSS_NEGLIGIBLE ? Math.exp(arg) : 0;
          const gauss = g0 * e;
          // dG/d(delta) = -8 ln2 q G / F ; dG/dF = G (-1 + 8 ln2 q^2) / F
          let prof = gauss;
          let dDelta = (-2 * FOUR_LN2 * q * gauss) / fw;
          let dF = (gauss * (-1 + 2 * FOUR_LN2 * q * q)) / fw;
          const den = 1 + 4 * q * q;
          if (eta > 0) {
            const lor = l0 / den;
            prof += lor;
            dDelta += (-8 * q * lor) / (fw * den);
            dF += (lor * (-1 + (8 * q * q) / den)) / fw;
          }
          const b = bin[i]!;
          // d prof / d eta = L_unit - G_unit (both normalized to unit area).
          if (etaIndex >= 0) jac[eOff + i] = jac[eOff + i]! + area * b * ((2 / (Math.PI * fw)) / den - (GAUSS_C / fw) * e);
          fitted[i] = fitted[i]! + area * b * prof;
          jac[aOff + i] = jac[aOff + i]! + kf * r.intensity * fac * b * prof;
          if (r.factorIndex >= 0) jac[fOff + i] = jac[fOff + i]! + p[r.amplitudeIndex]! * r.intensity * fac * b * prof;
          jac[wOff + i] = jac[wOff + i]! + area * b * dF * f0;
          if (nf > 0) {
            // d f / d q = dA/dd dd/dq prof + A (-dG/ddelta + dG/dF dF/du) du/dd dd/dq
            const perDd = dAdd * b * prof + area * b * (-dDelta + dF * dFdu) * dudd;
            jac[o0 + i] = jac[o0 + i]! + perDd * dd0;
            if (nf > 1) jac[o1 + i] = jac[o1 + i]! + perDd * dd1;
            if (nf > 2) jac[o2 + i] = jac[o2 + i]! + perDd * dd2;
          }
        }
      }
    }
  };

  /** Leaves the shared work buffers all-zero (the invariant fillJacobian relies on). */
  const clearWork = (): void => {
    for (let j = backgroundTerms; j < P; j++) if (colHi[j]! > colLo[j]!) jac.fill(0, j * n + colLo[j]!, j * n + colHi[j]!);
    wj.fill(0);
  };

  const normalEquations = (p: Float64Array, fitted: Float64Array, normal: Float64Array, gradient: Float64Array): number => {
    fillJacobian(p, fitted);
    let chi = 0;
    // r = w (y - f); the weighted Chebyshev columns are precomputed.
    const r = wj;
    for (let i = 0; i < n; i++) {
      const res = y[i]! - fitted[i]!;
      const wr = w[i]! * res;
      r[i] = wr;
      chi += wr * res;
    }
    const bt = backgroundTerms;
    const wc = data.weightedChebyshev;
    for (let a = 0; a < bt; a++) {
      let s = 0;
      const off = a * n;
      for (let i = 0; i < n; i++) s += chebyshev[off + i]! * r[i]!;
      gradient[a] = s;
      for (let b = 0; b < bt; b++) normal[a * P + b] = data.backgroundGram[a * bt + b]!;
    }
    for (let a = bt; a < P; a++) {
      const lo = colLo[a]!;
      const hi = colHi[a]!;
      const off = a * n;
      let s = 0;
      for (let i = lo; i < hi; i++) s += jac[off + i]! * r[i]!;
      gradient[a] = s;
      for (let b = 0; b < bt; b++) {
        let t = 0;
        const ob = b * n;
        for (let i = lo; i < hi; i++) t += jac[off + i]! * wc[ob + i]!;
        normal[a * P + b] = t;
        normal[b * P + a] = t;
      }
      for (let b = bt; b <= a; b++) {
        const l2 = Math.max(lo, colLo[b]!);
        const h2 = Math.min(hi, colHi[b]!);
        const ob = b * n;
        let t = 0;
        for (let i = l2; i < h2; i++) t += w[i]! * jac[off + i]! * jac[ob + i]!;
        normal[a * P + b] = t;
        normal[b * P + a] = t;
      }
    }
    clearWork();
    // Prior penalty rows: residual (centre - p) sqrt(weight), Jacobian row sqrt(weight) e_index.
    for (const pr of priors) {
      const dev = pr.centre - p[pr.index]!;
      chi += pr.weight * dev * dev;
      gradient[pr.index] = gradient[pr.index]! + pr.weight * dev;
      normal[pr.index * P + pr.index] = normal[pr.index * P + pr.index]! + pr.weight;
    }
    return chi;
  };

  const denseJacobian = (p: Float64Array, out: Float64Array): void => {
    const fitted = new Float64Array(n);
    fillJacobian(p, fitted);
    out.fill(0);
    out.set(chebyshev.subarray(0, backgroundTerms * n), 0);
    for (let j = backgroundTerms; j < P; j++) if (colHi[j]! > colLo[j]!) out.set(jac.subarray(j * n + colLo[j]!, j * n + colHi[j]!), j * n + colLo[j]!);
    clearWork();
  };

  return { data, backgroundTerms, widthIndex, etaIndex, phases, parameterCount: P, names, lorentzianFraction: eta, priors, evaluate, normalEquations, phaseColumn, amplitudeColumn, denseJacobian, latticeAt };
}
