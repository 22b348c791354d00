// Public surface of @operando/phases.
export type { TimeOverlapDetails, WindowOutsidePatternDetails } from "./errors.js";
export { TimeOverlapError, WindowOutsidePatternError } from "./errors.js";
export type {
  CagliotiOptions,
  EdxrdResolutionOptions,
  PatternQuantification,
  QuantificationSeed,
  QuantifiedFluorescenceLine,
  QuantifiedPhase,
  QuantifiedReflection,
  QuantifyPatternOptions,
  SelectionOptions,
  SelectionStep,
} from "./quantifyPattern.js";
export { quantifyPattern } from "./quantifyPattern.js";
export type { CompositionSource, SinglePhaseXRule, SinglePhaseXValue } from "./internal/composition.js";
export type { QuantifySeriesOptions, SeriesQuantification, SeriesQuantificationRow } from "./quantifySeries.js";
export { quantifySeries } from "./quantifySeries.js";
export type { QuantifySeriesParallelOptions, QuantifyWorkerPool } from "./quantifySeriesParallel.js";
export { createQuantifyWorkerPool, quantifySeriesParallel } from "./quantifySeriesParallel.js";
export type { ColumnTable, LayerTableOptions, WriteQuantificationTableOptions } from "./layerTable.js";
export { layerTable, writeQuantificationTable } from "./layerTable.js";
export type { AlignCyclerOptions, CoulombCountingOptions, CoulombX, CyclerAlignment, ReferenceIntensityRatioFit } from "./coulombCounting.js";
export { alignCycler, coulombCountingX, fitReferenceIntensityRatios, V2O5_CAPACITY_MAH_PER_G, V2O5_MOLAR_MASS_G_PER_MOL } from "./coulombCounting.js";
export type { PhaseTransitionEvent, PhaseTransitionOptions } from "./phaseTransitionEvents.js";
export { phaseTransitionEvents } from "./phaseTransitionEvents.js";
