// Public surface of @operando/crystal.
export type { CrystalSystem, DSpacingGradient, Lattice, LatticeParameterName } from "./lattice.js";
export {
  cellVolume,
  createLattice,
  CRYSTAL_SYSTEMS,
  cubicLattice,
  dSpacing,
  dSpacingGradient,
  dSpacingGradientFree,
  FREE_LATTICE_PARAMETERS,
  freeLatticeParameters,
  hexagonalLattice,
  inverseDSquared,
  LATTICE_PARAMETER_NAMES,
  latticeFromFreeParameters,
  metricTensor,
  monoclinicLattice,
  orthorhombicLattice,
  reciprocalMetricTensor,
  rhombohedralLattice,
  tetragonalLattice,
  triclinicLattice,
} from "./lattice.js";
export type { Centring, SpaceGroup, SymmetryOperation } from "./spaceGroup.js";
export { centringSpaceGroup, getSpaceGroup, isSystematicallyAbsent, SUPPORTED_SPACE_GROUPS } from "./spaceGroup.js";
export type { GenerateReflectionsOptions, Reflection } from "./reflections.js";
export { equivalentReflections, generateReflections } from "./reflections.js";
export type { CromerMannCoefficients } from "./formFactor.js";
export { atomicFormFactor, CROMER_MANN_COEFFICIENTS, cromerMannCoefficients, FORM_FACTOR_ELEMENTS } from "./formFactor.js";
export type { AtomSite, CrystalStructure, ExpandedAtom, ReflectionIntensitiesOptions, ReflectionIntensity, StructureFactor } from "./structureFactor.js";
export { expandSites, reflectionIntensities, structureFactor } from "./structureFactor.js";
export type { Calibrant } from "./calibrants.js";
export { CALIBRANTS, calibrantLattice, calibrantReflections, calibrantSpaceGroup, calibrantStructure, CEO2_SRM674B, getCalibrant, LAB6_SRM660C, SI_SRM640F } from "./calibrants.js";
export type { CellContent, IntensityModel, LatticeRelation, PhaseDefinition, PhaseReflectionsOptions } from "./phase.js";
export { parsePhaseDefinition, phaseLattice, phaseReflections, phaseSpaceGroup } from "./phase.js";
export type { PhaseLibrary } from "./vanadiumOxidePhases.js";
export { ALPHA_V2O5, createPhaseLibrary, DELTA_LIV2O5, EPSILON_LIXV2O5, EPSILON_PRIME_LIXV2O5, GAMMA_LIV2O5, getPhase, LIXV2O5_PHASES } from "./vanadiumOxidePhases.js";
