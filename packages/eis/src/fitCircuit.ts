/**
 * Complex non-linear least squares (CNLS) fit of an equivalent circuit to a spectrum.
 *
 * @packageDocumentation
 */
import { createRng, FitError, InvalidParameterError } from "@operando/core";
import type { Rng } from "@operando/core";
import { curveFit } from "@operando/fit";
import type { CurveFitResult, CurveFitStatus } from "@operando/fit";
import type { Circuit } from "./circuit.js";
import { circuitParameterIndex, createCircuit, evaluateCircuit } from "./circuit.js";
import type { ImpedanceData } from "./checkImpedanceData.js";
import { checkImpedanceData } from "./checkImpedanceData.js";
import { guessCircuitParameters } from "./guessCircuitParameters.js";

/**
 * How the real and imaginary residuals are weighted (sigma of each part):
 * - "unit": sigma = 1 (plain least squares on ohm; impedance.py's default)
 * - "modulus": sigma_re = sigma_im = |Z_i| (every decade of |Z| counts equally; the usual
 *   choice for spectra spanning decades; impedance.py `weight_by_modulus`)
 * - "proportional": sigma_re = |Re Z_i|, sigma_im = |Im Z_i| (Boukamp's proportional
 *   weighting, Solid State Ionics 20, 31 (1986), doi:10.1016/0167-2738(86)90031-7);
 *   rejected when a measured part is exactly 0.
 * All weights come from the measured data, so they do not change during the fit.
 */
export type ImpedanceWeighting = "unit" | "modulus" | "proportional";

/** Parameter values by name or as a vector in circuit order. */
export type CircuitParameterValues = ArrayLike<number> | Readonly<Record<string, number>>;

/** Options of {@link fitCircuit}. */
export interface FitCircuitOptions {
  /**
   * Starting values, as a vector in `circuit.parameterNames` order or by name (missing names
   * take the {@link guessCircuitParameters} value).
   * @default guessCircuitParameters(circuit, spectrum)
   */
  initial?: CircuitParameterValues;
  /**
   * Residual weighting.
   * @default "modulus"
   */
  weighting?: ImpedanceWeighting;
  /**
   * Measured one-sigma uncertainties of Re Z and Im Z (ohm); replaces `weighting`.
   */
  sigma?: { readonly real: ArrayLike<number>; readonly imag: ArrayLike<number> };
  /**
   * Treat `sigma` as absolute (covariance not scaled by the reduced chi-square).
   * @default false
   */
  absoluteSigma?: boolean;
  /**
   * Lower bounds by name (or a full vector). Parameters marked positive in their element
   * definition default to 0 (as impedance.py), the rest to -Infinity.
   */
  lower?: CircuitParameterValues;
  /**
   * Upper bounds by name (or a full vector). CPE/TLMQ/TLMRQ exponents `alpha` default to 1,
   * the rest to +Infinity.
   */
  upper?: CircuitParameterValues;
  /** Parameters held constant, by name, with their value (e.g. `{ R0: 0.015 }`). */
  fixed?: Readonly<Record<string, number>>;
  /**
   * Number of starting points. The first is `initial`; the others multiply each positive
   * parameter by 10^(spread (2u - 1)), move parameters with two finite bounds (exponents) by
   * up to spread/4 of their range, and shift the rest by a normal deviate times |p0|, with u
   * from the seeded `rng`. The fit with the lowest chi-square is returned.
   * @default 1
   */
  starts?: number;
  /**
   * Half-width of the random multiplicative spread of extra starting points, in decades.
   * @default 1
   */
  spreadDecades?: number;
  /** Random source for extra starting points. @default createRng(seed) */
  rng?: Rng;
  /** Seed used when no `rng` is given. @default 1 */
  seed?: number;
  /** Model evaluation budget per start (Jacobian evaluations included). @default 500 (free parameters + 1) */
  maxEvaluations?: number;
  /** Relative chi-square and parameter tolerances passed to the engine (ftol = xtol). @default 1.49012e-8 */
  tolerance?: number;
}

/** One impedance curve (same field names as core's ImpedanceSpectrum, without meta). */
export interface ImpedanceCurve {
  /** Frequencies (Hz). */
  readonly frequencyHz: Float64Array;
  /** Re Z (ohm). */
  readonly zReal: Float64Array;
  /** Im Z (ohm), physical sign. */
  readonly zImag: Float64Array;
}

/**
 * Data for Nyquist/Bode plots of a fit, shaped for @operando/plot:
 * `nyquistSpec({ measured: curves.measured, fit: curves.model })`.
 */
export interface ImpedanceFitCurves {
  /** Measured spectrum, input order. */
  readonly measured: ImpedanceCurve;
  /** Fitted model at the measured frequencies. */
  readonly fitted: ImpedanceCurve;
  /** Fitted model on a dense log grid over the measured range (20 points per decade). */
  readonly model: ImpedanceCurve;
  /** (measured - fitted) / |Z_measured|, real part, per measured frequency. */
  readonly residualReal: Float64Array;
  /** (measured - fitted) / |Z_measured|, imaginary part. */
  readonly residualImag: Float64Array;
}

/** One fitted parameter. */
export interface CircuitParameterEstimate {
  /** Name (`R0`, `TLMQ0_Rion`). */
  readonly name: string;
  /** Unit. */
  readonly unit: string;
  /** Value. */
  readonly value: number;
  /** One-sigma standard error (0 when fixed, NaN when undetermined). */
  readonly standardError: number;
  /** Whether it was held fixed. */
  readonly fixed: boolean;
}

/** Result of {@link fitCircuit}. */
export interface CircuitFitResult {
  /** The circuit fitted. */
  readonly circuit: Circuit;
  /** Parameter names, circuit order. */
  readonly parameterNames: readonly string[];
  /** Parameter units. */
  readonly parameterUnits: readonly string[];
  /** Best-fit values. */
  readonly parameters: Float64Array;
  /** One-sigma standard errors (covariance scaled by the reduced chi-square unless absoluteSigma). */
  readonly standardErrors: Float64Array;
  /** Row-major P x P covariance. */
  readonly covariance: Float64Array;
  /** Row-major P x P correlation. */
  readonly correlation: Float64Array;
  /** Per-parameter summary. */
  readonly estimates: readonly CircuitParameterEstimate[];
  /** Weighted chi-square sum((dRe/sigma_re)^2 + (dIm/sigma_im)^2). */
  readonly chiSquare: number;
  /** chiSquare / degreesOfFreedom. */
  readonly reducedChiSquare: number;
  /** 2N - free parameters. */
  readonly degreesOfFreedom: number;
  /** Weighting used ("sigma" when measured uncertainties were given). */
  readonly weighting: ImpedanceWeighting | "sigma";
  /** Engine stop reason of the best start. */
  readonly status: CurveFitStatus;
  /** Whether the best start converged. */
  readonly converged: boolean;
  /** Whether the Jacobian at the solution is rank deficient. */
  readonly singular: boolean;
  /** Names of parameters the data do not determine. */
  readonly undetermined: readonly string[];
  /** Names of parameters that ended at a bound. */
  readonly atBounds: readonly string[];
  /** Starting points tried and their final chi-square (Infinity when that start failed). */
  readonly starts: { readonly initial: readonly Float64Array[]; readonly chiSquare: Float64Array; readonly best: number };
  /** Plot-ready measured/fitted data and residuals. */
  readonly curves: ImpedanceFitCurves;
}

function resolveValues(circuit: Circuit, values: CircuitParameterValues | undefined, fallback: Float64Array, name: string): Float64Array {
  const out = Float64Array.from(fallback);
  if (values === undefined) return out;
  if (typeof (values as ArrayLike<number>).length === "number") {
    const arr = values as ArrayLike<number>;
    if (arr.length !== circuit.parameterCount) {
      throw new InvalidParameterError({
        parameter: `options.${name}`,
        value: `length ${arr.length}`,
        expected: `${circuit.parameterCount} values (${circuit.parameterNames.join(", ")})`,
      });
    }
    for (let k = 0; k < arr.length; k++) out[k] = arr[k]!;
    return out;
  }
  for (const [key, value] of Object.entries(values as Record<string, number>)) {
    let index: number;
    try {
      index = circuitParameterIndex(circuit, key);
    } catch (cause) {
      throw new InvalidParameterError({ parameter: `options.${name}.${key}`, value, expected: `a parameter of ${circuit.text}: ${circuit.parameterNames.join(", ")}`, cause });
    }
    if (typeof value !== "number" || Number.isNaN(value)) {
      throw new InvalidParameterError({ parameter: `options.${name}.${key}`, value, expected: "a number" });
    }
    out[index] = value;
  }
  return out;
}

function logGrid(fMin: number, fMax: number, perDecade: number): Float64Array {
  const decades = Math.log10(fMax / fMin);
  const count = Math.max(2, Math.ceil(decades * perDecade) + 1);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = fMin * Math.pow(10, (decades * i) / (count - 1));
  return out;
}

/**
 * Fits an equivalent circuit to an impedance spectrum by complex non-linear least squares:
 * real and imaginary residuals are stacked into one vector of length 2N and minimised
 * together, chi^2 = sum_i [(Re Z_i - Re Zm_i)^2 / sigma_re,i^2 + (Im Z_i - Im Zm_i)^2 / sigma_im,i^2],
 * with the analytic circuit Jacobian, on the @operando/fit Levenberg-Marquardt engine.
 * Parameter standard errors and correlations come from the Jacobian at the solution.
 *
 * @param circuit - a circuit or a circuit string (`"R0-p(R1,C1)-p(R2-Wo1,C2)"`)
 * @param spectrum - measured impedance (Hz, ohm, physical sign)
 * @param options - see {@link FitCircuitOptions}
 * @returns parameters with errors, correlation, fit statistics and plot-ready curves
 * @throws {@link CircuitSyntaxError} when the circuit string does not parse
 * @throws {@link InvalidParameterError} on bad data (NaN rows, frequencies <= 0, duplicate
 *   frequencies), unknown parameter names, starting values outside bounds, or bad options
 * @throws {@link FitError} when there are not more residuals (2N) than free parameters, or
 *   every start fails (model not finite)
 * @example
 * const fit = fitCircuit("R0-TLMQ0", spectrum, { weighting: "modulus", starts: 5 });
 * const rIon = fit.estimates.find((e) => e.name === "TLMQ0_Rion");
 */
export function fitCircuit(circuit: Circuit | string, spectrum: ImpedanceData, options: FitCircuitOptions = {}): CircuitFitResult {
  const c = typeof circuit === "string" ? createCircuit(circuit) : circuit;
  const { frequencyHz, zReal, zImag } = checkImpedanceData(spectrum, 1);
  const {
    weighting = "modulus",
    absoluteSigma = false,
    starts = 1,
    spreadDecades = 1,
    seed = 1,
    maxEvaluations,
    tolerance,
  } = options;
  if (weighting !== "unit" && weighting !== "modulus" && weighting !== "proportional") {
    throw new InvalidParameterError({ parameter: "options.weighting", value: weighting, expected: '"unit", "modulus" or "proportional"' });
  }
  if (!Number.isInteger(starts) || starts < 1) throw new InvalidParameterError({ parameter: "options.starts", value: starts, expected: "an integer >= 1" });
  if (!(spreadDecades >= 0) || !Number.isFinite(spreadDecades)) {
    throw new InvalidParameterError({ parameter: "options.spreadDecades", value: spreadDecades, expected: "a finite number >= 0" });
  }
  const n = frequencyHz.length;
  const pCount = c.parameterCount;

  // fixed parameters
  const fixedMask = new Array<boolean>(pCount).fill(false);
  const guess = guessCircuitParameters(c, { frequencyHz, zReal, zImag });
  let p0 = resolveValues(c, options.initial, guess, "initial");
  if (options.fixed !== undefined) {
    p0 = resolveValues(c, options.fixed, p0, "fixed");
    for (const key of Object.keys(options.fixed)) fixedMask[circuitParameterIndex(c, key)] = true;
  }
  const freeCount = fixedMask.filter((f) => !f).length;
  if (2 * n <= freeCount) {
    throw new FitError(
      `${n} frequencies give ${2 * n} residuals (real and imaginary) for ${freeCount} free parameters of ${c.text}: ` +
        "a fit needs more residuals than free parameters",
      { iteration: 0, parameters: p0 },
    );
  }

  // bounds
  const defaultLower = Float64Array.from(c.parameterPositive, (pos) => (pos ? 0 : -Infinity));
  const defaultUpper = Float64Array.from(c.parameterNames, (name) => (/_alpha$/.test(name) ? 1 : Infinity));
  const lower = resolveValues(c, options.lower, defaultLower, "lower");
  const upper = resolveValues(c, options.upper, defaultUpper, "upper");
  for (let k = 0; k < pCount; k++) {
    if (!(lower[k]! <= upper[k]!)) {
      throw new InvalidParameterError({ parameter: `options.lower.${c.parameterNames[k]}`, value: lower[k], expected: `<= upper bound ${upper[k]}` });
    }
    if (!Number.isFinite(p0[k]!)) {
      throw new InvalidParameterError({ parameter: `options.initial.${c.parameterNames[k]}`, value: p0[k], expected: "a finite number" });
    }
    if (!fixedMask[k] && (p0[k]! < lower[k]! || p0[k]! > upper[k]!)) {
      throw new InvalidParameterError({
        parameter: `options.initial.${c.parameterNames[k]}`,
        value: p0[k],
        expected: `a value within [${lower[k]}, ${upper[k]}]`,
      });
    }
  }

  // sigma of each stacked residual
  const sigmaStack = new Float64Array(2 * n);
  let weightingUsed: ImpedanceWeighting | "sigma" = weighting;
  if (options.sigma !== undefined) {
    weightingUsed = "sigma";
    const { real, imag } = options.sigma;
    if (real.length !== n || imag.length !== n) {
      throw new InvalidParameterError({ parameter: "options.sigma", value: `lengths ${real.length}, ${imag.length}`, expected: `${n} values each for real and imag` });
    }
    for (let i = 0; i < n; i++) {
      sigmaStack[i] = real[i]!;
      sigmaStack[n + i] = imag[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const mod = Math.hypot(zReal[i]!, zImag[i]!);
      if (weighting === "unit") {
        sigmaStack[i] = 1;
        sigmaStack[n + i] = 1;
      } else if (weighting === "modulus") {
        sigmaStack[i] = mod;
        sigmaStack[n + i] = mod;
      } else {
        sigmaStack[i] = Math.abs(zReal[i]!);
        sigmaStack[n + i] = Math.abs(zImag[i]!);
      }
    }
  }
  for (let k = 0; k < 2 * n; k++) {
    if (!(sigmaStack[k]! > 0) || !Number.isFinite(sigmaStack[k]!)) {
      const i = k % n;
      throw new InvalidParameterError({
        parameter: `${weightingUsed === "sigma" ? "options.sigma" : `weighting "${weighting}"`} at row ${i} (f = ${frequencyHz[i]} Hz, ${k < n ? "real" : "imag"} part)`,
        value: sigmaStack[k],
        expected: "a positive, finite sigma (a measured part is 0 or non-finite; use another weighting)",
      });
    }
  }

  // stacked data: x = index 0..2N-1, y = [Re Z, Im Z]
  const x = Float64Array.from({ length: 2 * n }, (_, k) => k);
  const y = new Float64Array(2 * n);
  y.set(zReal, 0);
  y.set(zImag, n);
  const model = (xs: Float64Array, p: Float64Array, out: Float64Array): void => {
    const z = evaluateCircuit(c, frequencyHz, p);
    for (let k = 0; k < xs.length; k++) {
      const idx = xs[k]!;
      out[k] = idx < n ? z.zReal[idx]! : z.zImag[idx - n]!;
    }
  };
  const jacobian = (xs: Float64Array, p: Float64Array, out: Float64Array): void => {
    const z = evaluateCircuit(c, frequencyHz, p, { jacobian: true });
    const rows = xs.length;
    for (let j = 0; j < pCount; j++) {
      for (let k = 0; k < rows; k++) {
        const idx = xs[k]!;
        out[j * rows + k] = idx < n ? z.jacobianReal![j * n + idx]! : z.jacobianImag![j * n + idx - n]!;
      }
    }
  };

  // starting points
  const rng = options.rng ?? createRng(seed);
  const initials: Float64Array[] = [p0];
  for (let s = 1; s < starts; s++) {
    const q = Float64Array.from(p0);
    for (let k = 0; k < pCount; k++) {
      if (fixedMask[k]) continue;
      const lo = lower[k]!;
      const hi = upper[k]!;
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        // bounded (e.g. exponents in [0, 1]): uniform within +-spread/4 of the range around p0
        const range = hi - lo;
        const v = p0[k]! + (range * spreadDecades * (2 * rng.uniform() - 1)) / 4;
        q[k] = Math.min(Math.max(v, lo + 0.01 * range), hi - 0.01 * range);
      } else if (c.parameterPositive[k] && p0[k]! > 0) {
        q[k] = p0[k]! * Math.pow(10, spreadDecades * (2 * rng.uniform() - 1));
        q[k] = Math.min(Math.max(q[k]!, lo), hi);
      } else {
        q[k] = p0[k]! + (Math.abs(p0[k]!) || 1) * spreadDecades * rng.normal();
        q[k] = Math.min(Math.max(q[k]!, lo), hi);
      }
    }
    initials.push(q);
  }

  const chiSquares = new Float64Array(initials.length).fill(Infinity);
  let best: CurveFitResult | undefined;
  let bestIndex = -1;
  let firstError: unknown;
  initials.forEach((start, s) => {
    try {
      const r = curveFit(model, x, y, start, {
        jacobian,
        sigma: sigmaStack,
        lower,
        upper,
        fixed: fixedMask,
        absoluteSigma: weightingUsed === "sigma" && absoluteSigma,
        parameterNames: c.parameterNames,
        maxEvaluations: maxEvaluations ?? 500 * (freeCount + 1),
        ...(tolerance === undefined ? {} : { ftol: tolerance, xtol: tolerance }),
      });
      chiSquares[s] = r.chiSquare;
      if (best === undefined || r.chiSquare < best.chiSquare) {
        best = r;
        bestIndex = s;
      }
    } catch (error) {
      if (s === 0 && !(error instanceof FitError)) throw error;
      firstError ??= error;
    }
  });
  if (best === undefined) {
    throw new FitError(`every one of ${initials.length} starting point(s) failed for ${c.text}`, { iteration: 0, parameters: p0, cause: firstError });
  }
  const fit: CurveFitResult = best;
  const parameters = Float64Array.from(fit.parameters);
  const fittedZ = evaluateCircuit(c, frequencyHz, parameters);
  const residualReal = new Float64Array(n);
  const residualImag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mod = Math.hypot(zReal[i]!, zImag[i]!) || 1;
    residualReal[i] = (zReal[i]! - fittedZ.zReal[i]!) / mod;
    residualImag[i] = (zImag[i]! - fittedZ.zImag[i]!) / mod;
  }
  let fMin = Infinity;
  let fMax = -Infinity;
  for (const f of frequencyHz) {
    fMin = Math.min(fMin, f);
    fMax = Math.max(fMax, f);
  }
  const denseF = fMax > fMin ? logGrid(fMin, fMax, 20) : Float64Array.of(fMin);
  const dense = evaluateCircuit(c, denseF, parameters);
  const estimates = c.parameterNames.map((name, k) => ({
    name,
    unit: c.parameterUnits[k] ?? "",
    value: parameters[k]!,
    standardError: fit.standardErrors[k]!,
    fixed: fixedMask[k]!,
  }));
  return {
    circuit: c,
    parameterNames: c.parameterNames,
    parameterUnits: c.parameterUnits,
    parameters,
    standardErrors: Float64Array.from(fit.standardErrors),
    covariance: Float64Array.from(fit.covariance),
    correlation: Float64Array.from(fit.correlation),
    estimates,
    chiSquare: fit.chiSquare,
    reducedChiSquare: fit.reducedChiSquare,
    degreesOfFreedom: fit.degreesOfFreedom,
    weighting: weightingUsed,
    status: fit.status,
    converged: fit.converged,
    singular: fit.singular,
    undetermined: fit.undetermined.map((k) => c.parameterNames[k]!),
    atBounds: fit.atBounds.map((k) => c.parameterNames[k]!),
    starts: { initial: initials, chiSquare: chiSquares, best: bestIndex },
    curves: {
      measured: { frequencyHz, zReal, zImag },
      fitted: { frequencyHz, zReal: fittedZ.zReal, zImag: fittedZ.zImag },
      model: { frequencyHz: denseF, zReal: dense.zReal, zImag: dense.zImag },
      residualReal,
      residualImag,
    },
  };
}
