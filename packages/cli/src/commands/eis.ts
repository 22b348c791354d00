/**
 * `operando eis fit <file> --circuit ...` and `operando eis kk <file>`: equivalent-circuit
 * fits (with optional tortuosity from the transmission-line ionic resistance) and Lin-KK
 * validation of impedance spectra (@operando/eis), reading any format @operando/io knows.
 *
 * @packageDocumentation
 */

import type { Command } from "commander";
import { FitError, InvalidParameterError, writeFileAtomic } from "@operando/core";
import type { ImpedanceSpectrum } from "@operando/core";
import { createCircuit, discAreaCm2, fitCircuit, linKK, tortuosityFromIonicResistance } from "@operando/eis";
import type { CircuitFitResult, FitCircuitOptions, ImpedanceWeighting, LinKKFitType, LinKKResult, TortuosityResult } from "@operando/eis";
import { readImpedance, toJson } from "@operando/io";
import type { CliIO } from "../context.js";
import { formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { parseNumberOption } from "../internal/options.js";

/** "R0=10,TLMQ0_Rion=100" -> record; "10,100,2e-4,0.9" -> vector. */
function parseValues(text: string, option: string): Record<string, number> | number[] {
  const parts = text.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (parts.length === 0) throw new InvalidParameterError({ parameter: option, value: text, expected: 'name=value pairs ("R0=10,TLMQ0_Rion=100") or a list of numbers' });
  if (parts.every((p) => p.includes("="))) {
    const out: Record<string, number> = {};
    for (const p of parts) {
      const [name, value] = p.split("=", 2) as [string, string];
      out[name.trim()] = parseNumberOption(value, `${option} ${name.trim()}`);
    }
    return out;
  }
  if (parts.some((p) => p.includes("="))) throw new InvalidParameterError({ parameter: option, value: text, expected: "either all name=value pairs or all plain numbers" });
  return parts.map((p, k) => parseNumberOption(p, `${option}[${k}]`));
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

interface FitOpts {
  circuit: string;
  initial?: string;
  fixed?: string;
  lower?: string;
  upper?: string;
  weighting: string;
  starts: string;
  seed: string;
  tortuosity?: boolean;
  areaCm2?: string;
  diameterCm?: string;
  thicknessUm?: string;
  porosity?: string;
  porositySigma?: string;
  conductivitySPerM?: string;
  conductivitySigmaSPerM?: string;
  electrodes: string;
  out?: string;
  json?: boolean;
}

function tortuosityOf(fit: CircuitFitResult, opts: FitOpts): { input: Record<string, number>; result: TortuosityResult; parameter: string } {
  const index = fit.parameterNames.findIndex((n) => n.endsWith("_Rion"));
  if (index < 0) {
    throw new InvalidParameterError({ parameter: "--tortuosity", value: fit.circuit.text, expected: "a circuit with a transmission line (TLMQ or TLMRQ) giving R_ion" });
  }
  const need = (value: string | undefined, option: string): number => {
    if (value === undefined) throw new InvalidParameterError({ parameter: option, value, expected: "a value (required with --tortuosity)" });
    return parseNumberOption(value, option);
  };
  let areaCm2: number;
  if (opts.areaCm2 !== undefined) areaCm2 = parseNumberOption(opts.areaCm2, "--area-cm2");
  else if (opts.diameterCm !== undefined) areaCm2 = discAreaCm2(parseNumberOption(opts.diameterCm, "--diameter-cm"));
  else throw new InvalidParameterError({ parameter: "--area-cm2", value: undefined, expected: "--area-cm2 or --diameter-cm (required with --tortuosity)" });
  const input = {
    ionicResistanceOhm: fit.parameters[index]!,
    ionicResistanceSigmaOhm: Number.isFinite(fit.standardErrors[index]!) ? fit.standardErrors[index]! : 0,
    areaCm2,
    thicknessUm: need(opts.thicknessUm, "--thickness-um"),
    porosity: need(opts.porosity, "--porosity"),
    porositySigma: opts.porositySigma === undefined ? 0 : parseNumberOption(opts.porositySigma, "--porosity-sigma"),
    conductivitySPerM: need(opts.conductivitySPerM, "--conductivity-S-per-m"),
    conductivitySigmaSPerM: opts.conductivitySigmaSPerM === undefined ? 0 : parseNumberOption(opts.conductivitySigmaSPerM, "--conductivity-sigma-S-per-m"),
    electrodeCount: parseNumberOption(opts.electrodes, "--electrodes"),
  };
  return { input, result: tortuosityFromIonicResistance(input), parameter: fit.parameterNames[index]! };
}

function residualCsv(
  header: string,
  f: Float64Array,
  measuredRe: Float64Array,
  measuredIm: Float64Array,
  fitRe: Float64Array,
  fitIm: Float64Array,
  resRe: Float64Array,
  resIm: Float64Array,
): string {
  const lines = [header, "frequency_Hz,z_real_ohm,z_imag_ohm,fit_real_ohm,fit_imag_ohm,residual_real_rel,residual_imag_rel"];
  for (let i = 0; i < f.length; i++) {
    lines.push([f[i], measuredRe[i], measuredIm[i], fitRe[i], fitIm[i], resRe[i], resIm[i]].map((v) => String(v)).join(","));
  }
  return `${lines.join("\n")}\n`;
}

async function runFit(io: CliIO, file: string, opts: FitOpts): Promise<void> {
  const weighting = opts.weighting as ImpedanceWeighting;
  const circuit = createCircuit(opts.circuit);
  const spectrum: ImpedanceSpectrum = await readImpedance(file);
  const options: FitCircuitOptions = {
    weighting,
    starts: parseNumberOption(opts.starts, "--starts"),
    seed: parseNumberOption(opts.seed, "--seed"),
    ...(opts.initial === undefined ? {} : { initial: parseValues(opts.initial, "--initial") }),
    ...(opts.lower === undefined ? {} : { lower: parseValues(opts.lower, "--lower") }),
    ...(opts.upper === undefined ? {} : { upper: parseValues(opts.upper, "--upper") }),
  };
  if (opts.fixed !== undefined) {
    const fixed = parseValues(opts.fixed, "--fixed");
    if (Array.isArray(fixed)) throw new InvalidParameterError({ parameter: "--fixed", value: opts.fixed, expected: 'name=value pairs, e.g. "R0=12"' });
    options.fixed = fixed;
  }
  const fit = fitCircuit(circuit, spectrum, options);
  const tort = opts.tortuosity === true ? tortuosityOf(fit, opts) : undefined;
  if (opts.out !== undefined) {
    const c = fit.curves;
    const header = `# operando eis fit: ${file}, circuit ${circuit.text}, weighting ${fit.weighting}; residual = (measured - fit) / |Z_measured|`;
    await writeFileAtomic(opts.out, residualCsv(header, c.measured.frequencyHz, c.measured.zReal, c.measured.zImag, c.fitted.zReal, c.fitted.zImag, c.residualReal, c.residualImag));
  }
  const p = fit.parameterNames.length;
  const summary = {
    file,
    circuit: circuit.text,
    weighting: fit.weighting,
    points: spectrum.frequencyHz.length,
    parameters: fit.estimates,
    correlation: Array.from({ length: p }, (_, a) => Array.from(fit.correlation.subarray(a * p, (a + 1) * p))),
    chiSquare: fit.chiSquare,
    reducedChiSquare: fit.reducedChiSquare,
    degreesOfFreedom: fit.degreesOfFreedom,
    converged: fit.converged,
    status: fit.status,
    singular: fit.singular,
    undetermined: fit.undetermined,
    atBounds: fit.atBounds,
    starts: { count: fit.starts.initial.length, best: fit.starts.best, chiSquare: fit.starts.chiSquare },
    ...(tort === undefined ? {} : { tortuosity: { ionicResistanceParameter: tort.parameter, ...tort.input, ...tort.result } }),
    ...(opts.out === undefined ? {} : { residualFile: opts.out }),
    curves: fit.curves,
  };
  if (opts.json === true) {
    writeLine(io.stdout, toJson(summary, 0));
  } else {
    writeLine(io.stdout, `${file}: ${circuit.text}, ${spectrum.frequencyHz.length} points, ${fit.weighting} weighting`);
    writeLine(
      io.stdout,
      formatTable(
        ["parameter", "value", "sigma", "unit", ""],
        fit.estimates.map((e) => [e.name, fmt(e.value), e.fixed ? "fixed" : fmt(e.standardError), e.unit, fit.atBounds.includes(e.name) ? "at bound" : ""]),
      ),
    );
    writeLine(io.stdout, `chi2 ${fmt(fit.chiSquare)}, reduced chi2 ${fmt(fit.reducedChiSquare)}, dof ${fit.degreesOfFreedom}, ${fit.status}`);
    if (tort !== undefined) {
      const t = tort.result;
      writeLine(io.stdout, `tortuosity (from ${tort.parameter}, ${tort.input.electrodeCount} electrodes): tau = ${fmt(t.tortuosity)} +- ${fmt(t.tortuositySigma)}, MacMullin N_M = ${fmt(t.macMullinNumber)} +- ${fmt(t.macMullinSigma)}, kappa_eff = ${fmt(t.effectiveConductivitySPerM)} S/m`);
    }
    if (opts.out !== undefined) writeLine(io.stdout, `wrote residuals to ${opts.out}`);
  }
  if (fit.undetermined.length > 0) writeLine(io.stderr, `warning: the data do not determine ${fit.undetermined.join(", ")}`);
  if (!fit.converged) {
    throw new FitError(`the fit did not converge (${fit.status}); results above are not reliable: try --starts, --initial or more points`, { parameters: fit.parameters });
  }
}

interface KKOpts {
  c: string;
  maxElements: string;
  elements?: string;
  fitType: string;
  capacitance?: boolean;
  inductance?: boolean;
  threshold: string;
  out?: string;
  json?: boolean;
}

async function runKK(io: CliIO, file: string, opts: KKOpts): Promise<void> {
  const spectrum = await readImpedance(file);
  const kk: LinKKResult = linKK(spectrum, {
    muCriterion: parseNumberOption(opts.c, "--c"),
    maxElements: parseNumberOption(opts.maxElements, "--max-elements"),
    ...(opts.elements === undefined ? {} : { elementCount: parseNumberOption(opts.elements, "--elements") }),
    fitType: opts.fitType as LinKKFitType,
    includeCapacitance: opts.capacitance !== false,
    includeInductance: opts.inductance !== false,
    residualThreshold: parseNumberOption(opts.threshold, "--threshold"),
  });
  if (opts.out !== undefined) {
    const header = `# operando eis kk: ${file}, M = ${kk.elementCount}, mu = ${kk.mu}; residual = (measured - Lin-KK fit) / |Z_measured|`;
    await writeFileAtomic(opts.out, residualCsv(header, kk.frequencyHz, Float64Array.from(spectrum.zReal), Float64Array.from(spectrum.zImag), kk.fittedReal, kk.fittedImag, kk.residualReal, kk.residualImag));
  }
  const verdict = kk.pass ? "pass" : "fail";
  if (opts.json === true) {
    writeLine(io.stdout, toJson({ file, verdict, ...kk, ...(opts.out === undefined ? {} : { residualFile: opts.out }) }, 0));
    return;
  }
  writeLine(io.stdout, `${file}: Lin-KK ${verdict.toUpperCase()} (max |residual| ${(100 * kk.maxAbsResidual).toFixed(3)} % vs threshold ${(100 * kk.residualThreshold).toFixed(3)} %, rms ${(100 * kk.rmsResidual).toFixed(3)} %)`);
  writeLine(io.stdout, `M = ${kk.elementCount} RC elements, mu = ${kk.mu.toFixed(4)}, R_ohm = ${fmt(kk.seriesResistanceOhm)} ohm, L = ${fmt(kk.inductanceH)} H${kk.capacitanceF === undefined ? "" : `, C = ${fmt(kk.capacitanceF)} F`}`);
  if (opts.out !== undefined) writeLine(io.stdout, `wrote residuals to ${opts.out}`);
}

/** The `eis` command with `fit` and `kk` subcommands. */
export const eisCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    const eis = program.command("eis").description("Impedance spectra: equivalent-circuit fits, tortuosity from a transmission line, Lin-KK validation.");
    eis
      .command("fit")
      .description("Fit an equivalent circuit (impedance.py syntax) by complex non-linear least squares.")
      .argument("<file>", "impedance spectrum (BioLogic .mpt, Gamry .DTA, CSV f,Z',Z'')")
      .requiredOption("--circuit <text>", 'circuit string, e.g. "R0-TLMQ0" or "R0-p(R1,C1)-p(R2-Wo1,C2)"')
      .option("--initial <values>", 'starting values: "R0=12,TLMQ0_Rion=100" or a comma list in parameter order (default: guessed from the spectrum)')
      .option("--fixed <values>", 'parameters held fixed: "R0=12"')
      .option("--lower <values>", 'lower bounds by name: "TLMQ0_alpha=0.5"')
      .option("--upper <values>", 'upper bounds by name: "TLMQ0_alpha=1"')
      .option("--weighting <kind>", "unit | modulus | proportional", "modulus")
      .option("--starts <n>", "number of seeded starting points", "1")
      .option("--seed <n>", "seed of the extra starting points", "1")
      .option("--tortuosity", "compute tau = R_ion A kappa eps / (n d) from the transmission line's R_ion")
      .option("--area-cm2 <value>", "electrode area (cm^2)")
      .option("--diameter-cm <value>", "electrode diameter (cm), instead of --area-cm2")
      .option("--thickness-um <value>", "electrode thickness (um)")
      .option("--porosity <value>", "electrode porosity (0-1)")
      .option("--porosity-sigma <value>", "one-sigma uncertainty of the porosity")
      .option("--conductivity-S-per-m <value>", "electrolyte conductivity (S/m; 1 mS/cm = 0.1 S/m)")
      .option("--conductivity-sigma-S-per-m <value>", "one-sigma uncertainty of the conductivity (S/m)")
      .option("--electrodes <n>", "identical electrodes in series in R_ion (2 = symmetric cell)", "2")
      .option("-o, --out <file>", "write measured, fitted and residual spectra as CSV (atomically)")
      .option("--json", "print the result (parameters, correlation, statistics, curves) as JSON")
      .addHelpText(
        "after",
        `
Example (blocking symmetric cell, tortuosity as in Luo et al. 2021):
  operando eis fit cell.mpt --circuit "R0-TLMQ0" --starts 5 --tortuosity \\
    --diameter-cm 1.27 --thickness-um 7.51 --porosity 0.4 --conductivity-S-per-m 0.035 --out residuals.csv
Elements: R C L CPE W Wo Ws G Gs K TLMQ TLMRQ T (see @operando/eis README); series "-", parallel p(a,b).
Exit codes: 2 for a circuit that does not parse (message shows the position) or a bad option,
3 for an unreadable file, 1 when the fit does not converge.`,
      )
      .action(async (file: string, opts: FitOpts) => runFit(io, file, opts));
    eis
      .command("kk")
      .description("Lin-KK (Kramers-Kronig) validation: is the spectrum trustworthy before fitting?")
      .argument("<file>", "impedance spectrum (BioLogic .mpt, Gamry .DTA, CSV f,Z',Z'')")
      .option("--c <value>", "mu criterion for the number of RC elements (Schoenleber 2014)", "0.85")
      .option("--max-elements <n>", "largest number of RC elements tried", "50")
      .option("--elements <n>", "use exactly this many RC elements (no mu search)")
      .option("--fit-type <kind>", "complex | real | imag", "complex")
      .option("--no-capacitance", "no series capacitance in the Lin-KK model")
      .option("--no-inductance", "no series inductance in the Lin-KK model")
      .option("--threshold <value>", "pass when every |residual| / |Z| is at most this", "0.01")
      .option("-o, --out <file>", "write measured, Lin-KK fit and residuals as CSV (atomically)")
      .option("--json", "print the result as JSON")
      .addHelpText(
        "after",
        `
Example:
  operando eis kk cell.mpt --out kk-residuals.csv
Pass/fail: max over points of |Z - Z_KK| / |Z| (real and imaginary parts) <= --threshold.
Residuals that grow towards low frequency usually mean drift during the sweep.`,
      )
      .action(async (file: string, opts: KKOpts) => runKK(io, file, opts));
  },
};
