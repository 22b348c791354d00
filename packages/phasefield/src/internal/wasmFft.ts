/**
 * The WebAssembly SIMD kernels (fft.wat) of the real FFT: the butterfly passes of rowFft.ts
 * (fftRowsDit, fftRowsDif), the row interleave/de-interleave and the real-input split of
 * realFft.ts, plus the two pointwise loops of the periodic Cahn-Hilliard step (cahnHilliard.ts),
 * which otherwise cost as much as the transforms. One complex value is one f64x2 lane pair, and every kernel performs the JavaScript
 * reference's floating-point operations in the same order (no fused multiply-add), so both paths
 * give the same bits. V8 neither vectorises nor drops bounds checks in the JavaScript loops.
 * The data live in one linear memory per RealFft (fixed size, never grown, so Float64Array views
 * on it stay valid); where WebAssembly SIMD is missing the module fails to compile once and RealFft
 * uses the JavaScript passes.
 *
 * @packageDocumentation
 */
import { wasmKernelModule } from "@operando/core";
import { FFT_WASM_BASE64 } from "./fftWasm.js";

/** The exported kernels of fft.wat; every pointer is a byte offset into the instance's memory. */
export interface FftKernels {
  /** fftRowsDit on n rows of rowBytes = 16 width bytes at a; sgn -1 forward, +1 inverse. */
  dit(a: number, n: number, rowBytes: number, cos: number, sin: number, sgn: number): void;
  /** fftRowsDif, same arguments. */
  dif(a: number, n: number, rowBytes: number, cos: number, sin: number, sgn: number): void;
  /** packed row rev[j] = real row 2j + i real row 2j+1 (nx complex per row, j < m). */
  interleave(real: number, packed: number, nx: number, m: number, rev: number): void;
  /** real rows 2j, 2j+1 = Re, Im of packed row j. */
  deinterleave(packed: number, real: number, nx: number, m: number): void;
  /** Forward real-input split of one plane into the spectrum (rows: u32 byte offset per line). */
  splitForward(packed: number, spec: number, nx: number, m: number, rows: number, cos: number, sin: number, block: number): void;
  /** Inverse split of one plane, scaled, into bit-reversed packed rows. */
  splitInverse(spec: number, packed: number, nx: number, m: number, rows: number, cos: number, sin: number, rev: number, block: number, scale: number): void;
  /** mu[i] = rho2 a b (b - a), a = u[i] - ca, b = cb - u[i], for n (even) values. */
  polynomialMu(u: number, mu: number, n: number, rho2: number, ca: number, cb: number): void;
  /** uHat[s] += g (spec[s] + l uHat[s]), spec[s] = uHat[s] for count complex entries, (g, l) = gl[s]. */
  spectralUpdate(uHat: number, spec: number, gl: number, count: number): void;
}

/** A linear memory of a fixed size and the kernels instantiated on it. */
export interface FftArena {
  /** The memory's buffer (views on it stay valid: the memory never grows). */
  readonly buffer: ArrayBuffer;
  readonly kernels: FftKernels;
}

/** Largest memory (bytes) a RealFft puts in WebAssembly; beyond it the JavaScript passes are used. */
export const MAX_FFT_ARENA_BYTES = 1024 * 1024 * 1024;
const fftKernels = wasmKernelModule(FFT_WASM_BASE64);
let enabled = true;

/**
 * Turns the WebAssembly FFT on or off for RealFft instances (and solvers) created afterwards;
 * tests and the benchmark compare both paths.
 * @param on - false to force the JavaScript passes
 * @returns the previous setting
 */
export function setWasmFft(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * Whether RealFft instances created now would use WebAssembly (enabled, and SIMD compiles here).
 * @returns true when the kernels are available and switched on
 */
export function wasmFftAvailable(): boolean {
  return enabled && fftKernels.available();
}

/**
 * A memory of at least `bytes` bytes with the kernels on it, or undefined when WebAssembly SIMD is
 * unavailable, switched off, or the size exceeds {@link MAX_FFT_ARENA_BYTES}.
 * @param bytes - bytes needed
 * @returns the arena or undefined
 */
export function createFftArena(bytes: number): FftArena | undefined {
  if (!enabled || !(bytes > 0) || bytes > MAX_FFT_ARENA_BYTES) return undefined;
  const instance = fftKernels.instantiate(bytes);
  if (instance === undefined) return undefined;
  return { buffer: instance.buffer, kernels: instance.exports as unknown as FftKernels };
}
