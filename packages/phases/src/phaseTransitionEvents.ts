/**
 * Phase-transition events per layer: the x (and voltage) at which each phase first appears and
 * last disappears, by linear interpolation of its fraction across the detection limit between the
 * two bracketing patterns.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { SeriesQuantification } from "./quantifySeries.js";

/** One event. */
export interface PhaseTransitionEvent {
  /** Layer. */
  layer: number;
  /** Phase id. */
  phase: string;
  /** "appears" (first crossing upwards) or "disappears" (last crossing downwards). */
  kind: "appears" | "disappears";
  /** Interpolated time (s). */
  timeS: number;
  /** Interpolated x and its one-sigma. */
  x: number;
  xSigma: number;
  /** Interpolated voltage (V; NaN when unknown). */
  voltageV: number;
}

/** Options of {@link phaseTransitionEvents}. */
export interface PhaseTransitionOptions {
  /** Fraction above which a phase counts as present. @default 0.03 */
  detectionLimit?: number;
  /** x per row to report events on (e.g. alignCycler().xCoulomb); default the diffraction x. */
  x?: ArrayLike<number>;
  /** Sigma of that x per row; default the diffraction xSigma (0 with a coulomb x). */
  xSigma?: ArrayLike<number>;
  /** Voltage per row (V). */
  voltageV?: ArrayLike<number>;
}

/**
 * Finds, for every layer and phase, where the phase first appears and last disappears.
 * At a crossing between rows i (f_i < L) and j (f_j >= L): s = (L - f_i) / (f_j - f_i),
 * x = x_i + s (x_j - x_i), sigma_x^2 = ((x_j - x_i)/(f_j - f_i))^2 (s'^2) + interpolated sigma_x^2,
 * where the fraction uncertainty enters through sigma_s = sqrt((1-s)^2 sf_i^2 + s^2 sf_j^2) / |f_j - f_i|.
 *
 * @param quantification - a series quantification
 * @param options - detection limit, x and voltage per row
 * @returns events sorted by layer, phase, kind
 * @throws InvalidParameterError for a detection limit outside (0, 1)
 */
export function phaseTransitionEvents(quantification: SeriesQuantification, options: PhaseTransitionOptions = {}): PhaseTransitionEvent[] {
  const limit = options.detectionLimit ?? 0.03;
  if (!(limit > 0 && limit < 1)) throw new InvalidParameterError({ parameter: "detectionLimit", value: limit, expected: "a fraction in (0, 1)" });
  const rows = quantification.rows;
  const xOf = (i: number): number => (options.x === undefined ? rows[i]!.result.x : options.x[i]!);
  const sxOf = (i: number): number => (options.xSigma !== undefined ? options.xSigma[i]! : options.x === undefined ? rows[i]!.result.xSigma : 0);
  const vOf = (i: number): number => (options.voltageV === undefined ? Number.NaN : options.voltageV[i]!);
  const layers = new Map<number, number[]>();
  rows.forEach((r, i) => {
    if (!Number.isFinite(r.result.x)) return;
    layers.set(r.layer, [...(layers.get(r.layer) ?? []), i]);
  });
  const events: PhaseTransitionEvent[] = [];
  for (const [layer, list] of [...layers].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => rows[a]!.timeS - rows[b]!.timeS);
    for (const phase of quantification.phases) {
      const f = list.map((i) => rows[i]!.result.phases.find((p) => p.id === phase));
      const frac = f.map((p) => p?.fraction ?? 0);
      const sig = f.map((p) => (p === undefined || !Number.isFinite(p.fractionSigma) ? 0 : p.fractionSigma));
      const crossing = (a: number, b: number, kind: "appears" | "disappears"): PhaseTransitionEvent => {
        const ia = list[a]!;
        const ib = list[b]!;
        const df = frac[b]! - frac[a]!;
        const s = (limit - frac[a]!) / df;
        const dx = xOf(ib) - xOf(ia);
        const sigmaS = Math.sqrt((1 - s) ** 2 * sig[a]! ** 2 + s * s * sig[b]! ** 2) / Math.abs(df);
        const sx = (1 - s) * sxOf(ia) + s * sxOf(ib);
        return {
          layer,
          phase,
          kind,
          timeS: rows[ia]!.timeS + s * (rows[ib]!.timeS - rows[ia]!.timeS),
          x: xOf(ia) + s * dx,
          xSigma: Math.sqrt((dx * sigmaS) ** 2 + sx * sx),
          voltageV: vOf(ia) + s * (vOf(ib) - vOf(ia)),
        };
      };
      for (let j = 1; j < list.length; j++) {
        if (frac[j - 1]! < limit && frac[j]! >= limit) {
          events.push(crossing(j - 1, j, "appears"));
          break;
        }
      }
      for (let j = list.length - 1; j >= 1; j--) {
        if (frac[j - 1]! >= limit && frac[j]! < limit) {
          events.push(crossing(j - 1, j, "disappears"));
          break;
        }
      }
    }
  }
  return events;
}
