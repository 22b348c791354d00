/**
 * Phase input of the simulators: explicit reflection lists, a calibrant material, or a phase
 * definition (+ optional lattice or composition), with a scale and per-reflection overrides.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Lattice, PhaseDefinition } from "@operando/crystal";
import { calibrantReflections, calibrantStructure, phaseReflections, reflectionIntensities } from "@operando/crystal";
import type { CrystalStructure } from "@operando/crystal";

/** One reflection given to the simulator. */
export interface SimulationReflection {
  /** d-spacing (A). */
  readonly dAngstrom: number;
  /** Geometry-free intensity, e.g. |F|^2 m (any consistent unit). */
  readonly intensity: number;
  /** Miller indices, for labelling and overrides (optional). */
  readonly h?: number;
  /** Miller index k. */
  readonly k?: number;
  /** Miller index l. */
  readonly l?: number;
}

/** A phase of the simulated sample. Give exactly one of `reflections`, `material`, `structure` or `phase`. */
export interface SimulationPhase {
  /** Label used in the returned peak list. @default material / phase id / "phase<i>" */
  label?: string;
  /** Explicit reflection list (e.g. from @operando/crystal). */
  reflections?: readonly SimulationReflection[];
  /** Calibrant name ("CeO2", "LaB6", "Si"). */
  material?: string;
  /** A full crystal structure. */
  structure?: CrystalStructure;
  /** A phase definition (e.g. getPhase("alpha")). */
  phase?: PhaseDefinition;
  /** Lattice to use with `phase` or `material` (refined or strained cell). */
  lattice?: Lattice;
  /** Composition for a phase's lattice relations. */
  x?: number;
  /**
   * Multiplier of all intensities of this phase (weight fraction times any scale).
   * @default 1
   */
  scale?: number;
  /** Replacement intensities by "h,k,l" key, e.g. { "0,0,1": 500 } (preferred orientation, tests). */
  intensityOverrides?: Readonly<Record<string, number>>;
}

/** A reflection after resolving a phase: with its phase label and final scaled intensity. */
export interface ResolvedReflection {
  /** Phase label. */
  readonly label: string;
  /** Miller index h (undefined for bare reflection lists without indices). */
  readonly h: number | undefined;
  /** Miller index k. */
  readonly k: number | undefined;
  /** Miller index l. */
  readonly l: number | undefined;
  /** d (A). */
  readonly dAngstrom: number;
  /** scale x (override or |F|^2 m). */
  readonly intensity: number;
}

/**
 * Resolves simulator phases into one flat reflection list inside [dMin, dMax] (the exact set of
 * reflections the simulators draw), applying overrides and scales.
 * @param phases - phases as given to simulateAdxrd / simulateEdxrd
 * @param dMinAngstrom - smallest d (A)
 * @param dMaxAngstrom - largest d (A)
 * @returns reflections with phase labels and scaled intensities
 * @throws InvalidParameterError naming the phase field that is invalid
 */
export function resolvePhases(phases: readonly SimulationPhase[], dMinAngstrom: number, dMaxAngstrom: number): ResolvedReflection[] {
  if (!Array.isArray(phases as unknown) || phases.length === 0) {
    throw new InvalidParameterError({ parameter: "phases", value: phases, expected: "a non-empty array of phases" });
  }
  const out: ResolvedReflection[] = [];
  phases.forEach((p, i) => {
    const path = `phases[${i}]`;
    const given = [p.reflections, p.material, p.structure, p.phase].filter((v) => v !== undefined).length;
    if (given !== 1) {
      throw new InvalidParameterError({ parameter: path, value: Object.keys(p), expected: "exactly one of reflections, material, structure or phase" });
    }
    const scale = p.scale ?? 1;
    if (!(Number.isFinite(scale) && scale >= 0)) throw new InvalidParameterError({ parameter: `${path}.scale`, value: scale, expected: "a non-negative number" });
    const range = { dMinAngstrom, dMaxAngstrom };
    let list: readonly SimulationReflection[];
    let label = p.label;
    if (p.reflections !== undefined) {
      list = p.reflections.filter((r, j) => {
        if (!(Number.isFinite(r.dAngstrom) && r.dAngstrom > 0)) throw new InvalidParameterError({ parameter: `${path}.reflections[${j}].dAngstrom`, value: r.dAngstrom, expected: "a positive d-spacing" });
        if (!(Number.isFinite(r.intensity) && r.intensity >= 0)) throw new InvalidParameterError({ parameter: `${path}.reflections[${j}].intensity`, value: r.intensity, expected: "a non-negative intensity" });
        return r.dAngstrom >= dMinAngstrom && r.dAngstrom <= dMaxAngstrom;
      });
      label ??= `phase${i}`;
    } else if (p.material !== undefined) {
      list = p.lattice === undefined ? calibrantReflections(p.material, range) : reflectionIntensities({ ...calibrantStructure(p.material), lattice: p.lattice }, range);
      label ??= p.material;
    } else if (p.structure !== undefined) {
      list = reflectionIntensities(p.structure, range);
      label ??= `phase${i}`;
    } else {
      const phase = p.phase!;
      list = phaseReflections(phase, { ...range, ...(p.lattice === undefined ? {} : { lattice: p.lattice }), ...(p.x === undefined ? {} : { x: p.x }) });
      label ??= phase.id;
    }
    const overrides = p.intensityOverrides ?? {};
    for (const [key, value] of Object.entries(overrides)) {
      if (!/^-?\d+,-?\d+,-?\d+$/.test(key)) throw new InvalidParameterError({ parameter: `${path}.intensityOverrides`, value: key, expected: 'keys "h,k,l" such as "0,0,1"' });
      if (!(Number.isFinite(value) && value >= 0)) throw new InvalidParameterError({ parameter: `${path}.intensityOverrides["${key}"]`, value, expected: "a non-negative intensity" });
    }
    for (const r of list) {
      const key = `${r.h},${r.k},${r.l}`;
      const base = overrides[key] ?? r.intensity;
      out.push({ label, h: r.h, k: r.k, l: r.l, dAngstrom: r.dAngstrom, intensity: base * scale });
    }
  });
  return out;
}
