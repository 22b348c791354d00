/**
 * Window quantification of one calibrated pattern: which LixV2O5 phases are present in the
 * d = 3.8-5.2 A window, their fractions, refined lattice parameters and the mean lithiation x, each
 * with a one-sigma uncertainty.
 *
 * Method (a Pawley-like constrained fit on the @operando/fit engine):
 * - each candidate phase contributes its window reflections at d(hkl; lattice); only the lattice
 *   parameters the window's reflections determine are free (greedy rank test over c, a, b in that
 *   order; cell angles are held at the library value), the others are held at the seed/library
 *   value and reported as fixed;
 * - shared instrumental width: EDXRD FWHM(E)^2 = noise^2 + 2.355^2 F eps E + (E cot(theta) dtheta)^2,
 *   ADXRD Caglioti FWHM^2 = U tan^2 theta + V tan theta + W, times one free width scale;
 * - intensities: one scale per phase times the library's |F|^2 m and the geometric factor (EDXRD
 *   d^2 times the optional incident spectrum; ADXRD Lorentz-polarization), or free per reflection;
 * - Chebyshev background (starting values from a SNIP estimate);
 * - native axis (channel -> energy, or observed -> corrected 2theta), counts never resampled,
 *   Poisson weighting by Mighell's (1999) chi-square-gamma (fit y + min(y, 1), variance y + 1);
 * - per-reflection intensity nuisance factors k ~ N(1, u^2) (`intensityUncertainty`, penalty rows
 *   (k - 1) / u), which absorb intensity misfit and carry the intensity-model uncertainty into the
 *   covariance;
 * - phase selection by a likelihood-ratio test (default, significance alpha), BIC or AIC on the
 *   chi-square change when a phase is added or removed, with a look-alike guard (a phase on a
 *   lattice bound or unresolved from the present phases is not added);
 * - fractions (moles of V2O5 units) f_k = w_k / sum w, w_k = S_k V_k Z_k / r_k (S_k the phase scale,
 *   V_k the cell volume, Z_k formula units per cell, r_k a reference-intensity correction,
 *   default 1), since a phase's integrated intensity is proportional to N_cells |F|^2 m / V_cell;
 * - mean x = sum f_k x_k with x_k from the Vegard relation of a free lattice parameter; for a phase
 *   without one, from the equilibrium tie-line rule (internal/composition.ts): next to a phase of
 *   higher x range the upper end of its range, next to a lower one the lower end (the ends of the
 *   miscibility gap), alone (single-phase field) the midpoint with sigma range / sqrt(12) or the
 *   caller's composition (`singlePhaseX`), flagged `xFromRange:<id>`; sigmas by the delta method
 *   from the fit covariance (scaled by max(1, reduced chi-square)), plus the assignment sigmas
 *   f_k sigma_k in quadrature.
 *
 * @packageDocumentation
 */
import type { Calibration } from "@operando/calibrate";
import type { Pattern } from "@operando/core";
import { InvalidParameterError } from "@operando/core";
import type { Lattice, LatticeParameterName, PhaseDefinition, PhaseLibrary } from "@operando/crystal";
import { cellVolume, dSpacingGradient, FREE_LATTICE_PARAMETERS, LIXV2O5_PHASES, phaseReflections } from "@operando/crystal";
import { curveFit } from "@operando/fit";
import { chiSquareQuantile } from "./internal/chiSquare.js";
import type { IncidentTable, WindowGeometry } from "./internal/geometry.js";
import { buildGeometry } from "./internal/geometry.js";
import type { AssignedComposition, CompositionSource, SinglePhaseXRule, SinglePhaseXValue } from "./internal/composition.js";
import { assignComposition } from "./internal/composition.js";
import { lineColumns, resolveFluorescenceLines, unexplainedResidualPeak } from "./internal/fluorescence.js";
import { gramNonNegativeLeastSquares } from "./internal/linear.js";
import { solveWindow } from "./internal/solveWindow.js";
import type { WindowData, WindowModel } from "./internal/windowModel.js";
import { buildWindowModel, freeGradient, windowData } from "./internal/windowModel.js";

/** EDXRD detector and geometry resolution (each term of FWHM(E)). */
export interface EdxrdResolutionOptions {
  /** Electronic-noise FWHM (keV). @default 0.15 */
  electronicNoiseFwhmKeV?: number;
  /** Fano factor. @default 0.11 (Ge; science.md section 2) */
  fanoFactor?: number;
  /** Energy per electron-hole pair (eV). @default 2.96 (Ge; science.md section 2) */
  pairEnergyEv?: number;
  /** Full angular spread of the collimated beam (deg), giving Delta E / E = (spread/2) cot(theta). @default 0 */
  angularSpreadDeg?: number;
}

/** Caglioti width parameters (deg^2). */
export interface CagliotiOptions {
  /** U (deg^2). */
  u: number;
  /** V (deg^2). */
  v: number;
  /** W (deg^2). */
  w: number;
}

/** Phase-selection rule. */
export interface SelectionOptions {
  /**
   * "lrt": add/keep a phase when the chi-square drop exceeds the chi-square quantile at 1 - alpha with
   * df = its parameter count (scale + free lattice parameters); "bic": drop > df ln(n); "aic": drop > 2 df.
   * @default "lrt"
   */
  criterion?: "lrt" | "bic" | "aic";
  /** Significance level alpha of the likelihood-ratio test. @default 0.001 */
  significance?: number;
  /**
   * Mismatch-aware thresholds: multiply each threshold by max(1, reduced chi-square of the fit
   * with the phase). When the peak model does not describe the data exactly (shape, intensities,
   * background), the chi-square changes are inflated by about the reduced chi-square (the
   * quasi-likelihood dispersion, McCullagh & Nelder, Generalized Linear Models, 2nd ed. 1989,
   * sec. 4.5.2), and an unscaled test then accepts spurious phases that only absorb misfit.
   * With a correct model (reduced chi-square near 1) it changes nothing.
   * @default true
   */
  dispersionScaled?: boolean;
  /**
   * Look-alike guard: a phase that passes the test is still not added when, in the fit with it,
   * a free lattice parameter of it ends on its bound, or more than half of its window intensity
   * lies within 1 FWHM of reflections of the phases already present (it cannot be told apart
   * from them; e.g. epsilon' (c 4.55-4.75 A) placed on epsilon's peaks or on a background step).
   * The step is recorded with `rejected`. Not applied to the first phase of a pattern.
   * @default true
   */
  lookAlikeGuard?: boolean;
}

/** Where a pattern's fit starts: the previous pattern's result (sequential series). */
export interface QuantificationSeed {
  /** Phases present in the previous pattern. */
  selected: readonly string[];
  /** Refined lattices of those phases. */
  lattices: Readonly<Record<string, Lattice>>;
  /** Width scale of the previous fit. */
  widthScale: number;
}

/** Options of {@link quantifyPattern}. */
export interface QuantifyPatternOptions {
  /** Candidate phase ids. @default every phase of the library */
  phases?: readonly string[];
  /** Phase library (crystal's createPhaseLibrary for JSON overrides). @default LIXV2O5_PHASES */
  library?: PhaseLibrary;
  /** Window lower d (A). @default 3.8 (Luo et al. 2021, Fig. 4) */
  dMinAngstrom?: number;
  /** Window upper d (A). @default 5.2 (Luo et al. 2021, Fig. 4) */
  dMaxAngstrom?: number;
  /** EDXRD resolution terms. @default { electronicNoiseFwhmKeV: 0.15, fanoFactor: 0.11, pairEnergyEv: 2.96, angularSpreadDeg: 0 } */
  resolution?: EdxrdResolutionOptions;
  /** ADXRD Caglioti parameters. @default { u: 0, v: 0, w: 1e-4 } (constant width; the free width scale adapts it) */
  caglioti?: CagliotiOptions;
  /**
   * Lorentzian fraction eta of the pseudo-Voigt, shared by all reflections: a number in [0, 1]
   * (held), or "free" (refined within [0, 1], one extra parameter; every reflection is then
   * evaluated over the whole window, about 2-3x slower). Use "free" when the peaks have
   * Lorentzian tails (sample size/strain broadening, detector tailing): a Gaussian fitted to
   * pseudo-Voigt peaks of eta 0.2 biases the fractions by up to a few 0.01 (README, accuracy).
   * @default 0 (Gaussian, Ge detector)
   */
  lorentzianFraction?: number | "free";
  /**
   * EDXRD fixed-energy nuisance lines (K fluorescence of shielding and sample environment) added
   * to the window model: strings resolved through @operando/calibrate's emission-line table
   * (`lineGroups`: "Pb:K" = Pb Ka1+Ka2, Kb1+Kb3, Kb2; "W:Ka"; "Bi:Ka1"; "74.97"), or
   * { energyKeV, label }. Each line is a Gaussian at the detector resolution (electronic noise +
   * Fano terms, no angular term, no width scale), with a free amplitude >= 0; lines more than
   * 3 FWHM outside the window are dropped. They are reported per pattern (`fluorescence`) and
   * never counted as phases. Not allowed for ADXRD (InvalidParameterError).
   * @default none
   */
  fluorescenceLines?: readonly (string | { energyKeV: number; label?: string })[];
  /**
   * Relative intensities inside a fluorescence line group: "table": held at the tabulated
   * radiative rates (Ka2/Ka1 of Pb 0.60, one amplitude per group; right for an emitter seen
   * through little absorber); "free": one amplitude per line (use when filtering or
   * self-absorption changes the ratios, e.g. Ka1/Ka2 behind thick shielding).
   * @default "table"
   */
  fluorescenceIntensities?: "table" | "free";
  /**
   * Significance of the residual check for a strong unexplained peak (flag
   * `unexplainedPeak:<position>`, position in keV or deg with 2 decimals): a matched filter of
   * one Gaussian of the instrumental width over the residual, its chi-square drop divided by
   * max(1, reduced chi-square), against the chi-square(1) quantile at 1 - significance / (window
   * width / FWHM) (look-elsewhere correction); centres within one FWHM of a modelled peak are not
   * tested. null switches the check off.
   * @default 1e-6
   */
  unexplainedPeakSignificance?: number | null;
  /** EDXRD incident spectral flux times detector efficiency at E (relative). @default none (flat) */
  incidentSpectrum?: (energyKeV: number) => number;
  /** Chebyshev background terms. @default 3 */
  backgroundTerms?: number;
  /** "library": one scale per phase with library relative intensities; "free": one amplitude per reflection. @default "library" */
  intensities?: "library" | "free";
  /**
   * Relative one-sigma u of each library reflection intensity (|F|^2 m times the geometric
   * factor). Each reflection gets a nuisance factor k (its area times k) with the Gaussian prior
   * k ~ N(1, u^2), i.e. a penalty row (k - 1) / u in the least squares. The factors absorb
   * per-reflection intensity misfit (texture, absorption, structure-model errors), and the
   * reported fraction, scale and x sigmas include the intensity uncertainty (the covariance is the
   * inverse of the penalized normal matrix, i.e. marginalized over the factors). The phase scale,
   * and so the fraction, is defined at k = 1. 0 switches the factors off (purely statistical
   * sigmas, the fit of earlier versions). Ignored with `intensities: "free"`.
   *
   * Basis of the default 0.1: intensities computed from a refined structure (and those of
   * isostructural Li-V-O phases) typically differ from measured integrated intensities by ~5-15 %
   * per reflection from preferred orientation of the platelets, absorption in the electrode and
   * atom-position / occupancy errors (Rietveld R_Bragg of good refinements 3-10 %; the
   * independent-simulator test uses a +-20 % uniform error, rms 11.5 %). Measured: 2-sigma
   * coverage of the fraction errors 7/48 -> 46/48 on that simulator (README, accuracy). With exact
   * intensities the fraction sigma is then ~10x the statistical one (the per-phase common part of
   * the intensity error, u / sqrt(reflections), is not identifiable from one pattern, so it is
   * always included); see `intensityFactors: "onMisfit"`.
   * @default 0.1
   */
  intensityUncertainty?: number;
  /**
   * When the intensity factors of `intensityUncertainty` are used for the reported fit: "always";
   * or "onMisfit": the selected phase set is refitted without them and the factors are kept
   * (flag `intensityMisfit`) only when they lower chi^2 significantly (chi-square test at 0.05,
   * df = number of factors, threshold times max(1, reduced chi^2)); otherwise the plain fit with
   * statistical sigmas is reported. "onMisfit" keeps the sigma near the statistical one for
   * intensities consistent with the library (1.3x instead of 10x in the verify test) but misses
   * intensity errors that do not show within a phase's reflections (measured 2-sigma coverage
   * 38/48 instead of 46/48) and costs one more fit per pattern. Selection uses the factors either way.
   * The default is "onMisfit": the reported sigma then agrees with the scatter over seeds when
   * the library intensities fit the data, and widens when the data show an intensity misfit
   * (a sigma 10x too large for data the model describes is as misleading as one too small).
   * @default "onMisfit"
   */
  intensityFactors?: "always" | "onMisfit";
  /** Reference-intensity corrections r_k per phase id (f_k proportional to S_k V_k Z_k / r_k). @default 1 for every phase */
  referenceIntensityRatios?: Readonly<Record<string, number>>;
  /** Phase-selection rule. */
  selection?: SelectionOptions;
  /** Per-phase lattice bounds overriding the library's (A or deg). */
  latticeBounds?: Readonly<Record<string, Partial<Record<LatticeParameterName, readonly [number, number]>>>>;
  /** Start from a previous pattern's result instead of a full search. */
  seed?: QuantificationSeed;
  /** Least total counts in the window to attempt a fit. @default 100 */
  minimumCounts?: number;
  /**
   * Poisson weighting of the least squares. "mighell": the chi-square-gamma statistic of Mighell
   * (1999, ApJ 518, 380, doi:10.1086/307253), sum (y + min(y, 1) - f)^2 / (y + 1), nearly unbiased
   * down to a few counts per channel; "neyman": sum (y - f)^2 / max(y, 1), which biases the model
   * (and the weaker phases' fractions) low at low counts.
   * @default "mighell"
   */
  weighting?: "mighell" | "neyman";
  /**
   * Composition of a phase without a lattice-composition relation (alpha, delta, epsilon', ...)
   * when it is alone in a single-phase field, where diffraction does not determine it:
   * "midpoint" of its x range with sigma (hi - lo) / sqrt(12) (uniform prior over the range);
   * "nominal": the library's reference x (sigma 0); or a function (phaseId, layer, timeS) -> x
   * or { x, sigma }, e.g. from coulomb counting (layer = pattern meta.layer or 0, timeS = meta.timeS
   * or NaN; a value outside the range is clamped and flagged `xClamped:<id>`). In coexistence the
   * tie-line rule applies instead (the end of the range facing the other phase). Either way the
   * pattern is flagged `xFromRange:<id>` when diffraction did not set the phase's x.
   * @default "midpoint"
   */
  singlePhaseX?: SinglePhaseXRule;
}

/** One reflection of a present phase. */
export interface QuantifiedReflection {
  /** Miller indices. */
  h: number;
  k: number;
  l: number;
  /** Refined d (A) and its one-sigma. */
  dAngstrom: number;
  dSigmaAngstrom: number;
  /** Centre on the fit axis (keV for EDXRD, corrected 2theta deg for ADXRD). */
  position: number;
}

/** A phase found in the window. */
export interface QuantifiedPhase {
  /** Phase id. */
  id: string;
  /** Fraction (V2O5 formula units) and one-sigma. */
  fraction: number;
  fractionSigma: number;
  /** Amount S_k V_k Z_k before the reference-intensity correction (for fitReferenceIntensityRatios). */
  amount: number;
  /** Phase scale S_k and one-sigma. */
  scale: number;
  scaleSigma: number;
  /** Refined lattice (held parameters at their seed/library values). */
  lattice: Lattice;
  /** One-sigma of each free lattice parameter. */
  latticeSigma: Partial<Record<LatticeParameterName, number>>;
  /** Which lattice parameters were free. */
  freeLattice: LatticeParameterName[];
  /**
   * Composition of the phase and its one-sigma: from the lattice relation (fit sigma), the end of
   * its range at an equilibrium two-phase boundary (sigma 0), the range midpoint (sigma
   * range / sqrt(12)), the nominal x (sigma 0) or the caller's single-phase value (its sigma).
   */
  x: number;
  xSigma: number;
  /**
   * Where x came from: "lattice" (Vegard relation of a refined parameter), "boundary" (tie-line
   * end next to a coexisting phase), "fixed" (line compound, xRange of zero width), "range"
   * (midpoint, not determined), "nominal" or "hint" (the `singlePhaseX` option).
   */
  xSource: CompositionSource;
  /** Window reflections. */
  reflections: QuantifiedReflection[];
}

/** One selection decision. */
export interface SelectionStep {
  /** Phase tested. */
  phase: string;
  /** Whether it was tested for addition or removal. */
  action: "add" | "remove";
  /** chi-square(without) - chi-square(with). */
  deltaChiSquare: number;
  /** Threshold it had to exceed. */
  threshold: number;
  /** Whether the phase is present after the step. */
  present: boolean;
  /**
   * Set when a significant phase was not added by the look-alike guard (`selection.lookAlikeGuard`):
   * "atBound" (a free lattice parameter on its bound) or "unresolved" (most of its intensity
   * within 1 FWHM of other phases' reflections).
   */
  rejected?: "atBound" | "unresolved";
}

/** A fixed-energy nuisance line (group) of the window model. */
export interface QuantifiedFluorescenceLine {
  /** Group label, e.g. "Pb Ka", or the user's label. */
  label: string;
  /** Energy of the reference (first) component (keV). */
  energyKeV: number;
  /** Fitted integrated counts of the group (all its components) and one-sigma. */
  counts: number;
  countsSigma: number;
}

/** Result of {@link quantifyPattern}. */
export interface PatternQuantification {
  /** Present phases, in candidate order. */
  phases: QuantifiedPhase[];
  /** Mean lithiation x = sum f x and its one-sigma (NaN when nothing was quantified). */
  x: number;
  xSigma: number;
  /** Reduced chi-square of the final fit (NaN when none). */
  reducedChiSquare: number;
  /** Width scale of the final fit. */
  widthScale: number;
  /** Lorentzian fraction of the final fit (the held value, or the refined one with `lorentzianFraction: "free"`). */
  lorentzianFraction: number;
  /** Fitted fixed-energy nuisance lines that reach into the window (empty without the `fluorescenceLines` option). */
  fluorescence: QuantifiedFluorescenceLine[];
  /** Quality flags ("intensityMisfit" (intensityFactors "onMisfit": the factors were kept), "unexplainedPeak:<position>", "noSignal", "noPhase", "notConverged", "undetermined:<id>", "xClamped:<id>", "xFromRange:<id>", "atBound:<id>_<p>"). */
  flags: string[];
  /** Selection decisions, in order. */
  selection: SelectionStep[];
  /** The fitted window: axis (keV or deg), counts, model. */
  window: { axis: Float64Array; counts: Float64Array; fitted: Float64Array; unit: "keV" | "deg" };
  /** Seed for the next pattern of a series. */
  seed: QuantificationSeed;
}

interface Candidate {
  definition: PhaseDefinition;
  reflections: { h: number; k: number; l: number; intensity: number }[];
  free: LatticeParameterName[];
  bounds: [number, number][];
  z: number;
  ratio: number;
  order: number;
}

/** How the fit is solved: the window solver (default) or @operando/fit's curveFit (reference). @internal */
export type SolverKind = "window" | "curveFit";

interface Context {
  geometry: WindowGeometry;
  data: WindowData;
  y: Float64Array;
  w: Float64Array;
  candidates: Map<string, Candidate>;
  backgroundTerms: number;
  lorentzianFraction: number;
  freeLorentzian: boolean;
  freeIntensities: boolean;
  /** Relative one-sigma of the library reflection intensities (nuisance factors), 0 = none. */
  intensityUncertainty: number;
  solver: SolverKind;
  /** Fits already made for this pattern, by phase-set key (reused by the selection steps). */
  fits: Map<string, SetFit>;
}

interface SetFit {
  ids: string[];
  model: WindowModel;
  parameters: Float64Array;
  covariance: Float64Array;
  chiSquare: number;
  reducedChiSquare: number;
  fitted: Float64Array;
  converged: boolean;
  atBounds: number[];
}

const DEFAULT_RESOLUTION = { electronicNoiseFwhmKeV: 0.15, fanoFactor: 0.11, pairEnergyEv: 2.96, angularSpreadDeg: 0 };

/** Reduced chi-square above which a seeded fit is treated as out of its capture range (lattice re-scan). */
const RESCAN_REDUCED_CHI_SQUARE = 2;
/** Steps of a lattice scan over the bounds of the leading free parameter (about a quarter FWHM each). */
const SCAN_STEPS = 40;
/** Iteration budget of a fit, and of a trial fit in the forward selection. */
const FIT_ITERATIONS = 200;
const TRIAL_ITERATIONS = 40;
/**
 * Least separation (in FWHM) of a reflection from those of the other phases for it to count as
 * resolved in the look-alike guard: two equal Gaussians closer than about 0.85 FWHM show no dip
 * between them (Sparrow-like criterion), so below ~1 FWHM an amplitude cannot be split reliably
 * when the relative intensities are uncertain.
 */
const MIN_SEPARATION_FWHM = 1;
/**
 * Significance of the intensity-misfit test (intensity factors kept when they lower chi^2 by more
 * than the chi-square quantile at 1 - this, df = number of factors): with exact library intensities
 * 95 % of patterns report the plain (statistical) fit.
 */
const INTENSITY_MISFIT_SIGNIFICANCE = 0.05;
/** Coarse steps of the score pre-check scan (refined by bisection around its best node). */
const SCORE_STEPS = 20;

function checkPositive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new InvalidParameterError({ parameter: name, value: v, expected: "a positive finite number" });
}

/** Formula units per cell from the V count of the cell contents (V2O5: 2 V per unit); 1 if unknown. */
function formulaUnits(def: PhaseDefinition): number {
  const v = def.cellContents.find((c) => c.element === "V");
  return v === undefined ? 1 : v.count / 2;
}

interface PhaseWindowInfo {
  reflections: ReturnType<typeof phaseReflections>;
  inWindow: ReturnType<typeof phaseReflections>;
  free: LatticeParameterName[];
}

// Memo of reflection lists and free parameters per phase definition and d range (pure
// memoization: definitions are frozen, the result depends only on them and the range).
const WINDOW_INFO = new WeakMap<PhaseDefinition, Map<string, PhaseWindowInfo>>();

function phaseWindowInfo(def: PhaseDefinition, dMin: number, dMax: number): PhaseWindowInfo {
  const key = `${dMin},${dMax}`;
  let byRange = WINDOW_INFO.get(def);
  if (byRange === undefined) {
    byRange = new Map();
    WINDOW_INFO.set(def, byRange);
  }
  let info = byRange.get(key);
  if (info === undefined) {
    const reflections = phaseReflections(def, { dMinAngstrom: dMin / 1.04, dMaxAngstrom: dMax * 1.04 });
    const inWindow = reflections.filter((r) => r.dAngstrom >= dMin && r.dAngstrom <= dMax);
    const free = inWindow.length === 0 ? [] : determineFree(def, inWindow, def.lattice);
    info = { reflections, inWindow, free };
    if (byRange.size < 16) byRange.set(key, info);
  }
  return info;
}

function determineFree(def: PhaseDefinition, reflections: { h: number; k: number; l: number }[], lattice: Lattice): LatticeParameterName[] {
  const allowed = FREE_LATTICE_PARAMETERS[def.crystalSystem];
  const order: LatticeParameterName[] = (["c", "a", "b"] as LatticeParameterName[]).filter((n) => allowed.includes(n));
  const chosen: LatticeParameterName[] = [];
  const basis: Float64Array[] = [];
  const grads = reflections.map((r) => dSpacingGradient(lattice, r.h, r.k, r.l));
  for (const name of order) {
    const v = Float64Array.from(grads.map((g) => freeGradient(g, name, def.crystalSystem)));
    const norm0 = Math.hypot(...v);
    if (!(norm0 > 1e-9)) continue;
    for (const b of basis) {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * b[i]!;
      for (let i = 0; i < v.length; i++) v[i] = v[i]! - dot * b[i]!;
    }
    const norm = Math.hypot(...v);
    // Rank test: the new direction must not be (nearly) a combination of the chosen ones.
    if (norm > 1e-3 * norm0) {
      basis.push(v.map((x) => x / norm));
      chosen.push(name);
    }
  }
  return chosen;
}

function thresholdFor(df: number, n: number, sel: Required<SelectionOptions>): number {
  if (sel.criterion === "bic") return df * Math.log(n);
  if (sel.criterion === "aic") return 2 * df;
  return chiSquareQuantile(1 - sel.significance, df);
}

function buildModelFor(ctx: Context, ids: readonly string[], lattices: Readonly<Record<string, Lattice>>): WindowModel {
  return buildWindowModel({
    data: ctx.data,
    lorentzianFraction: ctx.lorentzianFraction,
    freeLorentzian: ctx.freeLorentzian,
    phases: ids.map((id) => {
      const c = ctx.candidates.get(id)!;
      return { definition: c.definition, lattice: lattices[id] ?? c.definition.lattice, free: c.free, reflections: c.reflections, freeIntensities: ctx.freeIntensities, intensityUncertainty: ctx.intensityUncertainty };
    }),
  });
}

/** Parameter vector with the width and the lattices set (background and amplitudes 0). */
function nonlinearStart(model: WindowModel, lattices: Readonly<Record<string, Lattice>>, widthScale: number): Float64Array {
  const p = new Float64Array(model.parameterCount);
  p[model.widthIndex] = widthScale;
  if (model.etaIndex >= 0) p[model.etaIndex] = model.lorentzianFraction;
  for (const pr of model.priors) p[pr.index] = pr.centre;
  model.phases.forEach((ph) => {
    const lat = lattices[ph.definition.id] ?? ph.definition.lattice;
    for (const f of ph.free) p[f.index] = lat[f.name];
  });
  return p;
}

/**
 * Linear (background + non-negative amplitudes) least squares at the lattices and width in p;
 * writes the coefficients into p and returns the chi-square. Columns are evaluated over their
 * channel ranges only and the normal equations formed over the overlaps.
 */
function linearSolve(ctx: Context, model: WindowModel, p: Float64Array): number {
  const { data } = ctx;
  const n = ctx.y.length;
  const bt = model.backgroundTerms;
  const ampIndices: number[] = [];
  for (const ph of model.phases) for (const s of ph.scaleCombination) ampIndices.push(s.index);
  const na = ampIndices.length;
  const m = bt + na;
  // Shared per-window column buffer (all-zero between uses: the written ranges are cleared below).
  if (data.work.jacobian.length < na * n) data.work.jacobian = new Float64Array(na * n);
  const cols = data.work.jacobian;
  const lo = new Int32Array(na);
  const hi = new Int32Array(na);
  const range = new Int32Array(2);
  ampIndices.forEach((idx, j) => {
    model.amplitudeColumn(idx, p, cols.subarray(j * n, (j + 1) * n), range);
    lo[j] = range[0]!;
    hi[j] = range[1]!;
  });
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let a = 0; a < bt; a++) {
    rhs[a] = data.backgroundRhs[a]!;
    for (let b = 0; b < bt; b++) gram[a * m + b] = data.backgroundGram[a * bt + b]!;
  }
  const { w, y, weightedChebyshev } = data;
  for (let j = 0; j < na; j++) {
    const off = j * n;
    let s = 0;
    for (let i = lo[j]!; i < hi[j]!; i++) s += w[i]! * cols[off + i]! * y[i]!;
    rhs[bt + j] = s;
    for (let b = 0; b < bt; b++) {
      let t = 0;
      for (let i = lo[j]!; i < hi[j]!; i++) t += cols[off + i]! * weightedChebyshev[b * n + i]!;
      gram[(bt + j) * m + b] = t;
      gram[b * m + bt + j] = t;
    }
    for (let k = 0; k <= j; k++) {
      let t = 0;
      const i0 = Math.max(lo[j]!, lo[k]!);
      const i1 = Math.min(hi[j]!, hi[k]!);
      for (let i = i0; i < i1; i++) t += w[i]! * cols[off + i]! * cols[k * n + i]!;
      gram[(bt + j) * m + bt + k] = t;
      gram[(bt + k) * m + bt + j] = t;
    }
  }
  for (let j = 0; j < na; j++) if (hi[j]! > lo[j]!) cols.fill(0, j * n + lo[j]!, j * n + hi[j]!);
  // Chebyshev terms free in sign; fluorescence lines and phase amplitudes non-negative.
  const nonNeg = Array.from({ length: m }, (_, j) => j >= data.chebyshevTerms);
  const { coefficients, chiSquare } = gramNonNegativeLeastSquares(gram, rhs, m, data.yWy, nonNeg);
  for (let b = 0; b < bt; b++) p[b] = coefficients[b]!;
  ampIndices.forEach((idx, j) => {
    p[idx] = coefficients[bt + j]!;
  });
  return chiSquare;
}

/** Scans the leading free lattice parameter of `id` over its bounds (linear fit at each step); returns the best lattice. */
function scanLattice(ctx: Context, ids: readonly string[], id: string, lattices: Record<string, Lattice>, widthScale: number): Lattice {
  const cand = ctx.candidates.get(id)!;
  const base = lattices[id] ?? cand.definition.lattice;
  if (cand.free.length === 0) return base;
  const name = cand.free[0]!;
  const [lo, hi] = cand.bounds[0]!;
  const model = buildModelFor(ctx, ids, lattices);
  const k = model.phases.findIndex((ph) => ph.definition.id === id);
  const index = model.phases[k]!.free[0]!.index;
  const p = nonlinearStart(model, lattices, widthScale);
  let best = base;
  let bestChi = Number.POSITIVE_INFINITY;
  for (let s = 0; s <= SCAN_STEPS; s++) {
    const value = lo + ((hi - lo) * s) / SCAN_STEPS;
    p[index] = value;
    const chiSquare = linearSolve(ctx, model, p);
    if (chiSquare < bestChi) {
      bestChi = chiSquare;
      best = { ...base, [name]: value } as Lattice;
    }
  }
  return best;
}

/**
 * Score (Lagrange-multiplier) statistic for adding phase `id` with amplitude only:
 * max over a scan of its leading lattice parameter of max(0, J^T W r)^2 / (J^T W J), and the
 * lattice where it is largest (the start of the refit when the phase is then tried).
 */
function scoreStatistic(ctx: Context, fit: SetFit, id: string, lattices: Readonly<Record<string, Lattice>>): { score: number; lattice: Lattice } {
  const cand = ctx.candidates.get(id)!;
  const single = buildModelFor(ctx, [id], lattices);
  const p = nonlinearStart(single, lattices, fit.parameters[fit.model.widthIndex]!);
  for (const s of single.phases[0]!.scaleCombination) p[s.index] = 1;
  const base = lattices[id] ?? cand.definition.lattice;
  // The window's shared n-vector (all-zero between uses; zeroed again below as it is read).
  const col = ctx.data.work.vector;
  const range = new Int32Array(2);
  const lead = single.phases[0]!.free[0];
  const { w, y } = ctx;
  const fitted = fit.fitted;
  const scoreAt = (value: number): number => {
    if (lead !== undefined) p[lead.index] = value;
    single.phaseColumn(0, p, col, range);
    let num = 0;
    let den = 0;
    for (let i = range[0]!; i < range[1]!; i++) {
      const c = col[i]!;
      num += w[i]! * c * (y[i]! - fitted[i]!);
      den += w[i]! * c * c;
      col[i] = 0;
    }
    return num > 0 && den > 0 ? (num * num) / den : 0;
  };
  if (lead === undefined) return { score: scoreAt(0), lattice: base };
  // Coarse scan (SCORE_STEPS intervals, about half an instrumental FWHM each), then two
  // bisection refinements around the best node (quarter and eighth of a step).
  const [lo, hi] = cand.bounds[0]!;
  const h = (hi - lo) / SCORE_STEPS;
  let bestValue = lo;
  let best = -1;
  for (let s = 0; s <= SCORE_STEPS; s++) {
    const v = lo + h * s;
    const sc = scoreAt(v);
    if (sc > best) {
      best = sc;
      bestValue = v;
    }
  }
  for (const frac of [0.5, 0.25]) {
    const centre = bestValue;
    for (const v of [centre - frac * h, centre + frac * h]) {
      if (v < lo || v > hi) continue;
      const sc = scoreAt(v);
      if (sc > best) {
        best = sc;
        bestValue = v;
      }
    }
  }
  p[lead.index] = bestValue;
  const bestLattice = single.latticeAt(0, p);
  return { score: best, lattice: bestLattice };
}

/**
 * Refines the phase set `ids` from the given lattices and width. `maxIterations` bounds the solver
 * (trial fits of the forward selection use a smaller budget: a wrong phase wanders in a rough
 * chi-square landscape, and only its chi-square matters for the choice).
 */
function fitSet(ctx: Context, ids: string[], lattices: Record<string, Lattice>, widthScale: number, maxIterations = FIT_ITERATIONS): SetFit {
  const model = buildModelFor(ctx, ids, lattices);
  const P = model.parameterCount;
  const lower = new Float64Array(P).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(P).fill(Number.POSITIVE_INFINITY);
  lower[model.widthIndex] = 0.3;
  upper[model.widthIndex] = 4;
  for (let j = ctx.data.chebyshevTerms; j < model.backgroundTerms; j++) lower[j] = 0;
  for (const pr of model.priors) lower[pr.index] = 0;
  if (model.etaIndex >= 0) {
    lower[model.etaIndex] = 0;
    upper[model.etaIndex] = 1;
  }
  const p = nonlinearStart(model, lattices, Math.min(3.9, Math.max(0.31, widthScale)));
  model.phases.forEach((ph) => {
    const cand = ctx.candidates.get(ph.definition.id)!;
    ph.free.forEach((f, j) => {
      const [lo, hi] = cand.bounds[j]!;
      lower[f.index] = lo;
      upper[f.index] = hi;
      p[f.index] = Math.min(hi - 1e-6 * (hi - lo), Math.max(lo + 1e-6 * (hi - lo), p[f.index]!));
    });
  });
  linearSolve(ctx, model, p);
  let ampMax = 0;
  for (const ph of model.phases) for (const s of ph.scaleCombination) ampMax = Math.max(ampMax, p[s.index]!);
  for (const ph of model.phases) {
    for (const s of ph.scaleCombination) {
      lower[s.index] = 0;
      // Start strictly inside the bound (a zero amplitude gives zero lattice derivatives).
      p[s.index] = Math.max(p[s.index]!, 1e-3 * ampMax + 1e-12);
    }
  }
  let result: { parameters: Float64Array; covariance: Float64Array; chiSquare: number; reducedChiSquare: number; fitted: Float64Array; converged: boolean; atBounds: number[] };
  if (ctx.solver === "window") {
    result = solveWindow(model, p, { lower, upper, maxIterations });
  } else {
    // Reference path: the general MINPACK-style engine at tight tolerances.
    // Prior penalty rows appended as observations (value centre, weight 1/u^2, model p[index]).
    const n = ctx.y.length;
    const m = model.priors.length;
    const xs = new Float64Array(n + m);
    xs.set(ctx.geometry.u);
    const ys = new Float64Array(n + m);
    ys.set(ctx.y);
    const ws = new Float64Array(n + m);
    ws.set(ctx.w);
    model.priors.forEach((pr, j) => {
      xs[n + j] = ctx.geometry.uMax + j + 1;
      ys[n + j] = pr.centre;
      ws[n + j] = pr.weight;
    });
    const dense = new Float64Array(n * P);
    result = curveFit(
      (_x, q, out) => {
        model.evaluate(q, out.subarray(0, n));
        model.priors.forEach((pr, j) => {
          out[n + j] = q[pr.index]!;
        });
      },
      xs,
      ys,
      p,
      {
      jacobian: (_x, q, out) => {
        model.denseJacobian(q, dense);
        out.fill(0);
        for (let c = 0; c < P; c++) out.set(dense.subarray(c * n, (c + 1) * n), c * (n + m));
        model.priors.forEach((pr, j) => {
          out[pr.index * (n + m) + n + j] = 1;
        });
      },
      weights: ws,
      lower,
      upper,
      absoluteSigma: true,
      parameterNames: model.names,
      maxEvaluations: 4000,
      ftol: 1e-13,
      xtol: 1e-13,
    });
  }
  const scale = Math.max(1, result.reducedChiSquare);
  const covariance = result.covariance.map((v) => v * scale);
  const fit = { ids, model, parameters: result.parameters, covariance, chiSquare: result.chiSquare, reducedChiSquare: result.reducedChiSquare, fitted: result.fitted, converged: result.converged, atBounds: result.atBounds };
  const key = ids.join(",");
  const known = ctx.fits.get(key);
  if (known === undefined || fit.chiSquare < known.chiSquare) ctx.fits.set(key, fit);
  return fit;
}

/**
 * Look-alike guard of the phase selection: why phase `id` of `fit` cannot be told apart from the
 * rest of the model, or undefined when it can. "atBound": a free lattice parameter ended on its
 * bound (the phase's reflection pattern was not found inside its lattice range; the fit pushed
 * it as far as allowed to absorb misfit next to it, e.g. a background step or a neighbouring
 * peak's intensity error). "unresolved": more than half of its window intensity lies in
 * reflections closer than {@link MIN_SEPARATION_FWHM} FWHM to a reflection of another phase of
 * the fit (at the refined lattices), so its amplitude trades against that phase's intensity
 * model instead of resting on a peak of its own (epsilon' placed on epsilon's (001)/(101)).
 */
function lookAlike(ctx: Context, fit: SetFit, id: string): "atBound" | "unresolved" | undefined {
  const { model, parameters: p } = fit;
  const k = model.phases.findIndex((ph) => ph.definition.id === id);
  const ph = model.phases[k];
  if (ph === undefined) return undefined;
  for (const f of ph.free) if (fit.atBounds.includes(f.index)) return "atBound";
  const g = ctx.geometry;
  const inWindow = (uc: number): boolean => uc >= g.uMin && uc <= g.uMax;
  const others: number[] = [];
  model.phases.forEach((other, j) => {
    if (j === k) return;
    const lat = model.latticeAt(j, p);
    for (const r of other.reflections) {
      const uc = g.centre(dSpacingGradient(lat, r.h, r.k, r.l).dAngstrom);
      if (inWindow(uc)) others.push(uc);
    }
  });
  if (others.length === 0) return undefined;
  const lat = model.latticeAt(k, p);
  const ws = p[model.widthIndex]!;
  let total = 0;
  let shared = 0;
  for (const r of ph.reflections) {
    const d = dSpacingGradient(lat, r.h, r.k, r.l).dAngstrom;
    const uc = g.centre(d);
    if (!inWindow(uc)) continue;
    const weight = r.intensity * g.factor(d) * (r.factorIndex >= 0 ? p[r.factorIndex]! : 1) * (ctx.freeIntensities ? p[r.amplitudeIndex]! : 1);
    total += weight;
    const fw = ws * g.fwhm(uc);
    if (others.some((o) => Math.abs(o - uc) < MIN_SEPARATION_FWHM * fw)) shared += weight;
  }
  return total > 0 && shared > 0.5 * total ? "unresolved" : undefined;
}

function latticesOf(fit: SetFit): Record<string, Lattice> {
  const out: Record<string, Lattice> = {};
  fit.model.phases.forEach((ph, k) => {
    out[ph.definition.id] = fit.model.latticeAt(k, fit.parameters);
  });
  return out;
}

function orderIds(ctx: Context, ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => ctx.candidates.get(a)!.order - ctx.candidates.get(b)!.order);
}

function vegardX(def: PhaseDefinition, lattice: Lattice, free: readonly LatticeParameterName[]): { x: number; dxdp: number; parameter: LatticeParameterName | undefined; clamped: boolean } {
  const rel = def.latticeRelations.find((r) => free.includes(r.parameter));
  if (rel === undefined) return { x: def.xReference, dxdp: 0, parameter: undefined, clamped: false };
  const slope = (rel.x1 - rel.x0) / (rel.value1 - rel.value0);
  const raw = rel.x0 + (lattice[rel.parameter] - rel.value0) * slope;
  const [lo, hi] = def.xRange;
  const x = Math.min(hi, Math.max(lo, raw));
  return { x, dxdp: x === raw ? slope : 0, parameter: rel.parameter, clamped: x !== raw };
}

function quadForm(cov: Float64Array, P: number, g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < P; i++) {
    const gi = g[i]!;
    if (gi === 0) continue;
    for (let j = 0; j < P; j++) {
      const gj = g[j]!;
      if (gj !== 0) s += gi * cov[i * P + j]! * gj;
    }
  }
  return s;
}

function summarize(ctx: Context, fit: SetFit, flags: string[], singlePhase: (id: string) => "midpoint" | "nominal" | SinglePhaseXValue): { phases: QuantifiedPhase[]; x: number; xSigma: number } {
  const { model, parameters: p, covariance: cov } = fit;
  const P = model.parameterCount;
  const weights: number[] = [];
  const factors: number[] = [];
  const lattices: Lattice[] = [];
  const scales: number[] = [];
  const xs: ReturnType<typeof vegardX>[] = [];
  const assigned: (AssignedComposition | undefined)[] = [];
  const present = model.phases.map((ph) => ph.definition);
  model.phases.forEach((ph, k) => {
    const cand = ctx.candidates.get(ph.definition.id)!;
    const lat = model.latticeAt(k, p);
    lattices.push(lat);
    let s = 0;
    for (const c of ph.scaleCombination) s += c.weight * p[c.index]!;
    scales.push(s);
    const factor = (cellVolume(lat) * cand.z) / cand.ratio;
    factors.push(factor);
    weights.push(s * factor);
    const v = vegardX(ph.definition, lat, ph.free.map((f) => f.name));
    if (v.clamped) flags.push(`xClamped:${ph.definition.id}`);
    if (v.parameter === undefined) {
      // No lattice relation: the tie-line / single-phase rule (internal/composition.ts).
      const id = ph.definition.id;
      const a = assignComposition(ph.definition, present, () => singlePhase(id));
      if (a.clamped) flags.push(`xClamped:${id}`);
      if (a.source === "range" || a.source === "nominal" || a.source === "hint") flags.push(`xFromRange:${id}`);
      v.x = a.x;
      assigned.push(a);
    } else assigned.push(undefined);
    xs.push(v);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  let xMean = 0;
  model.phases.forEach((_, k) => {
    xMean += (weights[k]! / total) * xs[k]!.x;
  });
  const gx = new Float64Array(P);
  const phases: QuantifiedPhase[] = model.phases.map((ph, k) => {
    const id = ph.definition.id;
    const f = weights[k]! / total;
    // df_k/dS_j = c_j (delta_kj total - w_k) / total^2 ; dx/dS_j = c_j (x_j - xMean) / total.
    const gf = new Float64Array(P);
    model.phases.forEach((other, j) => {
      const dfdS = (factors[j]! * ((j === k ? total : 0) - weights[k]!)) / (total * total);
      for (const c of other.scaleCombination) gf[c.index] = gf[c.index]! + dfdS * c.weight;
    });
    const gs = new Float64Array(P);
    for (const c of ph.scaleCombination) {
      gs[c.index] = c.weight;
      gx[c.index] = gx[c.index]! + ((factors[k]! * (xs[k]!.x - xMean)) / total) * c.weight;
    }
    const latticeSigma: Partial<Record<LatticeParameterName, number>> = {};
    for (const fr of ph.free) {
      latticeSigma[fr.name] = Math.sqrt(cov[fr.index * P + fr.index]!);
      if (fit.atBounds.includes(fr.index)) flags.push(`atBound:${id}_${fr.name}`);
    }
    const v = xs[k]!;
    let xSigma = 0;
    if (v.parameter !== undefined) {
      const fr = ph.free.find((q) => q.name === v.parameter)!;
      xSigma = Math.abs(v.dxdp) * Math.sqrt(cov[fr.index * P + fr.index]!);
      gx[fr.index] = gx[fr.index]! + f * v.dxdp;
    }
    const reflections: QuantifiedReflection[] = ph.reflections
      .map((r) => {
        const g = dSpacingGradient(lattices[k]!, r.h, r.k, r.l);
        const gd = new Float64Array(P);
        for (const fr of ph.free) gd[fr.index] = freeGradient(g, fr.name, ph.definition.crystalSystem);
        return { h: r.h, k: r.k, l: r.l, dAngstrom: g.dAngstrom, dSigmaAngstrom: Math.sqrt(Math.max(0, quadForm(cov, P, gd))), position: ctx.geometry.centre(g.dAngstrom) };
      })
      .filter((r) => r.position >= ctx.geometry.uMin && r.position <= ctx.geometry.uMax);
    const scaleSigma = Math.sqrt(Math.max(0, quadForm(cov, P, gs)));
    const fractionSigma = Math.sqrt(Math.max(0, quadForm(cov, P, gf)));
    if (!Number.isFinite(fractionSigma) || !Number.isFinite(scaleSigma)) flags.push(`undetermined:${id}`);
    const a = assigned[k];
    if (a !== undefined) xSigma = a.sigma;
    return { id, fraction: f, fractionSigma, amount: weights[k]! * ctx.candidates.get(id)!.ratio, scale: scales[k]!, scaleSigma, lattice: lattices[k]!, latticeSigma, freeLattice: ph.free.map((q) => q.name), x: v.x, xSigma, xSource: a?.source ?? "lattice", reflections };
  });
  // Fit part (delta method) plus the assignment sigmas of the phases whose x the rule set, which
  // are independent of the fit and of each other: var(x) = g^T C g + sum_k (f_k sigma_k)^2.
  let assignedVariance = 0;
  assigned.forEach((a, k) => {
    if (a !== undefined) assignedVariance += ((weights[k]! / total) * a.sigma) ** 2;
  });
  const xSigma = Math.sqrt(Math.max(0, quadForm(cov, P, gx)) + assignedVariance);
  return { phases, x: xMean, xSigma };
}

/**
 * Quantifies the d window of one calibrated pattern (see the module notes for the model).
 *
 * @param pattern - a pattern on its native axis: "channel" or "energy" (EDXRD) or "twoTheta" (ADXRD); counts
 * @param calibration - the matching calibration (energy-dispersive with 2theta, or angle-dispersive)
 * @param options - candidates, instrument widths, selection rule, seed
 * @returns present phases with fractions, lattices and x (all with sigma), quality flags and the fit
 * @throws InvalidParameterError for an unknown phase id, invalid options, or an axis that does not match the calibration
 * @throws WindowOutsidePatternError when the calibration puts the window outside the pattern
 * @example
 * const q = quantifyPattern(pattern, calibration, { phases: ["alpha", "epsilon", "delta"] });
 * q.phases.map((p) => [p.id, p.fraction, p.lattice.c]); q.x; q.xSigma;
 */
export function quantifyPattern(pattern: Pattern, calibration: Calibration, options: QuantifyPatternOptions = {}): PatternQuantification {
  return quantifyPatternWith(pattern, calibration, options, {});
}

/** Internal knobs of {@link quantifyPatternWith} (not part of the public options). @internal */
export interface QuantifyInternals {
  /** "window" (default): the sparse normal-equation solver; "curveFit": @operando/fit at tight tolerances (reference). */
  solver?: SolverKind;
  /** Incident spectrum already tabulated on the geometry's nodes (worker threads). */
  incidentTable?: IncidentTable;
  /** Single-phase compositions by phase id, evaluated by the caller's `singlePhaseX` function on the main thread (worker threads). */
  singlePhaseX?: Readonly<Record<string, SinglePhaseXValue>>;
}

/**
 * {@link quantifyPattern} with internal knobs (solver choice for cross-checks, a pre-tabulated
 * incident spectrum for worker threads).
 * @internal
 */
export function quantifyPatternWith(pattern: Pattern, calibration: Calibration, options: QuantifyPatternOptions, internals: QuantifyInternals): PatternQuantification {
  const library = options.library ?? LIXV2O5_PHASES;
  const ids = options.phases ?? Object.keys(library);
  if (ids.length === 0) throw new InvalidParameterError({ parameter: "phases", value: ids, expected: "at least one phase id" });
  for (const id of ids) {
    if (library[id] === undefined) throw new InvalidParameterError({ parameter: "phases", value: id, expected: `phase ids from the library: ${Object.keys(library).join(", ")}` });
  }
  const dMin = options.dMinAngstrom ?? 3.8;
  const dMax = options.dMaxAngstrom ?? 5.2;
  checkPositive("dMinAngstrom", dMin);
  if (!(dMax > dMin)) throw new InvalidParameterError({ parameter: "dMaxAngstrom", value: dMax, expected: `a value above dMinAngstrom (${dMin})` });
  const resolution = { ...DEFAULT_RESOLUTION, ...(options.resolution ?? {}) };
  checkPositive("resolution.fanoFactor", resolution.fanoFactor);
  checkPositive("resolution.pairEnergyEv", resolution.pairEnergyEv);
  if (!(resolution.electronicNoiseFwhmKeV >= 0)) throw new InvalidParameterError({ parameter: "resolution.electronicNoiseFwhmKeV", value: resolution.electronicNoiseFwhmKeV, expected: "a non-negative FWHM in keV" });
  if (!(resolution.angularSpreadDeg >= 0)) throw new InvalidParameterError({ parameter: "resolution.angularSpreadDeg", value: resolution.angularSpreadDeg, expected: "a non-negative angle in deg" });
  const caglioti = options.caglioti ?? { u: 0, v: 0, w: 1e-4 };
  const etaOption = options.lorentzianFraction ?? 0;
  const freeLorentzian = etaOption === "free";
  // A free eta starts at 0.1 (a Gaussian start sits on the bound, where the eta column is still non-zero).
  const eta = freeLorentzian ? 0.1 : etaOption;
  if (!(typeof eta === "number" && eta >= 0 && eta <= 1)) throw new InvalidParameterError({ parameter: "lorentzianFraction", value: etaOption, expected: 'a fraction in [0, 1] or "free"' });
  const fluorescenceMode = options.fluorescenceIntensities ?? "table";
  if (fluorescenceMode !== "table" && fluorescenceMode !== "free") throw new InvalidParameterError({ parameter: "fluorescenceIntensities", value: fluorescenceMode, expected: '"table" or "free"' });
  const fluorescenceSpecs = options.fluorescenceLines ?? [];
  if (!Array.isArray(fluorescenceSpecs)) throw new InvalidParameterError({ parameter: "fluorescenceLines", value: fluorescenceSpecs, expected: 'an array of line specifications ("Pb:K") or { energyKeV, label }' });
  const fluorescenceGroups = resolveFluorescenceLines(fluorescenceSpecs, fluorescenceMode);
  const residualSignificance = options.unexplainedPeakSignificance === undefined ? 1e-6 : options.unexplainedPeakSignificance;
  if (residualSignificance !== null && !(residualSignificance > 0 && residualSignificance < 0.5)) throw new InvalidParameterError({ parameter: "unexplainedPeakSignificance", value: residualSignificance, expected: "a level in (0, 0.5) or null" });
  const backgroundTerms = options.backgroundTerms ?? 3;
  if (!(Number.isInteger(backgroundTerms) && backgroundTerms >= 1 && backgroundTerms <= 8)) throw new InvalidParameterError({ parameter: "backgroundTerms", value: backgroundTerms, expected: "an integer in [1, 8]" });
  const sel: Required<SelectionOptions> = { criterion: options.selection?.criterion ?? "lrt", significance: options.selection?.significance ?? 0.001, dispersionScaled: options.selection?.dispersionScaled ?? true, lookAlikeGuard: options.selection?.lookAlikeGuard ?? true };
  const guardLookAlikes = sel.lookAlikeGuard;
  if (!["lrt", "bic", "aic"].includes(sel.criterion)) throw new InvalidParameterError({ parameter: "selection.criterion", value: sel.criterion, expected: '"lrt", "bic" or "aic"' });
  if (!(sel.significance > 0 && sel.significance < 0.5)) throw new InvalidParameterError({ parameter: "selection.significance", value: sel.significance, expected: "a level in (0, 0.5)" });
  const intensities = options.intensities ?? "library";
  if (intensities !== "library" && intensities !== "free") throw new InvalidParameterError({ parameter: "intensities", value: intensities, expected: '"library" or "free"' });
  const intensityUncertainty = options.intensityUncertainty ?? 0.1;
  if (!(Number.isFinite(intensityUncertainty) && intensityUncertainty >= 0 && intensityUncertainty <= 10)) throw new InvalidParameterError({ parameter: "intensityUncertainty", value: intensityUncertainty, expected: "a relative one-sigma in [0, 10] (0 = no intensity nuisance factors)" });
  const intensityFactors = options.intensityFactors ?? "onMisfit";
  if (intensityFactors !== "always" && intensityFactors !== "onMisfit") throw new InvalidParameterError({ parameter: "intensityFactors", value: intensityFactors, expected: '"always" or "onMisfit"' });
  const weighting = options.weighting ?? "mighell";
  if (weighting !== "mighell" && weighting !== "neyman") throw new InvalidParameterError({ parameter: "weighting", value: weighting, expected: '"mighell" or "neyman"' });
  const ratios = options.referenceIntensityRatios ?? {};
  for (const [id, r] of Object.entries(ratios)) checkPositive(`referenceIntensityRatios.${id}`, r);
  const singleRule = options.singlePhaseX ?? "midpoint";
  if (singleRule !== "midpoint" && singleRule !== "nominal" && typeof singleRule !== "function") {
    throw new InvalidParameterError({ parameter: "singlePhaseX", value: singleRule, expected: '"midpoint", "nominal" or a function (phaseId, layer, timeS) => x' });
  }
  const given = internals.singlePhaseX;
  const singlePhase = (id: string): "midpoint" | "nominal" | SinglePhaseXValue => {
    if (given !== undefined) return given[id] ?? "midpoint";
    return typeof singleRule === "function" ? singleRule(id, pattern.meta.layer ?? 0, pattern.meta.timeS ?? Number.NaN) : singleRule;
  };

  const geometry = buildGeometry({
    pattern,
    calibration,
    dMinAngstrom: dMin,
    dMaxAngstrom: dMax,
    resolution,
    caglioti,
    incidentSpectrum: internals.incidentTable ?? options.incidentSpectrum,
    minimumPoints: 3 * backgroundTerms + 10,
  });
  if (fluorescenceGroups.length > 0 && geometry.kind !== "energy-dispersive") {
    throw new InvalidParameterError({ parameter: "fluorescenceLines", value: fluorescenceSpecs, expected: "no fluorescence lines for angle-dispersive data (they sit at fixed energy, only EDXRD sees them as peaks)" });
  }
  const lines = lineColumns(geometry, fluorescenceGroups, resolution);
  const counts = pattern.y.slice(geometry.start, geometry.end);
  const n = counts.length;
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  let totalCounts = 0;
  for (let i = 0; i < n; i++) {
    const v = counts[i]!;
    if (!Number.isFinite(v)) throw new InvalidParameterError({ parameter: `pattern.y[${geometry.start + i}]`, value: v, expected: "a finite count" });
    if (weighting === "mighell") {
      // Mighell (1999, ApJ 518, 380, doi:10.1086/307253) chi-square-gamma: fit y + min(y, 1)
      // with variance y + 1; nearly unbiased for Poisson counts down to a few per channel, where
      // the Neyman weights 1/max(y, 1) pull the model low.
      y[i] = v + Math.min(v, 1);
      w[i] = 1 / (Math.max(v, 0) + 1);
    } else {
      y[i] = v;
      w[i] = 1 / Math.max(v, 1);
    }
    totalCounts += v;
  }
  const flags: string[] = [];
  const emptyWindow = { axis: geometry.u, counts, fitted: new Float64Array(n).fill(Number.NaN), unit: geometry.unit };
  const empty = (flag: string): PatternQuantification => ({
    phases: [],
    x: Number.NaN,
    xSigma: Number.NaN,
    reducedChiSquare: Number.NaN,
    widthScale: Number.NaN,
    lorentzianFraction: Number.NaN,
    fluorescence: [],
    flags: [...flags, flag],
    selection: [],
    window: emptyWindow,
    seed: options.seed ?? { selected: [], lattices: {}, widthScale: 1 },
  });
  if (!(totalCounts >= (options.minimumCounts ?? 100))) return empty("noSignal");

  // Candidates with their window reflections (generated at the library lattice over a widened range
  // so reflections that move into the window during refinement are included).
  const candidates = new Map<string, Candidate>();
  const sortedIds = [...ids].sort((a, b) => library[a]!.xReference - library[b]!.xReference);
  sortedIds.forEach((id, order) => {
    const def = library[id]!;
    const info = phaseWindowInfo(def, dMin, dMax);
    if (info.inWindow.length === 0) {
      flags.push(`noReflections:${id}`);
      return;
    }
    const free = info.free;
    const override = options.latticeBounds?.[id] ?? {};
    const bounds = free.map((name): [number, number] => {
      const b = override[name] ?? def.latticeBounds[name] ?? [def.lattice[name] * 0.97, def.lattice[name] * 1.03];
      return [b[0], b[1]];
    });
    const used = intensities === "free" ? info.inWindow : info.reflections;
    candidates.set(id, { definition: def, reflections: used.map((r) => ({ h: r.h, k: r.k, l: r.l, intensity: r.intensity })), free, bounds, z: formulaUnits(def), ratio: ratios[id] ?? 1, order });
  });
  if (candidates.size === 0) return empty("noPhase");

  const data = windowData(geometry, y, w, backgroundTerms, lines.columns);
  const ctx: Context = { geometry, data, y, w, candidates, backgroundTerms, lorentzianFraction: eta, freeLorentzian, freeIntensities: intensities === "free", intensityUncertainty, solver: internals.solver ?? "window", fits: new Map() };
  // Background-only chi-square (Chebyshev fitted to the data).
  // (With fluorescence lines: background + lines, the lines' amplitudes >= 0; all linear.)
  const fixedTerms = data.backgroundTerms;
  const nullFit = gramNonNegativeLeastSquares(data.backgroundGram, data.backgroundRhs, fixedTerms, data.yWy, Array.from({ length: fixedTerms }, (_, j) => j >= backgroundTerms));
  const bgOnly = nullFit.chiSquare;

  const threshold = (id: string): number => {
    const c = candidates.get(id)!;
    const df = (intensities === "free" ? c.reflections.length : 1) + c.free.length;
    return thresholdFor(df, n, sel);
  };
  /** Threshold for a phase tested with `withPhase` the fit that contains it (dispersion-scaled unless switched off). */
  const thresholdWith = (id: string, withPhase: SetFit): number => {
    const t = threshold(id);
    return sel.dispersionScaled && Number.isFinite(withPhase.reducedChiSquare) ? t * Math.max(1, withPhase.reducedChiSquare) : t;
  };
  const steps: SelectionStep[] = [];
  let widthScale = options.seed?.widthScale ?? 1;
  let lattices: Record<string, Lattice> = {};
  for (const [id, l] of Object.entries(options.seed?.lattices ?? {})) if (candidates.has(id)) lattices[id] = l;
  let current: SetFit | undefined;
  let currentIds: string[] = [];

  /** Fit of the current set plus `id`, started from `start` (else a lattice scan) for the new phase. */
  const tryAdd = (id: string, start?: Lattice, maxIterations = FIT_ITERATIONS): SetFit => {
    const trialIds = orderIds(ctx, [...currentIds, id]);
    const lat = { ...lattices };
    const known = options.seed?.lattices[id] === undefined ? undefined : lattices[id];
    lat[id] = start ?? known ?? scanLattice(ctx, trialIds, id, { ...lat }, widthScale);
    return fitSet(ctx, trialIds, lat, widthScale, maxIterations);
  };
  const accept = (fit: SetFit): void => {
    current = fit;
    currentIds = fit.ids;
    lattices = { ...lattices, ...latticesOf(fit) };
    widthScale = fit.parameters[fit.model.widthIndex]!;
  };
  const chiOf = (): number => current?.chiSquare ?? bgOnly;

  /** Candidates refused by the look-alike guard, with their lattice (retried if the phases they resembled are removed). */
  const guardRejected = new Map<string, Lattice>();
  const seeded = (options.seed?.selected ?? []).filter((id) => candidates.has(id));
  if (seeded.length > 0) {
    // Seeded from the previous pattern: refine directly (no lattice scan) ...
    accept(fitSet(ctx, orderIds(ctx, seeded), lattices, widthScale));
    // ... and only on a quality-gate failure (a jump beyond the fit's capture range: poor reduced
    // chi-square) re-place the seeded phases by lattice scans, refit, keep the better fit.
    if (current !== undefined && (current as SetFit).reducedChiSquare > RESCAN_REDUCED_CHI_SQUARE) {
      const rescanned = { ...lattices };
      for (const id of currentIds) rescanned[id] = scanLattice(ctx, currentIds, id, rescanned, widthScale);
      const retry = fitSet(ctx, currentIds, rescanned, widthScale);
      if (retry.chiSquare < (current as SetFit).chiSquare) accept(retry);
    }
  } else {
    // Forward selection from the background: add the best significant phase until none is.
    const rejected = new Set<string>();
    for (;;) {
      let best: SetFit | undefined;
      let bestId = "";
      for (const id of candidates.keys()) {
        if (currentIds.includes(id) || rejected.has(id)) continue;
        const fit = tryAdd(id, undefined, TRIAL_ITERATIONS);
        // Best by the margin over its own threshold (chi-square drop minus threshold), so a phase
        // with more parameters (free intensities, more free lattice parameters) does not win by
        // fitting the same peaks with more freedom.
        if (best === undefined || fit.chiSquare + thresholdWith(id, fit) < best.chiSquare + thresholdWith(bestId, best)) {
          best = fit;
          bestId = id;
        }
      }
      if (best === undefined) break;
      const delta = chiOf() - best.chiSquare;
      const t = thresholdWith(bestId, best);
      if (!(delta > t)) {
        steps.push({ phase: bestId, action: "add", deltaChiSquare: delta, threshold: t, present: false });
        break;
      }
      // The chosen trial is refined to convergence (a no-op when it already converged), then
      // the look-alike guard: a phase not resolved from the others is not added (and not retried).
      const refined = best.converged ? best : fitSet(ctx, best.ids, { ...lattices, ...latticesOf(best) }, best.parameters[best.model.widthIndex]!);
      const why = currentIds.length > 0 && guardLookAlikes ? lookAlike(ctx, refined, bestId) : undefined;
      steps.push({ phase: bestId, action: "add", deltaChiSquare: delta, threshold: t, present: why === undefined, ...(why === undefined ? {} : { rejected: why }) });
      if (why !== undefined) {
        rejected.add(bestId);
        guardRejected.set(bestId, latticesOf(refined)[bestId]!);
        continue;
      }
      accept(refined);
    }
  }
  // Sequential update: try only the phases adjacent (in x order, i.e. neighbours in the phase
  // diagram) to the present ones, then removals.
  if (seeded.length > 0) {
    const order = [...candidates.keys()];
    const adjacent = new Set<string>();
    for (const id of currentIds) {
      const i = order.indexOf(id);
      for (const j of [i - 1, i + 1]) {
        const other = order[j];
        if (other !== undefined && !currentIds.includes(other)) adjacent.add(other);
      }
    }
    for (const id of adjacent) {
      if (current === undefined) break;
      // Score pre-check (cheap): the largest chi-square drop a pure amplitude of this phase could
      // give against the current residuals, over a scan of its lattice; skip the refit when even
      // that cannot reach half the threshold. Otherwise refit from the lattice the scan found.
      const { score, lattice } = scoreStatistic(ctx, current, id, lattices);
      if (score < 0.5 * threshold(id)) continue;
      const fit = tryAdd(id, lattice);
      const delta = chiOf() - fit.chiSquare;
      const t = thresholdWith(id, fit);
      const why = delta > t && guardLookAlikes ? lookAlike(ctx, fit, id) : undefined;
      steps.push({ phase: id, action: "add", deltaChiSquare: delta, threshold: t, present: delta > t && why === undefined, ...(why === undefined ? {} : { rejected: why }) });
      if (delta > t && why === undefined) accept(fit);
      else if (why !== undefined) guardRejected.set(id, latticesOf(fit)[id]!);
    }
  }
  // Backward elimination: remove phases whose removal does not raise chi-square significantly.
  const eliminate = (): boolean => {
    let removed = false;
    for (let changed = true; changed && current !== undefined; ) {
      changed = false;
      const fit: SetFit = current;
      const P = fit.model.parameterCount;
      let weakest: { id: string; fit: SetFit | undefined; delta: number; t: number } | undefined;
      for (const ph of fit.model.phases) {
        const id = ph.definition.id;
        const t = thresholdWith(id, fit);
        // Wald pre-check: a scale many sigma above zero cannot fail the likelihood-ratio test.
        let s = 0;
        let v = 0;
        for (const c of ph.scaleCombination) {
          s += c.weight * fit.parameters[c.index]!;
          v += c.weight * c.weight * fit.covariance[c.index * P + c.index]!;
        }
        if (Number.isFinite(v) && s * s > 4 * t * v) continue;
        const rest = fit.ids.filter((q) => q !== id);
        // Reuse a fit of the reduced set made earlier for this pattern (e.g. before the phase was added).
        const reduced = rest.length === 0 ? undefined : (ctx.fits.get(rest.join(",")) ?? fitSet(ctx, rest, lattices, widthScale));
        const delta = (reduced?.chiSquare ?? bgOnly) - fit.chiSquare;
        if (weakest === undefined || delta - t < weakest.delta - weakest.t) weakest = { id, fit: reduced, delta, t };
      }
      if (weakest !== undefined) {
        const keep = weakest.delta > weakest.t;
        steps.push({ phase: weakest.id, action: "remove", deltaChiSquare: weakest.delta, threshold: weakest.t, present: keep });
        if (!keep) {
          if (weakest.fit === undefined) {
            current = undefined;
            currentIds = [];
          } else accept(weakest.fit);
          changed = true;
          removed = true;
        }
      }
    }
    return removed;
  };
  // A phase refused as a look-alike of phases that were removed afterwards is tried again against
  // the remaining set (e.g. delta, whose (102) sits on epsilon's (001), once epsilon has gone).
  if (eliminate() && guardRejected.size > 0) {
    let added = false;
    for (const [id, lattice] of guardRejected) {
      if (currentIds.includes(id)) continue;
      const fit = tryAdd(id, lattice);
      const delta = chiOf() - fit.chiSquare;
      const t = thresholdWith(id, fit);
      const why = delta > t && guardLookAlikes && currentIds.length > 0 ? lookAlike(ctx, fit, id) : undefined;
      steps.push({ phase: id, action: "add", deltaChiSquare: delta, threshold: t, present: delta > t && why === undefined, ...(why === undefined ? {} : { rejected: why }) });
      if (delta > t && why === undefined) {
        accept(fit);
        added = true;
      }
    }
    if (added) eliminate();
  }
  const selected: SetFit | undefined = current;
  /** Fluorescence report and the residual check of a fit (fixed columns j >= backgroundTerms are the lines). */
  const finish = (fitted: Float64Array, reducedChiSquare: number, amplitude: (j: number) => number, sigma: (j: number) => number, centres: number[]): QuantifiedFluorescenceLine[] => {
    const fluorescence = lines.groups.map((g, k) => ({ label: g.label, energyKeV: g.energyKeV, counts: amplitude(backgroundTerms + k), countsSigma: sigma(backgroundTerms + k) }));
    for (const g of lines.groups) for (const c of g.components) centres.push(c.energyKeV);
    if (residualSignificance !== null) {
      const peak = unexplainedResidualPeak(geometry, y, w, fitted, reducedChiSquare, centres, residualSignificance);
      if (peak !== undefined) flags.push(`unexplainedPeak:${peak.position.toFixed(2)}`);
    }
    return fluorescence;
  };
  if (selected === undefined) {
    const fitted = new Float64Array(n);
    for (let j = 0; j < fixedTerms; j++) {
      const c = nullFit.coefficients[j]!;
      for (let i = 0; i < n; i++) fitted[i] = fitted[i]! + c * data.chebyshev[j * n + i]!;
    }
    const reducedChiSquare = bgOnly / Math.max(1, n - fixedTerms);
    const fluorescence = finish(fitted, reducedChiSquare, (j) => nullFit.coefficients[j]!, () => Number.NaN, []);
    const out = empty("noPhase");
    out.selection = steps;
    out.reducedChiSquare = reducedChiSquare;
    out.fluorescence = fluorescence;
    out.window = { ...out.window, fitted };
    return out;
  }
  if (!selected.converged) flags.push("notConverged");
  // Intensity-misfit test ("onMisfit"): the selected set refitted without the intensity factors. When the
  // factors do not lower chi^2 significantly (chi-square test at INTENSITY_MISFIT_SIGNIFICANCE with
  // df = number of factors, threshold times max(1, reduced chi^2)), the library intensities are
  // consistent with the data at its counting statistics and the plain fit is reported (statistical
  // sigmas); otherwise the fit with the factors, flagged `intensityMisfit`.
  let final: SetFit = selected;
  if (selected.model.priors.length > 0 && intensityFactors === "onMisfit") {
    const plain = fitSet({ ...ctx, intensityUncertainty: 0, fits: new Map() }, selected.ids, latticesOf(selected), selected.parameters[selected.model.widthIndex]!);
    const drop = plain.chiSquare - selected.chiSquare;
    const t = chiSquareQuantile(1 - INTENSITY_MISFIT_SIGNIFICANCE, selected.model.priors.length) * Math.max(1, selected.reducedChiSquare);
    if (drop > t) flags.push("intensityMisfit");
    else final = plain;
  }
  const { phases, x, xSigma } = summarize(ctx, final, flags, singlePhase);
  const P = final.model.parameterCount;
  const fluorescence = finish(
    final.fitted,
    final.reducedChiSquare,
    (j) => final.parameters[j]!,
    (j) => Math.sqrt(final.covariance[j * P + j]!),
    phases.flatMap((ph) => ph.reflections.map((r) => r.position)),
  );
  return {
    phases,
    x,
    xSigma,
    reducedChiSquare: final.reducedChiSquare,
    widthScale: final.parameters[final.model.widthIndex]!,
    lorentzianFraction: final.model.etaIndex >= 0 ? final.parameters[final.model.etaIndex]! : eta,
    fluorescence,
    flags,
    selection: steps,
    window: { axis: geometry.u, counts, fitted: final.fitted, unit: geometry.unit },
    seed: { selected: final.ids, lattices: latticesOf(final), widthScale: final.parameters[final.model.widthIndex]! },
  };
}
