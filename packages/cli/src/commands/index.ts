// Every subcommand module, in the order `operando --help` lists them.
// Each later package adds one line here (import + entry).
import type { CommandModule } from "../program.js";

export const COMMANDS: CommandModule[] = [];
