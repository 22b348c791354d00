/**
 * Real-to-half-complex 2D/3D FFT on fft.js 1D transforms, preallocated once.
 *
 * Layout. Real fields are stored x-fastest: index = x + nx (y + ny z).
 * Spectra keep only kx = 0..nx/2 (Hermitian symmetry of a real field), interleaved re/im:
 * spectral index s = kx + hx (ky + ny kz) with hx = nx/2 + 1, value at [2s, 2s+1].
 *
 * Forward: fft.js realTransform along x (row by row), then complex transforms along y and z.
 * Inverse: complex inverse transforms along z and y, then two real rows at once along x
 * (Z = X1 + i X2 is inverted with one complex transform; its real and imaginary parts are
 * the two rows). fft.js inverseTransform already divides by the size, so forward followed
 * by inverse is the identity.
 */
import FFT from "fft.js";

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
  private readonly fx: FFT;
  private readonly fy: FFT;
  private readonly fz: FFT | undefined;
  private readonly rowIn: Float64Array;
  private readonly rowOut: Float64Array;
  private readonly colIn: Float64Array;
  private readonly colOut: Float64Array;

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
    this.fx = new FFT(nx);
    this.fy = new FFT(ny);
    this.fz = nz > 1 ? new FFT(nz) : undefined;
    this.rowIn = new Float64Array(2 * nx);
    this.rowOut = new Float64Array(2 * nx);
    const longest = Math.max(ny, nz);
    this.colIn = new Float64Array(2 * longest);
    this.colOut = new Float64Array(2 * longest);
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
    const { nx, ny, nz, hx } = this;
    const rowIn = this.rowIn.subarray(0, nx);
    const rowOut = this.rowOut;
    const rows = ny * nz;
    for (let r = 0; r < rows; r++) {
      const base = r * nx;
      for (let x = 0; x < nx; x++) rowIn[x] = real[base + x]!;
      this.fx.realTransform(rowOut, rowIn);
      const sBase = 2 * r * hx;
      for (let k = 0; k < 2 * hx; k++) spec[sBase + k] = rowOut[k]!;
    }
    this.columns(spec, this.fy, ny, 2 * hx, nz, 2 * hx * ny, false);
    if (this.fz !== undefined) this.columnsZ(spec, false);
  }

  /**
   * Inverse transform (normalised by 1/size). The spectrum is used as scratch and is
   * overwritten.
   * @param spec - half spectrum (destroyed)
   * @param real - output field
   */
  inverseInPlace(spec: Float64Array, real: Float64Array): void {
    const { nx, ny, nz, hx } = this;
    if (this.fz !== undefined) this.columnsZ(spec, true);
    this.columns(spec, this.fy, ny, 2 * hx, nz, 2 * hx * ny, true);
    const rowIn = this.rowIn;
    const rowOut = this.rowOut;
    const rows = ny * nz;
    const half = nx / 2;
    for (let r = 0; r < rows; r += 2) {
      const a = 2 * r * hx;
      const b = a + 2 * hx;
      const hasSecond = r + 1 < rows;
      for (let k = 0; k <= half; k++) {
        const are = spec[a + 2 * k]!;
        const aim = spec[a + 2 * k + 1]!;
        const bre = hasSecond ? spec[b + 2 * k]! : 0;
        const bim = hasSecond ? spec[b + 2 * k + 1]! : 0;
        rowIn[2 * k] = are - bim;
        rowIn[2 * k + 1] = aim + bre;
        if (k > 0 && k < half) {
          // X[nx-k] = conj(X[k]) for each real row; Z = X1 + i X2
          const m = nx - k;
          rowIn[2 * m] = are + bim;
          rowIn[2 * m + 1] = -aim + bre;
        }
      }
      this.fx.inverseTransform(rowOut, rowIn);
      const base = r * nx;
      for (let x = 0; x < nx; x++) real[base + x] = rowOut[2 * x]!;
      if (hasSecond) for (let x = 0; x < nx; x++) real[base + nx + x] = rowOut[2 * x + 1]!;
    }
  }

  /** Complex transforms along y for every (kx, z) column. */
  private columns(spec: Float64Array, fft: FFT, n: number, stride: number, planes: number, planeStride: number, inverse: boolean): void {
    const colIn = this.colIn.subarray(0, 2 * n);
    const colOut = this.colOut.subarray(0, 2 * n);
    const hx = this.hx;
    for (let p = 0; p < planes; p++) {
      for (let kx = 0; kx < hx; kx++) {
        const base = p * planeStride + 2 * kx;
        for (let j = 0; j < n; j++) {
          colIn[2 * j] = spec[base + j * stride]!;
          colIn[2 * j + 1] = spec[base + j * stride + 1]!;
        }
        if (inverse) fft.inverseTransform(colOut, colIn);
        else fft.transform(colOut, colIn);
        for (let j = 0; j < n; j++) {
          spec[base + j * stride] = colOut[2 * j]!;
          spec[base + j * stride + 1] = colOut[2 * j + 1]!;
        }
      }
    }
  }

  /** Complex transforms along z for every (kx, ky) line. */
  private columnsZ(spec: Float64Array, inverse: boolean): void {
    const fz = this.fz!;
    const { nz, hx, ny } = this;
    const colIn = this.colIn.subarray(0, 2 * nz);
    const colOut = this.colOut.subarray(0, 2 * nz);
    const stride = 2 * hx * ny;
    for (let line = 0; line < hx * ny; line++) {
      const base = 2 * line;
      for (let j = 0; j < nz; j++) {
        colIn[2 * j] = spec[base + j * stride]!;
        colIn[2 * j + 1] = spec[base + j * stride + 1]!;
      }
      if (inverse) fz.inverseTransform(colOut, colIn);
      else fz.transform(colOut, colIn);
      for (let j = 0; j < nz; j++) {
        spec[base + j * stride] = colOut[2 * j]!;
        spec[base + j * stride + 1] = colOut[2 * j + 1]!;
      }
    }
  }
}
