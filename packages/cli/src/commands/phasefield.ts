/**
 * `operando phasefield --config run.json`: runs a Cahn-Hilliard phase-field simulation
 * (@operando/phasefield) and writes the energy history (CSV), a summary (JSON) and concentration
 * snapshots (PNG via @operando/plot; 3D runs show the mid-z slice).
 *
 * @packageDocumentation
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "@operando/core";
import { parsePhaseFieldConfig, phaseFieldOptionsFromConfig, simulatePhaseField } from "@operando/phasefield";
import type { PhaseFieldRecord } from "@operando/phasefield";
import { renderFieldPng } from "@operando/plot";
import type { CliIO } from "../context.js";
import { createProgress, formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { readJsonFile } from "../internal/files.js";

const CSV_HEADER = "step,time,energy_bulk,energy_gradient,energy_elastic,energy_total,mean_concentration,phase_fraction,interface_area";

function csvRow(r: PhaseFieldRecord): string {
  const v = [r.step, r.time, r.energy.bulk, r.energy.gradient, r.energy.elastic, r.energy.total, r.meanConcentration, r.phaseFraction, r.interfaceArea];
  return v.map((x) => String(x)).join(",");
}

async function run(io: CliIO, opts: { config: string; out: string; json?: boolean; png?: boolean }): Promise<void> {
  const config = parsePhaseFieldConfig(await readJsonFile(opts.config));
  const options = phaseFieldOptionsFromConfig(config);
  const records = Math.ceil(options.steps / (options.recordEvery ?? Math.max(1, Math.floor(options.steps / 100))));
  const progress = createProgress(io, records, "phasefield");
  options.onRecord = () => progress.tick();
  let result;
  try {
    result = simulatePhaseField(options);
  } finally {
    progress.stop();
  }
  await mkdir(opts.out, { recursive: true });
  const csvPath = join(opts.out, "energy.csv");
  await writeFileAtomic(csvPath, `${CSV_HEADER}\n${result.history.map(csvRow).join("\n")}\n`);
  const { grid } = options;
  const snapshotFiles: string[] = [];
  if (opts.png !== false) {
    const plane = grid.nx * grid.ny;
    const zMid = Math.floor(grid.nz / 2);
    // colour scale: the two wells for the polynomial model, the full [0, 1] range otherwise
    const fe = options.freeEnergy;
    const colourDomain: [number, number] = fe.kind === "polynomial" ? [fe.cAlpha, fe.cBeta] : [0, 1];
    for (const snap of result.snapshots) {
      const slice = snap.concentration.subarray(zMid * plane, (zMid + 1) * plane);
      const png = renderFieldPng(slice, grid.nx, grid.ny, { domain: colourDomain, pixelsPerCell: grid.nx < 256 ? 2 : 1 });
      const file = join(opts.out, `concentration-step${String(snap.step).padStart(7, "0")}.png`);
      await writeFileAtomic(file, png);
      snapshotFiles.push(file);
    }
  }
  const first = result.history[0]!;
  const last = result.history[result.history.length - 1]!;
  const summary = {
    config: opts.config,
    grid: { nx: grid.nx, ny: grid.ny, nz: grid.nz, lengthX: grid.lengthX, lengthY: grid.lengthY, lengthZ: grid.lengthZ },
    surfaceFlux: options.surfaceFlux ?? 0,
    steps: last.step,
    time: last.time,
    initial: first,
    final: last,
    warnings: result.warnings,
    files: { history: csvPath, snapshots: snapshotFiles },
  };
  await writeFileAtomic(join(opts.out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  if (opts.json === true) {
    writeLine(io.stdout, JSON.stringify(summary));
    return;
  }
  const fmt = (x: number) => x.toPrecision(6);
  writeLine(
    io.stdout,
    formatTable(
      ["", "time", "F total", "F elastic", "mean c", "phase fraction", "interface"],
      [first, last].map((r, i) => [i === 0 ? "start" : "end", fmt(r.time), fmt(r.energy.total), fmt(r.energy.elastic), fmt(r.meanConcentration), fmt(r.phaseFraction), fmt(r.interfaceArea)]),
    ),
  );
  for (const w of result.warnings) writeLine(io.stderr, `warning: ${w}`);
  writeLine(io.stdout, `wrote ${csvPath}, ${snapshotFiles.length} snapshot PNG(s) and summary.json in ${opts.out}`);
}

/** The `phasefield` subcommand. */
export const phasefieldCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    program
      .command("phasefield")
      .description("Run a Cahn-Hilliard phase-field simulation (periodic box or lithiated particle) from a JSON config.")
      .requiredOption("-c, --config <file>", "run configuration (JSON; see @operando/phasefield README)")
      .option("-o, --out <dir>", "output directory", "phasefield-out")
      .option("--no-png", "do not write PNG snapshots")
      .option("--json", "print the summary as JSON")
      .addHelpText(
        "after",
        `
Example:
  operando phasefield --config run.json --out out/
  run.json (PFHub benchmark 1a, 200 x 200 on 256 x 256):
  {"grid": {"nx": 256, "ny": 256, "lengthX": 200, "lengthY": 200},
   "freeEnergy": {"kind": "polynomial", "rho": 5, "cAlpha": 0.3, "cBeta": 0.7},
   "gradientCoefficient": 2, "mobility": {"kind": "constant", "value": 5},
   "initial": {"kind": "pfhub1"}, "timeStep": 1, "steps": 1000, "recordEvery": 10, "snapshotEvery": 250}
Writes energy.csv (step,time,energy_*,mean_concentration,phase_fraction,interface_area),
concentration-step*.png and summary.json. Invalid fields exit with code 2 naming the field.`,
      )
      .action(async (opts: { config: string; out: string; json?: boolean; png?: boolean }) => run(io, opts));
  },
};
