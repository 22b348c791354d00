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
 *
 * WebAssembly. Where WebAssembly SIMD is available (and not switched off with setWasmFft), every
 * step runs in the kernels of fft.wat (internal/wasmFft.ts) on one linear memory owned by the
 * instance: tables, the packed buffer, a scratch spectrum and a pool of fields and spectra handed
 * out by {@link RealFft.createReal} and {@link RealFft.createSpectrum} (sized by the constructor's
 * options). Arrays from the pool are read and written in place by the kernels; a spectrum from
 * elsewhere is copied through the scratch spectrum, and a real field from elsewhere is (de)interleaved
 * by the JavaScript loops. The kernels repeat the JavaScript passes operation for operation, so the
 * results are identical. Above MAX_FFT_ARENA_BYTES (1 GiB) the JavaScript passes are used.
 */
import { fftRowsDif, fftRowsDit, RowFftPlan } from "./rowFft.js";
import type { FftKernels } from "./wasmFft.js";
import { createFftArena } from "./wasmFft.js";

/** Lines (x) per block in the fused split/transpose (keeps the strided spectrum rows in L1). */
const LINE_BLOCK = 64;

/** Options of {@link RealFft}: how many arrays the pool in WebAssembly memory holds. */
export interface RealFftOptions {
  /** Spectra {@link RealFft.createSpectrum} hands out from WebAssembly memory (more are plain arrays). @default 0 */
  spectra?: number;
  /** Real fields {@link RealFft.createReal} hands out from WebAssembly memory (more are plain arrays). @default 0 */
  reals?: number;
}

/** Byte offsets of the tables and buffers in the WebAssembly memory of one RealFft. */
interface WasmLayout {
  readonly buffer: ArrayBuffer;
  readonly k: FftKernels;
  readonly pxCos: number;
  readonly pxSin: number;
  readonly pyCos: number;
  readonly pySin: number;
  readonly pzCos: number;
  readonly pzSin: number;
  readonly revY: number;
  readonly splitCos: number;
  readonly splitSin: number;
  /** u32 per line (x, z): byte offset of its spectral row, 16 hy linePerm. */
  readonly rows: number;
  readonly packed: number;
  readonly scratch: Float64Array;
  /** Next free byte of the pool. */
  next: number;
  spectraLeft: number;
  realsLeft: number;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

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
  /** The WebAssembly memory and kernels, or undefined on the JavaScript path. */
  private readonly wasm: WasmLayout | undefined;

  /**
   * @param nx - points along x (power of two, >= 4)
   * @param ny - points along y (power of two, >= 8)
   * @param nz - points along z (1, or a power of two >= 4)
   * @param options - size of the pool of arrays in WebAssembly memory
   */
  constructor(nx: number, ny: number, nz: number, options: RealFftOptions = {}) {
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
    this.linePerm = new Uint32Array(nx * nz);
    for (let z = 0; z < nz; z++) {
      for (let x = 0; x < nx; x++) this.linePerm[x + nx * z] = this.px.rev[x]! + nx * (this.pz === undefined ? 0 : this.pz.rev[z]!);
    }
    this.wasm = this.createWasmLayout(options);
    this.packed = this.wasm === undefined ? new Float64Array(this.size) : new Float64Array(this.wasm.buffer, this.wasm.packed, this.size);
  }

  /** Lays out tables, packed buffer, scratch spectrum and pool in one WebAssembly memory. */
  private createWasmLayout(options: RealFftOptions): WasmLayout | undefined {
    const spectra = Math.max(0, Math.floor(options.spectra ?? 0));
    const reals = Math.max(0, Math.floor(options.reals ?? 0));
    const specBytes = align16(16 * this.spectralSize);
    const realBytes = align16(8 * this.size);
    const tables: (Float64Array | Uint32Array)[] = [this.px.cos, this.px.sin, this.py.cos, this.py.sin, this.pz?.cos ?? new Float64Array(1), this.pz?.sin ?? new Float64Array(1), this.py.rev, this.splitCos, this.splitSin];
    const rows = this.linePerm.map((l) => l * 16 * this.hy);
    tables.push(rows);
    let bytes = 0;
    const offsets = tables.map((t) => {
      const at = bytes;
      bytes += align16(t.byteLength);
      return at;
    });
    const packed = bytes;
    bytes += realBytes;
    const scratch = bytes;
    bytes += specBytes;
    const pool = bytes;
    bytes += spectra * specBytes + reals * realBytes;
    const arena = createFftArena(bytes);
    if (arena === undefined) return undefined;
    tables.forEach((t, i) => {
      const view = t instanceof Float64Array ? new Float64Array(arena.buffer, offsets[i]!, t.length) : new Uint32Array(arena.buffer, offsets[i]!, t.length);
      view.set(t);
    });
    return {
      buffer: arena.buffer,
      k: arena.kernels,
      pxCos: offsets[0]!,
      pxSin: offsets[1]!,
      pyCos: offsets[2]!,
      pySin: offsets[3]!,
      pzCos: offsets[4]!,
      pzSin: offsets[5]!,
      revY: offsets[6]!,
      splitCos: offsets[7]!,
      splitSin: offsets[8]!,
      rows: offsets[9]!,
      packed,
      scratch: new Float64Array(arena.buffer, scratch, 2 * this.spectralSize),
      next: pool,
      spectraLeft: spectra,
      realsLeft: reals,
    };
  }

  /** Whether the transforms run in WebAssembly (false: the JavaScript passes of rowFft.ts). */
  get usesWasm(): boolean {
    return this.wasm !== undefined;
  }

  /**
   * The WebAssembly kernels, for pointwise work on arrays of this instance's pool (see
   * {@link RealFft.holds}); undefined on the JavaScript path.
   */
  get kernels(): FftKernels | undefined {
    return this.wasm?.k;
  }

  /**
   * Whether an array lives in this instance's WebAssembly memory (pointers for the kernels are then
   * its byteOffset).
   * @param a - any array
   * @returns true for arrays from createReal/createSpectrum's pool
   */
  holds(a: Float64Array): boolean {
    return this.wasm !== undefined && a.buffer === this.wasm.buffer;
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

  /**
   * Allocates a zeroed spectrum buffer (2 spectralSize doubles), from the WebAssembly pool while it
   * lasts (transformed in place, no copies).
   * @returns the buffer
   */
  createSpectrum(): Float64Array {
    const w = this.wasm;
    if (w === undefined || w.spectraLeft === 0) return new Float64Array(2 * this.spectralSize);
    w.spectraLeft--;
    const view = new Float64Array(w.buffer, w.next, 2 * this.spectralSize);
    w.next += align16(view.byteLength);
    return view;
  }

  /**
   * Allocates a zeroed real field (size doubles, x fastest), from the WebAssembly pool while it
   * lasts (read and written by the transforms with no copies).
   * @returns the field
   */
  createReal(): Float64Array {
    const w = this.wasm;
    if (w === undefined || w.realsLeft === 0) return new Float64Array(this.size);
    w.realsLeft--;
    const view = new Float64Array(w.buffer, w.next, this.size);
    w.next += align16(view.byteLength);
    return view;
  }

  /**
   * Forward transform (unnormalised): spec[k] = sum_x real[x] exp(-i k.x).
   * @param real - input field (not modified)
   * @param spec - output half spectrum
   */
  forward(real: Float64Array, spec: Float64Array): void {
    if (this.wasm !== undefined) {
      this.forwardWasm(this.wasm, real, spec);
      return;
    }
    const { nx, ny, nz, hy, packed, linePerm } = this;
    const m = ny / 2;
    const nx2 = 2 * nx;
    const hy2 = 2 * hy;
    const plane = nx * ny;
    const cs = this.splitCos;
    const sn = this.splitSin;
    for (let z = 0; z < nz; z++) {
      const p0 = z * plane; // packed plane offset (m x nx complex = plane doubles)
      // 1. interleave rows 2j and 2j+1, rows in bit-reversed order for the decimation-in-time pass
      this.interleavePlane(real, p0);
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
    if (this.wasm !== undefined) {
      this.inverseWasm(this.wasm, spec, real);
      return;
    }
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

  /**
   * Step 1 of the forward transform for one plane (offset p0 in doubles): packed row rev(j) =
   * real row 2j + i real row 2j+1, rows bit-reversed for the decimation-in-time pass.
   */
  private interleavePlane(real: Float64Array, p0: number): void {
    const { nx, packed } = this;
    const m = this.ny / 2;
    const revY = this.py.rev;
    for (let j = 0; j < m; j++) {
      const src0 = p0 + 2 * j * nx;
      const src1 = src0 + nx;
      const d = p0 + 2 * revY[j]! * nx;
      for (let x = 0; x < nx; x++) {
        packed[d + 2 * x] = real[src0 + x]!;
        packed[d + 2 * x + 1] = real[src1 + x]!;
      }
    }
  }

  /** {@link RealFft.forward} in the WebAssembly kernels (same operations, same order). */
  private forwardWasm(w: WasmLayout, real: Float64Array, spec: Float64Array): void {
    const { nx, ny, nz, hy } = this;
    const k = w.k;
    const m = ny / 2;
    const plane = nx * ny;
    const inPool = (a: Float64Array): boolean => a.buffer === w.buffer;
    const realIn = inPool(real);
    const sp = inPool(spec) ? spec.byteOffset : w.scratch.byteOffset;
    for (let z = 0; z < nz; z++) {
      const p = w.packed + 8 * z * plane;
      if (realIn) k.interleave(real.byteOffset + 8 * z * plane, p, nx, m, w.revY);
      else this.interleavePlane(real, z * plane);
      k.dit(p, m, 16 * nx, w.pyCos, w.pySin, -1);
      k.splitForward(p, sp, nx, m, w.rows + 4 * nx * z, w.splitCos, w.splitSin, LINE_BLOCK);
    }
    const planeBytes = 16 * hy * nx;
    for (let z = 0; z < nz; z++) k.dit(sp + z * planeBytes, nx, 16 * hy, w.pxCos, w.pxSin, -1);
    if (this.pz !== undefined) k.dit(sp, nz, planeBytes, w.pzCos, w.pzSin, -1);
    if (!inPool(spec)) spec.set(w.scratch);
  }

  /** {@link RealFft.inverseInPlace} in the WebAssembly kernels (same operations, same order). */
  private inverseWasm(w: WasmLayout, spec: Float64Array, real: Float64Array): void {
    const { nx, ny, nz, hy, packed } = this;
    const k = w.k;
    const m = ny / 2;
    const plane = nx * ny;
    const inPool = (a: Float64Array): boolean => a.buffer === w.buffer;
    const realIn = inPool(real);
    let sp = spec.byteOffset;
    if (!inPool(spec)) {
      w.scratch.set(spec);
      sp = w.scratch.byteOffset;
    }
    const planeBytes = 16 * hy * nx;
    if (this.pz !== undefined) k.dif(sp, nz, planeBytes, w.pzCos, w.pzSin, 1);
    for (let z = 0; z < nz; z++) k.dif(sp + z * planeBytes, nx, 16 * hy, w.pxCos, w.pxSin, 1);
    const scale = 1 / this.size;
    for (let z = 0; z < nz; z++) {
      const p = w.packed + 8 * z * plane;
      k.splitInverse(sp, p, nx, m, w.rows + 4 * nx * z, w.splitCos, w.splitSin, w.revY, LINE_BLOCK, scale);
      k.dit(p, m, 16 * nx, w.pyCos, w.pySin, 1);
      if (realIn) k.deinterleave(p, real.byteOffset + 8 * z * plane, nx, m);
      else {
        const p0 = z * plane;
        for (let j = 0; j < m; j++) {
          const d0 = p0 + 2 * j * nx;
          const d1 = d0 + nx;
          const src = p0 + 2 * j * nx;
          for (let x = 0; x < nx; x++) {
            real[d0 + x] = packed[src + 2 * x]!;
            real[d1 + x] = packed[src + 2 * x + 1]!;
          }
        }
      }
    }
  }
}
