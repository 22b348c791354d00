// Public surface of @operando/mesoscale.
export type { CellParameters, CounterElectrode, ParticleClass, V2o5Morphology } from "./parameters.js";
export { theoreticalCapacityAh, V2O5_DENSITY_KG_PER_M3, V2O5_MAX_CONCENTRATION_MOL_PER_M3, V2O5_MOLAR_MASS_KG_PER_MOL, v2o5CellParameters, validateCellParameters } from "./parameters.js";
export type { OcvSpec, OcvTableInput, OpenCircuitCurve, PhaseDiagram, PhaseRegion, SinglePhase } from "./ocv.js";
export { createOcv, createOcvTable, createV2o5Ocv, ocvInverse, phaseFractionsAt, phaseRegionAt, V2O5_PHASE_DIAGRAM, validatePhaseDiagram } from "./ocv.js";
export type { CcCvStep, CurrentStep, CyclerStep, ProtocolStep, RestStep, VoltageStep } from "./protocol.js";
export { cycleProtocol, cyclerProtocolStep } from "./protocol.js";
export type { SegmentEnd, SegmentSummary, SimulateCellOptions, SimulateCellResult } from "./simulateCell.js";
export { capacityDifference, simulateCell } from "./simulateCell.js";
export type { GaugeLayer, GaugeOptions } from "./layerTable.js";
export { gaugeWeights, layerAverages, layerTable } from "./layerTable.js";
export type { TransportTimescales, TransportTimescalesOptions } from "./timescales.js";
export { transportTimescales } from "./timescales.js";
export type { InvertTransportOptions, InvertTransportResult, LayerObservations } from "./invertTransport.js";
export { invertTransport } from "./invertTransport.js";
