// Public surface of @operando/maps.
export type { LayerMap, LayerTable } from "./types.js";
export type { BuildLayerMapOptions } from "./buildLayerMap.js";
export { buildLayerMap } from "./buildLayerMap.js";
export { layerSpread } from "./layerSpread.js";
export { depthGradient } from "./depthGradient.js";
export type { FrontSpeed, LithiationFrontOptions, LithiationFrontResult } from "./lithiationFront.js";
export { lithiationFront } from "./lithiationFront.js";
export type { StrandedLithiumOptions, StrandedLithiumResult } from "./strandedLithium.js";
export { strandedLithium } from "./strandedLithium.js";
export type { PhaseBoundaryCrossingsOptions } from "./phaseBoundaryCrossings.js";
export { phaseBoundaryCrossings } from "./phaseBoundaryCrossings.js";
export type { CompareLayerMapsOptions, CompareLayerMapsResult, ComparisonSummary } from "./compareLayerMaps.js";
export { compareLayerMaps } from "./compareLayerMaps.js";
export type { LayerMapJson } from "./layerMapToTable.js";
export { layerMapToJson, layerMapToTable } from "./layerMapToTable.js";
export { tableToCsv, toJsonValue, writeJson, writeTableCsv } from "./writeResults.js";
export type { ParseLayerTableCsvOptions } from "./parseLayerTableCsv.js";
export { parseLayerTableCsv } from "./parseLayerTableCsv.js";
