// Public surface of @operando/cli.
export type { CliIO, Progress } from "./context.js";
export { createProgress, EXIT_CODES, exitCodeFor, formatTable, processIO, writeLine } from "./context.js";
export type { CommandModule } from "./program.js";
export { CLI_VERSION, createProgram, runCli } from "./program.js";
