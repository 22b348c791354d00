/**
 * Unit cells: the six lattice parameters, constructors per crystal system, cell volume,
 * d(hkl) for any cell through the reciprocal metric tensor, and analytic derivatives of d
 * with respect to the lattice parameters (for Pawley/Le Bail-type lattice refinement).
 *
 * Formulas (International Tables for Crystallography Vol. B, 2008, ch. 1.1, "Reciprocal space in
 * crystallography", doi:10.1107/97809553602060000551):
 * - direct metric tensor G = [[a^2, ab cos(gamma), ac cos(beta)], [ab cos(gamma), b^2, bc cos(alpha)],
 *   [ac cos(beta), bc cos(alpha), c^2]]; V^2 = det G
 * - reciprocal metric tensor G* = G^-1; 1/d^2 = h^T G* h with h = (h, k, l)
 * - derivative: d(1/d^2)/dp = -u^T (dG/dp) u with u = G* h, so dd/dp = (d^3 / 2) u^T (dG/dp) u
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

const DEG = Math.PI / 180;

/** The seven crystal systems (rhombohedral = trigonal cell in the rhombohedral setting). */
export type CrystalSystem = "cubic" | "tetragonal" | "orthorhombic" | "hexagonal" | "rhombohedral" | "monoclinic" | "triclinic";

/** All crystal systems, for validation and iteration. */
export const CRYSTAL_SYSTEMS: readonly CrystalSystem[] = ["cubic", "tetragonal", "orthorhombic", "hexagonal", "rhombohedral", "monoclinic", "triclinic"];

/** A unit cell: edge lengths in Angstrom and inter-axial angles in degrees. */
export interface Lattice {
  /** Edge a (A). */
  readonly a: number;
  /** Edge b (A). */
  readonly b: number;
  /** Edge c (A). */
  readonly c: number;
  /** Angle between b and c (deg). */
  readonly alphaDeg: number;
  /** Angle between a and c (deg). */
  readonly betaDeg: number;
  /** Angle between a and b (deg). */
  readonly gammaDeg: number;
}

/** Names of the six lattice parameters, in the order a, b, c, alpha, beta, gamma. */
export type LatticeParameterName = keyof Lattice;

/** The six parameter names in conventional order. */
export const LATTICE_PARAMETER_NAMES: readonly LatticeParameterName[] = ["a", "b", "c", "alphaDeg", "betaDeg", "gammaDeg"];

/**
 * The independent lattice parameters of each crystal system (monoclinic in the unique-axis-b
 * setting, hexagonal with gamma = 120 deg, rhombohedral with a = b = c, alpha = beta = gamma).
 */
export const FREE_LATTICE_PARAMETERS: Readonly<Record<CrystalSystem, readonly LatticeParameterName[]>> = {
  cubic: ["a"],
  tetragonal: ["a", "c"],
  orthorhombic: ["a", "b", "c"],
  hexagonal: ["a", "c"],
  rhombohedral: ["a", "alphaDeg"],
  monoclinic: ["a", "b", "c", "betaDeg"],
  triclinic: ["a", "b", "c", "alphaDeg", "betaDeg", "gammaDeg"],
};

function checkLength(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidParameterError({ parameter: name, value, expected: "a positive, finite length in Angstrom" });
  }
}

function checkAngle(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0 && value < 180)) {
    throw new InvalidParameterError({ parameter: name, value, expected: "an angle in (0, 180) degrees" });
  }
}

/**
 * Builds a general (triclinic) lattice after validating it: positive lengths, angles in
 * (0, 180) deg and a positive cell volume (the three angles must be able to close a cell).
 *
 * @param params - a, b, c (A) and alphaDeg, betaDeg, gammaDeg (deg)
 * @returns a frozen copy
 * @throws InvalidParameterError naming the offending parameter
 * @example createLattice({ a: 5, b: 6, c: 7, alphaDeg: 80, betaDeg: 95, gammaDeg: 100 })
 */
export function createLattice(params: Lattice): Lattice {
  checkLength("a", params.a);
  checkLength("b", params.b);
  checkLength("c", params.c);
  checkAngle("alphaDeg", params.alphaDeg);
  checkAngle("betaDeg", params.betaDeg);
  checkAngle("gammaDeg", params.gammaDeg);
  const lattice: Lattice = Object.freeze({
    a: params.a,
    b: params.b,
    c: params.c,
    alphaDeg: params.alphaDeg,
    betaDeg: params.betaDeg,
    gammaDeg: params.gammaDeg,
  });
  const v2 = volumeSquaredFactor(lattice);
  if (!(v2 > 1e-12)) {
    throw new InvalidParameterError({ parameter: "alphaDeg/betaDeg/gammaDeg", value: [params.alphaDeg, params.betaDeg, params.gammaDeg], expected: "angles that close a cell (1 - cos^2 a - cos^2 b - cos^2 g + 2 cos a cos b cos g > 0)" });
  }
  return lattice;
}

/**
 * Cubic lattice a = b = c, all angles 90 deg.
 * @param a - edge (A)
 * @throws InvalidParameterError when a is not positive
 * @example cubicLattice(5.411651) // CeO2 SRM 674b
 * @returns the lattice (edges in Å, angles in degrees)
 */
export function cubicLattice(a: number): Lattice {
  return createLattice({ a, b: a, c: a, alphaDeg: 90, betaDeg: 90, gammaDeg: 90 });
}

/**
 * Tetragonal lattice a = b != c, all angles 90 deg.
 * @param a - edge a = b (A)
 * @param c - edge c (A)
 * @returns the lattice (edges in Å, angles in degrees)
 * @throws InvalidParameterError when an edge is not positive and finite
 */
export function tetragonalLattice(a: number, c: number): Lattice {
  return createLattice({ a, b: a, c, alphaDeg: 90, betaDeg: 90, gammaDeg: 90 });
}

/**
 * Orthorhombic lattice, all angles 90 deg.
 * @param a - edge a (A)
 * @param b - edge b (A)
 * @param c - edge c (A)
 * @example orthorhombicLattice(11.512, 3.564, 4.368) // alpha-V2O5
 * @returns the lattice (edges in Å, angles in degrees)
 * @throws InvalidParameterError when an edge is not positive and finite
 */
export function orthorhombicLattice(a: number, b: number, c: number): Lattice {
  return createLattice({ a, b, c, alphaDeg: 90, betaDeg: 90, gammaDeg: 90 });
}

/**
 * Hexagonal lattice a = b, alpha = beta = 90 deg, gamma = 120 deg (also the hexagonal setting of
 * rhombohedral groups).
 * @param a - edge a = b (A)
 * @param c - edge c (A)
 * @returns the lattice (edges in Å, angles in degrees)
 * @throws InvalidParameterError when an edge is not positive and finite
 */
export function hexagonalLattice(a: number, c: number): Lattice {
  return createLattice({ a, b: a, c, alphaDeg: 90, betaDeg: 90, gammaDeg: 120 });
}

/**
 * Rhombohedral lattice in the rhombohedral setting: a = b = c, alpha = beta = gamma.
 * @param a - edge (A)
 * @param alphaDeg - the common angle (deg), in (0, 120)
 * @returns the lattice (edges in Å, angles in degrees)
 * @throws InvalidParameterError when a is not positive or alphaDeg is outside (0, 120)
 */
export function rhombohedralLattice(a: number, alphaDeg: number): Lattice {
  if (!(alphaDeg > 0 && alphaDeg < 120)) {
    throw new InvalidParameterError({ parameter: "alphaDeg", value: alphaDeg, expected: "an angle in (0, 120) degrees for a rhombohedral cell" });
  }
  return createLattice({ a, b: a, c: a, alphaDeg, betaDeg: alphaDeg, gammaDeg: alphaDeg });
}

/**
 * Monoclinic lattice, unique axis b: alpha = gamma = 90 deg.
 * @param a - edge a (A)
 * @param b - edge b (A), the unique axis
 * @param c - edge c (A)
 * @param betaDeg - angle between a and c (deg)
 * @returns the lattice (edges in Å, angles in degrees)
 * @throws InvalidParameterError when an edge is not positive or betaDeg is outside (0, 180)
 */
export function monoclinicLattice(a: number, b: number, c: number, betaDeg: number): Lattice {
  return createLattice({ a, b, c, alphaDeg: 90, betaDeg, gammaDeg: 90 });
}

/**
 * Triclinic lattice (no constraints); same as {@link createLattice}.
 * @param params - all six parameters
 * @returns the validated lattice
 * @throws InvalidParameterError naming the offending parameter, or when the angles do not close a cell
 */
export function triclinicLattice(params: Lattice): Lattice {
  return createLattice(params);
}

function volumeSquaredFactor(l: Lattice): number {
  const ca = Math.cos(l.alphaDeg * DEG);
  const cb = Math.cos(l.betaDeg * DEG);
  const cg = Math.cos(l.gammaDeg * DEG);
  return 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
}

/**
 * Cell volume V = a b c sqrt(1 - cos^2 alpha - cos^2 beta - cos^2 gamma + 2 cos alpha cos beta cos gamma).
 * @param lattice - the cell
 * @returns volume (A^3)
 * @example cellVolume(cubicLattice(2)) // 8
 */
export function cellVolume(lattice: Lattice): number {
  return lattice.a * lattice.b * lattice.c * Math.sqrt(volumeSquaredFactor(lattice));
}

/**
 * Direct metric tensor G (row-major 3x3, A^2).
 * @param lattice - the cell
 * @returns a new Float64Array of 9 values
 */
export function metricTensor(lattice: Lattice): Float64Array {
  const { a, b, c } = lattice;
  const ca = Math.cos(lattice.alphaDeg * DEG);
  const cb = Math.cos(lattice.betaDeg * DEG);
  const cg = Math.cos(lattice.gammaDeg * DEG);
  return Float64Array.of(a * a, a * b * cg, a * c * cb, a * b * cg, b * b, b * c * ca, a * c * cb, b * c * ca, c * c);
}

/**
 * Reciprocal metric tensor G* = G^-1 (row-major 3x3, 1/A^2).
 * @param lattice - the cell
 * @returns a new Float64Array of 9 values
 */
export function reciprocalMetricTensor(lattice: Lattice): Float64Array {
  const g = metricTensor(lattice);
  const [g00, g01, g02, , g11, g12, , , g22] = g as unknown as [number, number, number, number, number, number, number, number, number];
  const c00 = g11 * g22 - g12 * g12;
  const c01 = g02 * g12 - g01 * g22;
  const c02 = g01 * g12 - g02 * g11;
  const c11 = g00 * g22 - g02 * g02;
  const c12 = g01 * g02 - g00 * g12;
  const c22 = g00 * g11 - g01 * g01;
  const det = g00 * c00 + g01 * c01 + g02 * c02;
  return Float64Array.of(c00 / det, c01 / det, c02 / det, c01 / det, c11 / det, c12 / det, c02 / det, c12 / det, c22 / det);
}

/**
 * 1/d^2 = h^T G* h for a precomputed reciprocal metric tensor (hot-loop form).
 * @param gStar - reciprocal metric tensor from {@link reciprocalMetricTensor}
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @returns 1/d^2 (1/A^2)
 */
export function inverseDSquared(gStar: Float64Array, h: number, k: number, l: number): number {
  const g = gStar;
  return g[0]! * h * h + g[4]! * k * k + g[8]! * l * l + 2 * (g[1]! * h * k + g[2]! * h * l + g[5]! * k * l);
}

/**
 * Interplanar spacing d(hkl) for any crystal system: d = 1 / sqrt(h^T G* h).
 *
 * @param lattice - the cell
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @returns d (A)
 * @throws InvalidParameterError for (0, 0, 0) or non-integer indices
 * @example dSpacing(orthorhombicLattice(11.512, 3.564, 4.368), 1, 0, 1) // 4.084 A
 */
export function dSpacing(lattice: Lattice, h: number, k: number, l: number): number {
  checkIndices(h, k, l);
  return 1 / Math.sqrt(inverseDSquared(reciprocalMetricTensor(lattice), h, k, l));
}

function checkIndices(h: number, k: number, l: number): void {
  if (!Number.isInteger(h) || !Number.isInteger(k) || !Number.isInteger(l)) {
    throw new InvalidParameterError({ parameter: "hkl", value: [h, k, l], expected: "integer Miller indices" });
  }
  if (h === 0 && k === 0 && l === 0) {
    throw new InvalidParameterError({ parameter: "hkl", value: [h, k, l], expected: "indices other than (0, 0, 0)" });
  }
}

/** Partial derivatives of d(hkl) with respect to each of the six lattice parameters. */
export interface DSpacingGradient {
  /** d (A) itself. */
  dAngstrom: number;
  /** dd/da (dimensionless). */
  a: number;
  /** dd/db. */
  b: number;
  /** dd/dc. */
  c: number;
  /** dd/d(alpha) in A per degree. */
  alphaDeg: number;
  /** dd/d(beta) in A per degree. */
  betaDeg: number;
  /** dd/d(gamma) in A per degree. */
  gammaDeg: number;
}

/**
 * Analytic gradient of d(hkl) with respect to the six lattice parameters, each varied
 * independently: dd/dp = (d^3 / 2) u^T (dG/dp) u with u = G* h (see the module notes).
 * For a constrained system, the derivative with respect to a free parameter is the sum over
 * the parameters tied to it (cubic: dd/da_free = dd/da + dd/db + dd/dc); use
 * {@link dSpacingGradientFree} for that.
 *
 * @param lattice - the cell
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @returns d and its six partial derivatives (A/A for lengths, A/deg for angles)
 * @throws InvalidParameterError for (0, 0, 0) or non-integer indices
 */
export function dSpacingGradient(lattice: Lattice, h: number, k: number, l: number): DSpacingGradient {
  checkIndices(h, k, l);
  const gs = reciprocalMetricTensor(lattice);
  const u0 = gs[0]! * h + gs[1]! * k + gs[2]! * l;
  const u1 = gs[3]! * h + gs[4]! * k + gs[5]! * l;
  const u2 = gs[6]! * h + gs[7]! * k + gs[8]! * l;
  const invD2 = h * u0 + k * u1 + l * u2;
  const d = 1 / Math.sqrt(invD2);
  const half = (d * d * d) / 2;
  const { a, b, c } = lattice;
  const ra = lattice.alphaDeg * DEG;
  const rb = lattice.betaDeg * DEG;
  const rg = lattice.gammaDeg * DEG;
  const ca = Math.cos(ra);
  const cb = Math.cos(rb);
  const cg = Math.cos(rg);
  // u^T dG/dp u for each parameter (dG/dp symmetric, off-diagonal terms counted twice).
  const qa = 2 * a * u0 * u0 + 2 * (b * cg * u0 * u1 + c * cb * u0 * u2);
  const qb = 2 * b * u1 * u1 + 2 * (a * cg * u0 * u1 + c * ca * u1 * u2);
  const qc = 2 * c * u2 * u2 + 2 * (a * cb * u0 * u2 + b * ca * u1 * u2);
  const qAlpha = 2 * (-b * c * Math.sin(ra) * u1 * u2) * DEG;
  const qBeta = 2 * (-a * c * Math.sin(rb) * u0 * u2) * DEG;
  const qGamma = 2 * (-a * b * Math.sin(rg) * u0 * u1) * DEG;
  return { dAngstrom: d, a: half * qa, b: half * qb, c: half * qc, alphaDeg: half * qAlpha, betaDeg: half * qBeta, gammaDeg: half * qGamma };
}

/**
 * The free lattice parameters of a crystal system as a plain array, in the order of
 * {@link FREE_LATTICE_PARAMETERS}.
 * @param system - crystal system
 * @param lattice - a cell of that system
 * @returns values of the free parameters (A or deg)
 */
export function freeLatticeParameters(system: CrystalSystem, lattice: Lattice): number[] {
  return FREE_LATTICE_PARAMETERS[system].map((name) => lattice[name]);
}

/**
 * Builds a lattice of a given crystal system from its free parameters (inverse of
 * {@link freeLatticeParameters}); tied parameters and fixed angles follow the system.
 *
 * @param system - crystal system
 * @param values - free parameter values in the order of FREE_LATTICE_PARAMETERS[system]
 * @returns the lattice
 * @throws InvalidParameterError when the count is wrong or a value is invalid
 * @example latticeFromFreeParameters("orthorhombic", [11.512, 3.564, 4.368])
 */
export function latticeFromFreeParameters(system: CrystalSystem, values: readonly number[]): Lattice {
  const names = FREE_LATTICE_PARAMETERS[system];
  if (names === undefined) {
    throw new InvalidParameterError({ parameter: "system", value: system, expected: CRYSTAL_SYSTEMS.join(", ") });
  }
  if (values.length !== names.length) {
    throw new InvalidParameterError({ parameter: "values", value: values, expected: `${names.length} values (${names.join(", ")}) for a ${system} cell` });
  }
  const v = (i: number): number => values[i]!;
  switch (system) {
    case "cubic":
      return cubicLattice(v(0));
    case "tetragonal":
      return tetragonalLattice(v(0), v(1));
    case "orthorhombic":
      return orthorhombicLattice(v(0), v(1), v(2));
    case "hexagonal":
      return hexagonalLattice(v(0), v(1));
    case "rhombohedral":
      return rhombohedralLattice(v(0), v(1));
    case "monoclinic":
      return monoclinicLattice(v(0), v(1), v(2), v(3));
    case "triclinic":
      return createLattice({ a: v(0), b: v(1), c: v(2), alphaDeg: v(3), betaDeg: v(4), gammaDeg: v(5) });
  }
}

/** Which of the six parameters each free parameter drives (for summing partial derivatives). */
const TIED: Readonly<Record<CrystalSystem, readonly (readonly LatticeParameterName[])[]>> = {
  cubic: [["a", "b", "c"]],
  tetragonal: [["a", "b"], ["c"]],
  orthorhombic: [["a"], ["b"], ["c"]],
  hexagonal: [["a", "b"], ["c"]],
  rhombohedral: [
    ["a", "b", "c"],
    ["alphaDeg", "betaDeg", "gammaDeg"],
  ],
  monoclinic: [["a"], ["b"], ["c"], ["betaDeg"]],
  triclinic: [["a"], ["b"], ["c"], ["alphaDeg"], ["betaDeg"], ["gammaDeg"]],
};

/**
 * Gradient of d(hkl) with respect to the free parameters of a crystal system (chain rule over
 * tied parameters), in the order of {@link FREE_LATTICE_PARAMETERS}.
 *
 * @param system - crystal system of the cell
 * @param lattice - the cell
 * @param h - Miller index h
 * @param k - Miller index k
 * @param l - Miller index l
 * @returns derivatives dd/dp_free (A/A or A/deg)
 * @example dSpacingGradientFree("cubic", cubicLattice(4), 1, 1, 1) // [1/sqrt(3)]
 */
export function dSpacingGradientFree(system: CrystalSystem, lattice: Lattice, h: number, k: number, l: number): number[] {
  const g = dSpacingGradient(lattice, h, k, l);
  return TIED[system].map((group) => group.reduce((sum, name) => sum + g[name], 0));
}
