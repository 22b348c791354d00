import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../src/index.js";

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temporary behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    const path = join(dir, "a.csv");
    writeFileSync(path, "old");
    await writeFileAtomic(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["a.csv"]);
  });
  it("creates the directory on request, and fails cleanly without it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    await expect(writeFileAtomic(join(dir, "missing", "b.bin"), new Uint8Array([1, 2]))).rejects.toThrow(/ENOENT/);
    await writeFileAtomic(join(dir, "sub", "b.bin"), new Uint8Array([1, 2]), { createDirectory: true });
    expect([...readFileSync(join(dir, "sub", "b.bin"))]).toEqual([1, 2]);
  });
});
