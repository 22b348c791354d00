// Public surface of @operando/core.
export type { AxisKind } from "./axis.js";
export { AXIS_KINDS, AXIS_LABELS, AXIS_UNITS, isAxisKind } from "./axis.js";
export { FARADAY_C_PER_MOL, FWHM_PER_SIGMA, GAS_CONSTANT_J_PER_MOL_K, HC_KEV_ANGSTROM } from "./constants.js";
export type { ConvertedValue, ConvertPatternOptions, DiffractionGeometry } from "./convert.js";
export {
  convertPattern,
  convertValue,
  dFromEnergy,
  dFromQ,
  dFromTwoTheta,
  energyFromD,
  energyFromWavelength,
  qFromD,
  twoThetaFromD,
  wavelengthFromEnergy,
} from "./convert.js";
export type { FitErrorDetails, InvalidParameterDetails, OperandoErrorOptions, ParseErrorDetails, ParseLocation, SolverErrorDetails } from "./errors.js";
export { FileAccessError, FitError, formatLocation, InvalidParameterError, OperandoError, ParseError, SolverError, UnsupportedFormatError } from "./errors.js";
export type { ChannelEnergyPolynomial, CreatePatternInput, Pattern, PatternMeta, Series } from "./pattern.js";
export { createPattern, createSeries, poissonSigma, seriesLayer, seriesLayers } from "./pattern.js";
export type { Rng } from "./rng.js";
export { createRng, logGamma } from "./rng.js";
export type { CyclerData, ElectrochemMeta, ImpedanceSpectrum } from "./electrochem.js";
export type { WriteFileAtomicOptions } from "./writeFileAtomic.js";
export { writeFileAtomic } from "./writeFileAtomic.js";
export { OPERANDO_VERSION } from "./version.js";
export type { WasmKernelInstance, WasmKernelModule } from "./wasm.js";
export { wasmKernelModule } from "./wasm.js";
