/**
 * Mapping between the full (external) parameter vector a model sees and the free (internal)
 * vector the solver moves: fixed parameters are removed, tied parameters substituted, and
 * bounded parameters transformed to an unbounded variable.
 *
 * Bounds use the smooth transformations of MINUIT (F. James, MINUIT reference manual, CERN
 * D506, section 1.3.1 "Parameter limits"), also used by lmfit
 * (https://lmfit.github.io/lmfit-py/bounds.html):
 * - both bounds:  p = lo + (hi - lo) (sin u + 1) / 2
 * - lower only:   p = lo - 1 + sqrt(u^2 + 1)
 * - upper only:   p = hi + 1 - sqrt(u^2 + 1)
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/** Kind of bound transformation per free parameter. */
export const BoundKind = { None: 0, Both: 1, Lower: 2, Upper: 3 } as const;

/** Resolved free/fixed/tied structure of a fit. */
export interface ParameterMap {
  /** Total number of parameters the model takes. */
  total: number;
  /** External index of each free parameter. */
  freeIndex: Int32Array;
  /** Bound kind per free parameter. */
  boundKind: Uint8Array;
  /** Lower bound per free parameter (or -Infinity). */
  lower: Float64Array;
  /** Upper bound per free parameter (or +Infinity). */
  upper: Float64Array;
  /** Per external parameter: role 0 free, 1 fixed, 2 tied. */
  role: Uint8Array;
  /** Per external parameter: source external index when tied, else -1. */
  tieSource: Int32Array;
  /** Per external parameter: tie factor. */
  tieFactor: Float64Array;
  /** Per external parameter: tie offset. */
  tieOffset: Float64Array;
  /** For free parameter k: the external indices it drives (itself first, then tied ones). */
  drives: Int32Array[];
  /** For free parameter k: the factor dp_j/dq_k for each driven index. */
  driveFactors: Float64Array[];
}

/** A tie p[parameter] = factor * p[source] + offset (mirrors the public ParameterTie). */
export interface TieSpec {
  parameter: number;
  source: number;
  factor?: number;
  offset?: number;
}

function optionalArray(values: ArrayLike<number> | undefined, total: number, name: string): ArrayLike<number> | undefined {
  if (values === undefined) return undefined;
  if (values.length !== total) {
    throw new InvalidParameterError({ parameter: `options.${name}`, value: `length ${values.length}`, expected: `length ${total} (one per parameter)` });
  }
  return values;
}

function parameterLabel(names: readonly string[], index: number): string {
  const name = names[index];
  return name === undefined ? `p[${index}]` : `${name} (p[${index}])`;
}

/**
 * Validates fixed/ties/bounds against the starting values and builds the map.
 * @throws InvalidParameterError for bad lengths, a start outside its bounds, lower > upper,
 *   a tie to itself, a chained tie, or a parameter both fixed and tied
 */
export function buildParameterMap(
  p0: Float64Array,
  names: readonly string[],
  options: {
    lower?: ArrayLike<number> | undefined;
    upper?: ArrayLike<number> | undefined;
    fixed?: ArrayLike<boolean> | undefined;
    ties?: readonly TieSpec[] | undefined;
  },
): ParameterMap {
  const total = p0.length;
  const lowerIn = optionalArray(options.lower, total, "lower");
  const upperIn = optionalArray(options.upper, total, "upper");
  const fixedIn = options.fixed;
  if (fixedIn !== undefined && fixedIn.length !== total) {
    throw new InvalidParameterError({ parameter: "options.fixed", value: `length ${fixedIn.length}`, expected: `length ${total} (one per parameter)` });
  }
  const role = new Uint8Array(total);
  const tieSource = new Int32Array(total).fill(-1);
  const tieFactor = new Float64Array(total);
  const tieOffset = new Float64Array(total);
  if (fixedIn !== undefined) for (let j = 0; j < total; j++) if (fixedIn[j] === true) role[j] = 1;
  const ties = options.ties ?? [];
  for (let t = 0; t < ties.length; t++) {
    const tie = ties[t]!;
    const where = `options.ties[${t}]`;
    for (const key of ["parameter", "source"] as const) {
      const v = tie[key];
      if (!Number.isInteger(v) || v < 0 || v >= total) {
        throw new InvalidParameterError({ parameter: `${where}.${key}`, value: v, expected: `an integer parameter index in [0, ${total - 1}]` });
      }
    }
    const factor = tie.factor ?? 1;
    const offset = tie.offset ?? 0;
    if (!Number.isFinite(factor)) throw new InvalidParameterError({ parameter: `${where}.factor`, value: factor, expected: "a finite number" });
    if (!Number.isFinite(offset)) throw new InvalidParameterError({ parameter: `${where}.offset`, value: offset, expected: "a finite number" });
    if (tie.parameter === tie.source) {
      throw new InvalidParameterError({ parameter: `${where}`, value: tie.parameter, expected: "a source different from the tied parameter" });
    }
    if (role[tie.parameter] === 1) {
      throw new InvalidParameterError({ parameter: `${where}.parameter`, value: parameterLabel(names, tie.parameter), expected: "a parameter that is not also fixed" });
    }
    if (role[tie.parameter] === 2) {
      throw new InvalidParameterError({ parameter: `${where}.parameter`, value: parameterLabel(names, tie.parameter), expected: "a parameter tied only once" });
    }
    role[tie.parameter] = 2;
    tieSource[tie.parameter] = tie.source;
    tieFactor[tie.parameter] = factor;
    tieOffset[tie.parameter] = offset;
  }
  for (let j = 0; j < total; j++) {
    if (role[j] === 2 && role[tieSource[j]!] === 2) {
      throw new InvalidParameterError({
        parameter: "options.ties",
        value: `${parameterLabel(names, j)} -> ${parameterLabel(names, tieSource[j]!)}`,
        expected: "ties whose source is a free or fixed parameter (tie to the root instead of chaining)",
      });
    }
  }
  const freeList: number[] = [];
  for (let j = 0; j < total; j++) if (role[j] === 0) freeList.push(j);
  const m = freeList.length;
  const freeIndex = Int32Array.from(freeList);
  const boundKind = new Uint8Array(m);
  const lower = new Float64Array(m).fill(-Infinity);
  const upper = new Float64Array(m).fill(Infinity);
  for (let k = 0; k < m; k++) {
    const j = freeIndex[k]!;
    const lo = lowerIn === undefined ? -Infinity : lowerIn[j]!;
    const hi = upperIn === undefined ? Infinity : upperIn[j]!;
    if (Number.isNaN(lo) || lo === Infinity) throw new InvalidParameterError({ parameter: `options.lower[${j}]`, value: lo, expected: "a number or -Infinity" });
    if (Number.isNaN(hi) || hi === -Infinity) throw new InvalidParameterError({ parameter: `options.upper[${j}]`, value: hi, expected: "a number or Infinity" });
    if (!(lo < hi)) {
      throw new InvalidParameterError({ parameter: `options.lower[${j}]`, value: lo, expected: `less than options.upper[${j}] = ${hi} (fix the parameter instead of equal bounds)` });
    }
    const start = p0[j]!;
    if (start < lo || start > hi) {
      throw new InvalidParameterError({ parameter: `p0[${j}]`, value: `${parameterLabel(names, j)} = ${start}`, expected: `a starting value inside its bounds [${lo}, ${hi}]` });
    }
    lower[k] = lo;
    upper[k] = hi;
    const hasLo = lo > -Infinity;
    const hasHi = hi < Infinity;
    boundKind[k] = hasLo && hasHi ? BoundKind.Both : hasLo ? BoundKind.Lower : hasHi ? BoundKind.Upper : BoundKind.None;
  }
  const freePosition = new Int32Array(total).fill(-1);
  for (let k = 0; k < m; k++) freePosition[freeIndex[k]!] = k;
  const drivesList: number[][] = freeList.map((j) => [j]);
  const factorList: number[][] = freeList.map(() => [1]);
  for (let j = 0; j < total; j++) {
    if (role[j] !== 2) continue;
    const k = freePosition[tieSource[j]!]!;
    if (k >= 0) {
      drivesList[k]!.push(j);
      factorList[k]!.push(tieFactor[j]!);
    }
  }
  return {
    total,
    freeIndex,
    boundKind,
    lower,
    upper,
    role,
    tieSource,
    tieFactor,
    tieOffset,
    drives: drivesList.map((d) => Int32Array.from(d)),
    driveFactors: factorList.map((f) => Float64Array.from(f)),
  };
}

/**
 * Distance, in the sine transform's sin(u), kept from +-1 at the start: there dp/du = 0 and a
 * parameter that starts on its bound could never leave it (the MINUIT/lmfit trap that sequential
 * fits walk into when the previous result ended on a bound). The start moves by 5e-9 of the
 * range, and dp/du becomes ~1.4e-4 (hi - lo) / 2.
 */
const START_EDGE = 1e-8;
/** Smallest |u| of the one-sided transforms at the start (moves p by at most 5e-9). */
const START_U_MIN = 1e-4;

/**
 * Internal starting value of free parameter k: {@link toInternal}, kept off the stationary
 * points of the bound transformations so that a parameter starting on its bound can move.
 * @param map - parameter map
 * @param k - free parameter index
 * @param p - external starting value (inside or on the bounds)
 * @returns the internal value
 */
export function startingInternal(map: ParameterMap, k: number, p: number): number {
  const u = toInternal(map, k, p);
  switch (map.boundKind[k]) {
    case BoundKind.Both: {
      const limit = Math.asin(1 - START_EDGE);
      return Math.min(limit, Math.max(-limit, u));
    }
    case BoundKind.Lower:
    case BoundKind.Upper:
      return Math.max(u, START_U_MIN);
    default:
      return u;
  }
}

/** Internal value of free parameter k for external value p. */
export function toInternal(map: ParameterMap, k: number, p: number): number {
  const lo = map.lower[k]!;
  const hi = map.upper[k]!;
  switch (map.boundKind[k]) {
    case BoundKind.Both: {
      const s = Math.min(1, Math.max(-1, (2 * (p - lo)) / (hi - lo) - 1));
      return Math.asin(s);
    }
    case BoundKind.Lower: {
      const t = p - lo + 1;
      return Math.sqrt(Math.max(0, t * t - 1));
    }
    case BoundKind.Upper: {
      const t = hi - p + 1;
      return Math.sqrt(Math.max(0, t * t - 1));
    }
    default:
      return p;
  }
}

/** External value of free parameter k for internal value u. */
export function toExternal(map: ParameterMap, k: number, u: number): number {
  const lo = map.lower[k]!;
  const hi = map.upper[k]!;
  switch (map.boundKind[k]) {
    case BoundKind.Both:
      return Math.min(hi, Math.max(lo, lo + ((hi - lo) * (Math.sin(u) + 1)) / 2));
    case BoundKind.Lower:
      return lo - 1 + Math.sqrt(u * u + 1);
    case BoundKind.Upper:
      return hi + 1 - Math.sqrt(u * u + 1);
    default:
      return u;
  }
}

/** Derivative dp/du of free parameter k at internal value u. */
export function externalDerivative(map: ParameterMap, k: number, u: number): number {
  switch (map.boundKind[k]) {
    case BoundKind.Both:
      return ((map.upper[k]! - map.lower[k]!) * Math.cos(u)) / 2;
    case BoundKind.Lower:
      return u / Math.sqrt(u * u + 1);
    case BoundKind.Upper:
      return -u / Math.sqrt(u * u + 1);
    default:
      return 1;
  }
}

/**
 * Fills the full external vector p from internal u: free ones transformed, fixed ones from
 * `base`, tied ones substituted.
 */
export function fillExternal(map: ParameterMap, u: Float64Array, base: Float64Array, p: Float64Array): void {
  const { total, role, freeIndex } = map;
  for (let k = 0; k < freeIndex.length; k++) p[freeIndex[k]!] = toExternal(map, k, u[k]!);
  for (let j = 0; j < total; j++) {
    const r = role[j];
    if (r === 1) p[j] = base[j]!;
    else if (r === 2) p[j] = map.tieFactor[j]! * (role[map.tieSource[j]!] === 1 ? base[map.tieSource[j]!]! : p[map.tieSource[j]!]!) + map.tieOffset[j]!;
  }
}
