// Entry point used by the `operando` bin: runs the CLI on process.argv.
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv.slice(2));
