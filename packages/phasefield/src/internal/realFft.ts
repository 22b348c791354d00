/**
 * Real-to-half-complex 2D/3D FFT, preallocated once, built on the row-vectorised complex FFT of
 * rowFft.ts (every pass is a unit-stride loop over whole rows; no per-call allocation).
 *
 * Layout. Real fields are stored x-fastest: index = x + nx (y + ny z). The real-input (Hermitian)
 * half is taken along y, the axis whose rows are contiguous: spectra keep ky = 0..ny/2 only, with
 * ky fastest, interleaved re/im: spectral index s = ky + hy (kx + nx kz), hy = ny/2 + 1, value at
 * [2s, 2s+1]. Use {@link RealFft.spectralIndex}; all wavenumber tables (internal/wavenumbers.ts)
 * follow this layout, and s = 0 is k = 0.
 *
 * Forward (m = ny/2), per z plane:
 *  1. interleave row pairs (contiguous): z[j][x] = real[2j][x] + i real[2j+1][x] (m x nx complex);
 *  2. complex FFT of length m along j, all nx columns at once;
 *  3. split into the real-input spectrum (standard half-length real FFT identity), written
 *     transposed into the spectrum (row = (x, z), column = ky):
 *     E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / (2i), Y[k] = E + exp(-2 pi i k / ny) O;
 *  4. complex FFT along x (per plane, width hy) and along z (width hy nx), rows at once.
 * Inverse: the same steps reversed, with E = (Y[k] + conj Y[m-k]) / 2,
 * O = (Y[k] - conj Y[m-k]) exp(+2 pi i k / ny) / 2, Z = E + i O; the 1/(nx ny nz) normalisation is
 * folded into step 3, so forward followed by inverse is the identity. Bit-reversal permutations are
 * folded into steps 1 and 3 (decimation in time forward, in frequency for the inverse x/z passes).
 */
import { fftRowsDif, fftRowsDit, RowFftPlan } from "./rowFft.js";

/** Lines (x) per block in the fused split/transpose (keeps the strided spectrum rows in L1). */
const LINE_BLOCK = 64;

/** Preallocated forward/inverse real FFT on an nx x ny x nz grid (nz = 1 in 2D). */
export class RealFft {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Number of real samples. */
  readonly size: number;
  /** Half-complex extent along y: ny/2 + 1. */
  readonly hy: number;
  /** Number of complex spectral entries hy nx nz. */
  readonly spectralSize: number;
  private readonly px: RowFftPlan;
  private readonly py: RowFftPlan;
  private readonly pz: RowFftPlan | undefined;
  /** exp(-2 pi i k / ny), k = 0..ny/2. */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;
  /** Interleaved row pairs of one plane after the y transform, m x nx complex per plane, all planes. */
  private readonly packed: Float64Array;
  /** Spectral row of line (x, z): revX(x) + nx revZ(z) (bit-reversed for the x/z passes). */
  private readonly linePerm: Uint32Array;

  /**
   * @param nx - points along x (power of two, >= 4)
   * @param ny - points along y (power of two, >= 8)
   * @param nz - points along z (1, or a power of two >= 4)
   */
  constructor(nx: number, ny: number, nz: number) {
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.size = nx * ny * nz;
    this.hy = ny / 2 + 1;
    this.spectralSize = this.hy * nx * nz;
    this.px = new RowFftPlan(nx);
    this.py = new RowFftPlan(ny / 2);
    this.pz = nz > 1 ? new RowFftPlan(nz) : undefined;
    const m = ny / 2;
    this.splitCos = new Float64Array(m + 1);
    this.splitSin = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.splitCos[k] = Math.cos((2 * Math.PI * k) / ny);
      this.splitSin[k] = Math.sin((2 * Math.PI * k) / ny);
    }
    this.packed = new Float64Array(this.size);
    this.linePerm = new Uint32Array(nx * nz);
    for (let z = 0; z < nz; z++) {
      for (let x = 0; x < nx; x++) this.linePerm[x + nx * z] = this.px.rev[x]! + nx * (this.pz === undefined ? 0 : this.pz.rev[z]!);
    }
  }

  /**
   * Spectral index of the mode (kx, ky, kz) with 0 <= ky <= ny/2 (other ky: use the conjugate mode).
   * @param kx - mode number along x, 0..nx-1
   * @param ky - mode number along y, 0..ny/2
   * @param kz - mode number along z, 0..nz-1
   * @returns s (complex value at [2s, 2s+1])
   */
  spectralIndex(kx: number, ky: number, kz: number): number {
    return ky + this.hy * (kx + this.nx * kz);
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
    const { nx, ny, nz, hy, packed, linePerm } = this;
    const m = ny / 2;
    const nx2 = 2 * nx;
    const hy2 = 2 * hy;
    const plane = nx * ny;
    const revY = this.py.rev;
    const cs = this.splitCos;
    const sn = this.splitSin;
    for (let z = 0; z < nz; z++) {
      const p0 = z * plane; // packed plane offset (m x nx complex = plane doubles)
      // 1. interleave rows 2j and 2j+1, rows in bit-reversed order for the decimation-in-time pass
      for (let j = 0; j < m; j++) {
        const src0 = p0 + 2 * j * nx;
        const src1 = src0 + nx;
        const d = p0 + revY[j]! * nx2;
        for (let x = 0; x < nx; x++) {
          packed[d + 2 * x] = real[src0 + x]!;
          packed[d + 2 * x + 1] = real[src1 + x]!;
        }
      }
      // 2. half-length complex FFT along y
      fftRowsDit(packed, p0, this.py, nx, false);
      // 3. real-input split of rows k and m-k, written transposed into the spectrum (row (x, z))
      const lineBase = nx * z;
      for (let x0 = 0; x0 < nx; x0 += LINE_BLOCK) {
        const x1 = Math.min(nx, x0 + LINE_BLOCK);
        for (let k = 0; k <= m >> 1; k++) {
          const km = m - k;
          const zk = p0 + k * nx2;
          const zm = p0 + (km === m ? 0 : km) * nx2;
          // Y[k] = E + w^k O with w = exp(-2 pi i / ny); Y[m-k] from the mirrored pair
          const ckr = cs[k]!, cki = -sn[k]!;
          const cmr = cs[km]!, cmi = -sn[km]!;
          for (let x = x0; x < x1; x++) {
            const v = 2 * x;
            const ar = packed[zk + v]!, ai = packed[zk + v + 1]!;
            const br = packed[zm + v]!, bi = packed[zm + v + 1]!;
            // E_k = (a + conj b)/2, O_k = (a - conj b)/(2i)
            const er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
            const or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
            const row = linePerm[lineBase + x]! * hy2;
            spec[row + 2 * k] = er + ckr * or - cki * oi;
            spec[row + 2 * k + 1] = ei + ckr * oi + cki * or;
            // E_{m-k} = conj E_k, O_{m-k} = conj O_k
            spec[row + 2 * km] = er + cmr * or + cmi * oi;
            spec[row + 2 * km + 1] = -ei - cmr * oi + cmi * or;
          }
        }
      }
    }
    // 4. along x and z (inputs already in bit-reversed row order)
    const planeStride = hy2 * nx;
    for (let z = 0; z < nz; z++) fftRowsDit(spec, z * planeStride, this.px, hy, false);
    if (this.pz !== undefined) fftRowsDit(spec, 0, this.pz, hy * nx, false);
  }

  /**
   * Inverse transform (normalised by 1/size). The spectrum is used as scratch and is
   * overwritten.
   * @param spec - half spectrum (destroyed)
   * @param real - output field
   */
  inverseInPlace(spec: Float64Array, real: Float64Array): void {
    const { nx, ny, nz, hy, packed, linePerm } = this;
    const m = ny / 2;
    const nx2 = 2 * nx;
    const hy2 = 2 * hy;
    const plane = nx * ny;
    // along z and x, natural order in, bit-reversed rows out (decimation in frequency)
    if (this.pz !== undefined) fftRowsDif(spec, 0, this.pz, hy * nx, true);
    const planeStride = hy2 * nx;
    for (let z = 0; z < nz; z++) fftRowsDif(spec, z * planeStride, this.px, hy, true);
    const cs = this.splitCos;
    const sn = this.splitSin;
    const revY = this.py.rev;
    const scale = 1 / this.size; // = (1/2) (1/m) (1/(nx nz))
    for (let z = 0; z < nz; z++) {
      const p0 = z * plane;
      const lineBase = nx * z;
      // Z[k] = E + i O, E = (Y[k] + conj Y[m-k]) / 2, O = (Y[k] - conj Y[m-k]) w^-k / 2, scaled by
      // 1/size, read transposed from the spectrum, written in bit-reversed row order
      for (let x0 = 0; x0 < nx; x0 += LINE_BLOCK) {
        const x1 = Math.min(nx, x0 + LINE_BLOCK);
        for (let k = 0; k <= m >> 1; k++) {
          const km = m - k;
          const zk = p0 + revY[k]! * nx2;
          const zm = p0 + revY[km === m ? 0 : km]! * nx2;
          const ckr = cs[k]!, cki = sn[k]!; // w^-k
          const cmr = cs[km]!, cmi = sn[km]!;
          const both = zm !== zk;
          for (let x = x0; x < x1; x++) {
            const v = 2 * x;
            const row = linePerm[lineBase + x]! * hy2;
            const ar = spec[row + 2 * k]!, ai = spec[row + 2 * k + 1]!;
            const br = spec[row + 2 * km]!, bi = spec[row + 2 * km + 1]!;
            // k: E = (a + conj b), D = (a - conj b) (halves folded into scale)
            const er = ar + br, ei = ai - bi;
            const dr = ar - br, di = ai + bi;
            const or = ckr * dr - cki * di, oi = ckr * di + cki * dr;
            packed[zk + v] = scale * (er - oi);
            packed[zk + v + 1] = scale * (ei + or);
            if (both) {
              // m-k: E' = conj E, D' = b - conj a = -conj D
              const o2r = -(cmr * dr + cmi * di), o2i = cmr * di - cmi * dr;
              packed[zm + v] = scale * (er - o2i);
              packed[zm + v + 1] = scale * (-ei + o2r);
            }
          }
        }
      }
      fftRowsDit(packed, p0, this.py, nx, true);
      // de-interleave: real row 2j = Re z[j], row 2j+1 = Im z[j]
      for (let j = 0; j < m; j++) {
        const d0 = p0 + 2 * j * nx;
        const d1 = d0 + nx;
        const src = p0 + j * nx2;
        for (let x = 0; x < nx; x++) {
          real[d0 + x] = packed[src + 2 * x]!;
          real[d1 + x] = packed[src + 2 * x + 1]!;
        }
      }
    }
  }
}
