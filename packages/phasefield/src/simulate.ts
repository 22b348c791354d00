/**
 * Runs a Cahn-Hilliard simulation and records energy, phase fraction, interface area and snapshots.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, SolverError } from "@operando/core";
import type { CahnHilliardOptions, FreeEnergyBreakdown } from "./cahnHilliard.js";
import { createCahnHilliardSolver } from "./cahnHilliard.js";
import { interfaceArea, phaseFraction } from "./metrics.js";

/** Options of {@link simulatePhaseField}. */
export interface SimulatePhaseFieldOptions extends CahnHilliardOptions {
  /** Number of time steps to take. */
  steps: number;
  /** Record energy and measures every this many steps (and at the end). @default max(1, steps / 100) */
  recordEvery?: number;
  /** Keep a copy of the concentration field every this many steps (and at start and end). @default no snapshots except start and end */
  snapshotEvery?: number;
  /**
   * What to do when the free energy rises between two records while no surface flux drives the
   * system (Cahn-Hilliard dynamics must lower F, so a rise flags a too-large step):
   * "error" throws SolverError, "warn" adds a warning, "off" skips the check.
   * @default "error"
   */
  energyCheck?: "error" | "warn" | "off";
  /** Relative tolerance of the energy check (round-off allowance). @default 1e-9 */
  energyTolerance?: number;
  /** Concentration threshold of the lithium-rich phase for the phase fraction. @default midpoint of the wells (polynomial) or 0.5 */
  phaseThreshold?: number;
  /** Concentration contrast used by the interface-area estimate. @default cBeta - cAlpha (polynomial) or 1 */
  interfaceContrast?: number;
  /** Called after each record (e.g. progress reporting). */
  onRecord?: (record: PhaseFieldRecord) => void;
}

/** One row of the history. */
export interface PhaseFieldRecord {
  /** Step number. */
  step: number;
  /** Simulation time (model time unit). */
  time: number;
  /** Free energy parts and total. */
  energy: FreeEnergyBreakdown;
  /** psi-weighted mean concentration. */
  meanConcentration: number;
  /** Volume fraction of c > phaseThreshold (psi-weighted). */
  phaseFraction: number;
  /** Interface area (length in 2D). */
  interfaceArea: number;
}

/** A stored concentration field. */
export interface PhaseFieldSnapshot {
  step: number;
  time: number;
  /** Concentration c (copy). */
  concentration: Float64Array;
}

/** Result of {@link simulatePhaseField}. */
export interface SimulatePhaseFieldResult {
  /** Records in time order (first at step 0). */
  history: PhaseFieldRecord[];
  /** Snapshots in time order (first at step 0, last at the end). */
  snapshots: PhaseFieldSnapshot[];
  /** Energy-check warnings (when energyCheck = "warn"). */
  warnings: string[];
  /** Hydrostatic stress at the end (when elasticity is on). */
  finalHydrostaticStress?: Float64Array;
}

function positiveInteger(value: unknown, parameter: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new InvalidParameterError({ parameter, value, expected: "an integer >= 1" });
  return value;
}

/**
 * Integrates the model for a number of steps and records the free energy, mean concentration,
 * phase fraction and interface area, plus concentration snapshots.
 * @param options - solver options plus steps, record/snapshot intervals and the energy check
 * @returns history, snapshots and warnings
 * @throws InvalidParameterError naming an invalid option
 * @throws SolverError when the energy rises (energyCheck "error") or the field becomes non-finite
 * @example
 * ```ts
 * const grid = createGrid({ nx: 128, ny: 128, lengthX: 100, lengthY: 100 });
 * const { history } = simulatePhaseField({
 *   grid, freeEnergy: PFHUB_BM1.freeEnergy, gradientCoefficient: 2, mobility: PFHUB_BM1.mobility,
 *   initialConcentration: pfhubBenchmark1Initial(grid), timeStep: 0.5, steps: 200, recordEvery: 20,
 * });
 * ```
 */
export function simulatePhaseField(options: SimulatePhaseFieldOptions): SimulatePhaseFieldResult {
  const steps = options.steps === 0 ? 0 : positiveInteger(options.steps, "steps");
  const recordEvery = positiveInteger(options.recordEvery ?? Math.max(1, Math.floor(steps / 100)), "recordEvery");
  const snapshotEvery = options.snapshotEvery === undefined ? undefined : positiveInteger(options.snapshotEvery, "snapshotEvery");
  const energyCheck = options.energyCheck ?? "error";
  if (energyCheck !== "error" && energyCheck !== "warn" && energyCheck !== "off") throw new InvalidParameterError({ parameter: "energyCheck", value: energyCheck, expected: "'error', 'warn' or 'off'" });
  const tolerance = options.energyTolerance ?? 1e-9;
  if (typeof tolerance !== "number" || !(tolerance >= 0)) throw new InvalidParameterError({ parameter: "energyTolerance", value: tolerance, expected: "a number >= 0" });
  const fe = options.freeEnergy;
  const threshold = options.phaseThreshold ?? (fe?.kind === "polynomial" ? (fe.cAlpha + fe.cBeta) / 2 : 0.5);
  const contrast = options.interfaceContrast ?? (fe?.kind === "polynomial" ? fe.cBeta - fe.cAlpha : 1);
  const solver = createCahnHilliardSolver(options);
  const psi = options.domain?.psi;
  const driven = (options.surfaceFlux ?? 0) !== 0;
  const history: PhaseFieldRecord[] = [];
  const snapshots: PhaseFieldSnapshot[] = [];
  const warnings: string[] = [];
  const record = (): void => {
    const c = solver.concentration;
    const energy = solver.energy();
    const row: PhaseFieldRecord = {
      step: solver.stepCount,
      time: solver.time,
      energy,
      meanConcentration: solver.meanConcentration(),
      phaseFraction: phaseFraction(c, psi === undefined ? { threshold } : { threshold, psi }),
      interfaceArea: interfaceArea(options.grid, c, psi === undefined ? { contrast } : { contrast, psi }),
    };
    const previous = history[history.length - 1];
    if (previous !== undefined && !driven && energyCheck !== "off") {
      const rise = energy.total - previous.energy.total;
      if (rise > tolerance * Math.max(1, Math.abs(previous.energy.total))) {
        const message = `free energy rose from ${previous.energy.total} to ${energy.total} between steps ${previous.step} and ${row.step}: time step ${options.timeStep} is too large for stable Cahn-Hilliard dynamics (reduce timeStep or raise stabilization)`;
        if (energyCheck === "error") throw new SolverError(message, { timeS: row.time, step: row.step, state: `timeStep=${options.timeStep}, stabilization=${solver.stabilization}` });
        warnings.push(message);
      }
    }
    history.push(row);
    options.onRecord?.(row);
  };
  const snapshot = (): void => {
    snapshots.push({ step: solver.stepCount, time: solver.time, concentration: Float64Array.from(solver.concentration) });
  };
  record();
  snapshot();
  while (solver.stepCount < steps) {
    const nextRecord = Math.min(steps, (Math.floor(solver.stepCount / recordEvery) + 1) * recordEvery);
    const nextSnapshot = snapshotEvery === undefined ? steps : Math.min(steps, (Math.floor(solver.stepCount / snapshotEvery) + 1) * snapshotEvery);
    const target = Math.min(nextRecord, nextSnapshot);
    solver.advance(target - solver.stepCount);
    if (solver.stepCount === nextRecord) record();
    if (solver.stepCount === nextSnapshot && (snapshotEvery !== undefined || solver.stepCount === steps)) snapshot();
  }
  const result: SimulatePhaseFieldResult = { history, snapshots, warnings };
  if (options.elasticity !== undefined) result.finalHydrostaticStress = solver.elasticSolution().hydrostaticStress;
  return result;
}
