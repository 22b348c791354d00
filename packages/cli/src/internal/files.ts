/**
 * Reading input files in subcommands: a missing or unreadable file becomes a FileAccessError
 * naming the file (exit code 3), never a bare ENOENT.
 */
import { readFile } from "node:fs/promises";
import { FileAccessError } from "@operando/core";

/**
 * Reads a UTF-8 text file.
 * @param path - the file
 * @throws FileAccessError when it cannot be read
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new FileAccessError(path, error);
  }
}
