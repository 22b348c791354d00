/**
 * Cycling protocols: galvanostatic, CC-CV, potentiostatic holds, rests and cycler-driven
 * current. Currents follow the cycler convention of @operando/core `CyclerData`:
 * current > 0 is oxidation (charge, delithiation of the cathode).
 *
 * @packageDocumentation
 */
import type { CyclerData } from "@operando/core";

/** Constant current until a voltage cutoff (an event located in time) or a time limit. */
export interface CurrentStep {
  kind: "current";
  /** Signed current (A), > 0 charge. Give this or `cRate` + `direction`. */
  currentA?: number;
  /** Magnitude as a C-rate (1C passes the theoretical x = 0 -> 1 capacity in one hour). */
  cRate?: number;
  /** Direction for `cRate`. */
  direction?: "discharge" | "charge";
  /**
   * Voltage at which the step stops (V). @default the cell's voltageLimitsV.minV on discharge,
   * maxV on charge; `null` disables the cutoff.
   */
  stopVoltageV?: number | null;
  /** Longest duration (s). @default 1.5 x the time to pass the theoretical capacity */
  maxDurationS?: number;
}

/** Constant current to a voltage, then hold that voltage until the current decays. */
export interface CcCvStep {
  kind: "cccv";
  /** Signed current (A) of the CC part, or `cRate` + `direction`. */
  currentA?: number;
  cRate?: number;
  direction?: "discharge" | "charge";
  /** Voltage of the CV part (V). @default the limit in the step's direction */
  voltageV?: number;
  /** CV ends when |current| falls below this (A). @default C/50 of the theoretical capacity */
  cutoffCurrentA?: number;
  /** Longest CV duration (s). @default 10 h */
  maxHoldS?: number;
}

/** Hold a voltage for a time (or until |current| < cutoff). */
export interface VoltageStep {
  kind: "voltage";
  /** Held cell voltage (V). */
  voltageV: number;
  /** Duration (s). */
  durationS: number;
  /** Optional early stop when |current| falls below this (A). */
  cutoffCurrentA?: number;
}

/** Open circuit for a time. */
export interface RestStep {
  kind: "rest";
  /** Duration (s). */
  durationS: number;
}

/**
 * Current taken from a cycler record (linear between samples; sharp changes between samples
 * start a new integration interval so no protocol change is stepped over).
 */
export interface CyclerStep {
  kind: "cycler";
  /** Sample times (s), increasing. */
  timeS: ArrayLike<number>;
  /** Current at each sample (A), > 0 charge. */
  currentA: ArrayLike<number>;
  /** Stop when the model voltage leaves voltageLimitsV. @default false */
  stopAtVoltageLimits?: boolean;
}

/** One step of a protocol. */
export type ProtocolStep = CurrentStep | CcCvStep | VoltageStep | RestStep | CyclerStep;

/**
 * The paper's first cycle: galvanostatic discharge to minV then charge to maxV at a C-rate.
 * @param cRate - C-rate magnitude. @default 1/20 (C/20 [paper])
 * @param cycles - number of discharge/charge cycles. @default 1
 * @returns the protocol steps
 * @example simulateCell(params, { protocol: cycleProtocol(1 / 20) })
 */
export function cycleProtocol(cRate = 1 / 20, cycles = 1): ProtocolStep[] {
  const steps: ProtocolStep[] = [];
  for (let c = 0; c < cycles; c++) {
    steps.push({ kind: "current", cRate, direction: "discharge" });
    steps.push({ kind: "current", cRate, direction: "charge" });
  }
  return steps;
}

/**
 * A protocol step that replays a cycler record's current.
 * @param data - cycler data (from @operando/io readCycler)
 * @param options - `stopAtVoltageLimits` (default false)
 * @returns a `cycler` step replaying timeS/currentA (the arrays are shared, not copied)
 */
export function cyclerProtocolStep(data: CyclerData, options: { stopAtVoltageLimits?: boolean } = {}): CyclerStep {
  return { kind: "cycler", timeS: data.timeS, currentA: data.currentA, stopAtVoltageLimits: options.stopAtVoltageLimits ?? false };
}
