/**
 * Atomic file writes shared by every package that writes results: the data goes to a
 * temporary file in the target directory, which is then renamed over the target (rename is
 * atomic within one file system), so a reader never sees a half-written file and a failed
 * write leaves the previous file intact.
 *
 * @packageDocumentation
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * Create the parent directory (recursively) when it does not exist.
   * @default false
   */
  createDirectory?: boolean;
}

/**
 * Writes `data` to `path` atomically (temporary file + rename).
 *
 * @param path - destination file
 * @param data - text (written as UTF-8) or bytes
 * @param options - whether to create the parent directory
 * @throws the underlying file-system error (the temporary file is removed first)
 * @example
 * await writeFileAtomic("out/table.csv", "a,b\n1,2\n", { createDirectory: true });
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const directory = dirname(path);
  if (options.createDirectory === true) await mkdir(directory, { recursive: true });
  const temp = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
