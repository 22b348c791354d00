/**
 * `operando quantify <series...> --calibration cal.json --out table.csv`: window quantification
 * (@operando/phases) of every pattern of one or more series files: phases present, fractions,
 * lattice parameter c and lithiation x with uncertainties, written as the layer table; optional
 * coulomb-counting alignment with a cycler file.
 *
 * @packageDocumentation
 */
import type { Command } from "commander";
import { calibrationFromJson } from "@operando/calibrate";
import { createSeries, InvalidParameterError, isAxisKind } from "@operando/core";
import type { AxisKind, Pattern } from "@operando/core";
import { createPhaseLibrary } from "@operando/crystal";
import { bendingMagnetSpectrum } from "@operando/simulate";
import { readCycler, readSeries } from "@operando/io";
import { alignCycler, layerTable, phaseTransitionEvents, quantifySeriesParallel, writeQuantificationTable } from "@operando/phases";
import type { CyclerAlignment } from "@operando/phases";
import type { CliIO } from "../context.js";
import { createProgress, formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { readTextFile } from "../internal/files.js";
import { parseNumberListOption, parseNumberOption } from "../internal/options.js";

interface QuantifyOpts {
  calibration: string;
  out: string;
  phases?: string;
  phaseFile?: string;
  cycler?: string;
  massMg?: string;
  x0: string;
  timeOffsetS: string;
  direction: string;
  workers?: string;
  significance: string;
  weighting: string;
  detectionLimit: string;
  json?: boolean;
  axis?: string;
  singlePhaseX: string;
  criticalEnergyKev?: string;
  noiseFwhmKev?: string;
  angularSpreadDeg?: string;
  fluorescence?: string;
  lorentzian?: string;
  depths?: string;
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "-";
}

async function run(files: string[], opts: QuantifyOpts, io: CliIO): Promise<void> {
  const calibration = calibrationFromJson(await readTextFile(opts.calibration), opts.calibration);
  const library = createPhaseLibrary(opts.phaseFile === undefined ? [] : await readTextFile(opts.phaseFile));
  const phases = opts.phases?.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (opts.direction !== "forward" && opts.direction !== "reverse") throw new InvalidParameterError({ parameter: "--direction", value: opts.direction, expected: '"forward" or "reverse"' });
  if (opts.weighting !== "mighell" && opts.weighting !== "neyman") throw new InvalidParameterError({ parameter: "--weighting", value: opts.weighting, expected: '"mighell" or "neyman"' });
  if (opts.cycler !== undefined && opts.massMg === undefined) throw new InvalidParameterError({ parameter: "--mass-mg", value: undefined, expected: "the active mass (mg) when --cycler is given" });
  const patterns: Pattern[] = [];
  if (opts.axis !== undefined && !isAxisKind(opts.axis)) throw new InvalidParameterError({ parameter: "--axis", value: opts.axis, expected: "channel, energy or twoTheta" });
  const readOptions = opts.axis === undefined ? {} : { pattern: { axis: opts.axis as AxisKind } };
  for (const f of files) patterns.push(...(await readSeries(f, readOptions)).patterns);
  const series = createSeries(patterns);
  if (opts.singlePhaseX !== "midpoint" && opts.singlePhaseX !== "nominal") throw new InvalidParameterError({ parameter: "--single-phase-x", value: opts.singlePhaseX, expected: '"midpoint" or "nominal"' });
  const resolution = {
    ...(opts.noiseFwhmKev === undefined ? {} : { electronicNoiseFwhmKeV: parseNumberOption(opts.noiseFwhmKev, "--noise-fwhm-kev") }),
    ...(opts.angularSpreadDeg === undefined ? {} : { angularSpreadDeg: parseNumberOption(opts.angularSpreadDeg, "--angular-spread-deg") }),
  };
  const incidentSpectrum = opts.criticalEnergyKev === undefined ? undefined : bendingMagnetSpectrum({ criticalEnergyKeV: parseNumberOption(opts.criticalEnergyKev, "--critical-energy-kev") });
  const fluorescenceLines = opts.fluorescence?.split(",").map((p) => p.trim()).filter((p) => p !== "");
  let lorentzianFraction: number | "free" | undefined;
  if (opts.lorentzian !== undefined) lorentzianFraction = opts.lorentzian === "free" ? "free" : parseNumberOption(opts.lorentzian, "--lorentzian");
  const progress = createProgress(io, patterns.length, "quantify");
  const q = await quantifySeriesParallel(series, calibration, {
    library,
    ...(phases === undefined ? {} : { phases }),
    direction: opts.direction,
    selection: { significance: parseNumberOption(opts.significance, "--significance") },
    weighting: opts.weighting,
    singlePhaseX: opts.singlePhaseX,
    resolution,
    ...(incidentSpectrum === undefined ? {} : { incidentSpectrum }),
    ...(fluorescenceLines === undefined || fluorescenceLines.length === 0 ? {} : { fluorescenceLines }),
    ...(lorentzianFraction === undefined ? {} : { lorentzianFraction }),
    ...(opts.workers === undefined ? {} : { workers: parseNumberOption(opts.workers, "--workers") }),
    onProgress: () => progress.tick(),
  });
  progress.stop();
  let alignment: CyclerAlignment | undefined;
  if (opts.cycler !== undefined) {
    const cycler = await readCycler(opts.cycler);
    alignment = alignCycler(q, cycler, { activeMassMg: parseNumberOption(opts.massMg!, "--mass-mg"), x0: parseNumberOption(opts.x0, "--x0"), timeOffsetS: parseNumberOption(opts.timeOffsetS, "--time-offset-s") });
  }
  // Depth of each layer's gauge centre (um), by layer index: the depthUm column that report and invert need.
  const depths = parseNumberListOption(opts.depths, "--depths");
  const layers = [...new Set(q.rows.map((r) => r.layer))].sort((a, b) => a - b);
  if (opts.depths !== undefined) {
    const missing = layers.filter((l) => !(l >= 0 && l < depths.length && Number.isInteger(l)));
    if (missing.length > 0) {
      throw new InvalidParameterError({ parameter: "--depths", value: opts.depths, expected: `one depth (um) per layer index 0..${Math.max(...layers)} (layers found: ${layers.join(", ")})` });
    }
  }
  const table = layerTable(q, {
    ...(alignment === undefined ? {} : { voltageV: alignment.voltageV }),
    ...(opts.depths === undefined ? {} : { depthUm: depths }),
  });
  await writeQuantificationTable(opts.out, table);
  const events = phaseTransitionEvents(q, {
    detectionLimit: parseNumberOption(opts.detectionLimit, "--detection-limit"),
    ...(alignment === undefined ? {} : { x: alignment.xCoulomb, voltageV: alignment.voltageV }),
  });
  const flagged = q.rows.filter((r) => r.result.flags.length > 0).length;
  // Patterns whose residual holds a strong peak the model does not explain (a missing phase or a fluorescence line: see --fluorescence).
  const unexplained = [...new Set(q.rows.flatMap((r) => r.result.flags.filter((f) => f.startsWith("unexplainedPeak:")).map((f) => f.slice("unexplainedPeak:".length))))];
  const unexplainedCount = q.rows.filter((r) => r.result.flags.some((f) => f.startsWith("unexplainedPeak:"))).length;
  const summary = {
    patterns: q.rows.length,
    flagged,
    phases: q.phases,
    out: opts.out,
    unexplainedPeaks: { patterns: unexplainedCount, positions: unexplained },
    xDifference: alignment === undefined ? null : { mean: alignment.meanDifference, rms: alignment.rmsDifference, outside: alignment.outside },
    events,
  };
  if (opts.json === true) {
    writeLine(io.stdout, JSON.stringify(summary, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2));
    return;
  }
  writeLine(io.stdout, `quantified ${q.rows.length} patterns (${flagged} flagged) -> ${opts.out}`);
  if (unexplainedCount > 0) writeLine(io.stdout, `warning: ${unexplainedCount} patterns have a strong unexplained peak in the residual at ${unexplained.slice(0, 5).join(", ")} (keV or deg); a fluorescence line? try --fluorescence Pb:K,W:K`);
  if (alignment !== undefined) writeLine(io.stdout, `x(diffraction) - x(coulomb): mean ${fmt(alignment.meanDifference)}, rms ${fmt(alignment.rmsDifference)} (${alignment.outside} patterns outside the cycler record)`);
  if (events.length > 0) {
    writeLine(io.stdout, formatTable(["layer", "phase", "event", "timeS", "x", "xSigma", "voltageV"], events.map((e) => [String(e.layer), e.phase, e.kind, fmt(e.timeS, 0), fmt(e.x, 3), fmt(e.xSigma, 3), fmt(e.voltageV, 3)])));
  }
}

/** The `quantify` command. */
export const quantifyCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    program
      .command("quantify")
      .description("phase fractions, lattice c and lithiation x in the d = 3.8-5.2 A window of every pattern")
      .argument("<series...>", "series files (SPEC, MCA, xy, NeXus, ...)")
      .requiredOption("--calibration <file>", "calibration JSON (operando calibrate)")
      .requiredOption("--out <file>", "layer table (.csv, .arrow or .json)")
      .option("--phases <ids>", "candidate phases, comma-separated (default: all library phases)")
      .option("--phase-file <file>", "phase library overrides (JSON)")
      .option("--cycler <file>", "cycler record for coulomb counting")
      .option("--mass-mg <mass>", "active V2O5 mass (mg), required with --cycler")
      .option("--x0 <x>", "x at the start of the cycler record", "0")
      .option("--time-offset-s <s>", "added to pattern times to get cycler times", "0")
      .option("--direction <dir>", "sequential seeding direction: forward or reverse", "forward")
      .option("--workers <n>", "worker threads over layers (default: min(layers, cores))")
      .option("--significance <alpha>", "likelihood-ratio significance of phase selection", "0.001")
      .option("--weighting <w>", "Poisson weighting: mighell (chi-square-gamma, unbiased at low counts) or neyman (1/max(y,1))", "mighell")
      .option("--detection-limit <f>", "fraction threshold for appearance/disappearance events", "0.03")
      .option("--axis <kind>", "axis of plain-text patterns (xy/csv): channel, energy or twoTheta")
      .option("--single-phase-x <rule>", "x of a phase alone in its single-phase field (no lattice-composition relation): midpoint (of its x range, sigma = range/sqrt(12)) or nominal", "midpoint")
      .option("--critical-energy-kev <E>", "EDXRD incident spectrum: bending magnet with this critical energy (keV; APS 19.5); default flat")
      .option("--noise-fwhm-kev <w>", "EDXRD detector electronic-noise FWHM (keV); default 0.15")
      .option("--angular-spread-deg <d>", "EDXRD angular acceptance (deg) for the geometric width term; default 0")
      .option("--fluorescence <lines>", "EDXRD fixed-energy fluorescence lines in the window, comma-separated (e.g. Pb:K,W:Ka,74.97): nuisance peaks at the detector resolution, never phases")
      .option("--lorentzian <eta>", "Lorentzian fraction of the peak shape: a number in [0, 1] or free (refined); default 0")
      .option("--depths <um>", "depth of each layer's gauge centre below the separator (um), comma-separated by layer index 0, 1, ...: fills the depthUm column (needed by report and invert)")
      .option("--json", "machine-readable summary on stdout")
      .addHelpText("after", "\nExample:\n  operando quantify scan.spec --calibration cal.json --phases alpha,epsilon,delta \\\n    --cycler cell.mpt --mass-mg 3.1 --depths 15,45,75 --out layers.csv\n  operando quantify scan.spec --calibration cal.json --fluorescence Pb:K,W:K --out layers.csv\n")
      .action(async (files: string[], opts: QuantifyOpts) => run(files, opts, io));
  },
};
