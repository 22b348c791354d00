/**
 * `operando report --quantification table.csv [--model model.csv] [--calibration cal.json] --out report.html`:
 * builds the self-contained HTML report (@operando/plot) from a layer table (docs/tables.md),
 * with layer maps and metrics (@operando/maps), an optional model comparison and calibration summary.
 *
 * @packageDocumentation
 */
import type { Command } from "commander";
import { InvalidParameterError, OPERANDO_VERSION } from "@operando/core";
import {
  buildLayerMap,
  compareLayerMaps,
  depthGradient,
  layerSpread,
  lithiationFront,
  parseLayerTableCsv,
  strandedLithium,
} from "@operando/maps";
import type { LayerTable } from "@operando/maps";
import {
  buildReport,
  fileProvenance,
  layerMapComparisonSpec,
  layerMapSpec,
  phaseFractionsSpec,
  reportTable,
  writeReport,
  xyLineSpec,
} from "@operando/plot";
import type { FileProvenance, ReportFailure, ReportFigure, ReportInput, ReportSection, XySeries } from "@operando/plot";
import type { CliIO } from "../context.js";
import { writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { parseJsonText, readTextFile } from "../internal/files.js";

interface ReportOptions {
  quantification?: string;
  model?: string;
  calibration?: string;
  out: string;
  title?: string;
  threshold: string;
  maxRows: string;
  json?: boolean;
}

/** Scalar entries of a JSON value as "a.b[2]" → value lines (at most `max`). */
function flatten(value: unknown, max: number, prefix = "", out: [string, string | number][] = []): [string, string | number][] {
  if (out.length >= max) return out;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value === null) {
    out.push([prefix === "" ? "value" : prefix, typeof value === "boolean" || value === null ? String(value) : value]);
  } else if (Array.isArray(value)) {
    if (value.length > 12 && value.every((v) => typeof v === "number")) out.push([prefix, `[${value.length} numbers]`]);
    else value.forEach((v, i) => flatten(v, max, `${prefix}[${i}]`, out));
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, max, prefix === "" ? k : `${prefix}.${k}`, out);
  }
  return out;
}

function column(table: LayerTable, name: string): unknown[] {
  return table.columnNames().includes(name) ? Array.from(table.array(name) as ArrayLike<unknown>) : [];
}

function numbers(table: LayerTable, name: string): Float64Array {
  return Float64Array.from(column(table, name), (v) => (typeof v === "number" ? v : Number.NaN));
}

/** Runs a step; on failure records a warning and returns undefined (the report goes on). */
function attempt<T>(warnings: string[], what: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    warnings.push(`${what}: ${(error as Error).message}`);
    return undefined;
  }
}

function quantificationSections(table: LayerTable, file: string, threshold: number, maxRows: number, warnings: string[]): Pick<ReportInput, "series" | "quantification" | "maps"> {
  const timeS = numbers(table, "timeS");
  const layer = numbers(table, "layer");
  const x = numbers(table, "x");
  const xSigma = numbers(table, "xSigma");
  const flags = column(table, "flags").map((f) => (typeof f === "string" ? f : ""));
  const hasX = table.columnNames().includes("x");
  const failures: ReportFailure[] = [];
  for (let r = 0; r < table.numRows(); r++) {
    const flag = flags[r] ?? "";
    if ((hasX && !Number.isFinite(x[r]!)) || /fail/i.test(flag)) {
      failures.push({ item: `layer ${layer[r]}, t = ${timeS[r]} s`, message: flag === "" ? "x missing" : flag });
    }
  }
  const layers = [...new Set(Array.from(layer))].sort((a, b) => a - b);
  const flagged = flags.filter((f) => f !== "").length;

  // Series overview: x against time per layer, and the voltage.
  const seriesFigures: ReportFigure[] = [];
  if (hasX) {
    const series: XySeries[] = layers.map((l) => {
      const rows = Array.from(layer.keys()).filter((r) => layer[r] === l).sort((a, b) => timeS[a]! - timeS[b]!);
      return { name: `layer ${l}`, x: rows.map((r) => timeS[r]! / 3600), y: rows.map((r) => x[r]!), ...(table.columnNames().includes("xSigma") ? { ySigma: rows.map((r) => xSigma[r]!) } : {}) };
    });
    const spec = attempt(warnings, "x vs time figure", () => xyLineSpec({ series }, { xLabel: "Time (h)", yLabel: "x in LixV2O5", title: "Lithiation per layer" }));
    if (spec !== undefined) seriesFigures.push({ id: "x-vs-time", spec, caption: "Mean lithiation x of each layer against time (error bars: xSigma)." });
  }
  if (table.columnNames().includes("voltageV")) {
    const v = numbers(table, "voltageV");
    const order = Array.from(v.keys()).filter((r) => Number.isFinite(v[r]!)).sort((a, b) => timeS[a]! - timeS[b]!);
    const spec = attempt(warnings, "voltage figure", () => xyLineSpec({ series: [{ name: "cell", x: order.map((r) => timeS[r]! / 3600), y: order.map((r) => v[r]!) }] }, { xLabel: "Time (h)", yLabel: "Voltage (V)", title: "Cell voltage" }));
    if (spec !== undefined) seriesFigures.push({ id: "voltage", spec, caption: "Cell voltage recorded with the patterns." });
  }
  const series: ReportSection = { figures: seriesFigures, failures, summary: [["rows", table.numRows()], ["layers", layers.join(", ")], ["time span (h)", timeS.length === 0 ? 0 : (Math.max(...timeS) - Math.min(...timeS)) / 3600], ["flagged rows", flagged]] };

  // Quantification: table head with a CSV link, and phase fractions against x.
  const quantFigures: ReportFigure[] = [];
  const phases = table.columnNames().filter((c) => /^f_[A-Za-z]+$/.test(c)).map((c) => c.slice(2));
  if (phases.length > 0 && hasX) {
    const order = Array.from(x.keys()).filter((r) => Number.isFinite(x[r]!)).sort((a, b) => x[a]! - x[b]!);
    const pick = (name: string) => (table.columnNames().includes(name) ? Float64Array.from(order, (r) => numbers(table, name)[r]!) : undefined);
    const spec = attempt(warnings, "phase fraction figure", () =>
      phaseFractionsSpec({
        x: order.map((r) => x[r]!),
        phases: phases.map((p) => {
          const fractionSigma = pick(`f_${p}_sigma`);
          const latticeCAngstrom = pick(`c_${p}`);
          const latticeCSigmaAngstrom = pick(`c_${p}_sigma`);
          return { name: p, fraction: pick(`f_${p}`)!, ...(fractionSigma === undefined ? {} : { fractionSigma }), ...(latticeCAngstrom === undefined ? {} : { latticeCAngstrom }), ...(latticeCSigmaAngstrom === undefined ? {} : { latticeCSigmaAngstrom }) };
        }),
      }, { title: "Phase fractions and lattice c against x" }),
    );
    if (spec !== undefined) quantFigures.push({ id: "phase-fractions", spec, caption: "Phase fractions (and lattice parameter c where fitted) of every row against x." });
  }
  const quantification: ReportSection = { tables: [reportTable(table, { maxRows, caption: `Quantification table ${file}`, csv: true, csvFileName: "quantification.csv" })], figures: quantFigures };

  // Maps and heterogeneity metrics.
  let maps: ReportSection | undefined;
  if (hasX) {
    const map = attempt(warnings, "layer map", () => buildLayerMap(table, { value: "x" }));
    if (map !== undefined) {
      const figures: ReportFigure[] = [];
      const spec = attempt(warnings, "layer map figure", () => layerMapSpec(map, { valueLabel: "x", title: "x by layer and time" }));
      if (spec !== undefined) figures.push({ id: "layer-map-x", spec, caption: "Lithiation x on a regular time grid; each band is one gauge layer." });
      for (const p of phases) {
        const fmap = attempt(warnings, `f_${p} map`, () => buildLayerMap(table, { value: `f_${p}` }));
        const fspec = fmap === undefined ? undefined : attempt(warnings, `f_${p} map figure`, () => layerMapSpec(fmap, { valueLabel: `f ${p}`, domain: [0, 1], title: `${p} fraction by layer and time` }));
        if (fspec !== undefined) figures.push({ id: `layer-map-f-${p}`, spec: fspec });
      }
      const summary: [string, string | number][] = [];
      const spread = attempt(warnings, "spread", () => layerSpread(map));
      if (spread !== undefined && spread.numRows() > 0) summary.push(["largest x spread across layers (max − min)", Math.max(...(spread.array("range") as number[]))]);
      const gradient = attempt(warnings, "gradient", () => depthGradient(map));
      if (gradient !== undefined && gradient.numRows() > 0) {
        const slopes = gradient.array("slopePerUm") as number[];
        const k = slopes.reduce((best, s, i) => (Math.abs(s) > Math.abs(slopes[best]!) ? i : best), 0);
        summary.push(["steepest through-depth gradient of x (1/µm)", slopes[k]!], ["at time (h)", (gradient.array("timeS") as number[])[k]! / 3600]);
      }
      const front = attempt(warnings, "lithiation front", () => lithiationFront(map, { threshold }));
      if (front?.speed !== undefined) summary.push([`front speed at x = ${threshold} (µm/h)`, front.speed.umPerS * 3600], ["front speed sigma (µm/h)", front.speed.sigmaUmPerS === null ? "n/a" : front.speed.sigmaUmPerS * 3600]);
      else if (front !== undefined) summary.push([`front at x = ${threshold}`, "not resolved (fewer than two times with the front between layers)"]);
      if (map.layers.length > 1) {
        const stranded = attempt(warnings, "stranded lithium", () => strandedLithium(map));
        if (stranded !== undefined) summary.push(["stranded x at the end (max over interior layers, vs layer nearest the separator)", stranded.maxStrandedX], ["end time used (h)", stranded.timeS / 3600]);
      }
      maps = { figures, summary };
    }
  }
  return { series, quantification, ...(maps === undefined ? {} : { maps }) };
}

async function run(io: CliIO, opts: ReportOptions, argv: Record<string, unknown>): Promise<void> {
  const threshold = Number(opts.threshold);
  if (!Number.isFinite(threshold)) throw new InvalidParameterError({ parameter: "--threshold", value: opts.threshold, expected: "a number (x at the lithiation front)" });
  const maxRows = Number(opts.maxRows);
  if (!Number.isInteger(maxRows) || maxRows < 0) throw new InvalidParameterError({ parameter: "--max-rows", value: opts.maxRows, expected: "a non-negative integer" });
  const warnings: string[] = [];
  const files: FileProvenance[] = [];
  const input: ReportInput = { title: opts.title ?? "operando report", warnings };

  let measured: LayerTable | undefined;
  if (opts.quantification !== undefined) {
    const text = await readTextFile(opts.quantification);
    files.push(await fileProvenance(opts.quantification));
    measured = parseLayerTableCsv(text, { file: opts.quantification });
    Object.assign(input, quantificationSections(measured, opts.quantification, threshold, maxRows, warnings));
  }
  if (opts.model !== undefined) {
    const text = await readTextFile(opts.model);
    files.push(await fileProvenance(opts.model));
    const model = parseLayerTableCsv(text, { file: opts.model });
    if (measured === undefined) {
      input.modelComparison = { notes: ["A model was given but no quantification table, so there is nothing to compare it with."] };
    } else {
      const m = measured;
      const cmp = attempt(warnings, "model comparison", () => {
        try {
          return compareLayerMaps(m, model);
        } catch (error) {
          warnings.push(`model matched by layer failed (${(error as Error).message}); matching by depth`);
          return compareLayerMaps(m, model, { match: "depth" });
        }
      });
      if (cmp !== undefined) {
        const spec = attempt(warnings, "comparison figure", () => layerMapComparisonSpec({ measured: cmp.measuredMap, model: cmp.modelMap, residual: cmp.residualMap }, { valueLabel: "x" }));
        input.modelComparison = {
          summary: [
            ["rows compared", cmp.summary.count],
            ["RMS residual of x", cmp.summary.rms],
            ["chi-square (with xSigma)", cmp.summary.chi2],
            ["reduced chi-square", cmp.summary.reducedChi2 ?? "n/a (no xSigma > 0)"],
            ["rows outside the model's time span", cmp.summary.outsideModelTime],
          ],
          tables: [reportTable(cmp.perLayer, { caption: "Per layer" })],
          figures: spec === undefined ? [] : [{ id: "model-comparison", spec, caption: "Measured x, the model interpolated onto the measured times, and the residual." }],
        };
      } else {
        input.modelComparison = { notes: ["The model could not be compared; see the warnings."] };
      }
    }
  }
  if (opts.calibration !== undefined) {
    const text = await readTextFile(opts.calibration);
    files.push(await fileProvenance(opts.calibration));
    const summary = flatten(parseJsonText(opts.calibration, text), 60);
    input.calibration = { summary, notes: [`From ${opts.calibration}${summary.length >= 60 ? " (first 60 values)" : ""}.`] };
  }
  const version = OPERANDO_VERSION;
  input.provenance = { version, date: new Date().toISOString(), files, parameters: argv };
  const html = await buildReport(input);
  await writeReport(opts.out, html);
  const sections = (["calibration", "series", "quantification", "maps", "modelComparison"] as const).filter((k) => input[k] !== undefined);
  if (opts.json === true) {
    writeLine(io.stdout, JSON.stringify({ out: opts.out, bytes: Buffer.byteLength(html), sections, warnings }, null, 2));
  } else {
    writeLine(io.stdout, `wrote ${opts.out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB; sections: ${sections.join(", ") || "none"})`);
    for (const w of warnings) writeLine(io.stderr, `warning: ${w}`);
  }
}

/** The `report` subcommand. */
export const reportCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    program
      .command("report")
      .description("Build a self-contained HTML report (figures, tables, maps, model comparison, provenance).")
      .option("--quantification <csv>", "layer table CSV (timeS, layer, depthUm, x, xSigma, f_<phase>, ...; docs/tables.md)")
      .option("--model <csv>", "model layer table CSV to compare with")
      .option("--calibration <json>", "calibration result JSON (shown as a summary)")
      .requiredOption("--out <html>", "output HTML file")
      .option("--title <text>", "report title")
      .option("--threshold <x>", "x that marks the lithiation front", "0.5")
      .option("--max-rows <n>", "rows of the quantification table to show", "20")
      .option("--json", "print a JSON summary instead of text")
      .addHelpText("after", "\nExample:\n  operando report --quantification quant.csv --model model.csv --calibration cal.json --out out/report.html\n")
      .action(async (opts: ReportOptions) => {
        await run(io, opts, { ...opts });
      });
  },
};
