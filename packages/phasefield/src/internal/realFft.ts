/**
 * Real-to-half-complex 2D/3D FFT, preallocated once, built on the row-vectorised complex FFT of
 * rowFft.ts (every pass is a unit-stride loop over whole rows; no per-call allocation).
 *
 * Layout. Real fields are stored x-fastest: index = x + nx (y + ny z) (ny nz "lines" of nx values).
 * Spectra keep only kx = 0..nx/2 (Hermitian symmetry of a real field), interleaved re/im:
 * spectral index s = kx + hx (ky + ny kz) with hx = nx/2 + 1, value at [2s, 2s+1].
 *
 * Forward (m = nx/2, L = ny nz lines):
 *  1. pack and transpose in cache blocks: z[j][l] = real[l][2j] + i real[l][2j+1] (m x L complex);
 *  2. complex FFT of length m along j, all L lines at once;
 *  3. split into the real-input spectrum (standard half-length real FFT identity):
 *     E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / (2i), X[k] = E + exp(-2 pi i k / nx) O,
 *     k = 0..m (hx x L complex, kx slow);
 *  4. blocked transpose to L x hx (the spectral layout above);
 *  5. complex FFT along y (per z plane, width hx) and along z (width hx ny), rows at once.
 * Inverse: the same steps reversed, with E = (X[k] + conj X[m-k]) / 2,
 * O = (X[k] - conj X[m-k]) exp(+2 pi i k / nx) / 2, Z = E + i O; the 1/(nx ny nz) normalisation is
 * folded into step 3, so forward followed by inverse is the identity.
 */
import { fftRows, RowFftPlan } from "./rowFft.js";

/** Cache block edge (complex values) of the transposes: 2 x 16 x 16 x 16 B = 8 KiB in L1. */
const BLOCK = 16;

/** Preallocated forward/inverse real FFT on an nx x ny x nz grid (nz = 1 in 2D). */
export class RealFft {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Number of real samples. */
  readonly size: number;
  /** Half-complex width nx/2 + 1. */
  readonly hx: number;
  /** Number of complex spectral entries hx ny nz. */
  readonly spectralSize: number;
  private readonly px: RowFftPlan;
  private readonly py: RowFftPlan;
  private readonly pz: RowFftPlan | undefined;
  /** exp(-2 pi i k / nx), k = 0..nx/2. */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;
  /** Packed half-length lines, m x L complex. */
  private readonly packed: Float64Array;
  /** Half spectrum with kx slow, hx x L complex. */
  private readonly halfT: Float64Array;

  /**
   * @param nx - points along x (power of two, >= 4)
   * @param ny - points along y (power of two, >= 4)
   * @param nz - points along z (1, or a power of two >= 4)
   */
  constructor(nx: number, ny: number, nz: number) {
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.size = nx * ny * nz;
    this.hx = nx / 2 + 1;
    this.spectralSize = this.hx * ny * nz;
    this.px = new RowFftPlan(nx / 2);
    this.py = new RowFftPlan(ny);
    this.pz = nz > 1 ? new RowFftPlan(nz) : undefined;
    const m = nx / 2;
    this.splitCos = new Float64Array(m + 1);
    this.splitSin = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.splitCos[k] = Math.cos((2 * Math.PI * k) / nx);
      this.splitSin[k] = Math.sin((2 * Math.PI * k) / nx);
    }
    const lines = ny * nz;
    this.packed = new Float64Array(2 * m * lines);
    this.halfT = new Float64Array(2 * this.hx * lines);
  }

  /** Allocates a spectrum buffer (2 spectralSize doubles). */
  createSpectrum(): Float64Array {
    return new Float64Array(2 * this.spectralSize);
  }

  /**
   * Forward transform (unnormalised): spec[k] = sum_x real[x] exp(-i k.x).
   * @param real - input field (not modified)
   * @param spec - output half spectrum
   */
  forward(real: Float64Array, spec: Float64Array): void {
    const { nx, ny, nz, hx, packed, halfT } = this;
    const m = nx / 2;
    const lines = ny * nz;
    const L2 = 2 * lines;
    // 1. pack pairs of x samples into complex values, transposed (j slow, line fast)
    for (let l0 = 0; l0 < lines; l0 += BLOCK) {
      const l1 = Math.min(lines, l0 + BLOCK);
      for (let j0 = 0; j0 < m; j0 += BLOCK) {
        const j1 = Math.min(m, j0 + BLOCK);
        for (let l = l0; l < l1; l++) {
          const src = l * nx;
          for (let j = j0; j < j1; j++) {
            const d = j * L2 + 2 * l;
            packed[d] = real[src + 2 * j]!;
            packed[d + 1] = real[src + 2 * j + 1]!;
          }
        }
      }
    }
    // 2. half-length complex FFT along j
    fftRows(packed, 0, this.px, lines, false);
    // 3. real-input split: rows k and m-k of packed -> rows k and m-k of halfT
    const cs = this.splitCos;
    const sn = this.splitSin;
    for (let k = 0; k <= m >> 1; k++) {
      const km = m - k;
      const zk = (k === m ? 0 : k) * L2;
      const zm = (km === m ? 0 : km) * L2;
      const xk = k * L2;
      const xm = km * L2;
      // X[k] = E + w^k O with w = exp(-2 pi i / nx); X[m-k] from the mirrored pair
      const ckr = cs[k]!, cki = -sn[k]!;
      const cmr = cs[km]!, cmi = -sn[km]!;
      for (let v = 0; v < L2; v += 2) {
        const ar = packed[zk + v]!, ai = packed[zk + v + 1]!;
        const br = packed[zm + v]!, bi = packed[zm + v + 1]!;
        // E_k = (a + conj b)/2, O_k = (a - conj b)/(2i)
        const er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
        const or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
        halfT[xk + v] = er + ckr * or - cki * oi;
        halfT[xk + v + 1] = ei + ckr * oi + cki * or;
        // E_{m-k} = conj E_k, O_{m-k} = conj O_k
        halfT[xm + v] = er + cmr * or + cmi * oi;
        halfT[xm + v + 1] = -ei - cmr * oi + cmi * or;
      }
    }
    // 4. transpose hx x L -> L x hx
    transposeComplex(halfT, hx, lines, spec);
    // 5. along y and z
    const planeStride = 2 * hx * ny;
    for (let z = 0; z < nz; z++) fftRows(spec, z * planeStride, this.py, hx, false);
    if (this.pz !== undefined) fftRows(spec, 0, this.pz, hx * ny, false);
  }

  /**
   * Inverse transform (normalised by 1/size). The spectrum is used as scratch and is
   * overwritten.
   * @param spec - half spectrum (destroyed)
   * @param real - output field
   */
  inverseInPlace(spec: Float64Array, real: Float64Array): void {
    const { nx, ny, nz, hx, packed, halfT } = this;
    const m = nx / 2;
    const lines = ny * nz;
    const L2 = 2 * lines;
    if (this.pz !== undefined) fftRows(spec, 0, this.pz, hx * ny, true);
    const planeStride = 2 * hx * ny;
    for (let z = 0; z < nz; z++) fftRows(spec, z * planeStride, this.py, hx, true);
    transposeComplex(spec, lines, hx, halfT);
    // Z[k] = E + i O, E = (X[k] + conj X[m-k]) / 2, O = (X[k] - conj X[m-k]) w^-k / 2, scaled by 1/size
    const cs = this.splitCos;
    const sn = this.splitSin;
    const scale = 1 / this.size; // = (1/2) (1/m) (1/(ny nz))
    for (let k = 0; k <= m >> 1; k++) {
      const km = m - k;
      const xk = k * L2;
      const xm = km * L2;
      const zk = (k === m ? 0 : k) * L2;
      const zm = (km === m ? 0 : km) * L2;
      const ckr = cs[k]!, cki = sn[k]!; // w^-k
      const cmr = cs[km]!, cmi = sn[km]!;
      for (let v = 0; v < L2; v += 2) {
        const ar = halfT[xk + v]!, ai = halfT[xk + v + 1]!;
        const br = halfT[xm + v]!, bi = halfT[xm + v + 1]!;
        // k: E = (a + conj b), D = (a - conj b) (halves folded into scale)
        const er = ar + br, ei = ai - bi;
        const dr = ar - br, di = ai + bi;
        const or = ckr * dr - cki * di, oi = ckr * di + cki * dr;
        // m-k: E' = conj E, D' = b - conj a = -conj D
        const o2r = -(cmr * dr + cmi * di), o2i = cmr * di - cmi * dr;
        packed[zk + v] = scale * (er - oi);
        packed[zk + v + 1] = scale * (ei + or);
        if (zm !== zk) {
          packed[zm + v] = scale * (er - o2i);
          packed[zm + v + 1] = scale * (-ei + o2r);
        }
      }
    }
    fftRows(packed, 0, this.px, lines, true);
    // unpack and transpose back: real[l][2j] = Re z[j][l], real[l][2j+1] = Im z[j][l]
    for (let l0 = 0; l0 < lines; l0 += BLOCK) {
      const l1 = Math.min(lines, l0 + BLOCK);
      for (let j0 = 0; j0 < m; j0 += BLOCK) {
        const j1 = Math.min(m, j0 + BLOCK);
        for (let l = l0; l < l1; l++) {
          const dst = l * nx;
          for (let j = j0; j < j1; j++) {
            const s = j * L2 + 2 * l;
            real[dst + 2 * j] = packed[s]!;
            real[dst + 2 * j + 1] = packed[s + 1]!;
          }
        }
      }
    }
  }
}

/**
 * Blocked transpose of an interleaved complex rows x cols matrix into cols x rows.
 * @param src - rows x cols complex
 * @param rows - rows of src
 * @param cols - columns of src
 * @param dst - cols x rows complex (must not alias src)
 */
function transposeComplex(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = Math.min(rows, r0 + BLOCK);
    for (let c0 = 0; c0 < cols; c0 += BLOCK) {
      const c1 = Math.min(cols, c0 + BLOCK);
      for (let r = r0; r < r1; r++) {
        const s = 2 * r * cols;
        for (let c = c0; c < c1; c++) {
          const d = 2 * (c * rows + r);
          dst[d] = src[s + 2 * c]!;
          dst[d + 1] = src[s + 2 * c + 1]!;
        }
      }
    }
  }
}
