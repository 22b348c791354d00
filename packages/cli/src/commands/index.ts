// Every subcommand module, in the order `operando --help` lists them.
// Each later package adds one line here (import + entry).
import type { CommandModule } from "../program.js";
import { phasefieldCommand } from "./phasefield.js";
import { reportCommand } from "./report.js";
import { eisCommand } from "./eis.js";
import { simulateCommand } from "./simulate.js";
import { quantifyCommand } from "./quantify.js";
import { calibrateCommand } from "./calibrate.js";
import { mesoscaleCommand } from "./mesoscale.js";
import { infoCommand } from "./info.js";
import { fitCommand } from "./fit.js";

export const COMMANDS: CommandModule[] = [infoCommand, phasefieldCommand, reportCommand, eisCommand, simulateCommand, mesoscaleCommand, calibrateCommand, quantifyCommand, fitCommand];
