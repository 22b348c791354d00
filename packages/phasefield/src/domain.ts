/**
 * Smoothed-boundary domain parameter psi for particles embedded in a periodic box.
 *
 * psi = [1 + tanh(d / w)] / 2 with d the signed distance to the particle surface (positive inside)
 * and w the interface width. The surface measure used for the flux is delta = 6 psi (1 - psi) |grad psi|
 * = 3 sech^4(d / w) / (4 w): across the diffuse surface it integrates to 1 like |grad psi|
 * (integral of 6 psi (1 - psi) dpsi = 1) and is symmetric about psi = 1/2, so its integral is the
 * surface area (perimeter in 2D), but it decays twice as fast on the outer side where psi -> 0. The
 * per-capacity source delta / psi = 6 (1 - psi) |grad psi| then stays bounded, which keeps inserted
 * solute from piling up where psi is tiny. Smoothed boundary method:
 * Yu, Chen & Thornton, Modelling Simul. Mater. Sci. Eng. 20, 075008 (2012),
 * doi:10.1088/0965-0393/20/7/075008; Poulsen & Voorhees, Comput. Mater. Sci. 2018.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Grid } from "./grid.js";

/** A sphere (a disc in 2D). */
export interface SphereShape {
  kind: "sphere";
  /** Radius (model length unit). */
  radius: number;
  /** Centre [x, y(, z)]. @default the box centre */
  center?: readonly number[];
}

/** A rectangular box (a rectangle in 2D): e.g. the 1.2 x 0.3 um platelet section of the seed paper. */
export interface BoxShape {
  kind: "box";
  /** Edge lengths [x, y(, z)] (model length unit). */
  size: readonly number[];
  /** Centre [x, y(, z)]. @default the box centre */
  center?: readonly number[];
}

/** A particle shape. */
export type ParticleShape = SphereShape | BoxShape;

/** Options of {@link createParticleDomain}. */
export interface ParticleDomainOptions {
  /** Particle shape. */
  shape: ParticleShape;
  /** Width w of the tanh profile (model length unit); should span >= 1.5 grid spacings. */
  interfaceWidth: number;
}

/** The smoothed-boundary fields of a particle. */
export interface ParticleDomain {
  /** psi in [0, 1]: 1 inside, 0 outside. */
  psi: Float64Array;
  /** Diffuse surface measure delta = 6 psi (1 - psi) |grad psi| (1 / length). */
  surface: Float64Array;
  /** Integral of psi (particle volume, or area in 2D). */
  volume: number;
  /** Integral of delta (surface area, or perimeter in 2D, of the diffuse surface). */
  area: number;
}

function checkVector(v: readonly number[] | undefined, dim: number, name: string): void {
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length < dim || v.slice(0, dim).some((x) => typeof x !== "number" || !Number.isFinite(x))) {
    throw new InvalidParameterError({ parameter: name, value: v, expected: `${dim} finite numbers` });
  }
}

/**
 * Builds psi and the surface measure 6 psi (1 - psi) |grad psi| for a sphere/disc or box/rectangle particle.
 * @param grid - periodic grid
 * @param options - shape and interface width
 * @returns psi, surface measure, volume and area
 * @throws InvalidParameterError naming shape.radius, shape.size, shape.center or interfaceWidth
 * @example
 * ```ts
 * const grid = createGrid({ nx: 128, ny: 128, lengthX: 128, lengthY: 128 });
 * const disc = createParticleDomain(grid, { shape: { kind: "sphere", radius: 30 }, interfaceWidth: 2 });
 * // disc.area ~ 2 pi 30
 * ```
 */
export function createParticleDomain(grid: Grid, options: ParticleDomainOptions): ParticleDomain {
  const { shape, interfaceWidth: w } = options;
  if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) throw new InvalidParameterError({ parameter: "interfaceWidth", value: w, expected: "a finite length > 0" });
  const dim = grid.dimension;
  const lengths = [grid.lengthX, grid.lengthY, grid.lengthZ];
  checkVector(shape.center, dim, "shape.center");
  const center = shape.center ?? lengths.map((l) => l / 2);
  let signedDistance: (p: readonly number[]) => number;
  if (shape.kind === "sphere") {
    const r = shape.radius;
    if (typeof r !== "number" || !Number.isFinite(r) || r <= 0) throw new InvalidParameterError({ parameter: "shape.radius", value: r, expected: "a finite length > 0" });
    signedDistance = (p) => {
      let s = 0;
      for (let i = 0; i < dim; i++) s += (p[i]! - center[i]!) ** 2;
      return r - Math.sqrt(s);
    };
  } else if (shape.kind === "box") {
    checkVector(shape.size, dim, "shape.size");
    if (shape.size === undefined || shape.size.slice(0, dim).some((s) => s <= 0)) throw new InvalidParameterError({ parameter: "shape.size", value: shape.size, expected: `${dim} lengths > 0` });
    const half = shape.size.map((s) => s / 2);
    signedDistance = (p) => {
      let outside = 0;
      let inside = Infinity;
      for (let i = 0; i < dim; i++) {
        const q = Math.abs(p[i]! - center[i]!) - half[i]!;
        if (q > 0) outside += q * q;
        inside = Math.min(inside, -q);
      }
      return outside > 0 ? -Math.sqrt(outside) : inside;
    };
  } else {
    throw new InvalidParameterError({ parameter: "shape.kind", value: (shape as { kind?: unknown }).kind, expected: "'sphere' or 'box'" });
  }
  const psi = new Float64Array(grid.size);
  const surface = new Float64Array(grid.size);
  const p = [0, 0, 0];
  let volume = 0;
  let area = 0;
  for (let z = 0; z < grid.nz; z++) {
    p[2] = (z + 0.5) * grid.dz;
    for (let y = 0; y < grid.ny; y++) {
      p[1] = (y + 0.5) * grid.dy;
      for (let x = 0; x < grid.nx; x++) {
        p[0] = (x + 0.5) * grid.dx;
        const i = x + grid.nx * (y + grid.ny * z);
        const t = Math.tanh(signedDistance(p) / w);
        psi[i] = 0.5 * (1 + t);
        surface[i] = (3 * (1 - t * t) * (1 - t * t)) / (4 * w);
        volume += psi[i]!;
        area += surface[i]!;
      }
    }
  }
  return { psi, surface, volume: volume * grid.cellVolume, area: area * grid.cellVolume };
}
