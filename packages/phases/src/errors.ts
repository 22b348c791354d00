/**
 * Typed errors of @operando/phases.
 *
 * @packageDocumentation
 */
import { OperandoError } from "@operando/core";

/** Details of a {@link WindowOutsidePatternError}. */
export interface WindowOutsidePatternDetails {
  /** The requested d window [dMin, dMax] (A). */
  window: readonly [number, number];
  /** First and last calibrated abscissa of the pattern (keV or deg). */
  patternRange: readonly [number, number];
  /** Unit of patternRange. */
  unit: "keV" | "deg";
  /** Full message. */
  message: string;
}

/**
 * The calibration maps the d window (mostly) outside the measured spectrum/pattern, so the window
 * cannot be quantified. In a series this becomes the per-pattern flag "windowOutside".
 */
export class WindowOutsidePatternError extends OperandoError {
  /** The requested d window (A). */
  readonly window: readonly [number, number];
  /** Calibrated range of the pattern. */
  readonly patternRange: readonly [number, number];
  /** Unit of patternRange. */
  readonly unit: "keV" | "deg";
  /** @param details - window, pattern range and message */
  constructor(details: WindowOutsidePatternDetails) {
    super(details.message);
    this.name = "WindowOutsidePatternError";
    this.window = details.window;
    this.patternRange = details.patternRange;
    this.unit = details.unit;
  }
}

/** Details of a {@link TimeOverlapError}. */
export interface TimeOverlapDetails {
  /** Time range of the patterns (s, after the offset). */
  patternRangeS: readonly [number, number];
  /** Time range of the cycler record (s). */
  cyclerRangeS: readonly [number, number];
}

/** Pattern times and cycler times do not overlap (check the time offset and the time origin). */
export class TimeOverlapError extends OperandoError {
  /** Time range of the patterns (s). */
  readonly patternRangeS: readonly [number, number];
  /** Time range of the cycler record (s). */
  readonly cyclerRangeS: readonly [number, number];
  /** @param details - both time ranges */
  constructor(details: TimeOverlapDetails) {
    const [p0, p1] = details.patternRangeS;
    const [c0, c1] = details.cyclerRangeS;
    super(`pattern times ${p0}-${p1} s do not overlap the cycler record ${c0}-${c1} s; give a time offset (timeOffsetS) or check the time origin`);
    this.name = "TimeOverlapError";
    this.patternRangeS = details.patternRangeS;
    this.cyclerRangeS = details.cyclerRangeS;
  }
}
