/**
 * `operando fit <files...>`: fits peaks (+ background) to each pattern with @operando/fit, each
 * fit seeded from the previous file's result (a series), and writes the series fit table
 * (docs/tables.md) as CSV.
 *
 * @packageDocumentation
 */
import type { Command } from "commander";
import type { Pattern } from "@operando/core";
import { createSeries, InvalidParameterError, writeFileAtomic } from "@operando/core";
import type { BackgroundKind, FitSeriesOptions, PeakShapeKind } from "@operando/fit";
import { fitSeries, PEAK_SHAPE_KINDS } from "@operando/fit";
import { readSeries } from "@operando/io";
import type { CliIO } from "../context.js";
import { createProgress, formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { parseNumberOption } from "../internal/options.js";

/** Short shape names accepted by --shape. */
const SHAPE_ALIASES: Record<string, PeakShapeKind> = {
  g: "gaussian",
  gauss: "gaussian",
  gaussian: "gaussian",
  l: "lorentzian",
  lorentz: "lorentzian",
  lorentzian: "lorentzian",
  pv: "pseudoVoigt",
  pseudovoigt: "pseudoVoigt",
  tch: "tchPseudoVoigt",
  tchpseudovoigt: "tchPseudoVoigt",
  p7: "pearson7",
  pearson7: "pearson7",
  spv: "splitPseudoVoigt",
  splitpseudovoigt: "splitPseudoVoigt",
  voigt: "voigt",
};

interface FitCliOptions {
  peaks?: string;
  centers?: string;
  shape: string;
  window?: string;
  background: string;
  degree: string;
  intensity: string;
  shareWidths?: boolean;
  reverse?: boolean;
  out?: string;
  json?: boolean;
}

/** Turns the command-line options into fitSeries options (throws InvalidParameterError naming the option). */
export function fitOptionsFromCli(opts: FitCliOptions): FitSeriesOptions {
  const shape = SHAPE_ALIASES[opts.shape.toLowerCase()];
  if (shape === undefined) {
    throw new InvalidParameterError({ parameter: "--shape", value: opts.shape, expected: `one of ${Object.keys(SHAPE_ALIASES).join(", ")} (${PEAK_SHAPE_KINDS.join(", ")})` });
  }
  if (opts.peaks !== undefined && opts.centers !== undefined) {
    throw new InvalidParameterError({ parameter: "--centers", value: opts.centers, expected: "either --peaks or --centers, not both" });
  }
  let peaks: number | number[] = 1;
  if (opts.centers !== undefined) peaks = opts.centers.split(",").map((c) => parseNumberOption(c, "--centers"));
  else if (opts.peaks !== undefined) {
    const n = parseNumberOption(opts.peaks, "--peaks");
    if (!Number.isInteger(n) || n < 1) throw new InvalidParameterError({ parameter: "--peaks", value: opts.peaks, expected: "a positive integer" });
    peaks = n;
  }
  let window: [number, number] | undefined;
  if (opts.window !== undefined) {
    const parts = opts.window.split(":");
    if (parts.length !== 2) throw new InvalidParameterError({ parameter: "--window", value: opts.window, expected: "lo:hi, e.g. 7:9" });
    window = [parseNumberOption(parts[0]!, "--window"), parseNumberOption(parts[1]!, "--window")];
    if (!(window[1] > window[0])) throw new InvalidParameterError({ parameter: "--window", value: opts.window, expected: "lo:hi with hi > lo" });
  }
  const backgrounds: BackgroundKind[] = ["none", "polynomial", "chebyshev", "exponential"];
  if (!backgrounds.includes(opts.background as BackgroundKind)) {
    throw new InvalidParameterError({ parameter: "--background", value: opts.background, expected: `one of ${backgrounds.join(", ")}` });
  }
  const degree = parseNumberOption(opts.degree, "--degree");
  if (opts.intensity !== "height" && opts.intensity !== "area") throw new InvalidParameterError({ parameter: "--intensity", value: opts.intensity, expected: "height or area" });
  return {
    peaks,
    shape,
    background: opts.background as BackgroundKind,
    backgroundDegree: degree,
    intensity: opts.intensity,
    order: opts.reverse === true ? "reverse" : "forward",
    ...(window === undefined ? {} : { window }),
    ...(opts.shareWidths === true ? { shareWidths: true } : {}),
  };
}

async function run(io: CliIO, files: string[], opts: FitCliOptions): Promise<void> {
  const options = fitOptionsFromCli(opts);
  const patterns: Pattern[] = [];
  const sources: string[] = [];
  for (const file of files) {
    const series = await readSeries(file);
    for (const p of series.patterns) {
      patterns.push(p);
      sources.push(file);
    }
  }
  const progress = createProgress(io, patterns.length, "fit");
  let result;
  try {
    result = fitSeries(createSeries(patterns), { ...options, onProgress: () => progress.tick() });
  } finally {
    progress.stop();
  }
  const table = result.table;
  if (opts.out !== undefined) await writeFileAtomic(opts.out, `${table.toCSV()}\n`);
  const names = result.entries.find((e) => e.result !== undefined)?.result?.fit.parameterNames ?? [];
  if (opts.json === true) {
    const rows = result.entries.map((e, i) => ({
      file: sources[i],
      index: e.index,
      status: e.result?.fit.status ?? "failed",
      converged: e.result?.fit.converged ?? false,
      flags: e.flags,
      ...(e.error === undefined ? {} : { error: e.error }),
      reducedChiSquare: e.result?.fit.reducedChiSquare ?? null,
      rwp: e.result?.fit.rwp ?? null,
      parameters: Object.fromEntries(names.map((n, j) => [n, { value: e.result?.fit.parameters[j] ?? null, sigma: e.result?.fit.standardErrors[j] ?? null }])),
      peaks: e.result?.peaks ?? [],
    }));
    writeLine(io.stdout, JSON.stringify({ out: opts.out ?? null, shape: options.shape, rows }));
    return;
  }
  const peakCount = result.entries.find((e) => e.result !== undefined)?.result?.peaks.length ?? 0;
  const header = ["file", ...Array.from({ length: peakCount }, (_, k) => `p${k} center`), ...Array.from({ length: peakCount }, (_, k) => `p${k} fwhm`), "red. chi2", "status", "flags"];
  const fmtErr = (v: number, e: number) => (Number.isFinite(e) ? `${v.toPrecision(7)}(${e.toPrecision(2)})` : v.toPrecision(7));
  const rows = result.entries.map((e, i) => {
    const peaks = e.result?.peaks ?? [];
    return [
      sources[i]!.split("/").pop()!,
      ...Array.from({ length: peakCount }, (_, k) => (peaks[k] === undefined ? "-" : fmtErr(peaks[k]!.center, peaks[k]!.centerError))),
      ...Array.from({ length: peakCount }, (_, k) => (peaks[k] === undefined ? "-" : peaks[k]!.fwhm.toPrecision(5))),
      e.result === undefined ? "-" : e.result.fit.reducedChiSquare.toPrecision(4),
      e.result?.fit.status ?? "failed",
      e.flags.join(",") + (e.error === undefined ? "" : ` ${e.error}`),
    ];
  });
  writeLine(io.stdout, formatTable(header, rows));
  if (opts.out !== undefined) writeLine(io.stdout, `wrote ${opts.out} (${table.numRows()} rows, ${table.numCols()} columns)`);
}

/** The `fit` subcommand. */
export const fitCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    program
      .command("fit")
      .description("Fit peaks plus background to patterns (a series: each fit starts from the previous one).")
      .argument("<files...>", "pattern files (any format @operando/io reads)")
      .option("-n, --peaks <n>", "number of peaks, found by a peak search")
      .option("-c, --centers <list>", "starting peak centres, comma separated (x units)")
      .option("-s, --shape <shape>", "peak shape: g, l, pv, tch, p7, spv, voigt", "pv")
      .option("-w, --window <lo:hi>", "fit only lo <= x <= hi")
      .option("-b, --background <kind>", "none, polynomial, chebyshev or exponential", "polynomial")
      .option("-d, --degree <n>", "background polynomial degree", "1")
      .option("--intensity <kind>", "intensity parameter: height or area", "height")
      .option("--share-widths", "tie the widths of all peaks to the first")
      .option("--reverse", "fit the series from the last pattern to the first")
      .option("-o, --out <file>", "write the series fit table as CSV")
      .option("--json", "print the results as JSON")
      .addHelpText(
        "after",
        `
Example:
  operando fit scan_*.xy --centers 7.45,8.62 --shape pv --window 7:9.2 --out fits.csv
  operando fit pattern.xy --peaks 2 --json
Columns of the CSV: index, timeS, layer, <parameter>, <parameter>_sigma, ..., chi2, reducedChi2,
rwp, evaluations, status, flags (parameters p0_center, p0_height, p0_fwhm, p0_eta, ..., bg_c0, ...).
A fit whose quality drops (not converged, chi-square jump, weak peak) is redone from a fresh peak
search and flagged "reseeded".`,
      )
      .action(async (files: string[], opts: FitCliOptions) => run(io, files, opts));
  },
};
