/**
 * Reference lines as the calibration sees them: groups of components that one detector peak
 * contains (a Ka1/Ka2 doublet, a single gamma line, a user-given energy), parsed from short
 * specifications such as "Co", "Co:Ka", "Ce:Kb", "Am-241", "Cd-109:88.03" or "elastic=17.4443".
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { EmissionLine } from "./emissionLines.js";
import { EMISSION_LINE_SOURCE, emissionLines } from "./emissionLines.js";
import { GAMMA_LINE_SOURCE, gammaLines, isGammaSource, sourceXrayElement } from "./gammaLines.js";

/** One component of a {@link LineGroup}. */
export interface LineComponent {
  /** Name, e.g. "Co Ka2". */
  readonly label: string;
  /** Energy (keV). */
  readonly energyKeV: number;
  /** Relative intensity within the group (the weights sum to 1). */
  readonly weight: number;
}

/**
 * A set of lines that the detector records as one (possibly split) peak. The peak model puts
 * every component at its tabulated energy offset from the first one, with the tabulated weights,
 * so the fitted position is that of the first (reference) component.
 */
export interface LineGroup {
  /** Name, e.g. "Co Ka", "Co-57 122.06", "elastic". */
  readonly label: string;
  /** Components; the first is the reference line. */
  readonly components: readonly LineComponent[];
  /** Energy of the reference component (keV). */
  readonly energyKeV: number;
  /** One-sigma uncertainty of the reference energy (keV); 0 when negligible or not tabulated. */
  readonly sigmaKeV: number;
  /** Intensity-weighted mean energy of the components (keV). */
  readonly meanEnergyKeV: number;
  /** True when the user named this group explicitly (not as part of "Co" or "Am-241"). */
  readonly explicit: boolean;
  /** Where the energies come from. */
  readonly source: string;
}

/** Siegbahn names combined into one group each (first = reference component). */
const EMISSION_GROUPS: readonly { name: string; members: readonly string[] }[] = [
  { name: "Ka", members: ["Ka1", "Ka2"] },
  { name: "Kb", members: ["Kb1", "Kb3"] },
  { name: "Kb2", members: ["Kb2"] },
  { name: "La", members: ["La1", "La2"] },
  { name: "Lb1", members: ["Lb1"] },
  { name: "Lb2", members: ["Lb2"] },
  { name: "Lg1", members: ["Lg1"] },
];

function makeGroup(label: string, parts: readonly { label: string; energyKeV: number; weight: number }[], sigmaKeV: number, explicit: boolean, source: string): LineGroup {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  const components = parts.map((p) => Object.freeze({ label: p.label, energyKeV: p.energyKeV, weight: p.weight / total }));
  const meanEnergyKeV = components.reduce((s, c) => s + c.weight * c.energyKeV, 0);
  return Object.freeze({ label, components: Object.freeze(components), energyKeV: components[0]!.energyKeV, sigmaKeV, meanEnergyKeV, explicit, source });
}

function emissionGroup(element: string, lines: readonly EmissionLine[], name: string, members: readonly string[], explicit: boolean): LineGroup | undefined {
  const parts = members
    .map((m) => lines.find((l) => l.siegbahn === m))
    .filter((l): l is EmissionLine => l !== undefined)
    .map((l) => ({ label: `${l.element} ${l.siegbahn}`, energyKeV: l.energyKeV, weight: l.radiativeRate ?? 1 }));
  if (parts.length === 0 || parts[0]!.label !== `${lines[0]!.element} ${members[0]}`) return undefined;
  return makeGroup(`${element} ${name}`, parts, 0, explicit, EMISSION_LINE_SOURCE);
}

function elementGroups(element: string, series: "K" | "L" | undefined): LineGroup[] {
  const lines = emissionLines(element);
  const symbol = lines[0]!.element;
  return EMISSION_GROUPS.filter((g) => series === undefined || g.name.startsWith(series))
    .map((g) => emissionGroup(symbol, lines, g.name, g.members, false))
    .filter((g): g is LineGroup => g !== undefined);
}

function namedEmission(element: string, name: string): LineGroup {
  const lines = emissionLines(element);
  const symbol = lines[0]!.element;
  const group = EMISSION_GROUPS.find((g) => g.name.toLowerCase() === name.toLowerCase());
  if (group !== undefined) {
    const made = emissionGroup(symbol, lines, group.name, group.members, true);
    if (made !== undefined) return made;
  }
  const single = lines.find((l) => l.siegbahn.toLowerCase() === name.toLowerCase() || l.iupac.toLowerCase() === name.toLowerCase());
  if (single === undefined) {
    throw new InvalidParameterError({
      parameter: "lines",
      value: `${element}:${name}`,
      expected: `a line group (${EMISSION_GROUPS.map((g) => g.name).join(", ")}) or a line (${lines.map((l) => l.siegbahn).join(", ")}) of ${symbol}`,
    });
  }
  return makeGroup(`${symbol} ${single.siegbahn}`, [{ label: `${symbol} ${single.siegbahn}`, energyKeV: single.energyKeV, weight: 1 }], 0, true, EMISSION_LINE_SOURCE);
}

function sourceGroups(nuclide: string, which: string | undefined): LineGroup[] {
  const lines = gammaLines(nuclide);
  const name = lines[0]!.nuclide;
  const gamma = (l: (typeof lines)[number], explicit: boolean) =>
    makeGroup(`${name} ${l.energyKeV.toFixed(2)}`, [{ label: `${name} ${l.energyKeV}`, energyKeV: l.energyKeV, weight: 1 }], l.sigmaKeV, explicit, GAMMA_LINE_SOURCE);
  if (which !== undefined) {
    const energy = Number(which);
    const hit = Number.isFinite(energy) ? lines.find((l) => Math.abs(l.energyKeV - energy) < 0.05) : undefined;
    if (hit === undefined) {
      throw new InvalidParameterError({ parameter: "lines", value: `${nuclide}:${which}`, expected: `a gamma energy of ${name} within 0.05 keV: ${lines.map((l) => l.energyKeV).join(", ")}` });
    }
    return [gamma(hit, true)];
  }
  const groups = lines.map((l) => gamma(l, false));
  const xrayElement = sourceXrayElement(name);
  try {
    for (const g of elementGroups(xrayElement, "K")) groups.push(Object.freeze({ ...g, label: `${name} ${g.label}` }));
  } catch {
    // Np (Am-241 daughter) is beyond the emission table; its L x-rays are not offered.
  }
  return groups;
}

/**
 * Parses line specifications into line groups.
 *
 * Accepted forms (case-insensitive element and source names):
 * - `"Co"`: the element's K and L groups (Ka, Kb, Kb2, La, Lb1, Lb2, Lg1) that exist;
 * - `"Co:K"` / `"Co:L"`: one series;
 * - `"Co:Ka"` (Ka1 + Ka2 doublet), `"Co:Kb"` (Kb1 + Kb3), `"Co:Ka1"`, `"Co:KL3"`: one group/line;
 * - `"Am-241"`: all gamma lines of the source plus the daughter's K x-ray groups;
 * - `"Am-241:59.54"`: one gamma line (within 0.05 keV);
 * - `"17.4443"` or `"elastic=17.4443"`: a user energy in keV, optionally labelled.
 * Groups from element or source expansions are marked `explicit: false`: the calibration skips
 * them quietly when they fall outside the spectrum, while explicit ones there are an error.
 *
 * @param specs - specifications
 * @returns the groups, energy ascending, duplicates removed
 * @throws InvalidParameterError for an unknown element, source, line or malformed energy
 * @example lineGroups(["Co:Ka"])[0]!.components.map((c) => c.label) // ["Co Ka1", "Co Ka2"]
 */
export function lineGroups(specs: readonly string[]): LineGroup[] {
  const out: LineGroup[] = [];
  for (const raw of specs) {
    const spec = raw.trim();
    if (spec === "") throw new InvalidParameterError({ parameter: "lines", value: raw, expected: "a non-empty line specification" });
    const eq = spec.indexOf("=");
    const label = eq >= 0 ? spec.slice(0, eq).trim() : undefined;
    const body = eq >= 0 ? spec.slice(eq + 1).trim() : spec;
    const energy = Number(body);
    if (body !== "" && Number.isFinite(energy)) {
      if (!(energy > 0)) throw new InvalidParameterError({ parameter: "lines", value: raw, expected: "a positive energy in keV" });
      out.push(makeGroup(label ?? `${energy} keV`, [{ label: label ?? `${energy} keV`, energyKeV: energy, weight: 1 }], 0, true, "user-supplied energy"));
      continue;
    }
    const colon = body.indexOf(":");
    const head = colon >= 0 ? body.slice(0, colon) : body;
    const tail = colon >= 0 ? body.slice(colon + 1) : undefined;
    let groups: LineGroup[];
    if (isGammaSource(head)) groups = sourceGroups(head, tail);
    else if (tail === undefined) groups = elementGroups(head, undefined);
    else if (tail.toUpperCase() === "K" || tail.toUpperCase() === "L") groups = elementGroups(head, tail.toUpperCase() as "K" | "L");
    else groups = [namedEmission(head, tail)];
    if (label !== undefined) groups = groups.map((g) => Object.freeze({ ...g, label: groups.length === 1 ? label : `${label} ${g.label}` }));
    out.push(...groups);
  }
  const unique = new Map<string, LineGroup>();
  for (const g of out) {
    const key = `${g.components.map((c) => c.energyKeV).join(",")}`;
    const prev = unique.get(key);
    if (prev === undefined || (!prev.explicit && g.explicit)) unique.set(key, g);
  }
  return [...unique.values()].sort((a, b) => a.energyKeV - b.energyKeV);
}
