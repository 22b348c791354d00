// Every subcommand module, in the order `operando --help` lists them (the order of the
// pipeline: read, calibrate, fit, quantify, model, impedance, phase field, simulate, report).
import type { CommandModule } from "../program.js";
import { calibrateCommand } from "./calibrate.js";
import { eisCommand } from "./eis.js";
import { fitCommand } from "./fit.js";
import { infoCommand } from "./info.js";
import { mesoscaleCommand } from "./mesoscale.js";
import { phasefieldCommand } from "./phasefield.js";
import { quantifyCommand } from "./quantify.js";
import { reportCommand } from "./report.js";
import { simulateCommand } from "./simulate.js";

export const COMMANDS: CommandModule[] = [
  infoCommand,
  calibrateCommand,
  fitCommand,
  quantifyCommand,
  mesoscaleCommand,
  eisCommand,
  phasefieldCommand,
  simulateCommand,
  reportCommand,
];
