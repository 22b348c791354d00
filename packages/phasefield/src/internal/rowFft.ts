/**
 * Row-vectorised complex FFT: transforms along the slow (row) index of an interleaved complex
 * matrix, every column at once.
 *
 * Data: `rows` x `width` complex values, interleaved re/im, row-major; element (r, v) at
 * [base + 2 (r width + v), +1]. The transform of length n = rows runs along r for every column v.
 * Each butterfly is applied to two (or four) whole contiguous rows, so the inner loop is a long
 * unit-stride loop with one twiddle factor loaded per row pair (no strided gathers, no copies).
 *
 * Algorithm: iterative decimation in time (Cooley-Tukey radix 2), bit-reversal by row swaps, and
 * pairs of radix-2 stages fused into one pass over the data (radix 2^2: stages h and 2h share the
 * four rows r, r+h, r+2h, r+3h; the second-stage twiddle of the odd pair is w2 (-i)). The arithmetic
 * is that of plain radix 2; fusing only halves the number of passes over memory. Twiddles
 * exp(-2 pi i k / n) are tabulated from Math.cos/Math.sin directly (no recurrences), so round-off
 * stays at the O(eps log n) of a textbook FFT.
 */

/** Precomputed tables for one transform length. */
export class RowFftPlan {
  /** Transform length (power of two >= 1). */
  readonly n: number;
  /** Bit-reversal permutation of 0..n-1. */
  readonly rev: Uint32Array;
  /** cos(2 pi k / n), k = 0..n/2-1. */
  readonly cos: Float64Array;
  /** sin(2 pi k / n), k = 0..n/2-1 (forward twiddle is cos - i sin). */
  readonly sin: Float64Array;

  /** @param n - transform length (power of two >= 1) */
  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`RowFftPlan: length ${n} is not a power of two`);
    this.n = n;
    let bits = 0;
    while (1 << bits < n) bits++;
    this.rev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      this.rev[i] = r;
    }
    const half = Math.max(1, n >> 1);
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
  }
}

/**
 * In-place unnormalised complex DFT along rows: X[k] = sum_r x[r] exp(-+ 2 pi i k r / n), for every
 * column (sign - forward, + inverse; the inverse is NOT divided by n). Natural order in and out.
 * @param a - interleaved complex data
 * @param base - offset of row 0 in doubles
 * @param plan - tables for n = number of rows
 * @param width - complex values per row (>= 1)
 * @param inverse - true for the + sign
 */
export function fftRows(a: Float64Array, base: number, plan: RowFftPlan, width: number, inverse: boolean): void {
  const n = plan.n;
  const w2 = 2 * width;
  const rev = plan.rev;
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j <= i) continue;
    const pi = base + i * w2;
    const pj = base + j * w2;
    for (let k = 0; k < w2; k++) {
      const t = a[pi + k]!;
      a[pi + k] = a[pj + k]!;
      a[pj + k] = t;
    }
  }
  fftRowsDit(a, base, plan, width, inverse);
}

/**
 * As {@link fftRows} but the rows are given in bit-reversed order (row rev[r] holds x[r]);
 * the output is in natural order (decimation in time). Callers fold the permutation into a copy
 * they make anyway.
 */
export function fftRowsDit(a: Float64Array, base: number, plan: RowFftPlan, width: number, inverse: boolean): void {
  const n = plan.n;
  if (n === 1) return;
  const w2 = 2 * width;
  let h = 1;
  let log = 0;
  while (1 << log < n) log++;
  if (log & 1) {
    // one radix-2 stage with h = 1 (twiddle 1)
    for (let g = 0; g < n; g += 2) {
      const p = base + g * w2;
      const q = p + w2;
      for (let k = 0; k < w2; k++) {
        const x = a[p + k]!;
        const y = a[q + k]!;
        a[p + k] = x + y;
        a[q + k] = x - y;
      }
    }
    h = 2;
  }
  const cos = plan.cos;
  const sin = plan.sin;
  const sgn = inverse ? 1 : -1;
  // fused stages (h, 2h)
  for (; h < n; h *= 4) {
    const s1 = n / (2 * h); // twiddle stride, stage h
    const s2 = n / (4 * h); // twiddle stride, stage 2h
    const hw = h * w2;
    for (let g = 0; g < n; g += 4 * h) {
      for (let j = 0; j < h; j++) {
        const w1r = cos[j * s1]!;
        const w1i = sgn * sin[j * s1]!;
        const v2r = cos[j * s2]!;
        const v2i = sgn * sin[j * s2]!;
        // odd pair of stage 2h: w2 * (-i) forward, w2 * (+i) inverse
        const v3r = -sgn * v2i;
        const v3i = sgn * v2r;
        const p0 = base + (g + j) * w2;
        const p1 = p0 + hw;
        const p2 = p1 + hw;
        const p3 = p2 + hw;
        if (j === 0) {
          for (let k = 0; k < w2; k += 2) {
            const a0r = a[p0 + k]!, a0i = a[p0 + k + 1]!;
            const a1r = a[p1 + k]!, a1i = a[p1 + k + 1]!;
            const a2r = a[p2 + k]!, a2i = a[p2 + k + 1]!;
            const a3r = a[p3 + k]!, a3i = a[p3 + k + 1]!;
            const b0r = a0r + a1r, b0i = a0i + a1i;
            const b1r = a0r - a1r, b1i = a0i - a1i;
            const b2r = a2r + a3r, b2i = a2i + a3i;
            const b3r = a2r - a3r, b3i = a2i - a3i;
            // u = (-+i) b3
            const ur = -sgn * b3i;
            const ui = sgn * b3r;
            a[p0 + k] = b0r + b2r;
            a[p0 + k + 1] = b0i + b2i;
            a[p2 + k] = b0r - b2r;
            a[p2 + k + 1] = b0i - b2i;
            a[p1 + k] = b1r + ur;
            a[p1 + k + 1] = b1i + ui;
            a[p3 + k] = b1r - ur;
            a[p3 + k + 1] = b1i - ui;
          }
          continue;
        }
        for (let k = 0; k < w2; k += 2) {
          const a0r = a[p0 + k]!, a0i = a[p0 + k + 1]!;
          const a1r = a[p1 + k]!, a1i = a[p1 + k + 1]!;
          const a2r = a[p2 + k]!, a2i = a[p2 + k + 1]!;
          const a3r = a[p3 + k]!, a3i = a[p3 + k + 1]!;
          const t1r = w1r * a1r - w1i * a1i, t1i = w1r * a1i + w1i * a1r;
          const t3r = w1r * a3r - w1i * a3i, t3i = w1r * a3i + w1i * a3r;
          const b0r = a0r + t1r, b0i = a0i + t1i;
          const b1r = a0r - t1r, b1i = a0i - t1i;
          const b2r = a2r + t3r, b2i = a2i + t3i;
          const b3r = a2r - t3r, b3i = a2i - t3i;
          const tr = v2r * b2r - v2i * b2i, ti = v2r * b2i + v2i * b2r;
          const ur = v3r * b3r - v3i * b3i, ui = v3r * b3i + v3i * b3r;
          a[p0 + k] = b0r + tr;
          a[p0 + k + 1] = b0i + ti;
          a[p2 + k] = b0r - tr;
          a[p2 + k + 1] = b0i - ti;
          a[p1 + k] = b1r + ur;
          a[p1 + k + 1] = b1i + ui;
          a[p3 + k] = b1r - ur;
          a[p3 + k + 1] = b1i - ui;
        }
      }
    }
  }
}

/**
 * As {@link fftRows} but with natural-order input and bit-reversed output (row rev[k] holds X[k];
 * decimation in frequency, the transpose of fftRowsDit). Callers fold the permutation into a copy
 * they make anyway.
 */
export function fftRowsDif(a: Float64Array, base: number, plan: RowFftPlan, width: number, inverse: boolean): void {
  const n = plan.n;
  if (n === 1) return;
  const w2 = 2 * width;
  const cos = plan.cos;
  const sin = plan.sin;
  const sgn = inverse ? 1 : -1;
  // fused stages (span 2h, then span h), largest spans first
  let big = n >> 1;
  for (; big >= 2; big >>= 2) {
    const h = big >> 1;
    const s1 = n / (2 * h); // twiddle stride, span h
    const s2 = n / (4 * h); // twiddle stride, span 2h
    const hw = h * w2;
    for (let g = 0; g < n; g += 4 * h) {
      for (let j = 0; j < h; j++) {
        const w1r = cos[j * s1]!;
        const w1i = sgn * sin[j * s1]!;
        const v2r = cos[j * s2]!;
        const v2i = sgn * sin[j * s2]!;
        const v3r = -sgn * v2i;
        const v3i = sgn * v2r;
        const p0 = base + (g + j) * w2;
        const p1 = p0 + hw;
        const p2 = p1 + hw;
        const p3 = p2 + hw;
        if (j === 0) {
          for (let k = 0; k < w2; k += 2) {
            const a0r = a[p0 + k]!, a0i = a[p0 + k + 1]!;
            const a1r = a[p1 + k]!, a1i = a[p1 + k + 1]!;
            const a2r = a[p2 + k]!, a2i = a[p2 + k + 1]!;
            const a3r = a[p3 + k]!, a3i = a[p3 + k + 1]!;
            const b0r = a0r + a2r, b0i = a0i + a2i;
            const b1r = a1r + a3r, b1i = a1i + a3i;
            const b2r = a0r - a2r, b2i = a0i - a2i;
            const dr = a1r - a3r, di = a1i - a3i;
            // b3 = (-+i) d
            const b3r = -sgn * di;
            const b3i = sgn * dr;
            a[p0 + k] = b0r + b1r;
            a[p0 + k + 1] = b0i + b1i;
            a[p1 + k] = b0r - b1r;
            a[p1 + k + 1] = b0i - b1i;
            a[p2 + k] = b2r + b3r;
            a[p2 + k + 1] = b2i + b3i;
            a[p3 + k] = b2r - b3r;
            a[p3 + k + 1] = b2i - b3i;
          }
          continue;
        }
        for (let k = 0; k < w2; k += 2) {
          const a0r = a[p0 + k]!, a0i = a[p0 + k + 1]!;
          const a1r = a[p1 + k]!, a1i = a[p1 + k + 1]!;
          const a2r = a[p2 + k]!, a2i = a[p2 + k + 1]!;
          const a3r = a[p3 + k]!, a3i = a[p3 + k + 1]!;
          const b0r = a0r + a2r, b0i = a0i + a2i;
          const b1r = a1r + a3r, b1i = a1i + a3i;
          const xr = a0r - a2r, xi = a0i - a2i;
          const yr = a1r - a3r, yi = a1i - a3i;
          const b2r = v2r * xr - v2i * xi, b2i = v2r * xi + v2i * xr;
          const b3r = v3r * yr - v3i * yi, b3i = v3r * yi + v3i * yr;
          const er = b0r - b1r, ei = b0i - b1i;
          const fr = b2r - b3r, fi = b2i - b3i;
          a[p0 + k] = b0r + b1r;
          a[p0 + k + 1] = b0i + b1i;
          a[p1 + k] = w1r * er - w1i * ei;
          a[p1 + k + 1] = w1r * ei + w1i * er;
          a[p2 + k] = b2r + b3r;
          a[p2 + k + 1] = b2i + b3i;
          a[p3 + k] = w1r * fr - w1i * fi;
          a[p3 + k + 1] = w1r * fi + w1i * fr;
        }
      }
    }
  }
  if (big === 1) {
    // last radix-2 stage, span 1 (twiddle 1)
    for (let g = 0; g < n; g += 2) {
      const p = base + g * w2;
      const q = p + w2;
      for (let k = 0; k < w2; k++) {
        const x = a[p + k]!;
        const y = a[q + k]!;
        a[p + k] = x + y;
        a[q + k] = x - y;
      }
    }
  }
}
