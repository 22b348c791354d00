// The end-to-end demo on bundled data (grows with the pipeline; see README).
import { runCli } from "@operando/cli";

process.exitCode = await runCli(["--help"]);
