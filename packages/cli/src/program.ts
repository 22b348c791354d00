/**
 * The `operando` program: builds the commander tree and runs it.
 *
 * @packageDocumentation
 */
import { Command, CommanderError } from "commander";
import { OPERANDO_VERSION } from "@operando/core";
import { formatCause } from "./internal/formatCause.js";
import type { CliIO } from "./context.js";
import { EXIT_CODES, exitCodeFor, processIO, writeLine } from "./context.js";
import { COMMANDS } from "./commands/index.js";

/** Version printed by `operando --version`. */
export const CLI_VERSION = OPERANDO_VERSION;

/** A subcommand module: adds itself to the program. */
export interface CommandModule {
  /** Registers the subcommand(s) on `program`; actions write to `io` and may throw. */
  register(program: Command, io: CliIO): void;
}

/**
 * Builds the full command tree.
 * @param io - output streams (defaults to the process's)
 * @returns the commander program `operando` with every registered subcommand
 */
export function createProgram(io: CliIO = processIO()): Command {
  const program = new Command("operando")
    .description("Operando synchrotron diffraction of battery electrodes: read, calibrate, fit, quantify, map, model, show.")
    .version(CLI_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const module of COMMANDS) module.register(program, io);
  for (const sub of program.commands) sub.exitOverride();
  program.addHelpText("after", "\nExit codes: 0 ok, 1 failure, 2 bad usage, 3 unreadable input file.");
  return program;
}

/**
 * Runs the CLI and returns its exit code (never calls process.exit itself).
 * @param argv - arguments after the program name, e.g. ["info", "a.xy", "--json"]
 * @param io - output streams
 * @returns the process exit code (0 ok, 1 failure, 2 bad usage, 3 unreadable input)
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT_CODES.ok;
      return EXIT_CODES.usage;
    }
    writeLine(io.stderr, `operando: ${formatCause(error)}`);
    return exitCodeFor(error);
  }
}
