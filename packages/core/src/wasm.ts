/**
 * Loading the hand-written WebAssembly kernels of the packages (fit, phasefield): compile the
 * committed bytes once, instantiate on a fixed-size memory. The memory never grows, so Float64Array
 * views on its buffer stay valid for the life of the instance. Where WebAssembly or its SIMD
 * instructions are missing, compilation fails once and callers use their JavaScript paths.
 *
 * @packageDocumentation
 */

/** The part of the WebAssembly JS API used here (the ES lib of this project does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

const WASM_PAGE_BYTES = 65536;

/** An instance of a kernel module on its own memory. */
export interface WasmKernelInstance {
  /** The memory's buffer (never detached: the memory does not grow). */
  readonly buffer: ArrayBuffer;
  /** The module's exports (functions taking byte offsets into `buffer`). */
  readonly exports: Record<string, unknown>;
}

/** A lazily compiled kernel module (memory imported as "env" "memory"). */
export interface WasmKernelModule {
  /** Whether the module compiles in this runtime (compiles on first use). */
  available(): boolean;
  /**
   * A new instance on a memory of at least `bytes` bytes.
   * @param bytes - memory needed (rounded up to 64 KiB pages)
   * @returns the instance, or undefined when the module is unavailable
   */
  instantiate(bytes: number): WasmKernelInstance | undefined;
}

/**
 * Wraps base64-encoded module bytes (the generated `*Wasm.ts` files) for lazy compilation.
 * @param base64 - the module bytes, base64
 * @returns the loader; nothing is compiled until first use
 * @example
 * const kernels = wasmKernelModule(KERNELS_WASM_BASE64);
 * const instance = kernels.instantiate(1 << 20); // undefined without WebAssembly SIMD
 */
export function wasmKernelModule(base64: string): WasmKernelModule {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  let compiled: object | null | undefined;
  const compile = (): object | null => {
    if (compiled === undefined) {
      try {
        compiled = api === undefined ? null : new api.Module(Buffer.from(base64, "base64"));
      } catch {
        compiled = null; // no SIMD support here
      }
    }
    return compiled;
  };
  return {
    available: () => compile() !== null,
    instantiate(bytes) {
      const module = compile();
      if (module === null || api === undefined) return undefined;
      const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES));
      const memory = new api.Memory({ initial: pages, maximum: pages });
      return { buffer: memory.buffer, exports: new api.Instance(module, { env: { memory } }).exports };
    },
  };
}
