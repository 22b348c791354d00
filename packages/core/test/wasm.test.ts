import { describe, expect, it } from "vitest";
import { wasmKernelModule } from "../src/index.js";

// (module (memory (import "env" "memory") 1)
//   (func (export "size") (result i32) memory.size)
//   (func (export "sum") (param i32 i32) (result f64) (f64.add (f64.load (local.get 0)) (f64.load (local.get 1)))))
// compiled with wabt 1.0.39
const TINY = "AGFzbQEAAAABCwJgAAF/YAJ/fwF8Ag8BA2VudgZtZW1vcnkCAAEDAwIAAQcOAgRzaXplAAADc3VtAAEKFAIEAD8ACw0AIAArAwAgASsDAKAL";

describe("wasmKernelModule", () => {
  it("instantiates on its own memory of whole 64 KiB pages; views on it are shared with the kernels", () => {
    const kernels = wasmKernelModule(TINY);
    expect(kernels.available()).toBe(true);
    const a = kernels.instantiate(3 * 65536 + 1)!;
    const b = kernels.instantiate(10)!;
    expect((a.exports.size as () => number)()).toBe(4);
    expect((b.exports.size as () => number)()).toBe(1);
    const view = new Float64Array(a.buffer, 0, 2);
    view.set([1.5, 2.25]);
    expect((a.exports.sum as (p: number, q: number) => number)(0, 8)).toBe(3.75);
    // separate instances do not share memory
    expect(new Float64Array(b.buffer, 0, 1)[0]).toBe(0);
  });

  it("bytes that do not compile make the module unavailable, not an exception", () => {
    const broken = wasmKernelModule(Buffer.from("not wasm").toString("base64"));
    expect(broken.available()).toBe(false);
    expect(broken.instantiate(1024)).toBeUndefined();
  });
});
