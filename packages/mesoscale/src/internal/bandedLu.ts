/**
 * Banded LU factorisation with partial pivoting (the unblocked algorithm of LAPACK dgbtf2,
 * Anderson et al., LAPACK Users' Guide, 3rd ed., SIAM 1999), written for this package.
 * Storage is LAPACK's column-major band layout with kl extra rows for pivoting fill-in:
 * A(i, j) lives at ab[(kl + ku + i - j) + j * ldab], ldab = 2 kl + ku + 1.
 *
 * @packageDocumentation
 */

/** A square banded matrix with room for its LU factors. */
export class BandedMatrix {
  readonly n: number;
  readonly kl: number;
  readonly ku: number;
  readonly ldab: number;
  readonly ab: Float64Array;
  readonly pivots: Int32Array;

  constructor(n: number, kl: number, ku: number) {
    this.n = n;
    this.kl = kl;
    this.ku = ku;
    this.ldab = 2 * kl + ku + 1;
    this.ab = new Float64Array(this.ldab * n);
    this.pivots = new Int32Array(n);
  }

  /** Zeroes all entries. */
  clear(): void {
    this.ab.fill(0);
  }

  /** Adds v to A(i, j); throws if (i, j) is outside the band (a programming error). */
  add(i: number, j: number, v: number): void {
    const off = i - j;
    if (off > this.kl || -off > this.ku) throw new Error(`BandedMatrix.add: (${i}, ${j}) outside band kl=${this.kl} ku=${this.ku}`);
    this.ab[this.kl + this.ku + off + j * this.ldab]! += v;
  }

  /** Reads A(i, j) (0 outside the band). */
  get(i: number, j: number): number {
    const off = i - j;
    if (off > this.kl || -off > this.ku) return 0;
    return this.ab[this.kl + this.ku + off + j * this.ldab]!;
  }

  /**
   * Factors in place. Returns the index of the first zero pivot, or -1 on success.
   */
  factor(): number {
    const { n, kl, ku, ldab, ab, pivots } = this;
    const kv = kl + ku;
    // Zero the fill-in rows (superdiagonals ku+1 .. ku+kl).
    for (let j = 0; j < n; j++) for (let r = 0; r < kl; r++) ab[r + j * ldab] = 0;
    let ju = 0;
    for (let j = 0; j < n; j++) {
      const km = Math.min(kl, n - 1 - j);
      let jp = 0;
      let best = Math.abs(ab[kv + j * ldab]!);
      for (let t = 1; t <= km; t++) {
        const v = Math.abs(ab[kv + t + j * ldab]!);
        if (v > best) {
          best = v;
          jp = t;
        }
      }
      pivots[j] = j + jp;
      if (best === 0 || !Number.isFinite(best)) return j;
      ju = Math.max(ju, Math.min(j + ku + jp, n - 1));
      if (jp !== 0) {
        for (let c = j; c <= ju; c++) {
          const a = kv + j - c + c * ldab;
          const b = kv + j + jp - c + c * ldab;
          const tmp = ab[a]!;
          ab[a] = ab[b]!;
          ab[b] = tmp;
        }
      }
      const pivot = ab[kv + j * ldab]!;
      const inv = 1 / pivot;
      for (let t = 1; t <= km; t++) ab[kv + t + j * ldab]! *= inv;
      for (let c = j + 1; c <= ju; c++) {
        const ujc = ab[kv + j - c + c * ldab]!;
        if (ujc === 0) continue;
        const base = kv - c + c * ldab + j;
        for (let t = 1; t <= km; t++) ab[base + t]! -= ab[kv + t + j * ldab]! * ujc;
      }
    }
    return -1;
  }

  /** Solves A x = b in place after {@link factor}. */
  solve(b: Float64Array): void {
    const { n, kl, ku, ldab, ab, pivots } = this;
    const kv = kl + ku;
    for (let j = 0; j < n; j++) {
      const p = pivots[j]!;
      if (p !== j) {
        const tmp = b[j]!;
        b[j] = b[p]!;
        b[p] = tmp;
      }
      const bj = b[j]!;
      if (bj !== 0) {
        const km = Math.min(kl, n - 1 - j);
        for (let t = 1; t <= km; t++) b[j + t]! -= ab[kv + t + j * ldab]! * bj;
      }
    }
    for (let j = n - 1; j >= 0; j--) {
      const bj = b[j]! / ab[kv + j * ldab]!;
      b[j] = bj;
      if (bj !== 0) {
        const top = Math.min(kv, j);
        for (let t = 1; t <= top; t++) b[j - t]! -= ab[kv - t + j * ldab]! * bj;
      }
    }
  }
}
