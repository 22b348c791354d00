/**
 * A sampled incident spectrum (so it can cross to worker threads, which cannot receive functions).
 *
 * @packageDocumentation
 */

/** Energies (keV, increasing) and relative flux. */
export interface SpectrumTable {
  energyKeV: Float64Array;
  flux: Float64Array;
}

/** Samples fn at `nodes` energies over [lo, hi]. */
export function sampleSpectrum(fn: (energyKeV: number) => number, lo: number, hi: number, nodes: number): SpectrumTable {
  const energyKeV = new Float64Array(nodes);
  const flux = new Float64Array(nodes);
  for (let i = 0; i < nodes; i++) {
    energyKeV[i] = lo + ((hi - lo) * i) / (nodes - 1);
    flux[i] = fn(energyKeV[i]!);
  }
  return { energyKeV, flux };
}

/** Linear interpolation in a table (end values held outside). */
export function interpolateTable(table: SpectrumTable): (energyKeV: number) => number {
  const { energyKeV: e, flux: f } = table;
  const n = e.length;
  const lo = e[0]!;
  const step = (e[n - 1]! - lo) / (n - 1);
  return (x) => {
    const t = (x - lo) / step;
    if (t <= 0) return f[0]!;
    if (t >= n - 1) return f[n - 1]!;
    const i = Math.floor(t);
    const u = t - i;
    return f[i]! * (1 - u) + f[i + 1]! * u;
  };
}
