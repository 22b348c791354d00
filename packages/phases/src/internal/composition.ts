/**
 * Composition x of a present phase whose lattice does not tell it (no usable lattice-composition
 * relation): the equilibrium tie-line rule for coexisting phases, and the single-phase-field rule.
 *
 * Thermodynamic reason. In a binary system at fixed T and p, two coexisting phases have equal
 * chemical potentials of both components; the common-tangent construction fixes their
 * compositions at the two ends of the miscibility gap (the tie line), independent of the overall
 * composition, which only sets their amounts (lever rule). So a phase seen together with a phase
 * of higher composition range sits at the upper end of its own range (alpha-LixV2O5 saturated at
 * x ~ 0.1 next to epsilon), and next to a phase of lower range at the lower end (delta at
 * x ~ 0.8 next to epsilon). [Porter, Easterling & Sherif, Phase Transformations in Metals and
 * Alloys, 3rd ed., CRC 2009, chapter 1 (binary solutions, common tangent, binary phase diagrams, lever rule);
 * for LixV2O5: Luo et al., Nat. Mater. 2021 (alpha+epsilon coexistence x ~ 0.08-0.30, bulk;
 * epsilon+delta two-phase region).] In a single-phase field the composition varies inside the
 * phase's range and diffraction sees it only through a lattice relation; without one it is not
 * determined: the rule reports the midpoint with the standard deviation of a uniform prior over
 * the range, (hi - lo) / sqrt(12), unless the caller supplies the composition (e.g. coulomb
 * counting) or asks for the nominal x. A phase seen with both a lower and a higher phase (a
 * layer-averaged mixture of two two-phase regions) has part of its amount at each end: the
 * midpoint with the uniform-prior sigma again.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { PhaseDefinition } from "@operando/crystal";

/** A composition given by the caller for a phase in a single-phase field: x, or x with its one-sigma. */
export type SinglePhaseXValue = number | { readonly x: number; readonly sigma: number };

/**
 * How the composition of a phase without a lattice-composition relation is set in a single-phase
 * field: "midpoint" of its x range (sigma range / sqrt(12)), "nominal" (the library's reference x,
 * sigma 0), or a function (phaseId, layer, timeS) -> x or { x, sigma } (e.g. coulomb counting).
 */
export type SinglePhaseXRule = "midpoint" | "nominal" | ((phaseId: string, layer: number, timeS: number) => SinglePhaseXValue);

/** Where a phase's composition came from. */
export type CompositionSource = "lattice" | "boundary" | "fixed" | "range" | "nominal" | "hint";

/** A phase composition assigned by the rule. */
export interface AssignedComposition {
  x: number;
  /** One-sigma of the assignment (uniform prior or the caller's sigma; 0 for boundary/fixed/nominal). */
  sigma: number;
  source: Exclude<CompositionSource, "lattice">;
  /** Whether a caller's value was clamped into the range. */
  clamped: boolean;
}

const SQRT12 = Math.sqrt(12);

function midOf(def: PhaseDefinition): number {
  return 0.5 * (def.xRange[0] + def.xRange[1]);
}

/**
 * Composition of `def` from the phases it coexists with (the tie-line rule, see the module notes).
 * @param def - the phase (no usable lattice-composition relation)
 * @param present - every phase present in the pattern (including `def`)
 * @param hintOf - composition for a single-phase field: the rule or the caller's value (called only for a single-phase field)
 * @returns x, sigma, source
 * @throws InvalidParameterError when the caller's value is not finite or its sigma negative
 */
export function assignComposition(def: PhaseDefinition, present: readonly PhaseDefinition[], hintOf: () => "midpoint" | "nominal" | SinglePhaseXValue): AssignedComposition {
  const [lo, hi] = def.xRange;
  if (!(hi > lo)) return { x: lo, sigma: 0, source: "fixed", clamped: false };
  const mid = midOf(def);
  let higher = false;
  let lower = false;
  for (const other of present) {
    if (other === def || other.id === def.id) continue;
    const m = midOf(other);
    if (m > mid) higher = true;
    else if (m < mid) lower = true;
  }
  if (higher && !lower) return { x: hi, sigma: 0, source: "boundary", clamped: false };
  if (lower && !higher) return { x: lo, sigma: 0, source: "boundary", clamped: false };
  const uniform: AssignedComposition = { x: mid, sigma: (hi - lo) / SQRT12, source: "range", clamped: false };
  if (higher && lower) return uniform;
  // Single-phase field.
  const hint = hintOf();
  if (hint === "midpoint") return uniform;
  if (hint === "nominal") return { x: def.xReference, sigma: 0, source: "nominal", clamped: false };
  const x = typeof hint === "number" ? hint : hint.x;
  const sigma = typeof hint === "number" ? 0 : hint.sigma;
  if (!Number.isFinite(x)) throw new InvalidParameterError({ parameter: "singlePhaseX", value: x, expected: `a finite composition for phase ${def.id}` });
  if (!(Number.isFinite(sigma) && sigma >= 0)) throw new InvalidParameterError({ parameter: "singlePhaseX", value: sigma, expected: `a finite non-negative sigma for phase ${def.id}` });
  const clampedX = Math.min(hi, Math.max(lo, x));
  return { x: clampedX, sigma, source: "hint", clamped: clampedX !== x };
}
