/**
 * Runs the porous-electrode model through a protocol and collects voltage, capacity,
 * x(depth, t), c_e(depth, t) and reaction rates.
 *
 * @packageDocumentation
 */
import { FARADAY_C_PER_MOL, InvalidParameterError, SolverError } from "@operando/core";
import type { CellParameters } from "./parameters.js";
import { theoreticalCapacityAh, validateCellParameters } from "./parameters.js";
import type { OpenCircuitCurve, PhaseDiagram } from "./ocv.js";
import { createOcv, phaseFractionsAt } from "./ocv.js";
import type { ProtocolStep } from "./protocol.js";
import { cycleProtocol } from "./protocol.js";
import type { CellGrid, Drive } from "./internal/cellSystem.js";
import { CellSystem } from "./internal/cellSystem.js";
import type { DaeEvent, NdfStats } from "./internal/ndf.js";
import { NdfFailure, NdfIntegrator } from "./internal/ndf.js";

const F = FARADAY_C_PER_MOL;
/**
 * Newton tolerance in the weighted norm of the error test (where 1 = the local error
 * tolerance): 0.03, the upper cap of scipy's BDF (min(0.03, sqrt(rtol))); 30x below the
 * error-test threshold, so the iteration error does not perturb step-size control.
 */
const NEWTON_TOLERANCE = 0.03;

/** Options of {@link simulateCell}. */
export interface SimulateCellOptions {
  /** Protocol steps. @default cycleProtocol(1/20): C/20 discharge to minV then charge to maxV */
  protocol?: readonly ProtocolStep[];
  /** Finite volumes across the cathode. @default 50 */
  electrodeCells?: number;
  /** Finite volumes across the separator. @default 5 */
  separatorCells?: number;
  /** Radial shells per particle (a number for all classes or one per class). @default 20 */
  shells?: number | readonly number[];
  /** Relative error tolerance of the adaptive integrator. @default 1e-6 */
  relativeTolerance?: number;
  /** Largest time step (s). @default Infinity */
  maxStepS?: number;
  /** Sample spacing of the outputs (s), used when `outputTimesS` is absent. @default 60 */
  outputIntervalS?: number;
  /** Explicit output times (s, increasing); segment ends are always added. */
  outputTimesS?: ArrayLike<number>;
  /** Step budget over the whole run. @default 500000 */
  maxSteps?: number;
  /**
   * Initial salt concentration per electrolyte cell (separator cells first), mol/m^3.
   * @default uniform electrolyte.concentrationMolPerM3
   */
  initialElectrolyteMolPerM3?: ArrayLike<number>;
  /** Called after each accepted step with the simulated time (s) and the protocol step index. */
  onProgress?: (timeS: number, stepIndex: number) => void;
}

/** How a protocol segment ended. */
export type SegmentEnd = "duration" | "voltageCutoff" | "currentCutoff";

/** One integrated protocol segment. */
export interface SegmentSummary {
  /** Index of the protocol step it belongs to. */
  stepIndex: number;
  /** "current", "cv" (constant voltage), "rest" or "cycler". */
  kind: "current" | "cv" | "rest" | "cycler";
  startS: number;
  endS: number;
  end: SegmentEnd;
  /** Charge passed during the segment (A h, > 0 charge). */
  chargeAh: number;
  /** Voltage at the end (V). */
  endVoltageV: number;
}

/** Everything {@link simulateCell} returns. Matrices are row-major [time][cell]. */
export interface SimulateCellResult {
  /** Sample times (s). */
  timeS: Float64Array;
  /** Cell voltage (V). */
  voltageV: Float64Array;
  /** Cell current (A), > 0 charge. */
  currentA: Float64Array;
  /** Net charge passed since t = 0 (A h), > 0 charge. */
  chargeAh: Float64Array;
  /** Electrode-average x. */
  xMean: Float64Array;
  /** Cathode cell centres, distance from the separator (um). */
  depthUm: Float64Array;
  /** Cathode cell widths (um). */
  cellWidthUm: Float64Array;
  /** Electrolyte cell centres from the separator/cathode interface (um; < 0 in the separator). */
  electrolyteDepthUm: Float64Array;
  /** Particle-average x per cathode cell, [time][cell]. */
  x: Float64Array;
  /** Surface x per cathode cell. */
  xSurface: Float64Array;
  /** Salt concentration per electrolyte cell (mol/m^3), [time][electrolyte cell]. */
  electrolyteMolPerM3: Float64Array;
  /** Volumetric reaction current sum_k a_k j_k (A/m^3, > 0 oxidation). */
  reactionAPerM3: Float64Array;
  /** Lever-rule phase fractions per cathode cell (shell-resolved, volume averaged), when the OCV has a phase diagram. */
  phaseFractions: { alpha: Float64Array; epsilon: Float64Array; delta: Float64Array } | undefined;
  /** Phase diagram used for the fractions. */
  phaseDiagram: PhaseDiagram | undefined;
  /** Segments in order. */
  segments: SegmentSummary[];
  /** dQ = (Q_int - Q_deint) / Q_int of the first discharge/charge pair (undefined without one). */
  capacityDifference: number | undefined;
  /** Li bookkeeping: total Li (solid + electrolyte) against the integrated current. */
  lithiumBalance: { initialMolPerM2: number; finalMolPerM2: number; passedMolPerM2: number; relativeError: number };
  /** Theoretical capacity (A h) used for C-rates. */
  capacityAh: number;
  /** Integrator counters. */
  stats: NdfStats;
  /** Final state: shell concentrations per class ([cell][shell], inner to outer, mol/m^3) and salt per electrolyte cell. */
  final: { shellMolPerM3: Float64Array[]; electrolyteMolPerM3: Float64Array };
}

interface ResolvedSegment {
  stepIndex: number;
  kind: SegmentSummary["kind"];
  drive: Drive;
  durationS: number;
  events: (sys: CellSystem) => DaeEvent[];
  /** Exact integral of the applied current density over [0, tau] (A s/m^2), or undefined for CV. */
  chargeIntegral: ((tau: number) => number) | undefined;
}

function posInt(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new InvalidParameterError({ parameter: name, value, expected: "a positive integer" });
  return value;
}

function resolveGrid(params: CellParameters, options: SimulateCellOptions): CellGrid {
  const electrodeCells = posInt(options.electrodeCells ?? 50, "options.electrodeCells");
  const separatorCells = posInt(options.separatorCells ?? 5, "options.separatorCells");
  const K = params.activeMaterial.particles.length;
  const sh = options.shells ?? 20;
  let shells: number[];
  if (typeof sh === "number") shells = new Array<number>(K).fill(posInt(sh, "options.shells"));
  else {
    if (sh.length !== K) throw new InvalidParameterError({ parameter: "options.shells", value: sh, expected: `${K} entries (one per particle class)` });
    shells = sh.map((v, k) => posInt(v, `options.shells[${k}]`));
  }
  if (shells.some((m) => m < 2)) throw new InvalidParameterError({ parameter: "options.shells", value: sh, expected: "at least 2 shells" });
  if (electrodeCells < 2) throw new InvalidParameterError({ parameter: "options.electrodeCells", value: electrodeCells, expected: "at least 2" });
  return { electrodeCells, separatorCells, shells };
}

function stepCurrentA(step: { currentA?: number; cRate?: number; direction?: "discharge" | "charge" }, capacityAh: number, index: number): number {
  if (step.currentA !== undefined) {
    if (!Number.isFinite(step.currentA)) throw new InvalidParameterError({ parameter: `protocol[${index}].currentA`, value: step.currentA, expected: "a finite current (A)" });
    return step.currentA;
  }
  if (step.cRate === undefined || !Number.isFinite(step.cRate) || step.cRate <= 0) {
    throw new InvalidParameterError({ parameter: `protocol[${index}].cRate`, value: step.cRate, expected: "a C-rate > 0 (or give currentA)" });
  }
  if (step.direction !== "discharge" && step.direction !== "charge") {
    throw new InvalidParameterError({ parameter: `protocol[${index}].direction`, value: step.direction, expected: '"discharge" or "charge"' });
  }
  return (step.direction === "charge" ? 1 : -1) * step.cRate * capacityAh;
}

function resolveProtocol(params: CellParameters, protocol: readonly ProtocolStep[], capacityAh: number): ResolvedSegment[] {
  const area = params.electrode.areaM2;
  const { minV, maxV } = params.voltageLimitsV;
  const segments: ResolvedSegment[] = [];
  const fullTimeS = (currentA: number) => (Math.abs(currentA) > 0 ? (1.5 * capacityAh * 3600) / Math.abs(currentA) : 36000);
  const voltageEvent = (stopV: number, direction: number): ((sys: CellSystem) => DaeEvent[]) => (sys) => [
    { name: "voltageCutoff", direction, value: (_t, y) => sys.solidPotential(y) - stopV },
  ];
  protocol.forEach((step, index) => {
    const name = `protocol[${index}]`;
    if (typeof step !== "object" || step === null) throw new InvalidParameterError({ parameter: name, value: step, expected: "a protocol step object" });
    switch (step.kind) {
      case "current": {
        const currentA = stepCurrentA(step, capacityAh, index);
        const density = currentA / area;
        const dflt = currentA > 0 ? maxV : currentA < 0 ? minV : null;
        const stopV = step.stopVoltageV === undefined ? dflt : step.stopVoltageV;
        const durationS = step.maxDurationS ?? fullTimeS(currentA);
        if (!(durationS > 0) || !Number.isFinite(durationS)) throw new InvalidParameterError({ parameter: `${name}.maxDurationS`, value: durationS, expected: "a finite duration > 0 (s)" });
        segments.push({
          stepIndex: index,
          kind: currentA === 0 ? "rest" : "current",
          drive: { mode: "current", currentDensity: () => density, voltageV: 0, currentSign: Math.sign(currentA) },
          durationS,
          events: stopV === null || currentA === 0 ? () => [] : voltageEvent(stopV, currentA > 0 ? 1 : -1),
          chargeIntegral: (tau) => density * tau,
        });
        break;
      }
      case "cccv": {
        const currentA = stepCurrentA(step, capacityAh, index);
        if (currentA === 0) throw new InvalidParameterError({ parameter: `${name}.currentA`, value: 0, expected: "a non-zero current" });
        const holdV = step.voltageV ?? (currentA > 0 ? maxV : minV);
        const density = currentA / area;
        segments.push({
          stepIndex: index,
          kind: "current",
          drive: { mode: "current", currentDensity: () => density, voltageV: 0, currentSign: Math.sign(currentA) },
          durationS: fullTimeS(currentA),
          events: voltageEvent(holdV, currentA > 0 ? 1 : -1),
          chargeIntegral: (tau) => density * tau,
        });
        const cutoff = step.cutoffCurrentA ?? capacityAh / 50;
        if (!(cutoff > 0)) throw new InvalidParameterError({ parameter: `${name}.cutoffCurrentA`, value: cutoff, expected: "a current > 0 (A)" });
        const hold = step.maxHoldS ?? 36000;
        segments.push({
          stepIndex: index,
          kind: "cv",
          drive: { mode: "voltage", currentDensity: () => 0, voltageV: holdV, currentSign: Math.sign(currentA) },
          durationS: hold,
          events: (sys) => [{ name: "currentCutoff", direction: -1, value: (_t, y) => Math.abs(y[sys.iG]!) * area - cutoff }],
          chargeIntegral: undefined,
        });
        break;
      }
      case "voltage": {
        if (!Number.isFinite(step.voltageV)) throw new InvalidParameterError({ parameter: `${name}.voltageV`, value: step.voltageV, expected: "a finite voltage" });
        if (!(step.durationS > 0)) throw new InvalidParameterError({ parameter: `${name}.durationS`, value: step.durationS, expected: "a duration > 0 (s)" });
        const cutoff = step.cutoffCurrentA;
        segments.push({
          stepIndex: index,
          kind: "cv",
          drive: { mode: "voltage", currentDensity: () => 0, voltageV: step.voltageV, currentSign: 0 },
          durationS: step.durationS,
          events: cutoff === undefined ? () => [] : (sys) => [{ name: "currentCutoff", direction: -1, value: (_t, y) => Math.abs(y[sys.iG]!) * area - cutoff }],
          chargeIntegral: undefined,
        });
        break;
      }
      case "rest": {
        if (!(step.durationS > 0)) throw new InvalidParameterError({ parameter: `${name}.durationS`, value: step.durationS, expected: "a duration > 0 (s)" });
        segments.push({
          stepIndex: index,
          kind: "rest",
          drive: { mode: "current", currentDensity: () => 0, voltageV: 0, currentSign: 0 },
          durationS: step.durationS,
          events: () => [],
          chargeIntegral: () => 0,
        });
        break;
      }
      case "cycler": {
        const ts = Float64Array.from(step.timeS);
        const is = Float64Array.from(step.currentA);
        if (ts.length < 2 || is.length !== ts.length) {
          throw new InvalidParameterError({ parameter: `${name}.currentA`, value: is.length, expected: `at least 2 samples and as many currents as times (${ts.length})` });
        }
        let maxAbs = 0;
        for (let q = 0; q < ts.length; q++) {
          if (!Number.isFinite(ts[q]!) || (q > 0 && !(ts[q]! > ts[q - 1]!))) throw new InvalidParameterError({ parameter: `${name}.timeS[${q}]`, value: ts[q], expected: "finite, strictly increasing times" });
          if (!Number.isFinite(is[q]!)) throw new InvalidParameterError({ parameter: `${name}.currentA[${q}]`, value: is[q], expected: "a finite current" });
          maxAbs = Math.max(maxAbs, Math.abs(is[q]!));
        }
        // Split at sharp changes (> 5 % of the largest current between neighbours).
        const breaks = [0];
        for (let q = 1; q < ts.length - 1; q++) {
          const jump = Math.abs(is[q + 1]! - is[q]!) > 0.05 * maxAbs || Math.abs(is[q]! - is[q - 1]!) > 0.05 * maxAbs;
          if (jump) breaks.push(q);
        }
        breaks.push(ts.length - 1);
        const uniq = [...new Set(breaks)].sort((a, b) => a - b);
        for (let b = 0; b < uniq.length - 1; b++) {
          const q0 = uniq[b]!;
          const q1 = uniq[b + 1]!;
          const t0 = ts[q0]!;
          const localT = ts.subarray(q0, q1 + 1);
          const localI = is.subarray(q0, q1 + 1);
          const interp = (tau: number): number => {
            const t = t0 + tau;
            let lo = 0;
            let hi = localT.length - 1;
            if (t <= localT[0]!) return localI[0]! / area;
            if (t >= localT[hi]!) return localI[hi]! / area;
            while (hi - lo > 1) {
              const mid = (lo + hi) >> 1;
              if (localT[mid]! <= t) lo = mid;
              else hi = mid;
            }
            const w = (t - localT[lo]!) / (localT[hi]! - localT[lo]!);
            return ((1 - w) * localI[lo]! + w * localI[hi]!) / area;
          };
          const integral = (tau: number): number => {
            let s = 0;
            const tEnd = t0 + tau;
            for (let q = 0; q < localT.length - 1 && localT[q]! < tEnd; q++) {
              const a = localT[q]!;
              const bT = Math.min(localT[q + 1]!, tEnd);
              s += 0.5 * (interp(a - t0) + interp(bT - t0)) * (bT - a);
            }
            return s;
          };
          let mean = 0;
          for (let q = 0; q < localI.length; q++) mean += localI[q]!;
          const sign = Math.sign(mean);
          segments.push({
            stepIndex: index,
            kind: "cycler",
            drive: { mode: "current", currentDensity: () => 0, voltageV: 0, currentSign: sign },
            durationS: ts[q1]! - t0,
            events: step.stopAtVoltageLimits
              ? (sys) => [
                  { name: "voltageCutoff", direction: -1, value: (_t, y) => sys.solidPotential(y) - minV },
                  { name: "voltageCutoff", direction: 1, value: (_t, y) => sys.solidPotential(y) - maxV },
                ]
              : () => [],
            chargeIntegral: integral,
          });
          // The drive's time argument is absolute; bind after we know the segment start.
          (segments[segments.length - 1] as ResolvedSegment & { localCurrent?: (tau: number) => number }).localCurrent = interp;
        }
        break;
      }
      default:
        throw new InvalidParameterError({ parameter: `${name}.kind`, value: (step as { kind: unknown }).kind, expected: '"current", "cccv", "voltage", "rest" or "cycler"' });
    }
  });
  return segments;
}

/** Per-variable absolute tolerances. */
function absoluteTolerances(sys: CellSystem, rtol: number, current1C: number, params: CellParameters): Float64Array {
  const atol = new Float64Array(sys.n);
  const thickness = params.electrode.thicknessM;
  // Algebraic unknowns get a floor of 1e-7 (relative to their scale): below it the Newton
  // updates are dominated by rounding in the linear solve and could never pass the test.
  const alg = Math.max(rtol, 1e-7);
  for (let r = 0; r < sys.n; r++) atol[r] = alg; // potentials: x 1 V
  atol[1] = alg * current1C;
  for (let e = 0; e < sys.ne; e++) atol[sys.iC(e)] = rtol * sys.cE0;
  for (let i = 0; i < sys.nc; i++) {
    for (let k = 0; k < sys.classes; k++) {
      atol[sys.iJ(i, k)] = (alg * current1C) / (sys.area[k]! * thickness);
      const s0 = sys.shellStart[i * sys.classes + k]!;
      for (let m = 0; m < sys.shells[k]!; m++) atol[s0 + m] = rtol * sys.cMax;
    }
  }
  if (sys.drive.mode === "voltage") atol[sys.iG] = alg * current1C;
  return atol;
}

function stateSummary(sys: CellSystem, t: number, y: Float64Array): string {
  let minC = Infinity;
  for (let e = 0; e < sys.ne; e++) minC = Math.min(minC, y[sys.iC(e)]!);
  const xm = new Float64Array(sys.nc);
  const xs = new Float64Array(sys.nc);
  const rr = new Float64Array(sys.nc);
  sys.cellFields(y, xm, xs, rr);
  let mean = 0;
  for (let i = 0; i < sys.nc; i++) mean += xm[i]! / sys.nc;
  return `t=${t.toFixed(3)} s, V=${sys.solidPotential(y).toFixed(4)} V, current density=${sys.currentDensity(t, y).toExponential(3)} A/m^2, mean x=${mean.toFixed(4)}, min c_e=${minC.toExponential(3)} mol/m^3`;
}

/**
 * Solves the algebraic unknowns for fixed differential ones (consistent initialisation).
 * Newton with a fresh Jacobian each iteration and step halving on non-finite residuals.
 */
function consistentInit(sys: CellSystem, t: number, y: Float64Array, scale: Float64Array, step: number): void {
  const f = new Float64Array(sys.n);
  const dy = new Float64Array(sys.n);
  const trial = new Float64Array(sys.n);
  const resNorm = (v: Float64Array) => {
    let s = 0;
    for (let r = 0; r < sys.n; r++) if (!(sys.mass[r]! > 0)) s += v[r]! * v[r]!;
    return Math.sqrt(s);
  };
  if (!sys.rhs(t, y, f)) throw new SolverError("initial state outside the model domain", { timeS: t, step, state: stateSummary(sys, t, y) });
  let norm = resNorm(f);
  for (let it = 0; it < 60; it++) {
    sys.jacobian(t, y);
    if (!sys.factor(0)) throw new SolverError("singular Jacobian during consistent initialisation", { timeS: t, step, state: stateSummary(sys, t, y) });
    for (let r = 0; r < sys.n; r++) dy[r] = sys.mass[r]! > 0 ? 0 : f[r]!;
    sys.solve(dy);
    let lambda = 1;
    let accepted = false;
    for (let ls = 0; ls < 30; ls++) {
      for (let r = 0; r < sys.n; r++) trial[r] = y[r]! + lambda * dy[r]!;
      if (sys.rhs(t, trial, f)) {
        const nn = resNorm(f);
        if (Number.isFinite(nn) && (nn <= norm || ls === 29)) {
          accepted = true;
          norm = nn;
          break;
        }
      }
      lambda *= 0.5;
    }
    if (!accepted) break;
    y.set(trial);
    let upd = 0;
    for (let r = 0; r < sys.n; r++) upd = Math.max(upd, Math.abs(lambda * dy[r]!) / scale[r]!);
    if (upd < 1e-7) return;
  }
  throw new SolverError("consistent initialisation (algebraic unknowns) did not converge", { timeS: t, step, state: stateSummary(sys, t, y) });
}

/**
 * Simulates a Li | separator | porous LixV2O5 cell through a protocol.
 *
 * Model (per unit area, 1D through the thickness; see README): uniform solid potential;
 * electrolyte salt balance eps dc/dt = d/dx((eps/tau) D_e dc/dx) + (1 - t+) a j / F;
 * charge balance di_e/dx = a j with i_e = -(eps/tau) kappa (dphi_e/dx - (2RT/F)(1 - t+) TF dln c/dx);
 * Butler-Volmer j = i0 [exp(0.5 f eta) - exp(-0.5 f eta)], i0 = F k c_e^0.5 c_s^0.5 (c_max - c_s)^0.5,
 * eta = phi_s - phi_e - U(x_surf); Fickian diffusion in spheres or slabs per particle class;
 * a Li metal counter electrode (Butler-Volmer or fixed overpotential) at the separator face.
 * Solved by finite volumes and a variable-order NDF/BDF integrator with located events.
 *
 * @param params - cell parameters (validated here)
 * @param options - protocol, grid, tolerances, outputs
 * @returns time series, fields, segments, dQ and the Li balance
 * @throws InvalidParameterError for bad parameters/options; SolverError (with time, step and
 *   state) if the integrator fails - never a partial result
 * @example
 * const result = simulateCell(v2o5CellParameters("platelets"));
 * console.log(result.capacityDifference);
 */
export function simulateCell(params: CellParameters, options: SimulateCellOptions = {}): SimulateCellResult {
  validateCellParameters(params);
  const ocv: OpenCircuitCurve = createOcv(params.activeMaterial.ocv ?? { kind: "v2o5" });
  const grid = resolveGrid(params, options);
  const capacityAh = theoreticalCapacityAh(params);
  const area = params.electrode.areaM2;
  const current1C = capacityAh / area; // A/m^2 at 1C
  const rtol = options.relativeTolerance ?? 1e-6;
  if (!(rtol > 0 && rtol < 0.1)) throw new InvalidParameterError({ parameter: "options.relativeTolerance", value: rtol, expected: "a number in (0, 0.1)" });
  const maxStep = options.maxStepS ?? Infinity;
  if (!(maxStep > 0)) throw new InvalidParameterError({ parameter: "options.maxStepS", value: maxStep, expected: "a step > 0 (s)" });
  const interval = options.outputIntervalS ?? 60;
  if (!(interval > 0)) throw new InvalidParameterError({ parameter: "options.outputIntervalS", value: interval, expected: "an interval > 0 (s)" });
  let explicitTimes: Float64Array | undefined;
  if (options.outputTimesS !== undefined) {
    explicitTimes = Float64Array.from(options.outputTimesS);
    for (let q = 1; q < explicitTimes.length; q++) {
      if (!(explicitTimes[q]! >= explicitTimes[q - 1]!)) throw new InvalidParameterError({ parameter: `options.outputTimesS[${q}]`, value: explicitTimes[q], expected: "non-decreasing times" });
    }
  }
  const protocol = options.protocol ?? cycleProtocol(1 / 20);
  if (!Array.isArray(protocol) || protocol.length === 0) throw new InvalidParameterError({ parameter: "options.protocol", value: protocol, expected: "a non-empty array of steps" });
  const segments = resolveProtocol(params, protocol, capacityAh);
  const maxSteps = options.maxSteps ?? 500000;

  const sys = new CellSystem(params, grid, ocv, segments[0]!.drive);
  const y = new Float64Array(sys.n);
  // Initial state.
  const c0 = params.electrolyte.concentrationMolPerM3;
  if (options.initialElectrolyteMolPerM3 !== undefined) {
    const init = options.initialElectrolyteMolPerM3;
    if (init.length !== sys.ne) throw new InvalidParameterError({ parameter: "options.initialElectrolyteMolPerM3", value: init.length, expected: `${sys.ne} values (separator + electrode cells)` });
    for (let e = 0; e < sys.ne; e++) {
      const v = init[e]!;
      if (!(v > 0) || !Number.isFinite(v)) throw new InvalidParameterError({ parameter: `options.initialElectrolyteMolPerM3[${e}]`, value: v, expected: "a concentration > 0" });
      y[sys.iC(e)] = v;
    }
  } else for (let e = 0; e < sys.ne; e++) y[sys.iC(e)] = c0;
  const x0 = params.activeMaterial.initialX;
  for (let i = 0; i < sys.nc; i++) {
    for (let k = 0; k < sys.classes; k++) {
      const s0 = sys.shellStart[i * sys.classes + k]!;
      for (let m = 0; m < sys.shells[k]!; m++) y[s0 + m] = x0 * sys.cMax;
    }
  }
  const ocvOut = new Float64Array(2);
  ocv.evaluate(x0, ocvOut);
  y[sys.iG] = ocvOut[0]!;

  // Output buffers.
  const nc = sys.nc;
  const ne = sys.ne;
  const diagram = ocv.phaseDiagram;
  const out = {
    t: [] as number[],
    v: [] as number[],
    i: [] as number[],
    q: [] as number[],
    xm: [] as number[],
    x: [] as Float64Array[],
    xs: [] as Float64Array[],
    ce: [] as Float64Array[],
    rr: [] as Float64Array[],
    fa: [] as Float64Array[],
    fe: [] as Float64Array[],
    fd: [] as Float64Array[],
  };
  const li0 = sys.lithium(y);
  const frac = new Float64Array(3);
  const record = (t: number, state: Float64Array) => {
    const xm = new Float64Array(nc);
    const xs = new Float64Array(nc);
    const rr = new Float64Array(nc);
    sys.cellFields(state, xm, xs, rr);
    const ce = new Float64Array(ne);
    for (let e = 0; e < ne; e++) ce[e] = state[sys.iC(e)]!;
    let mean = 0;
    for (let i = 0; i < nc; i++) mean += (xm[i]! * sys.dx[sys.ns + i]!) / params.electrode.thicknessM;
    out.t.push(t);
    out.v.push(sys.solidPotential(state));
    out.i.push(sys.currentDensity(t, state) * area);
    out.q.push((-(sys.lithium(state) - li0) * F * area) / 3600);
    out.xm.push(mean);
    out.x.push(xm);
    out.xs.push(xs);
    out.ce.push(ce);
    out.rr.push(rr);
    if (diagram !== undefined) {
      const fa = new Float64Array(nc);
      const fe = new Float64Array(nc);
      const fd = new Float64Array(nc);
      let solid = 0;
      for (let k = 0; k < sys.classes; k++) solid += sys.solidFraction[k]!;
      for (let i = 0; i < nc; i++) {
        for (let k = 0; k < sys.classes; k++) {
          const s0 = sys.shellStart[i * sys.classes + k]!;
          const vol = sys.shellVolume[k]!;
          const w = sys.solidFraction[k]! / solid;
          for (let m = 0; m < vol.length; m++) {
            phaseFractionsAt(state[s0 + m]! / sys.cMax, diagram, frac);
            fa[i]! += w * vol[m]! * frac[0]!;
            fe[i]! += w * vol[m]! * frac[1]!;
            fd[i]! += w * vol[m]! * frac[2]!;
          }
        }
      }
      out.fa.push(fa);
      out.fe.push(fe);
      out.fd.push(fd);
    }
  };

  const stats: NdfStats = { steps: 0, rejected: 0, newtonIterations: 0, rhsEvaluations: 0, jacobianEvaluations: 0, factorizations: 0 };
  const summaries: SegmentSummary[] = [];
  let t = 0;
  let passed = 0; // integral of applied current density (A s / m^2)
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    const tStart = t;
    const local = (seg as ResolvedSegment & { localCurrent?: (tau: number) => number }).localCurrent;
    sys.drive = local === undefined ? seg.drive : { ...seg.drive, currentDensity: (tt: number) => local(tt - tStart) };
    if (seg.drive.mode === "voltage") {
      // Start the current unknown from the present current.
      y[sys.iG] = summaries.length > 0 || s > 0 ? out.i[out.i.length - 1]! / area : 0;
    } else if (s > 0 && segments[s - 1]!.drive.mode === "voltage") {
      y[sys.iG] = out.v[out.v.length - 1]!;
    }
    const atol = absoluteTolerances(sys, rtol, current1C, params);
    const scale = new Float64Array(sys.n);
    for (let r = 0; r < sys.n; r++) scale[r] = atol[r]! + rtol * Math.abs(y[r]!);
    if (s === 0) {
      // Reasonable algebraic guesses before the first Newton solve.
      const i0 = sys.currentDensity(0, y);
      y[1] = -i0;
      for (let i = 0; i < nc; i++) for (let k = 0; k < sys.classes; k++) y[sys.iJ(i, k)] = i0 / (sys.area[k]! * params.electrode.thicknessM * sys.classes);
    }
    const stepSoFar = stats.steps;
    consistentInit(sys, t, y, scale, stepSoFar);
    if (s === 0) record(t, y);
    // Already past the cutoff at the start?
    const events = seg.events(sys);
    let ended: SegmentEnd = "duration";
    let tEnd = tStart + seg.durationS;
    let finalY: Float64Array = y;
    const immediate = events.find((ev) => (ev.direction < 0 ? ev.value(t, y) <= 0 : ev.direction > 0 ? ev.value(t, y) >= 0 : false));
    if (immediate !== undefined) {
      ended = immediate.name === "currentCutoff" ? "currentCutoff" : "voltageCutoff";
      tEnd = t;
    } else {
      const samples = explicitTimes ?? makeSamples(tStart, tEnd, interval);
      let integrator: NdfIntegrator | undefined;
      try {
        integrator = new NdfIntegrator(sys, t, y, {
          rtol,
          atol,
          maxStep,
          firstStep: Math.min(1e-2, seg.durationS / 100),
          maxSteps: Math.max(1, maxSteps - stats.steps - stats.rejected),
          newtonTolerance: NEWTON_TOLERANCE,
        });
        const res = integrator.run(tEnd, events, samples, (ts, ys) => { if (ts > tStart && ts < tEnd) record(ts, ys); }, (tt) => options.onProgress?.(tt, seg.stepIndex));
        addStats(stats, integrator.stats);
        finalY = res.y;
        if (res.event !== undefined) {
          ended = res.event === "currentCutoff" ? "currentCutoff" : "voltageCutoff";
          tEnd = res.t;
        }
      } catch (error) {
        if (error instanceof NdfFailure) {
          throw new SolverError(`integration failed in protocol step ${seg.stepIndex} (${seg.kind}): ${error.message}`, {
            timeS: error.t,
            step: stats.steps + error.step,
            // The integrator's last accepted state (not the segment start).
            state: stateSummary(sys, error.t, integrator?.state ?? y),
            cause: error,
          });
        }
        throw error;
      }
    }
    y.set(finalY);
    // Re-solve the algebraic unknowns at the (possibly interpolated) end state.
    for (let r = 0; r < sys.n; r++) scale[r] = atol[r]! + rtol * Math.abs(y[r]!);
    consistentInit(sys, tEnd, y, scale, stats.steps);
    if (out.t.length > 0 && out.t[out.t.length - 1] === tEnd) {
      // Replace a sample taken at the same time by the re-initialised end state.
      for (const arr of Object.values(out)) (arr as unknown[]).pop();
    }
    record(tEnd, y);
    const segCharge = seg.chargeIntegral !== undefined ? seg.chargeIntegral(tEnd - tStart) : undefined;
    const startQ = summaries.length > 0 ? chargeAtSegmentEnd(summaries) : 0;
    const endQ = out.q[out.q.length - 1]!;
    passed += segCharge !== undefined ? segCharge : ((endQ - startQ) * 3600) / area;
    summaries.push({
      stepIndex: seg.stepIndex,
      kind: seg.kind,
      startS: tStart,
      endS: tEnd,
      end: ended,
      chargeAh: endQ - startQ,
      endVoltageV: sys.solidPotential(y),
    });
    t = tEnd;
  }
  const li1 = sys.lithium(y);
  const passedMol = passed / F;
  const relativeError = Math.abs(li1 - li0 + passedMol) / Math.max(Math.abs(passedMol), 1e-300);
  const toF = (a: number[]) => Float64Array.from(a);
  const flat = (rows: Float64Array[], width: number) => {
    const m = new Float64Array(rows.length * width);
    rows.forEach((r, q) => m.set(r, q * width));
    return m;
  };
  const depthUm = new Float64Array(nc);
  const cellWidthUm = new Float64Array(nc);
  const sepT = params.separator.thicknessM;
  for (let i = 0; i < nc; i++) {
    depthUm[i] = (sys.centers[sys.ns + i]! - sepT) * 1e6;
    cellWidthUm[i] = sys.dx[sys.ns + i]! * 1e6;
  }
  const electrolyteDepthUm = new Float64Array(ne);
  for (let e = 0; e < ne; e++) electrolyteDepthUm[e] = (sys.centers[e]! - sepT) * 1e6;
  const finalShells = Array.from({ length: sys.classes }, (_, k) => {
    const M = sys.shells[k]!;
    const arr = new Float64Array(nc * M);
    for (let i = 0; i < nc; i++) arr.set(y.subarray(sys.shellStart[i * sys.classes + k]!, sys.shellStart[i * sys.classes + k]! + M), i * M);
    return arr;
  });
  const finalCe = new Float64Array(ne);
  for (let e = 0; e < ne; e++) finalCe[e] = y[sys.iC(e)]!;
  return {
    final: { shellMolPerM3: finalShells, electrolyteMolPerM3: finalCe },
    timeS: toF(out.t),
    voltageV: toF(out.v),
    currentA: toF(out.i),
    chargeAh: toF(out.q),
    xMean: toF(out.xm),
    depthUm,
    cellWidthUm,
    electrolyteDepthUm,
    x: flat(out.x, nc),
    xSurface: flat(out.xs, nc),
    electrolyteMolPerM3: flat(out.ce, ne),
    reactionAPerM3: flat(out.rr, nc),
    phaseFractions: diagram === undefined ? undefined : { alpha: flat(out.fa, nc), epsilon: flat(out.fe, nc), delta: flat(out.fd, nc) },
    phaseDiagram: diagram,
    segments: summaries,
    capacityDifference: capacityDifference(summaries),
    lithiumBalance: { initialMolPerM2: li0, finalMolPerM2: li1, passedMolPerM2: passedMol, relativeError },
    capacityAh,
    stats,
  };
}

function chargeAtSegmentEnd(summaries: SegmentSummary[]): number {
  let q = 0;
  for (const s of summaries) q += s.chargeAh;
  return q;
}

function addStats(into: NdfStats, from: NdfStats): void {
  into.steps += from.steps;
  into.rejected += from.rejected;
  into.newtonIterations += from.newtonIterations;
  into.rhsEvaluations += from.rhsEvaluations;
  into.jacobianEvaluations += from.jacobianEvaluations;
  into.factorizations += from.factorizations;
}

function makeSamples(t0: number, t1: number, interval: number): Float64Array {
  const first = Math.floor(t0 / interval) + 1;
  const last = Math.ceil(t1 / interval);
  const arr: number[] = [];
  for (let q = first; q <= last; q++) arr.push(q * interval);
  return Float64Array.from(arr);
}

/**
 * First-cycle capacity difference dQ = (Q_int - Q_deint) / Q_int [paper, Methods eq. 18]:
 * Q_int is the charge of the first run of discharging segments, Q_deint that of the charging
 * segments that follow (CC and CV parts together).
 * @param segments - segment summaries of a run
 * @returns dQ, or undefined when there is no discharge followed by a charge
 */
export function capacityDifference(segments: readonly SegmentSummary[]): number | undefined {
  let q = 0;
  while (q < segments.length && !(segments[q]!.chargeAh < 0)) q++;
  if (q >= segments.length) return undefined;
  let qInt = 0;
  while (q < segments.length && segments[q]!.chargeAh <= 0) qInt -= segments[q++]!.chargeAh;
  let qDe = 0;
  let any = false;
  while (q < segments.length && segments[q]!.chargeAh >= 0) {
    qDe += segments[q++]!.chargeAh;
    any = true;
  }
  if (!any || qInt <= 0) return undefined;
  return (qInt - qDe) / qInt;
}
