// Public surface of @operando/eis.
export type { CircuitElementDefinition, ElementEvaluation } from "./elements.js";
export { CIRCUIT_ELEMENTS } from "./elements.js";
export type { CircuitSyntaxErrorDetails } from "./errors.js";
export { CircuitSyntaxError } from "./errors.js";
export type { CircuitElementNode, CircuitNode, CircuitParallelNode, CircuitSeriesNode } from "./parseCircuit.js";
export { parseCircuit } from "./parseCircuit.js";
export type { Circuit, CircuitElementInfo, CircuitImpedance, EvaluateCircuitOptions } from "./circuit.js";
export { circuitParameterIndex, createCircuit, evaluateCircuit } from "./circuit.js";
export type { ImpedanceData } from "./checkImpedanceData.js";
export { checkImpedanceData } from "./checkImpedanceData.js";
export { guessCircuitParameters } from "./guessCircuitParameters.js";
export type {
  CircuitFitResult,
  CircuitParameterEstimate,
  CircuitParameterValues,
  FitCircuitOptions,
  ImpedanceCurve,
  ImpedanceFitCurves,
  ImpedanceWeighting,
} from "./fitCircuit.js";
export { fitCircuit } from "./fitCircuit.js";
export type { LinKKFitType, LinKKOptions, LinKKResult } from "./linKK.js";
export { linKK } from "./linKK.js";
export type {
  ElectrodeComponent,
  IonicResistanceInput,
  PorosityFromMassInput,
  PorosityResult,
  TortuosityInput,
  TortuosityResult,
} from "./tortuosity.js";
export { discAreaCm2, ionicResistanceFromTortuosity, porosityFromMass, tortuosityFromIonicResistance } from "./tortuosity.js";
