/**
 * Unit recognition: the x axis of integrated patterns (pyFAI unit names and common labels) and
 * unit suffixes of electrochemistry columns.
 *
 * @packageDocumentation
 */
import type { AxisKind } from "@operando/core";

/** How to turn a file's x values into operando axis values: axis kind and x_axis = scale * x_file. */
export interface XUnit {
  /** Axis kind. */
  axis: AxisKind;
  /** Multiplier from file units to the axis unit (deg, 1/A, A, keV, channel). */
  scale: number;
  /** The unit name as written in the file. */
  name: string;
}

const RAD_TO_DEG = 180 / Math.PI;

/**
 * pyFAI radial unit names (pyFAI.units: "2th_deg", "2th_rad", "q_nm^-1", "q_A^-1", "d_A" ...)
 * and free-text labels, mapped to operando axes. 1 nm^-1 = 0.1 A^-1; 1 nm = 10 A.
 */
const UNIT_TABLE: readonly { pattern: RegExp; unit: Omit<XUnit, "name"> }[] = [
  { pattern: /^2th_deg$|^2-?theta(_deg)?$|^tth(_deg)?$|^2θ|2-theta angle \(degrees\)|^two_?theta/i, unit: { axis: "twoTheta", scale: 1 } },
  { pattern: /^2th_rad$/i, unit: { axis: "twoTheta", scale: RAD_TO_DEG } },
  // q in 1/nm and 1/A written the ways Fit2D, Dioptas, GSAS-II and users label it:
  // q_nm^-1, Q (nm^-1), Q (nm-1), Q [1/nm], Q (Inverse Nanometres), q_A^-1, Q (1/Å), Q (Angstroms^-1) ...
  { pattern: /^q[\s_]*[([]?\s*(1\/nm|nm\^?-1|nm⁻¹|inverse nanomet(re|er)s?)\s*[)\]]?$/i, unit: { axis: "q", scale: 0.1 } },
  { pattern: /^q[\s_]*[([]?\s*(1\/(a|å)|(a|å)\^?-1|(a|å)⁻¹|angstr(o|ö)ms?\^?-1|inverse angstr(o|ö)ms?)\s*[)\]]?$/i, unit: { axis: "q", scale: 1 } },
  { pattern: /^d(-spacing)?[\s_]*[([]?\s*(a|å|angstr(o|ö)ms?)\s*[)\]]?$/i, unit: { axis: "d", scale: 1 } },
  { pattern: /^d_nm$|^d\s*\(nm\)$/i, unit: { axis: "d", scale: 10 } },
  { pattern: /^e_kev$|^energy_?kev$|^energy\s*\(kev\)$/i, unit: { axis: "energy", scale: 1 } },
  { pattern: /^e_ev$|^energy\s*\(ev\)$/i, unit: { axis: "energy", scale: 1e-3 } },
  { pattern: /^channels?$/i, unit: { axis: "channel", scale: 1 } },
];

/**
 * Maps an x-unit name to an axis.
 * @returns the unit, or undefined when it is not one operando can represent (e.g. r_mm, chi_deg)
 */
export function lookupXUnit(name: string): XUnit | undefined {
  const key = name.trim();
  for (const entry of UNIT_TABLE) if (entry.pattern.test(key)) return { ...entry.unit, name: key };
  return undefined;
}

/**
 * Radial/azimuthal pyFAI units that have no operando axis (named in errors): the listed names, and
 * any other pyFAI-style `quantity_unit` token whose unit part is a length, inverse length or time
 * (e.g. `s_nm^-1`, `qx_nm^-1`, `t_ms`), which was read as an assumed 2theta before.
 */
export const UNMAPPABLE_UNIT =
  /^(r_mm|r_m|chi_deg|chi_rad|d\*2_a\^-2|d\*2_nm\^-2|log10\(q\.m\)|log\(q\.nm\)|log\(1\+q\.nm\)|q_m\^-1|2th_\w+|q_\w+|r_\w+|[a-z0-9*().+]+_(mm|m|nm|a|å|ms|s|(nm|a|å|m)\^-[12]))$/i;

/** Quantities a cycler or impedance column can hold. */
export type EchemQuantity = "time" | "current" | "voltage" | "capacity" | "frequency" | "resistance" | "count";

/** Scale factors to SI-ish operando units (s, A, V, A h, Hz, ohm), keyed by lower-case unit. */
const ECHEM_UNITS: Record<EchemQuantity, Record<string, number>> = {
  // "h:min:s.ms" etc. name a text format (Neware, LAND, PEC "Hours in hh:mm:ss.xxx"); such fields are parsed to seconds first
  time: { s: 1, sec: 1, second: 1, seconds: 1, min: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600, ms: 1e-3, "h:min:s.ms": 1, "h:min:s": 1, "hh:mm:ss": 1, "h:mm:ss": 1, "hh:mm:ss.ms": 1, "hh:mm:ss.sss": 1, "hours in hh:mm:ss.xxx": 1 },
  current: { a: 1, ma: 1e-3, "µa": 1e-6, "μa": 1e-6, ua: 1e-6, na: 1e-9 },
  voltage: { v: 1, mv: 1e-3, "v vs. ref.": 1, "v vs ref": 1 },
  capacity: { ah: 1, "a.h": 1, "a h": 1, mah: 1e-3, "ma.h": 1e-3, "ma h": 1e-3, "µah": 1e-6, c: 1 / 3600, mc: 1e-3 / 3600 },
  frequency: { hz: 1, khz: 1e3, mhz: 1e6 },
  resistance: { ohm: 1, ohms: 1, "Ω": 1, "ω": 1, kohm: 1e3, "kΩ": 1e3, mohm: 1e-3, "mΩ": 1e-3 },
  count: { "": 1, "#": 1 },
};

/**
 * Scale factor that converts a value in `unit` to the operando unit of `quantity`.
 * @returns the factor, or undefined when the unit is unknown for that quantity
 */
export function echemUnitScale(quantity: EchemQuantity, unit: string): number | undefined {
  const key = unit.trim();
  const table = ECHEM_UNITS[quantity];
  return table[key] ?? table[key.toLowerCase()];
}

/**
 * Splits a column header into a name and a unit: "time/s", "Ewe/V", "Potential (V)",
 * "Z' (Ω)", "current [mA]", "Capacity_mAh" (suffix after the last '_' only for known units).
 */
export function splitNameUnit(header: string): { name: string; unit: string } {
  const h = header.trim().replace(/^"|"$/g, "").trim();
  let m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(h);
  if (m !== null && m[1] !== "" && !/^(re|im|-im)$/i.test(m[1]!)) return { name: m[1]!.trim(), unit: m[2]!.trim() };
  m = /^(.*?)\s*\[([^[\]]*)\]\s*$/.exec(h);
  if (m !== null && m[1] !== "") return { name: m[1]!.trim(), unit: m[2]!.trim() };
  const slash = h.lastIndexOf("/");
  if (slash > 0 && slash < h.length - 1) return { name: h.slice(0, slash).trim(), unit: h.slice(slash + 1).trim() };
  return { name: h, unit: "" };
}
