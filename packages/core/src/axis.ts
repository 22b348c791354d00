/**
 * Axis kinds of a 1D pattern and their units.
 *
 * @packageDocumentation
 */

/**
 * What the x axis of a pattern measures:
 * - `twoTheta`: scattering angle 2theta in degrees (angle-dispersive)
 * - `q`: momentum transfer Q = 4 pi sin(theta) / lambda in 1/Angstrom
 * - `d`: lattice spacing d in Angstrom
 * - `energy`: photon energy in keV (energy-dispersive)
 * - `channel`: MCA channel number (uncalibrated)
 */
export type AxisKind = "twoTheta" | "q" | "d" | "energy" | "channel";

/** Every axis kind, in a stable order. */
export const AXIS_KINDS: readonly AxisKind[] = ["twoTheta", "q", "d", "energy", "channel"];

/** The unit of each axis kind, as written in file headers and plot labels. */
export const AXIS_UNITS: Readonly<Record<AxisKind, string>> = {
  twoTheta: "deg",
  q: "1/A",
  d: "A",
  energy: "keV",
  channel: "channel",
};

/** Human-readable axis labels with units, for plots and tables. */
export const AXIS_LABELS: Readonly<Record<AxisKind, string>> = {
  twoTheta: "2θ (deg)",
  q: "Q (1/Å)",
  d: "d (Å)",
  energy: "Energy (keV)",
  channel: "MCA channel",
};

/**
 * Returns true when `value` is one of the {@link AxisKind} strings.
 * @param value - any value
 * @returns true for "twoTheta", "q", "d", "energy" or "channel"
 */
export function isAxisKind(value: unknown): value is AxisKind {
  return typeof value === "string" && (AXIS_KINDS as readonly string[]).includes(value);
}
