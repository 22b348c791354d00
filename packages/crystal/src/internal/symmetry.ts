/**
 * Symmetry-operation kernel: parsing "x,y,z" triplets, composing operations and closing a set of
 * generators into a full space group (coset representatives modulo lattice translations).
 * @internal
 */

/** A space-group operation x' = R x + t in fractional coordinates. */
export interface SymmetryOperation {
  /** Rotation part, row-major 3x3 integer matrix. */
  readonly rotation: readonly number[];
  /** Translation part, each component in [0, 1). */
  readonly translation: readonly [number, number, number];
}

const TRANSLATION_GRID = 48; // all translations in the supported groups are multiples of 1/12 or 1/8

function wrap(t: number): number {
  const r = Math.round((t - Math.floor(t)) * TRANSLATION_GRID) / TRANSLATION_GRID;
  return r >= 1 ? r - 1 : r;
}

/**
 * Parses a coordinate triplet such as "-x+1/2,y,-z+3/4" or "x-y,x,z".
 * @param text - the triplet
 * @returns the operation
 */
export function parseOperation(text: string): SymmetryOperation {
  const parts = text.split(",").map((s) => s.trim().toLowerCase());
  if (parts.length !== 3) throw new Error(`symmetry operation "${text}": expected 3 comma-separated components`);
  const rotation: number[] = [];
  const translation: number[] = [];
  for (const part of parts) {
    const row = [0, 0, 0];
    let t = 0;
    const terms = part.replace(/-/g, "+-").split("+").filter((s) => s.length > 0);
    for (const term of terms) {
      const negative = term.startsWith("-");
      const body = negative ? term.slice(1) : term;
      const sign = negative ? -1 : 1;
      const axis = "xyz".indexOf(body);
      if (axis >= 0) {
        row[axis] = row[axis]! + sign;
      } else {
        const [num, den] = body.split("/");
        const value = Number(num) / (den === undefined ? 1 : Number(den));
        if (!Number.isFinite(value)) throw new Error(`symmetry operation "${text}": bad term "${term}"`);
        t += sign * value;
      }
    }
    rotation.push(...row);
    translation.push(wrap(t));
  }
  return { rotation, translation: [translation[0]!, translation[1]!, translation[2]!] };
}

/** Composition (a after b): x -> Ra (Rb x + tb) + ta. */
export function composeOperations(a: SymmetryOperation, b: SymmetryOperation): SymmetryOperation {
  const ra = a.rotation;
  const rb = b.rotation;
  const r: number[] = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += ra[3 * i + k]! * rb[3 * k + j]!;
      r[3 * i + j] = s;
    }
  }
  const t: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    let s = a.translation[i]!;
    for (let k = 0; k < 3; k++) s += ra[3 * i + k]! * b.translation[k]!;
    t[i] = wrap(s);
  }
  return { rotation: r, translation: t };
}

function operationKey(op: SymmetryOperation): string {
  return `${op.rotation.join(",")}|${op.translation.map((v) => Math.round(v * TRANSLATION_GRID)).join(",")}`;
}

/**
 * Closes a set of generators (plus centring translations) into the full list of operations
 * modulo integer lattice translations.
 * @param generators - generator triplets
 * @param centringVectors - centring translations (besides 0,0,0)
 * @returns the operations, identity first
 */
export function closeGroup(generators: readonly string[], centringVectors: readonly (readonly [number, number, number])[] = []): SymmetryOperation[] {
  const identity = parseOperation("x,y,z");
  const gens = generators.map(parseOperation);
  for (const v of centringVectors) gens.push({ rotation: identity.rotation, translation: [wrap(v[0]), wrap(v[1]), wrap(v[2])] });
  const ops: SymmetryOperation[] = [identity];
  const seen = new Set<string>([operationKey(identity)]);
  for (let i = 0; i < ops.length; i++) {
    for (const g of gens) {
      const next = composeOperations(g, ops[i]!);
      const key = operationKey(next);
      if (!seen.has(key)) {
        seen.add(key);
        ops.push(next);
        if (ops.length > 192) throw new Error("symmetry closure exceeded 192 operations: inconsistent generators");
      }
    }
  }
  return ops;
}

/** Distinct rotation parts of a list of operations, with the inversion added (Laue class). */
export function laueRotations(ops: readonly SymmetryOperation[]): number[][] {
  const seen = new Map<string, number[]>();
  for (const op of ops) {
    for (const sign of [1, -1]) {
      const r = op.rotation.map((v) => v * sign);
      const key = r.join(",");
      if (!seen.has(key)) seen.set(key, r);
    }
  }
  return [...seen.values()];
}
