// Every subcommand documents itself: `--help` shows an example, commands that produce output
// offer `--json`, and the top-level help lists the exit codes.
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createProgram, EXIT_CODES, runCli } from "../src/index.js";
import { memoryIOText } from "./helpers/memoryIO.js";

interface Entry {
  path: string[];
  command: Command;
}

/** All subcommands, depth first, with their argv path. */
function walk(command: Command, path: string[] = []): Entry[] {
  return command.commands.flatMap((c) => [{ path: [...path, c.name()], command: c }, ...walk(c, [...path, c.name()])]);
}

const entries = walk(createProgram(memoryIOText().io));
// Leaves run an action and produce output; groups (with subcommands) only dispatch.
const leaves = entries.filter((e) => e.command.commands.length === 0);
const groups = entries.filter((e) => e.command.commands.length > 0);

async function helpOf(path: readonly string[]): Promise<{ code: number; text: string }> {
  const m = memoryIOText();
  const code = await runCli([...path, "--help"], m.io);
  return { code, text: m.out() + m.err() };
}

describe("operando --help", () => {
  it("registers subcommands", () => {
    expect(leaves.length).toBeGreaterThan(5);
  });

  it("documents every exit code in the top-level help", async () => {
    const { code, text } = await helpOf([]);
    expect(code).toBe(EXIT_CODES.ok);
    expect(text).toMatch(/exit codes/i);
    for (const [name, value] of Object.entries(EXIT_CODES)) expect(text, `exit code ${name}`).toMatch(new RegExp(`\\b${value}\\b`));
  });

  it.each(leaves.map((e) => [e.path.join(" "), e] as const))("%s --help shows an example", async (_name, e) => {
    const { code, text } = await helpOf(e.path);
    expect(code).toBe(EXIT_CODES.ok);
    expect(text).toMatch(/Example/);
    // the example invokes this very command
    expect(text).toContain(`operando ${e.path.join(" ")}`);
  });

  it.each(leaves.map((e) => [e.path.join(" "), e] as const))("%s has a --json option", (_name, e) => {
    expect(e.command.options.map((o) => o.long)).toContain("--json");
  });

  it.each(groups.map((e) => [e.path.join(" "), e] as const))("group %s lists its subcommands", async (_name, e) => {
    const { code, text } = await helpOf(e.path);
    expect(code).toBe(EXIT_CODES.ok);
    for (const sub of e.command.commands) expect(text).toContain(sub.name());
  });
});
