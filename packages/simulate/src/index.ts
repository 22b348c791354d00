// Public surface of @operando/simulate.
export type { AdxrdPeak, CagliotiParameters, PolarizationOptions, SimulateAdxrdOptions, SimulateAdxrdResult } from "./adxrd.js";
export { simulateAdxrd } from "./adxrd.js";
export type { Background } from "./background.js";
export type { EdxrdResolution } from "./detector.js";
export { bendingMagnetSpectrum, detectorFwhmKeV, edxrdFwhmKeV, GE_FANO_FACTOR, GE_PAIR_ENERGY_EV, integralK53, tabulatedSpectrum } from "./detector.js";
export type { EdxrdLine, EdxrdPeak, FluorescenceLine, SimulateEdxrdOptions, SimulateEdxrdResult } from "./edxrd.js";
export { channelToEnergy, energyToChannel, simulateEdxrd } from "./edxrd.js";
export type { EdxrdSeriesTruth, SimulateEdxrdSeriesOptions } from "./series.js";
export { simulateEdxrdSeries } from "./series.js";
export type { ResolvedReflection, SimulationPhase, SimulationReflection } from "./simulationPhase.js";
export { resolvePhases } from "./simulationPhase.js";
