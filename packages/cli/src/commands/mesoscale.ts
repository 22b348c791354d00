/**
 * `operando simulate-cell` and `operando invert`: the 1D porous-electrode model of
 * @operando/mesoscale (run a protocol, write the time series and the layer table) and the
 * inversion of tortuosity and solid diffusivity from a measured layer table.
 *
 * @packageDocumentation
 */
import * as aq from "arquero";
import type { Command } from "commander";
import { InvalidParameterError, ParseError, writeFileAtomic } from "@operando/core";
import type { CellParameters, GaugeLayer, ProtocolStep, SimulateCellOptions } from "@operando/mesoscale";
import { cycleProtocol, cyclerProtocolStep, invertTransport, layerTable, simulateCell, transportTimescales, v2o5CellParameters, validateCellParameters } from "@operando/mesoscale";
import { readCycler } from "@operando/io";
import type { CliIO } from "../context.js";
import { createProgress, formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { readJsonFile, readTextFile } from "../internal/files.js";
import { parseNumberOption } from "../internal/options.js";

/** cell.json: either CellParameters, a preset name, or { cell, protocol?, layers?, grid? }. */
interface CellFile {
  cell: CellParameters;
  protocol?: ProtocolStep[];
  layers?: GaugeLayer[];
  gauge?: { thicknessUm?: number; profile?: "tophat" | "gaussian" };
  grid?: { electrodeCells?: number; separatorCells?: number; shells?: number };
}

async function loadCellFile(path: string): Promise<CellFile> {
  if (path === "preset:nanospheres" || path === "preset:platelets") return { cell: v2o5CellParameters(path.slice(7) as "nanospheres" | "platelets") };
  const json = await readJsonFile(path, "JSON cell parameters");
  const obj = json as Record<string, unknown>;
  const wrapped = typeof obj === "object" && obj !== null && "cell" in obj;
  const file = (wrapped ? obj : { cell: obj }) as unknown as CellFile;
  validateCellParameters(file.cell);
  return file;
}

const DEFAULT_LAYERS: GaugeLayer[] = [
  { layer: 5, depthUm: 15 },
  { layer: 4, depthUm: 50 },
  { layer: 3, depthUm: 85 },
];

function csvOf(columns: Record<string, ArrayLike<number>>): string {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.length;
  const lines = [names.join(",")];
  for (let r = 0; r < n; r++) lines.push(names.map((k) => String(columns[k]![r])).join(","));
  return `${lines.join("\n")}\n`;
}

interface SimOpts {
  params: string;
  out?: string;
  layersOut?: string;
  cycler?: string;
  cRate: string;
  cycles: string;
  cells?: string;
  shells?: string;
  interval: string;
  json?: boolean;
}

interface InvOpts {
  map: string;
  params: string;
  thickness: string;
  profile: string;
  fitRate?: boolean;
  fixDiffusivity?: boolean;
  cells: string;
  shells: string;
  maxEvaluations: string;
  json?: boolean;
}

export const mesoscaleCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    program
      .command("simulate-cell")
      .description("Run the 1D porous-electrode model of a Li | separator | LixV2O5 cell (voltage, x(depth, t), layer table)")
      .requiredOption("--params <file>", 'cell parameters JSON (CellParameters or { cell, protocol, layers, gauge, grid }), or "preset:nanospheres" / "preset:platelets"')
      .option("--out <file>", "time series CSV (timeS, voltageV, currentA, chargeAh, xMean)")
      .option("--layers-out <file>", "layer table CSV (timeS, layer, depthUm, x, xSigma, voltageV, f_*)")
      .option("--cycler <file>", "drive the current from a cycler file (any format @operando/io reads)")
      .option("--c-rate <value>", "C-rate of the default discharge/charge protocol (1C = x 0 -> 1 in one hour, 147 mAh/g V2O5; the paper's \"C/20, ~10 h\" counts 2 Li per 1C and is 0.1 here)", "0.05")
      .option("--cycles <n>", "cycles of the default protocol", "1")
      .option("--cells <n>", "finite volumes across the electrode")
      .option("--shells <n>", "radial shells per particle")
      .option("--interval <s>", "output sample spacing (s)", "60")
      .option("--json", "machine-readable summary on stdout")
      .addHelpText("after", "\nExample:\n  operando simulate-cell --params preset:platelets --out run.csv --layers-out layers.csv\n  operando simulate-cell --params cell.json --cycler cycle1.mpt --out run.csv")
      .action(async (opts: SimOpts) => {
        const file = await loadCellFile(opts.params);
        let protocol: ProtocolStep[] = file.protocol ?? cycleProtocol(parseNumberOption(opts.cRate, "--c-rate"), parseNumberOption(opts.cycles, "--cycles"));
        if (opts.cycler !== undefined) protocol = [cyclerProtocolStep(await readCycler(opts.cycler))];
        const simOptions: SimulateCellOptions = { protocol, outputIntervalS: parseNumberOption(opts.interval, "--interval") };
        const cells = opts.cells ?? (file.grid?.electrodeCells === undefined ? undefined : String(file.grid.electrodeCells));
        if (cells !== undefined) simOptions.electrodeCells = parseNumberOption(cells, "--cells");
        const shells = opts.shells ?? (file.grid?.shells === undefined ? undefined : String(file.grid.shells));
        if (shells !== undefined) simOptions.shells = parseNumberOption(shells, "--shells");
        if (file.grid?.separatorCells !== undefined) simOptions.separatorCells = file.grid.separatorCells;
        const steps = protocol.length;
        const progress = createProgress(io, steps, "simulate-cell");
        let lastStep = 0;
        simOptions.onProgress = (_t, stepIndex) => {
          if (stepIndex > lastStep) {
            progress.tick(stepIndex - lastStep);
            lastStep = stepIndex;
          }
        };
        const result = simulateCell(file.cell, simOptions);
        progress.tick(steps - lastStep);
        progress.stop();
        if (opts.out !== undefined) {
          await writeFileAtomic(opts.out, csvOf({ timeS: result.timeS, voltageV: result.voltageV, currentA: result.currentA, chargeAh: result.chargeAh, xMean: result.xMean }));
        }
        if (opts.layersOut !== undefined) {
          const table = layerTable(result, { layers: file.layers ?? DEFAULT_LAYERS, ...(file.gauge ?? {}) });
          await writeFileAtomic(opts.layersOut, table.toCSV());
        }
        const ts = transportTimescales(file.cell);
        const summary = {
          segments: result.segments,
          capacityDifference: result.capacityDifference ?? null,
          capacityAh: result.capacityAh,
          timescales: ts,
          lithiumBalanceRelativeError: result.lithiumBalance.relativeError,
          steps: result.stats.steps,
        };
        if (opts.json) {
          writeLine(io.stdout, JSON.stringify(summary, null, 2));
          return;
        }
        writeLine(
          io.stdout,
          formatTable(
            ["segment", "kind", "startS", "endS", "end", "chargeAh", "endV"],
            result.segments.map((s, q) => [String(q), s.kind, s.startS.toFixed(1), s.endS.toFixed(1), s.end, s.chargeAh.toExponential(4), s.endVoltageV.toFixed(4)]),
          ),
        );
        writeLine(io.stdout, `dQ = ${result.capacityDifference === undefined ? "n/a" : `${(result.capacityDifference * 100).toFixed(3)} %`}; ${ts.description}`);
      });

    program
      .command("invert")
      .description("Fit electrode tortuosity and solid diffusivity to a measured layer table with the mesoscale model")
      .requiredOption("--map <file>", "layer table CSV (timeS, layer, depthUm, x[, xSigma])")
      .requiredOption("--params <file>", "cell parameters JSON (starting values; protocol of the measurement)")
      .option("--thickness <um>", "gauge thickness (um)", "30")
      .option("--profile <kind>", "gauge profile: tophat or gaussian", "tophat")
      .option("--fit-rate", "also fit the reaction rate constant")
      .option("--fix-diffusivity", "keep D_s at its value in --params (when the data cannot constrain it, e.g. slow cycling)")
      .option("--cells <n>", "finite volumes across the electrode", "20")
      .option("--shells <n>", "radial shells per particle", "10")
      .option("--max-evaluations <n>", "simulation budget", "60")
      .option("--json", "machine-readable result on stdout")
      .addHelpText("after", "\nExample:\n  operando invert --map layers.csv --params cell.json")
      .action(async (opts: InvOpts) => {
        const file = await loadCellFile(opts.params);
        const text = await readTextFile(opts.map);
        const table = aq.fromCSV(text);
        for (const column of ["timeS", "layer", "depthUm", "x"]) {
          if (!table.columnNames().includes(column)) throw new ParseError({ file: opts.map, line: 1, expected: `a column named ${column}`, found: table.columnNames().join(",") });
        }
        // An empty CSV cell is null in arquero, and Number(null) would be 0: read cells explicitly.
        const cell = (v: unknown): number => (v === null || v === undefined || v === "" ? Number.NaN : Number(v));
        const raw = (name: string) => Array.from(table.array(name) as ArrayLike<unknown>, cell);
        // Rows without x (patterns the quantification flagged) carry no measurement: left out, counted.
        const xAll = raw("x");
        const keep = xAll.map((v) => Number.isFinite(v));
        const skipped = keep.filter((k) => !k).length;
        if (skipped === xAll.length) throw new ParseError({ file: opts.map, line: 2, expected: "at least one row with a finite x", found: "none" });
        const col = (name: string): Float64Array => {
          const values = raw(name);
          const out: number[] = [];
          values.forEach((v, r) => {
            if (!keep[r]) return;
            if (name !== "xSigma" && !Number.isFinite(v)) {
              const hint = name === "depthUm" ? " (operando quantify --depths fills it)" : "";
              throw new ParseError({ file: opts.map, line: r + 2, expected: `a number in column ${name}${hint}`, found: String((table.array(name) as ArrayLike<unknown>)[r] ?? "an empty cell") });
            }
            out.push(v);
          });
          return Float64Array.from(out);
        };
        if (skipped > 0) writeLine(io.stderr, `invert: ${skipped} of ${xAll.length} rows have no x (flagged patterns) and are left out`);
        const profile = opts.profile;
        if (profile !== "tophat" && profile !== "gaussian") throw new InvalidParameterError({ parameter: "--profile", value: profile, expected: "tophat or gaussian" });
        const budget = parseNumberOption(opts.maxEvaluations, "--max-evaluations");
        const progress = createProgress(io, budget, "invert");
        const simulation: SimulateCellOptions = { electrodeCells: parseNumberOption(opts.cells, "--cells"), shells: parseNumberOption(opts.shells, "--shells") };
        if (file.protocol !== undefined) simulation.protocol = file.protocol;
        const result = invertTransport(
          { timeS: col("timeS"), layer: col("layer"), depthUm: col("depthUm"), x: col("x"), ...(table.columnNames().includes("xSigma") ? { xSigma: col("xSigma") } : {}) },
          file.cell,
          {
            thicknessUm: parseNumberOption(opts.thickness, "--thickness"),
            profile,
            fitRateConstant: opts.fitRate ?? false,
            fitDiffusivity: !(opts.fixDiffusivity ?? false),
            simulation,
            maxEvaluations: budget,
            onEvaluation: () => progress.tick(),
          },
        );
        progress.stop();
        const out = {
          tortuosity: result.tortuosity,
          tortuositySigma: result.tortuositySigma,
          diffusivityM2PerS: result.diffusivityM2PerS,
          diffusivitySigma: Number.isFinite(result.diffusivitySigma) ? result.diffusivitySigma : null,
          rateConstant: result.rateConstant,
          rateConstantSigma: Number.isFinite(result.rateConstantSigma) ? result.rateConstantSigma : null,
          correlationTauDs: Number.isFinite(result.correlationTauDs) ? result.correlationTauDs : null,
          reducedChiSquare: result.reducedChiSquare,
          converged: result.converged,
          evaluations: result.evaluations,
        };
        if (opts.json) {
          writeLine(io.stdout, JSON.stringify(out, null, 2));
          return;
        }
        writeLine(
          io.stdout,
          formatTable(
            ["parameter", "value", "sigma"],
            [
              ["tortuosity", result.tortuosity.toPrecision(5), result.tortuositySigma.toPrecision(3)],
              ["D_s (m^2/s)", result.diffusivityM2PerS.toExponential(4), opts.fixDiffusivity ? "fixed" : result.diffusivitySigma.toExponential(2)],
              ...(opts.fitRate ? [["k", result.rateConstant.toExponential(4), result.rateConstantSigma.toExponential(2)]] : []),
            ],
          ),
        );
        writeLine(io.stdout, `${opts.fixDiffusivity ? "" : `corr(tau, D_s) = ${result.correlationTauDs.toFixed(3)}; `}reduced chi2 = ${result.reducedChiSquare.toPrecision(4)}; ${result.converged ? "converged" : "NOT converged"} after ${result.evaluations} simulations`);
      });
  },
};
