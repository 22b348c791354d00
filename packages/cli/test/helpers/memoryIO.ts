// In-memory CLI streams for running commands through runCli in tests.
import { Writable } from "node:stream";
import type { CliIO } from "../../src/index.js";

/** What a command wrote: chunks as arrays, and the whole text through functions. */
export interface MemoryIO {
  io: CliIO;
  /** stdout chunks in order. */
  out: string[];
  /** stderr chunks in order. */
  err: string[];
  /** All of stdout. */
  stdout(): string;
  /** All of stderr. */
  stderr(): string;
}

/** Creates non-interactive in-memory stdout/stderr for runCli. */
export function memoryIO(): MemoryIO {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
  return { io: { stdout: sink(out), stderr: sink(err), interactive: false }, out, err, stdout: () => out.join(""), stderr: () => err.join("") };
}

/** The same streams, exposing the whole text of stdout and stderr as `out()` and `err()`. */
export function memoryIOText(): { io: CliIO; out: () => string; err: () => string } {
  const m = memoryIO();
  return { io: m.io, out: m.stdout, err: m.stderr };
}
