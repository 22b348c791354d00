/**
 * Phase definitions: a crystalline phase as data (space group, reference lattice, fitting bounds,
 * composition range, Vegard-type lattice relations, atom sites or a documented default intensity
 * model), reflection lists generated from it, and JSON parsing with field-level validation.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import { atomicFormFactor, cromerMannCoefficients } from "./formFactor.js";
import type { CrystalSystem, Lattice, LatticeParameterName } from "./lattice.js";
import { createLattice, CRYSTAL_SYSTEMS, LATTICE_PARAMETER_NAMES } from "./lattice.js";
import { generateReflections } from "./reflections.js";
import type { Centring, SpaceGroup } from "./spaceGroup.js";
import { centringSpaceGroup, getSpaceGroup } from "./spaceGroup.js";
import type { AtomSite, ReflectionIntensity } from "./structureFactor.js";
import { reflectionIntensities } from "./structureFactor.js";

/**
 * A linear composition dependence of one lattice parameter between two cited (or stated) cells:
 * p(x) = value0 + (value1 - value0) (x - x0) / (x1 - x0).
 */
export interface LatticeRelation {
  /** Which lattice parameter varies. */
  readonly parameter: LatticeParameterName;
  /** Composition of the first anchor. */
  readonly x0: number;
  /** Parameter value at x0 (A or deg). */
  readonly value0: number;
  /** Composition of the second anchor. */
  readonly x1: number;
  /** Parameter value at x1 (A or deg). */
  readonly value1: number;
  /** Where the anchors come from, and whether the line is a published law or our interpolation. */
  readonly source: string;
}

/**
 * How reflection intensities are computed:
 * - "structure": |F|^2 m from the atom sites;
 * - "wilson": no reliable atom coordinates; Wilson's mean intensity <|F|^2> = sum_j n_j f_j(s)^2
 *   exp(-2 B s^2) over the cell contents times the multiplicity (Wilson 1942, Nature 150, 152,
 *   doi:10.1038/150152a0) - a smooth, structure-free default for fits with free intensities.
 */
export type IntensityModel = "structure" | "wilson";

/** One element and its number of atoms per unit cell (for the Wilson model). */
export interface CellContent {
  /** Element symbol. */
  readonly element: string;
  /** Atoms of that element per unit cell. */
  readonly count: number;
}

/** A crystalline phase as data. */
export interface PhaseDefinition {
  /** Identifier used in options and tables, e.g. "alpha". */
  readonly id: string;
  /** Human-readable name, e.g. "alpha-V2O5". */
  readonly name: string;
  /** Formula, e.g. "LixV2O5". */
  readonly formula: string;
  /** Space-group symbol accepted by getSpaceGroup, or a centring letter (P, A, B, C, I, F, R) for the centring-only fallback. */
  readonly spaceGroup: string;
  /** Crystal system (fixes which lattice parameters are free). */
  readonly crystalSystem: CrystalSystem;
  /** Reference lattice (at xReference). */
  readonly lattice: Lattice;
  /** Lower/upper bounds for lattice refinement, per parameter (A or deg). */
  readonly latticeBounds: Readonly<Partial<Record<LatticeParameterName, readonly [number, number]>>>;
  /** Composition range [xMin, xMax] in which the phase exists (Li per V2O5 for LixV2O5). */
  readonly xRange: readonly [number, number];
  /** Composition at which `lattice` applies. */
  readonly xReference: number;
  /** Composition dependence of lattice parameters (empty when none is known). */
  readonly latticeRelations: readonly LatticeRelation[];
  /** Intensity model. */
  readonly intensityModel: IntensityModel;
  /** Atom sites (required for "structure"). */
  readonly sites: readonly AtomSite[];
  /** Unit-cell contents (required for "wilson"). */
  readonly cellContents: readonly CellContent[];
  /** Isotropic B used by the Wilson model (A^2). */
  readonly bIsoAngstrom2: number;
  /** Citations for cell, space group and sites. */
  readonly source: string;
  /** Caveats (what is assumed, what is interpolation). */
  readonly notes: string;
}

const CENTRING_LETTERS: readonly string[] = ["P", "A", "B", "C", "I", "F", "R"];

/**
 * The space group of a phase (tabulated group, or centring-only fallback when `spaceGroup` is a
 * single centring letter).
 * @param phase - phase definition
 * @throws InvalidParameterError for an unsupported symbol
 * @returns the phase's space group (symmetry operations and reflection conditions)
 */
export function phaseSpaceGroup(phase: PhaseDefinition): SpaceGroup {
  if (CENTRING_LETTERS.includes(phase.spaceGroup)) return centringSpaceGroup(phase.spaceGroup as Centring, phase.crystalSystem);
  return getSpaceGroup(phase.spaceGroup);
}

/**
 * Lattice of a phase at composition x: the reference lattice with each related parameter
 * replaced by its linear relation (extrapolation outside xRange is refused).
 *
 * @param phase - phase definition
 * @param x - composition (e.g. Li per V2O5); defaults to xReference
 * @returns the lattice
 * @throws InvalidParameterError when x lies outside the phase's xRange
 * @example phaseLattice(getPhase("epsilon"), 0.5).c
 */
export function phaseLattice(phase: PhaseDefinition, x: number = phase.xReference): Lattice {
  const [lo, hi] = phase.xRange;
  if (!(x >= lo - 1e-12 && x <= hi + 1e-12)) {
    throw new InvalidParameterError({ parameter: "x", value: x, expected: `a composition in [${lo}, ${hi}] for phase ${phase.id}` });
  }
  const values: Record<LatticeParameterName, number> = { ...phase.lattice };
  for (const r of phase.latticeRelations) {
    values[r.parameter] = r.value0 + ((r.value1 - r.value0) * (x - r.x0)) / (r.x1 - r.x0);
  }
  if (phase.crystalSystem === "cubic") {
    values.b = values.a;
    values.c = values.a;
  } else if (phase.crystalSystem === "tetragonal" || phase.crystalSystem === "hexagonal") {
    values.b = values.a;
  }
  return createLattice(values);
}

/** Options of {@link phaseReflections}. */
export interface PhaseReflectionsOptions {
  /** Smallest d (A). */
  dMinAngstrom: number;
  /**
   * Largest d (A).
   * @default Infinity
   */
  dMaxAngstrom?: number;
  /** Lattice to use (e.g. a refined one); overrides `x`. */
  lattice?: Lattice;
  /** Composition for the Vegard-type relations; default xReference. */
  x?: number;
}

/**
 * Reflections of a phase with intensities (|F|^2 m from sites, or Wilson mean intensity times m),
 * generated from its space group and lattice, d descending.
 *
 * @param phase - phase definition
 * @param options - d range and lattice or composition
 * @returns reflections with `fSquared` and `intensity` (electrons^2)
 * @throws InvalidParameterError for an invalid d range, x or phase data
 * @example phaseReflections(getPhase("alpha"), { dMinAngstrom: 3.8, dMaxAngstrom: 5.2 }) // 001, 101
 */
export function phaseReflections(phase: PhaseDefinition, options: PhaseReflectionsOptions): ReflectionIntensity[] {
  const lattice = options.lattice ?? phaseLattice(phase, options.x ?? phase.xReference);
  const spaceGroup = phaseSpaceGroup(phase);
  const range = { dMinAngstrom: options.dMinAngstrom, ...(options.dMaxAngstrom === undefined ? {} : { dMaxAngstrom: options.dMaxAngstrom }) };
  if (phase.intensityModel === "structure") {
    return reflectionIntensities({ lattice, spaceGroup, sites: phase.sites }, range);
  }
  return generateReflections(lattice, spaceGroup, range).map((r) => {
    const s = 1 / (2 * r.dAngstrom);
    let sum = 0;
    for (const c of phase.cellContents) sum += c.count * atomicFormFactor(c.element, s) ** 2;
    const fSquared = sum * Math.exp(-2 * phase.bIsoAngstrom2 * s * s);
    return { ...r, fSquared, intensity: fSquared * r.multiplicity };
  });
}

// ---------------------------------------------------------------------------------------------
// JSON parsing with validation

function fail(parameter: string, value: unknown, expected: string): never {
  throw new InvalidParameterError({ parameter, value, expected });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function num(obj: Record<string, unknown>, key: string, path: string, fallback?: number): number {
  const v = obj[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) fail(`${path}.${key}`, v, "a finite number");
  return v;
}

function str(obj: Record<string, unknown>, key: string, path: string, fallback?: string): string {
  const v = obj[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "string" || v.length === 0) fail(`${path}.${key}`, v, "a non-empty string");
  return v;
}

function pair(v: unknown, path: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "number" || typeof v[1] !== "number" || !(v[0] <= v[1])) {
    fail(path, v, "a [min, max] pair of numbers with min <= max");
  }
  return [v[0], v[1]];
}

/**
 * Parses and validates a phase definition from JSON text or an already-parsed object. Missing
 * optional fields get defaults (xRange [0, 0], no relations, no bounds, B = 0.5 A^2, notes "");
 * `base` lets an override give only the fields it changes.
 *
 * Required (unless in `base`): id, name, formula, spaceGroup, crystalSystem, lattice {a, b, c,
 * alphaDeg, betaDeg, gammaDeg}, and either sites (intensityModel "structure") or cellContents
 * (intensityModel "wilson").
 *
 * @param json - JSON text or object
 * @param base - phase to start from (for overrides)
 * @returns a validated phase definition
 * @throws InvalidParameterError naming the offending field, e.g. "phase.lattice.c" or "phase.sites[2].element"
 * @example parsePhaseDefinition('{"id":"alpha","lattice":{"a":11.51,"b":3.564,"c":4.37,"alphaDeg":90,"betaDeg":90,"gammaDeg":90}}', getPhase("alpha"))
 */
export function parsePhaseDefinition(json: string | unknown, base?: PhaseDefinition): PhaseDefinition {
  let raw: unknown = json;
  if (typeof json === "string") {
    try {
      raw = JSON.parse(json);
    } catch (error) {
      throw new InvalidParameterError({ parameter: "phase", value: json, expected: "valid JSON text", cause: error });
    }
  }
  if (!isRecord(raw)) fail("phase", raw, "a JSON object");
  const p = "phase";
  const merged: Record<string, unknown> = { ...(base ?? {}), ...raw };
  const id = str(merged, "id", p);
  const crystalSystem = str(merged, "crystalSystem", p) as CrystalSystem;
  if (!CRYSTAL_SYSTEMS.includes(crystalSystem)) fail(`${p}.crystalSystem`, crystalSystem, CRYSTAL_SYSTEMS.join(", "));
  const latticeRaw = isRecord(raw["lattice"]) && base ? { ...base.lattice, ...raw["lattice"] } : merged["lattice"];
  if (!isRecord(latticeRaw)) fail(`${p}.lattice`, latticeRaw, "an object {a, b, c, alphaDeg, betaDeg, gammaDeg}");
  const lv = {} as Record<LatticeParameterName, number>;
  for (const name of LATTICE_PARAMETER_NAMES) lv[name] = num(latticeRaw, name, `${p}.lattice`);
  let lattice: Lattice;
  try {
    lattice = createLattice(lv);
  } catch (error) {
    if (error instanceof InvalidParameterError) fail(`${p}.lattice.${error.parameter}`, error.value, error.expected);
    throw error;
  }
  const boundsRaw = merged["latticeBounds"] ?? {};
  if (!isRecord(boundsRaw)) fail(`${p}.latticeBounds`, boundsRaw, "an object of [min, max] pairs");
  const latticeBounds: Partial<Record<LatticeParameterName, readonly [number, number]>> = {};
  for (const [key, value] of Object.entries(boundsRaw)) {
    if (!(LATTICE_PARAMETER_NAMES as readonly string[]).includes(key)) fail(`${p}.latticeBounds.${key}`, key, `one of ${LATTICE_PARAMETER_NAMES.join(", ")}`);
    const b = pair(value, `${p}.latticeBounds.${key}`);
    const ref = lattice[key as LatticeParameterName];
    if (!(ref >= b[0] && ref <= b[1])) fail(`${p}.latticeBounds.${key}`, b, `bounds that contain the reference value ${ref}`);
    latticeBounds[key as LatticeParameterName] = b;
  }
  const xRange = merged["xRange"] === undefined ? ([0, 0] as [number, number]) : pair(merged["xRange"], `${p}.xRange`);
  const xReference = num(merged, "xReference", p, xRange[0]);
  if (!(xReference >= xRange[0] && xReference <= xRange[1])) fail(`${p}.xReference`, xReference, `a value inside xRange [${xRange[0]}, ${xRange[1]}]`);
  const relRaw = merged["latticeRelations"] ?? [];
  if (!Array.isArray(relRaw)) fail(`${p}.latticeRelations`, relRaw, "an array");
  const latticeRelations: LatticeRelation[] = relRaw.map((r: unknown, i: number) => {
    const path = `${p}.latticeRelations[${i}]`;
    if (!isRecord(r)) fail(path, r, "an object {parameter, x0, value0, x1, value1, source}");
    const parameter = str(r, "parameter", path) as LatticeParameterName;
    if (!LATTICE_PARAMETER_NAMES.includes(parameter)) fail(`${path}.parameter`, parameter, LATTICE_PARAMETER_NAMES.join(", "));
    const rel = { parameter, x0: num(r, "x0", path), value0: num(r, "value0", path), x1: num(r, "x1", path), value1: num(r, "value1", path), source: str(r, "source", path) };
    if (rel.x0 === rel.x1) fail(`${path}.x1`, rel.x1, "a composition different from x0");
    return rel;
  });
  const intensityModel = str(merged, "intensityModel", p, Array.isArray(merged["sites"]) && (merged["sites"] as unknown[]).length > 0 ? "structure" : "wilson") as IntensityModel;
  if (intensityModel !== "structure" && intensityModel !== "wilson") fail(`${p}.intensityModel`, intensityModel, '"structure" or "wilson"');
  const sitesRaw = merged["sites"] ?? [];
  if (!Array.isArray(sitesRaw)) fail(`${p}.sites`, sitesRaw, "an array of atom sites");
  const sites: AtomSite[] = sitesRaw.map((s: unknown, i: number) => {
    const path = `${p}.sites[${i}]`;
    if (!isRecord(s)) fail(path, s, "an object {label, element, x, y, z, occupancy?, bIsoAngstrom2?}");
    const element = str(s, "element", path);
    try {
      cromerMannCoefficients(element);
    } catch {
      fail(`${path}.element`, element, "an element with tabulated form factor");
    }
    const occupancy = num(s, "occupancy", path, 1);
    if (!(occupancy >= 0 && occupancy <= 1)) fail(`${path}.occupancy`, occupancy, "a number in [0, 1]");
    const bIso = num(s, "bIsoAngstrom2", path, 0);
    if (!(bIso >= 0)) fail(`${path}.bIsoAngstrom2`, bIso, "a non-negative B in A^2");
    return { label: str(s, "label", path, element), element, x: num(s, "x", path), y: num(s, "y", path), z: num(s, "z", path), occupancy, bIsoAngstrom2: bIso };
  });
  const contentsRaw = merged["cellContents"] ?? [];
  if (!Array.isArray(contentsRaw)) fail(`${p}.cellContents`, contentsRaw, "an array of {element, count}");
  const cellContents: CellContent[] = contentsRaw.map((c: unknown, i: number) => {
    const path = `${p}.cellContents[${i}]`;
    if (!isRecord(c)) fail(path, c, "an object {element, count}");
    const element = str(c, "element", path);
    try {
      cromerMannCoefficients(element);
    } catch {
      fail(`${path}.element`, element, "an element with tabulated form factor");
    }
    const count = num(c, "count", path);
    if (!(count >= 0)) fail(`${path}.count`, count, "a non-negative atom count");
    return { element, count };
  });
  if (intensityModel === "structure" && sites.length === 0) fail(`${p}.sites`, sites, 'at least one site for intensityModel "structure"');
  if (intensityModel === "wilson" && cellContents.length === 0) fail(`${p}.cellContents`, cellContents, 'at least one element for intensityModel "wilson"');
  const bIsoAngstrom2 = num(merged, "bIsoAngstrom2", p, 0.5);
  if (!(bIsoAngstrom2 >= 0)) fail(`${p}.bIsoAngstrom2`, bIsoAngstrom2, "a non-negative B in A^2");
  const phase: PhaseDefinition = Object.freeze({
    id,
    name: str(merged, "name", p, id),
    formula: str(merged, "formula", p, id),
    spaceGroup: str(merged, "spaceGroup", p),
    crystalSystem,
    lattice,
    latticeBounds,
    xRange,
    xReference,
    latticeRelations,
    intensityModel,
    sites,
    cellContents,
    bIsoAngstrom2,
    source: str(merged, "source", p, "user supplied"),
    notes: typeof merged["notes"] === "string" ? merged["notes"] : "",
  });
  try {
    phaseSpaceGroup(phase);
  } catch (error) {
    if (error instanceof InvalidParameterError) fail(`${p}.spaceGroup`, phase.spaceGroup, error.expected);
    throw error;
  }
  return phase;
}
