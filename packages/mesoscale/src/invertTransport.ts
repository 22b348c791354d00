/**
 * Inversion of transport parameters (tortuosity, solid diffusivity, optionally the rate
 * constant) from a measured layer table by weighted least squares on @operando/fit.
 *
 * @packageDocumentation
 */
import { FitError, InvalidParameterError, SolverError } from "@operando/core";
import type { CurveFitResult } from "@operando/fit";
import { curveFit } from "@operando/fit";
import type { CellParameters } from "./parameters.js";
import { validateCellParameters } from "./parameters.js";
import type { GaugeLayer, GaugeOptions } from "./layerTable.js";
import { layerAverages } from "./layerTable.js";
import type { SimulateCellOptions } from "./simulateCell.js";
import { simulateCell } from "./simulateCell.js";

/** Measured layer rows (the columns of a layer table that the fit uses). */
export interface LayerObservations {
  timeS: ArrayLike<number>;
  layer: ArrayLike<number>;
  depthUm: ArrayLike<number>;
  x: ArrayLike<number>;
  /** One-sigma uncertainty of x; rows with 0 or missing use unit weights. */
  xSigma?: ArrayLike<number>;
}

/** Options of {@link invertTransport}. */
export interface InvertTransportOptions {
  /** Fit the rate constant too (all classes scaled together). @default false */
  fitRateConstant?: boolean;
  /**
   * Fit the solid diffusivity (all classes scaled together). Set false when the data cannot
   * constrain it, e.g. slow cycling with t_s = l^2 / D_s far below the step duration (the fit
   * then wanders in D_s with an unbounded sigma); D_s stays at the value in `params`.
   * @default true
   */
  fitDiffusivity?: boolean;
  /** Gauge thickness (um). @default 30 */
  thicknessUm?: number;
  /** Gauge profile. @default "tophat" */
  profile?: GaugeOptions["profile"];
  /** Simulation options (protocol, grid, tolerance). @default 20 cells, 10 shells, rtol 1e-6, C/20 cycle (noiseless synthetic data from a 50 x 20 grid are recovered to 0.01 % in tau) */
  simulation?: Omit<SimulateCellOptions, "outputTimesS" | "outputIntervalS" | "onProgress">;
  /** Relative step of the central-difference Jacobian in log parameters. @default 0.02 */
  logStep?: number;
  /** Largest number of model evaluations (simulations). @default 60 */
  maxEvaluations?: number;
  /** Treat xSigma as absolute (do not rescale the covariance by reduced chi-square). @default false */
  absoluteSigma?: boolean;
  /** Called after each simulation with the count and the parameters tried. */
  onEvaluation?: (count: number, parameters: { tortuosity: number; diffusivityM2PerS: number; rateConstant: number }) => void;
}

/** Result of {@link invertTransport}. */
export interface InvertTransportResult {
  /** Fitted tortuosity factor and its one-sigma error (linear space). */
  tortuosity: number;
  tortuositySigma: number;
  /** Fitted solid diffusivity of class 0 (m^2/s; other classes scaled by the same factor). */
  diffusivityM2PerS: number;
  /** Its one-sigma error (NaN when not fitted). */
  diffusivitySigma: number;
  /** Fitted rate constant of class 0 and its error (NaN sigma when not fitted). */
  rateConstant: number;
  rateConstantSigma: number;
  /** Correlation between log tau and log D_s (= between tau and D_s to first order); NaN when D_s is not fitted. */
  correlationTauDs: number;
  /** Reduced chi-square at the solution. */
  reducedChiSquare: number;
  /** Whether the fit engine converged. */
  converged: boolean;
  /** Number of simulations run. */
  evaluations: number;
  /** The cell parameters with the fitted values. */
  params: CellParameters;
  /** The underlying fit result (parameters in natural-log space: ln tau[, ln D_s][, ln k]). */
  fit: CurveFitResult;
}

function withValues(base: CellParameters, tau: number, dScale: number, kScale: number): CellParameters {
  const copy = structuredClone(base);
  copy.electrode.tortuosity = tau;
  copy.activeMaterial.particles = copy.activeMaterial.particles.map((cls) => ({
    ...cls,
    diffusivityM2PerS: cls.diffusivityM2PerS * dScale,
    rateConstant: cls.rateConstant * kScale,
  }));
  return copy;
}

/**
 * Fits the electrode tortuosity and the solid diffusivity (optionally the reaction rate
 * constant) to a measured layer table: minimises sum ((x_meas - x_model) / xSigma)^2 over all
 * (time, layer) rows, where x_model is the gauge-averaged lithiation of a simulation run
 * with the same protocol. Parameters are fitted as natural logs (positive, well scaled);
 * errors are reported in linear space, sigma_tau = tau * sigma_ln(tau) (delta method).
 * Model times past the end of the simulated protocol take the final state.
 *
 * @param measured - layer observations (e.g. columns of a phases layer table)
 * @param params - starting parameters (their tortuosity and diffusivity are the initial guess)
 * @param options - gauge, simulation and fit settings
 * @returns fitted values, sigmas, correlation and the fit details
 * @throws InvalidParameterError for bad observations; FitError when the fit cannot proceed
 *   (for example every trial simulation fails)
 * @example
 * const result = invertTransport(table.objects ? columnsOf(table) : obs, v2o5CellParameters("platelets"));
 */
export function invertTransport(measured: LayerObservations, params: CellParameters, options: InvertTransportOptions = {}): InvertTransportResult {
  validateCellParameters(params);
  const n = measured.timeS.length;
  for (const key of ["layer", "depthUm", "x"] as const) {
    if (measured[key].length !== n) throw new InvalidParameterError({ parameter: `measured.${key}`, value: measured[key].length, expected: `${n} rows (as timeS)` });
  }
  if (n < 3) throw new InvalidParameterError({ parameter: "measured", value: n, expected: "at least 3 rows" });
  const timeS = Float64Array.from(measured.timeS);
  const xObs = Float64Array.from(measured.x);
  const sigma = new Float64Array(n).fill(1);
  let anySigma = false;
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(timeS[r]!) || timeS[r]! < 0) throw new InvalidParameterError({ parameter: `measured.timeS[${r}]`, value: timeS[r], expected: "a finite time >= 0 (s)" });
    if (!Number.isFinite(xObs[r]!)) throw new InvalidParameterError({ parameter: `measured.x[${r}]`, value: xObs[r], expected: "a finite x" });
    const s = measured.xSigma?.[r];
    if (s !== undefined && s > 0 && Number.isFinite(s)) {
      sigma[r] = s;
      anySigma = true;
    }
  }
  // Layers and their rows.
  const layerIndex = new Map<number, number>();
  const layers: GaugeLayer[] = [];
  const rowLayer = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const label = Number(measured.layer[r]);
    const depth = Number(measured.depthUm[r]);
    if (!Number.isFinite(depth)) throw new InvalidParameterError({ parameter: `measured.depthUm[${r}]`, value: depth, expected: "a finite depth (um)" });
    let idx = layerIndex.get(label);
    if (idx === undefined) {
      idx = layers.length;
      layerIndex.set(label, idx);
      layers.push({ layer: label, depthUm: depth });
    }
    rowLayer[r] = idx;
  }
  const times = Float64Array.from(new Set(timeS)).sort();
  const rowTime = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < timeS[r]!) lo = mid + 1;
      else hi = mid;
    }
    rowTime[r] = lo;
  }
  const gauge: GaugeOptions = { layers, thicknessUm: options.thicknessUm ?? 30, profile: options.profile ?? "tophat" };
  const sim = options.simulation ?? {};
  const simOptions: SimulateCellOptions = { electrodeCells: 20, shells: 10, relativeTolerance: 1e-6, ...sim, outputTimesS: times };
  const fitK = options.fitRateConstant ?? false;
  const h = options.logStep ?? 0.02;
  if (!(h > 0 && h < 1)) throw new InvalidParameterError({ parameter: "options.logStep", value: h, expected: "a number in (0, 1)" });
  const base = params;
  const d0 = base.activeMaterial.particles[0]!.diffusivityM2PerS;
  const k0 = base.activeMaterial.particles[0]!.rateConstant;
  let evaluations = 0;
  const maxEvaluations = options.maxEvaluations ?? 60;
  let lastGood: Float64Array | undefined;

  const fitD = options.fitDiffusivity ?? true;
  // Parameter vector: ln tau, then ln D_s (if fitted), then ln k (if fitted).
  const iD = fitD ? 1 : -1;
  const iK = fitK ? (fitD ? 2 : 1) : -1;
  const evaluate = (p: Float64Array, out: Float64Array): void => {
    if (evaluations >= maxEvaluations) throw new FitError(`simulation budget of ${maxEvaluations} exhausted`, { iteration: evaluations, parameters: p });
    evaluations++;
    const tau = Math.exp(p[0]!);
    const dScale = iD >= 0 ? Math.exp(p[iD]!) / d0 : 1;
    const kScale = iK >= 0 ? Math.exp(p[iK]!) / k0 : 1;
    options.onEvaluation?.(evaluations, { tortuosity: tau, diffusivityM2PerS: d0 * dScale, rateConstant: k0 * kScale });
    let result;
    try {
      result = simulateCell(withValues(base, Math.max(tau, 1), dScale, kScale), simOptions);
    } catch (error) {
      if (error instanceof SolverError && lastGood !== undefined) {
        // Keep the fit alive: a failed trial gets a large residual (the step is rejected).
        for (let r = 0; r < n; r++) out[r] = lastGood[r]! + 10;
        return;
      }
      throw error;
    }
    const avg = layerAverages(result, gauge);
    const L = layers.length;
    // Map requested times to samples (segment-end samples are interleaved; match by value).
    const sampleIndex = new Int32Array(times.length);
    let q = 0;
    for (let t = 0; t < times.length; t++) {
      while (q < result.timeS.length - 1 && result.timeS[q]! < times[t]!) q++;
      sampleIndex[t] = q;
    }
    for (let r = 0; r < n; r++) out[r] = avg[sampleIndex[rowTime[r]!]! * L + rowLayer[r]!]!;
    lastGood = Float64Array.from(out);
  };

  const p0 = [Math.log(base.electrode.tortuosity)];
  const names = ["lnTortuosity"];
  if (fitD) {
    p0.push(Math.log(d0));
    names.push("lnDiffusivity");
  }
  if (fitK) {
    p0.push(Math.log(k0));
    names.push("lnRateConstant");
  }
  const np = p0.length;
  const rows = Float64Array.from({ length: n }, (_, r) => r);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const pp = new Float64Array(np);
  const jacobian = (_x: Float64Array, p: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < np; j++) {
      pp.set(p);
      pp[j] = p[j]! + h;
      evaluate(pp, plus);
      pp[j] = p[j]! - h;
      evaluate(pp, minus);
      for (let r = 0; r < n; r++) out[j * n + r] = (plus[r]! - minus[r]!) / (2 * h);
    }
  };
  const fit = curveFit((_x, p, out) => evaluate(p, out), rows, xObs, p0, {
    jacobian,
    sigma,
    absoluteSigma: options.absoluteSigma ?? false,
    lower: p0.map((_, j) => (j === 0 ? 0 : -Infinity)),
    parameterNames: names,
    xtol: 1e-4,
    ftol: 1e-8,
    maxEvaluations: maxEvaluations,
  });
  void anySigma;
  const tau = Math.exp(fit.parameters[0]!);
  const ds = iD >= 0 ? Math.exp(fit.parameters[iD]!) : d0;
  const k = iK >= 0 ? Math.exp(fit.parameters[iK]!) : k0;
  return {
    tortuosity: tau,
    tortuositySigma: tau * fit.standardErrors[0]!,
    diffusivityM2PerS: ds,
    diffusivitySigma: iD >= 0 ? ds * fit.standardErrors[iD]! : Number.NaN,
    rateConstant: k,
    rateConstantSigma: iK >= 0 ? k * fit.standardErrors[iK]! : Number.NaN,
    correlationTauDs: iD >= 0 ? fit.correlation[iD]! : Number.NaN,
    reducedChiSquare: fit.reducedChiSquare,
    converged: fit.converged,
    evaluations,
    params: withValues(base, tau, ds / d0, k / k0),
    fit,
  };
}
