// The umbrella package: the public API of every @operando package in one import.
// Flat re-exports (`import { curveFit, readPattern } from "operando"`) plus one namespace per
// package (`import { fit, io } from "operando"`). Where two packages export the same name,
// the flat export is resolved explicitly below and the other stays reachable through its
// namespace.
export * from "@operando/core";
export * from "@operando/io";
export * from "@operando/fit";
export * from "@operando/crystal";
export * from "@operando/calibrate";
export * from "@operando/eis";
export * from "@operando/mesoscale";
export * from "@operando/phasefield";
export * from "@operando/simulate";
export * from "@operando/phases";
export * from "@operando/maps";
export * from "@operando/plot";
export * from "@operando/cli";

export * as core from "@operando/core";
export * as io from "@operando/io";
export * as fit from "@operando/fit";
export * as crystal from "@operando/crystal";
export * as calibrate from "@operando/calibrate";
export * as eis from "@operando/eis";
export * as mesoscale from "@operando/mesoscale";
export * as phasefield from "@operando/phasefield";
export * as simulate from "@operando/simulate";
export * as phases from "@operando/phases";
export * as maps from "@operando/maps";
export * as plot from "@operando/plot";
export * as cli from "@operando/cli";

// Names exported by two packages: the flat name goes to the first, an alias to the other.
export type { Background } from "@operando/fit";
export type { Background as SimulationBackground } from "@operando/simulate";
export { layerTable } from "@operando/phases";
export { layerTable as quantificationLayerTable } from "@operando/phases";
export { layerTable as modelLayerTable } from "@operando/mesoscale";
export { writeJson } from "@operando/io";
export { writeJson as writeMapsJson } from "@operando/maps";
export type { ImpedanceData } from "@operando/eis";
export type { ImpedanceData as PlotImpedanceData } from "@operando/plot";
