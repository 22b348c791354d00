// The end-to-end operando pipeline on the bundled demo data (fixtures/demo, made by
// scripts/make-demo-fixtures.ts): calibrate -> read the operando series and the cycler -> quantify
// -> layer table + coulomb counting -> layer maps and metrics -> mesoscale model -> comparison ->
// EIS tortuosity (synthetic blocking cell) -> figures -> HTML report. Only the packages' public APIs are used.
import { mkdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { CyclerData, Series } from "@operando/core";
import { createSeries, HC_KEV_ANGSTROM, InvalidParameterError, OPERANDO_VERSION, writeFileAtomic } from "@operando/core";
import type { EnergyDispersiveCalibration } from "@operando/calibrate";
import { calibrateJoint, calibrationToJson, channelAt, energyAt } from "@operando/calibrate";
import type { CliIO, Progress } from "@operando/cli";
import { createProgress } from "@operando/cli";
import { getPhase } from "@operando/crystal";
import { fitCircuit, discAreaCm2, linKK, tortuosityFromIonicResistance } from "@operando/eis";
import { readCycler, readImpedance, readPattern, readSeries } from "@operando/io";
import type { LayerMap } from "@operando/maps";
import { buildLayerMap, compareLayerMaps, depthGradient, layerSpread, lithiationFront, phaseBoundaryCrossings, strandedLithium, writeTableCsv } from "@operando/maps";
import { layerTable as modelLayerTable, simulateCell, transportTimescales, v2o5CellParameters } from "@operando/mesoscale";
import type { SeriesQuantification } from "@operando/phases";
import { alignCycler, coulombCountingX, layerTable, quantifySeriesParallel } from "@operando/phases";
import type { ReportFigure, ReportInput, ReportTable } from "@operando/plot";
import {
  buildReport,
  calibrationSpec,
  fileProvenance,
  layerMapComparisonSpec,
  nyquistSpec,
  patternFitSpec,
  phaseFractionsSpec,
  reportTable,
  seriesHeatmapSpec,
  writeReport,
  xyLineSpec,
} from "@operando/plot";
import { bendingMagnetSpectrum } from "@operando/simulate";

/** Which part of the bundled series to analyse (the test runs a subset). */
export interface DemoSubset {
  /** Layer numbers to keep. @default all */
  layers?: readonly number[];
  /** Keep this many sweep times, evenly spread over the record. @default all */
  maxTimes?: number;
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Folder with the demo fixtures (ceo2_calibrant.mca, operando_edxrd.h5, cycler.csv, experiment.json, truth.json, impedance.csv). */
  fixturesDir: string;
  /** Output folder (report.html, calibration.json, CSV tables). */
  outDir: string;
  /** Analyse only part of the series. */
  subset?: DemoSubset;
  /** Where progress bars go (createProgress draws only on an interactive stderr). */
  io?: CliIO;
  /** Worker threads of the quantification. @default 2 */
  workers?: number;
}

/**
 * x recovery per layer against the truth: the mesoscale model's layer-averaged x (xModel in
 * truth.json). Spectra split into those where diffraction determines x (every present phase's x
 * from its lattice or from an equilibrium two-phase boundary) and those flagged `xFromRange:<id>`
 * (single-phase alpha or delta: x anywhere in the phase's range, reported as the midpoint with
 * sigma range / sqrt(12)).
 */
export interface LayerRecovery {
  layer: number;
  /** Spectra compared. */
  count: number;
  /** RMS of (recovered x - model x) over all spectra. */
  rmsX: number;
  /** Spectra where diffraction determines x. */
  determinedCount: number;
  /** RMS and max |recovered x - model x| over those. */
  rmsXDetermined: number;
  maxAbsDxDetermined: number;
  /** Spectra flagged xFromRange (single-phase alpha/delta). */
  rangeCount: number;
  /** RMS of (recovered x - model x) over those. */
  rmsXRange: number;
  /** How many of those have the model x inside the reported interval x +- sqrt(3) xSigma (the phase's range). */
  rangeCovered: number;
  /** RMS of (x with the former nominal-x convention - model x): alpha at 0, delta at 1, epsilon from c. */
  rmsXNominal: number;
}

/** What {@link runDemo} returns. */
export interface DemoSummary {
  /** Wall time per step (ms). */
  timingsMs: Record<string, number>;
  /** Total wall time (ms). */
  totalMs: number;
  /** Calibration recovered vs truth. */
  calibration: { twoThetaDeg: number; twoThetaSigmaDeg: number; trueTwoThetaDeg: number; coefficients: number[]; trueCoefficients: number[]; maxEnergyErrorKeV: number };
  /** Spectra quantified, and how many were flagged. */
  spectra: { count: number; flagged: number; layers: number[]; timesS: number[] };
  /** x recovery per layer. */
  recovery: LayerRecovery[];
  /** Coulomb counting vs diffraction (electrode average). */
  coulomb: { meanDifference: number; rmsDifference: number };
  /** Model vs measured layer maps. */
  modelComparison: { rms: number; perLayer: { layer: number; rms: number }[] };
  /** EIS: synthetic blocking cell (Lin-KK, R0-TLMQ0, tortuosity vs the paper's 14.571) and the impedance.py example (Lin-KK and a circuit fit only). */
  eis: {
    linKKPass: boolean;
    linKKMaxResidual: number;
    linKKThreshold: number;
    circuit: string;
    reducedChiSquare: number;
    ionicResistanceOhm: number;
    ionicResistanceSigmaOhm: number;
    trueIonicResistanceOhm: number;
    tortuosity: number;
    tortuositySigma: number;
    trueTortuosity: number;
    example: { linKKPass: boolean; linKKMaxResidual: number; circuit: string; reducedChiSquare: number };
  };
  /** Warnings collected on the way. */
  warnings: string[];
  /** Files written. */
  paths: { report: string; calibration: string; layerTable: string; comparison: string };
}

interface Experiment {
  activeMassMg: number;
  x0: number;
  nominalTwoThetaDeg: number;
  gaugeThicknessUm: number;
  layers: { layer: number; depthUm: number }[];
  resolution: { electronicNoiseFwhmKeV: number; angularSpreadDeg: number };
  incidentSpectrum: { criticalEnergyKeV: number };
  calibrant: { material: string; lines: string[]; file: string };
  eis: { file: string; circuit: string; diameterCm: number; thicknessUm: number; porosity: number; conductivitySPerM: number; note: string; example: { file: string; circuit: string; note: string } };
  model: { morphology: "platelets" | "nanospheres" };
}

interface TruthRow {
  layer: number;
  timeS: number;
  /** The model's layer-averaged x: the truth. */
  xModel: number;
}

interface Truth {
  twoThetaDeg: number;
  calibration: { offsetKeV: number; slopeKeV: number; quadraticKeV: number };
  rows: TruthRow[];
  eis: { tortuosity: number; ionicResistanceOhm: number; noiseRelative: number };
}

/** Candidate phases of the quantification: the phases the model's phase diagram has (no epsilon' / gamma in the model). */
const PHASES = ["alpha", "epsilon", "delta"] as const;

function pickSubset(series: Series, subset: DemoSubset | undefined): Series {
  if (subset === undefined) return series;
  const layers = subset.layers === undefined ? undefined : new Set(subset.layers);
  let patterns = series.patterns.filter((p) => layers === undefined || layers.has(p.meta.layer ?? Number.NaN));
  if (subset.maxTimes !== undefined) {
    const times = [...new Set(patterns.map((p) => p.meta.timeS ?? 0))].sort((a, b) => a - b);
    const m = Math.min(subset.maxTimes, times.length);
    const keep = new Set(Array.from({ length: m }, (_, k) => times[Math.round((k * (times.length - 1)) / Math.max(1, m - 1))]!));
    patterns = patterns.filter((p) => keep.has(p.meta.timeS ?? 0));
  }
  if (patterns.length === 0) throw new InvalidParameterError({ parameter: "subset", value: subset, expected: "layers/times present in the bundled series" });
  return createSeries(patterns, series.meta);
}

function rms(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length);
}

function fmt(v: number, digits = 4): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

/** Layer-major (layer x time) grid of a LayerMap as plain input for the figure functions. */
function gridOf(map: LayerMap): { depthsUm: Float64Array; timesS: Float64Array; values: Float64Array } {
  return { depthsUm: map.depthsUm, timesS: map.timesS, values: map.values };
}

/**
 * Runs the whole demo pipeline.
 * @param options - fixture and output folders, optional subset, progress streams
 * @returns timings, calibration and x recovery against the truth, comparison numbers, paths
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoSummary> {
  const fixturesDir = resolve(options.fixturesDir);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const io = options.io;
  const progress = (total: number, label: string): Progress => (io === undefined ? { tick: () => undefined, stop: () => undefined } : createProgress(io, total, label));
  const timings: Record<string, number> = {};
  const warnings: string[] = [];
  const t0 = performance.now();
  let mark = t0;
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  const file = (name: string): string => join(fixturesDir, name);
  const experiment = JSON.parse(await readFile(file("experiment.json"), "utf8")) as Experiment;
  const truth = JSON.parse(await readFile(file("truth.json"), "utf8")) as Truth;

  // 1. Calibration: joint fit of the energy polynomial (degree 2) and 2theta to the Ce K lines and
  //    CeO2 Bragg peaks, starting from the (slightly wrong) header calibration and nominal angle.
  const calibrant = await readPattern(file(experiment.calibrant.file));
  // The header calibration is ~0.4 keV off at the Bragg peaks; calibrateJoint first corrects its
  // offset and gain from the Ce K lines, then searches the CeO2 reflections over 2theta and fits
  // lines and reflections together (energy polynomial of degree 2 and 2theta).
  const joint = calibrateJoint(calibrant, { lines: experiment.calibrant.lines, calibrant: experiment.calibrant.material, degree: 2, twoThetaDeg: experiment.nominalTwoThetaDeg });
  const calibration: EnergyDispersiveCalibration = joint.calibration;
  warnings.push(...joint.warnings.map((w) => `calibration: ${w}`));
  const calibrationPath = join(outDir, "calibration.json");
  await writeFileAtomic(calibrationPath, calibrationToJson(calibration));
  const trueCoefficients = [truth.calibration.offsetKeV, truth.calibration.slopeKeV, truth.calibration.quadraticKeV];
  let maxEnergyErrorKeV = 0;
  for (let ch = 0; ch < calibrant.y.length; ch += 64) {
    const trueE = trueCoefficients[0]! + trueCoefficients[1]! * ch + trueCoefficients[2]! * ch * ch;
    maxEnergyErrorKeV = Math.max(maxEnergyErrorKeV, Math.abs(energyAt(calibration, ch).energyKeV - trueE));
  }
  const twoThetaDeg = calibration.twoThetaDeg ?? Number.NaN;
  lap("calibrate");

  // 2. Operando series and cycler record.
  const fullSeries = await readSeries(file("operando_edxrd.h5"));
  const series = pickSubset(fullSeries, options.subset);
  const cycler: CyclerData = await readCycler(file("cycler.csv"));
  lap("read");

  // 3. Quantification (layers are independent chains: worker threads).
  const incident = bendingMagnetSpectrum({ criticalEnergyKeV: experiment.incidentSpectrum.criticalEnergyKeV });
  const bar = progress(series.patterns.length, "quantify");
  let done = 0;
  const q: SeriesQuantification = await quantifySeriesParallel(series, calibration, {
    phases: [...PHASES],
    resolution: experiment.resolution,
    incidentSpectrum: incident,
    workers: options.workers ?? 2,
    onProgress: (n) => {
      bar.tick(n - done);
      done = n;
    },
  });
  bar.stop();
  const flagged = q.rows.filter((r) => !Number.isFinite(r.result.x));
  for (const r of flagged) warnings.push(`spectrum ${r.index} (layer ${r.layer}, ${r.timeS} s): ${r.result.flags.join(", ")}`);
  lap("quantify");

  // 4. Layer table and coulomb counting.
  const echem = alignCycler(q, cycler, { activeMassMg: experiment.activeMassMg, x0: experiment.x0 });
  const depthUm = Object.fromEntries(experiment.layers.map((l) => [l.layer, l.depthUm]));
  const measured = layerTable(q, { depthUm, voltageV: echem.voltageV });
  const layerTablePath = join(outDir, "layer_table.csv");
  await writeTableCsv(layerTablePath, measured);
  lap("layerTable");

  // 5. Maps and heterogeneity metrics.
  const xMap = buildLayerMap(measured, { value: "x" });
  const spread = layerSpread(xMap);
  const gradient = depthGradient(xMap);
  const front = lithiationFront(xMap, { threshold: 0.5 });
  const endOfDischargeS = cycler.timeS[cycler.voltageV.indexOf(Math.min(...cycler.voltageV))] ?? Number.NaN;
  // Stranded Li on charge: the paper looks at x = 0.32 on charge (3.44 V); take the map time on
  // charge where the coulomb-counting x is nearest 0.32.
  const coulombX = coulombCountingX(cycler, { activeMassMg: experiment.activeMassMg, x0: experiment.x0 });
  let strandedTimeS = xMap.timesS[xMap.timesS.length - 1]!;
  let best = Number.POSITIVE_INFINITY;
  for (const t of xMap.timesS) {
    if (!(t > endOfDischargeS)) continue;
    const k = coulombX.timeS.findIndex((tc) => tc >= t);
    const xc = k === -1 ? Number.NaN : coulombX.x[k]!;
    if (Math.abs(xc - 0.32) < best) {
      best = Math.abs(xc - 0.32);
      strandedTimeS = t;
    }
  }
  const stranded = strandedLithium(xMap, { timeS: strandedTimeS });
  const crossings = phaseBoundaryCrossings(xMap, { level: 0.5 });
  lap("maps");

  // 6. Mesoscale model of the same cell and protocol, averaged over the same gauge layers.
  const params = v2o5CellParameters(experiment.model.morphology);
  const runBar = progress(100, "model");
  let lastPct = 0;
  const run = simulateCell(params, {
    outputIntervalS: 600,
    onProgress: (t) => {
      const pct = Math.min(100, Math.floor((100 * t) / 140000));
      if (pct > lastPct) {
        runBar.tick(pct - lastPct);
        lastPct = pct;
      }
    },
  });
  runBar.stop();
  const model = modelLayerTable(run, { layers: experiment.layers.filter((l) => xMap.layers.includes(l.layer)), thicknessUm: experiment.gaugeThicknessUm });
  const timescales = transportTimescales(params);
  lap("model");

  // 7. Comparison.
  const cmp = compareLayerMaps(measured, model, { value: "x" });
  const comparisonPath = join(outDir, "model_comparison.csv");
  await writeTableCsv(comparisonPath, cmp.residuals);
  lap("compare");

  // 8. EIS: the paper's tortuosity analysis on the (synthetic) symmetric blocking cell: Lin-KK
  //    check, R0-TLMQ0 fit, tau = R_ion A kappa eps / (2 d). Lin-KK threshold: 5 x the cell's
  //    0.5 % relative noise (the largest of 2 x 81 residuals of pure noise is ~3 sigma).
  const spectrum = await readImpedance(file(experiment.eis.file));
  const kk = linKK(spectrum, { residualThreshold: 5 * truth.eis.noiseRelative });
  const tlm = fitCircuit(experiment.eis.circuit, spectrum, { weighting: "modulus", starts: 5 });
  const rIon = tlm.estimates.find((e) => e.name === "TLMQ0_Rion");
  if (rIon === undefined) throw new Error(`${experiment.eis.circuit} fit has no TLMQ0_Rion parameter`);
  // The impedance.py example (real data, not a blocking cell): Lin-KK and a circuit fit only.
  const exampleSpectrum = await readImpedance(file(experiment.eis.example.file));
  const exampleKk = linKK(exampleSpectrum);
  const circuitFit = fitCircuit(experiment.eis.example.circuit, exampleSpectrum, { weighting: "modulus", starts: 5 });
  const tau = tortuosityFromIonicResistance({
    ionicResistanceOhm: rIon.value,
    ionicResistanceSigmaOhm: rIon.standardError,
    areaCm2: discAreaCm2(experiment.eis.diameterCm),
    thicknessUm: experiment.eis.thicknessUm,
    porosity: experiment.eis.porosity,
    conductivitySPerM: experiment.eis.conductivitySPerM,
  });
  if (!kk.pass) warnings.push(`EIS: Lin-KK max residual ${(100 * kk.maxAbsResidual).toFixed(2)} % exceeds ${(100 * kk.residualThreshold).toFixed(2)} %`);
  if (!exampleKk.pass) warnings.push(`EIS example: Lin-KK max residual ${(100 * exampleKk.maxAbsResidual).toFixed(2)} % exceeds ${(100 * exampleKk.residualThreshold).toFixed(2)} %`);
  lap("eis");

  // 9. Truth comparison against the model's own x (the demo knows it; a real experiment would not).
  //    Where a single phase without a lattice-composition relation fills the layer (alpha or delta
  //    alone, flagged xFromRange), diffraction cannot see x: those spectra are reported apart.
  const truthAt = new Map(truth.rows.map((r) => [`${r.layer}@${r.timeS}`, r]));
  const nominalX = Object.fromEntries(PHASES.map((id) => [id, getPhase(id).xReference]));
  const recovery: LayerRecovery[] = [];
  for (const layer of [...new Set(q.rows.map((r) => r.layer))].sort((a, b) => a - b)) {
    const all: number[] = [];
    const determined: number[] = [];
    const ranged: number[] = [];
    const nominal: number[] = [];
    let covered = 0;
    for (const r of q.rows) {
      if (r.layer !== layer || !Number.isFinite(r.result.x)) continue;
      const t = truthAt.get(`${r.layer}@${r.timeS}`);
      if (t === undefined) continue;
      const dx = r.result.x - t.xModel;
      all.push(dx);
      if (r.result.flags.some((f) => f.startsWith("xFromRange:"))) {
        ranged.push(dx);
        // Uniform prior: the phase's range is x +- sqrt(3) sigma (1e-9 for rounding).
        if (Math.abs(dx) <= Math.sqrt(3) * r.result.xSigma + 1e-9) covered++;
      } else determined.push(dx);
      nominal.push(r.result.phases.reduce((a, p) => a + p.fraction * (p.xSource === "lattice" ? p.x : (nominalX[p.id] ?? p.x)), 0) - t.xModel);
    }
    recovery.push({
      layer,
      count: all.length,
      rmsX: rms(all),
      determinedCount: determined.length,
      rmsXDetermined: rms(determined),
      maxAbsDxDetermined: determined.length === 0 ? Number.NaN : Math.max(...determined.map(Math.abs)),
      rangeCount: ranged.length,
      rmsXRange: rms(ranged),
      rangeCovered: covered,
      rmsXNominal: rms(nominal),
    });
  }

  // 10. Figures and report.
  const figures: Record<string, ReportFigure[]> = { calibration: [], series: [], quantification: [], maps: [], model: [] };
  // Calibration residuals: reference energy (lines; Bragg d -> E at the fitted angle) vs channel.
  const kE = HC_KEV_ANGSTROM / (2 * Math.sin((twoThetaDeg * Math.PI) / 360));
  const res = calibration.residuals;
  const refE = res.map((r) => (r.kind === "line" ? r.reference : kE / r.reference));
  figures.calibration!.push({
    id: "calibration-residuals",
    caption: "Joint calibration: reference energies (Ce K lines; CeO2 reflections at the fitted 2theta) against channel, with the fitted polynomial.",
    spec: calibrationSpec(
      { x: res.map((r) => r.position), y: refE, fitted: res.map((r) => energyAt(calibration, r.position).energyKeV), labels: res.map((r) => r.label) },
      { title: "Energy calibration", xLabel: "channel", yLabel: "energy (keV)", residualLabel: "residual (keV)" },
    ),
  });
  // Series heat map of the layer nearest the separator, d window, with voltage.
  const heatLayer = Math.max(...q.rows.map((r) => r.layer));
  const heatRows = q.rows.filter((r) => r.layer === heatLayer).sort((a, b) => a.timeS - b.timeS);
  const chLo = Math.ceil(Math.min(channelAt(calibration, kE / 5.2), channelAt(calibration, kE / 3.8)));
  const chHi = Math.floor(Math.max(channelAt(calibration, kE / 5.2), channelAt(calibration, kE / 3.8)));
  const width = chHi - chLo + 1;
  const dAxis = new Float64Array(width);
  for (let i = 0; i < width; i++) dAxis[i] = kE / energyAt(calibration, chHi - i).energyKeV; // increasing d
  const heat = new Float64Array(heatRows.length * width);
  heatRows.forEach((r, j) => {
    const y = series.patterns[r.index]!.y;
    for (let i = 0; i < width; i++) heat[j * width + i] = y[chHi - i]!;
  });
  figures.series!.push({
    id: "series-heatmap",
    caption: `Layer ${heatLayer} (nearest the separator): counts in the d = 3.8-5.2 A window against time, with the cell voltage.`,
    spec: seriesHeatmapSpec({ x: dAxis, timesS: Float64Array.from(heatRows, (r) => r.timeS), intensity: heat, voltage: { timeS: cycler.timeS, voltageV: cycler.voltageV } }, { title: `Layer ${heatLayer}`, axis: "d", timeUnit: "h" }),
  });
  // One pattern fit: the first spectrum with two phases, else the middle one.
  const twoPhase = q.rows.find((r) => r.result.phases.length >= 2) ?? q.rows[Math.floor(q.rows.length / 2)]!;
  const w = twoPhase.result.window;
  figures.quantification!.push({
    id: "pattern-fit",
    caption: `Window fit of spectrum ${twoPhase.index} (layer ${twoPhase.layer}, t = ${(twoPhase.timeS / 3600).toFixed(2)} h): ${twoPhase.result.phases.map((p) => `${p.id} ${(100 * p.fraction).toFixed(1)} %`).join(", ")}, x = ${fmt(twoPhase.result.x, 3)}.`,
    spec: patternFitSpec({ x: w.axis, observed: w.counts, calculated: w.fitted }, { title: "Window fit", xLabel: `energy (${w.unit})`, yLabel: "counts" }),
  });
  // Phase fractions against coulomb-counting x (layer nearest the separator, discharge).
  const frRows = heatRows.filter((r) => r.timeS <= endOfDischargeS && Number.isFinite(r.result.x));
  if (frRows.length >= 2) {
    const xc = frRows.map((r) => echem.xCoulomb[r.index]!);
    figures.quantification!.push({
      id: "phase-fractions",
      caption: `Layer ${heatLayer}, discharge: phase fractions and epsilon c against the coulomb-counting x.`,
      spec: phaseFractionsSpec(
        {
          x: xc,
          phases: PHASES.map((id) => {
            const ph = frRows.map((r) => r.result.phases.find((p) => p.id === id));
            return {
              name: id,
              fraction: ph.map((p) => p?.fraction ?? 0),
              fractionSigma: ph.map((p) => p?.fractionSigma ?? 0),
              ...(id === "epsilon" ? { latticeCAngstrom: ph.map((p) => p?.lattice.c ?? Number.NaN), latticeCSigmaAngstrom: ph.map((p) => p?.latticeSigma.c ?? Number.NaN) } : {}),
            };
          }),
        },
        { title: "Phase fractions", xLabel: "x (coulomb counting)" },
      ),
    });
  }
  // Diffraction x vs coulomb x (electrode average per time).
  const times = [...new Set(q.rows.map((r) => r.timeS))].sort((a, b) => a - b);
  const meanX = times.map((t) => {
    const v = q.rows.filter((r) => r.timeS === t && Number.isFinite(r.result.x)).map((r) => r.result.x);
    return v.length === 0 ? Number.NaN : v.reduce((a, b) => a + b, 0) / v.length;
  });
  const coulombAt = times.map((t) => echem.xCoulomb[q.rows.find((r) => r.timeS === t)!.index]!);
  figures.quantification!.push({
    id: "x-vs-coulomb",
    caption: "Electrode-average x: diffraction (mean over layers) and coulomb counting.",
    spec: xyLineSpec(
      {
        series: [
          { name: "diffraction", x: times.map((t) => t / 3600), y: meanX },
          { name: "coulomb counting", x: times.map((t) => t / 3600), y: coulombAt },
        ],
      },
      { title: "x vs time", xLabel: "time (h)", yLabel: "x in LixV2O5", points: true },
    ),
  });
  figures.maps!.push({
    id: "layer-map",
    caption: "Measured x per layer against time (rows: layers, separator on top).",
    spec: layerMapComparisonSpec({ measured: gridOf(cmp.measuredMap) }, { title: "Measured x", valueLabel: "x" }),
  });
  figures.model!.push({
    id: "layer-map-comparison",
    caption: "Measured and modelled x per layer and time, and the residual (measured - model).",
    spec: layerMapComparisonSpec({ measured: gridOf(cmp.measuredMap), model: gridOf(cmp.modelMap), residual: gridOf(cmp.residualMap) }, { valueLabel: "x" }),
  });
  figures.model!.push({
    id: "nyquist-blocking",
    caption: `Synthetic symmetric blocking cell (bulk electrodes, tau ${truth.eis.tortuosity}): ${experiment.eis.circuit} fit, recovered tau ${fmt(tau.tortuosity, 3)} +- ${fmt(tau.tortuositySigma, 3)}.`,
    spec: nyquistSpec({ measured: tlm.curves.measured, fit: tlm.curves.model }),
  });
  figures.model!.push({
    id: "nyquist",
    caption: `EIS example (impedance.py real data, not a blocking cell; Lin-KK and fit demonstration only): ${experiment.eis.example.circuit} fit (reduced chi2 ${fmt(circuitFit.reducedChiSquare, 3)}).`,
    spec: nyquistSpec({ measured: circuitFit.curves.measured, fit: circuitFit.curves.model }),
  });

  const qTable: ReportTable = reportTable(measured, { maxRows: 25, caption: "Layer table (docs/tables.md columns)", csv: true, csvFileName: "layer_table.csv" });
  const recoveryTable: ReportTable = {
    caption: "x recovered vs the model's x (the truth of the simulated data), per layer",
    columns: ["layer", "spectra", "RMS dx (all)", "x determined: n", "RMS dx", "max |dx|", "single-phase (xFromRange): n", "RMS dx", "model x inside range", "RMS dx, former nominal-x convention"],
    rows: recovery.map((r) => [r.layer, r.count, fmt(r.rmsX), r.determinedCount, fmt(r.rmsXDetermined), fmt(r.maxAbsDxDetermined), r.rangeCount, fmt(r.rmsXRange), `${r.rangeCovered}/${r.rangeCount}`, fmt(r.rmsXNominal)]),
  };
  const files = await Promise.all(["ceo2_calibrant.mca", "operando_edxrd.h5", "cycler.csv", "experiment.json", "truth.json", "blocking_cell.csv", "impedance.csv"].map(async (n) => ({ ...(await fileProvenance(file(n))), path: relative(process.cwd(), file(n)) })));
  const report: ReportInput = {
    title: "operando demo: LixV2O5 platelet cathode, simulated operando EDXRD",
    calibration: {
      summary: [
        ["2theta (deg)", `${fmt(twoThetaDeg, 5)} +- ${fmt(calibration.twoThetaSigmaDeg ?? Number.NaN, 5)} (truth ${truth.twoThetaDeg})`],
        ["energy polynomial (keV)", calibration.coefficients.map((c) => c.toExponential(6)).join(", ")],
        ["true polynomial (keV)", trueCoefficients.map((c) => c.toExponential(6)).join(", ")],
        ["max |E - E_true| over the spectrum (keV)", fmt(maxEnergyErrorKeV, 5)],
        ["reduced chi2", fmt(calibration.reducedChiSquare, 3)],
      ],
      figures: figures.calibration!,
      tables: [{ caption: "Residuals", columns: ["label", "kind", "position", "reference", "fitted", "residual", "normalized"], rows: res.map((r) => [r.label, r.kind, fmt(r.position, 2), fmt(r.reference, 5), fmt(r.fitted, 5), r.residual.toExponential(2), fmt(r.normalizedResidual, 2)]) }],
    },
    series: {
      summary: [
        ["spectra", `${series.patterns.length} (${new Set(q.rows.map((r) => r.layer)).size} layers x ${times.length} times)`],
        ["cycler record", `${cycler.timeS.length} rows, ${fmt(cycler.timeS[cycler.timeS.length - 1]! / 3600, 2)} h`],
      ],
      figures: figures.series!,
      ...(flagged.length === 0 ? {} : { failures: flagged.map((r) => ({ item: `spectrum ${r.index} (layer ${r.layer}, ${r.timeS} s)`, message: r.result.flags.join(", ") })) }),
    },
    quantification: {
      summary: [
        ["phases (candidates)", PHASES.join(", ")],
        ["coulomb counting: mean / RMS (diffraction x - coulomb x), electrode average", `${fmt(echem.meanDifference)} / ${fmt(echem.rmsDifference)}`],
      ],
      figures: figures.quantification!,
      tables: [recoveryTable, qTable],
      notes: [
        "Truth: the mesoscale model's layer-averaged x. Phase compositions: epsilon from its c(x); alpha and delta (no lattice-composition relation) at the equilibrium boundary of the two-phase region they are in (alpha + epsilon: alpha at 0.1; epsilon + delta: delta at 0.8; tie-line / lever rule), and alone (single-phase field) at the midpoint of their range with sigma range / sqrt(12), flagged xFromRange: there diffraction cannot see x, and those spectra are counted apart. The last column is the former convention (alpha at 0, delta at 1) for comparison.",
      ],
    },
    maps: {
      summary: [
        ["max spread across layers (x)", fmt(Math.max(...(spread.array("range") as ArrayLike<number>) as unknown as number[]), 4)],
        ["front speed (um/h) at x = 0.5", front.speed === undefined ? "n/a" : fmt(front.speed.umPerS * 3600, 2)],
        [`stranded x on charge at ${fmt(stranded.timeS / 3600, 2)} h (coulomb x ~ 0.32; max over layers)`, fmt(stranded.maxStrandedX, 4)],
      ],
      figures: figures.maps!,
      tables: [
        reportTable(spread, { maxRows: 10, caption: "Spread across layers per time", csv: true, csvFileName: "spread.csv" }),
        reportTable(gradient, { maxRows: 10, caption: "Depth gradient per time", csv: true, csvFileName: "gradient.csv" }),
        reportTable(crossings, { maxRows: 20, caption: "Times at which each layer crosses x = 0.5" }),
        reportTable(stranded.table, { caption: `Stranded x at t = ${fmt(stranded.timeS / 3600, 2)} h relative to layer ${stranded.referenceLayer}` }),
      ],
    },
    modelComparison: {
      summary: [
        ["model", `${experiment.model.morphology}, tau ${params.electrode.tortuosity}, regime ${timescales.regime}`],
        ["RMS (measured - model) x", fmt(cmp.summary.rms)],
        ["reduced chi2", cmp.summary.reducedChi2 === null ? "n/a" : fmt(cmp.summary.reducedChi2, 2)],
        ["EIS (synthetic blocking cell) Lin-KK", `${kk.pass ? "pass" : "fail"} (max residual ${(100 * kk.maxAbsResidual).toFixed(2)} %, threshold ${(100 * kk.residualThreshold).toFixed(2)} %)`],
        [`EIS R_ion (${experiment.eis.circuit})`, `${fmt(rIon.value, 4)} +- ${fmt(rIon.standardError, 4)} ohm (truth ${fmt(truth.eis.ionicResistanceOhm, 4)})`],
        ["tortuosity", `${fmt(tau.tortuosity, 4)} +- ${fmt(tau.tortuositySigma, 4)} (truth ${truth.eis.tortuosity}, Luo et al. 2021; MacMullin ${fmt(tau.macMullinNumber, 3)})`],
        ["EIS example (impedance.py, not a blocking cell) Lin-KK", `${exampleKk.pass ? "pass" : "fail"} (max residual ${(100 * exampleKk.maxAbsResidual).toFixed(2)} %); ${experiment.eis.example.circuit} reduced chi2 ${fmt(circuitFit.reducedChiSquare, 3)}`],
      ],
      figures: figures.model!,
      tables: [reportTable(cmp.perLayer, { caption: "Per-layer comparison" })],
      notes: [experiment.eis.note, experiment.eis.example.note, "Transport inversion (invertTransport) is not run in the demo: it needs tens of model runs."],
    },
    provenance: {
      files,
      version: OPERANDO_VERSION,
      parameters: { calibrationDegree: 2, phases: PHASES, resolution: experiment.resolution, incidentSpectrum: experiment.incidentSpectrum, activeMassMg: experiment.activeMassMg, subset: options.subset ?? "all", modelParameters: params, eis: experiment.eis },
      date: new Date().toISOString(),
    },
    warnings,
  };
  const html = await buildReport(report);
  const reportPath = join(outDir, "report.html");
  await writeReport(reportPath, html);
  lap("report");

  return {
    timingsMs: timings,
    totalMs: Math.round(performance.now() - t0),
    calibration: { twoThetaDeg, twoThetaSigmaDeg: calibration.twoThetaSigmaDeg ?? Number.NaN, trueTwoThetaDeg: truth.twoThetaDeg, coefficients: [...calibration.coefficients], trueCoefficients, maxEnergyErrorKeV },
    spectra: { count: series.patterns.length, flagged: flagged.length, layers: xMap.layers, timesS: times },
    recovery,
    coulomb: { meanDifference: echem.meanDifference, rmsDifference: echem.rmsDifference },
    modelComparison: { rms: cmp.summary.rms, perLayer: (cmp.perLayer.objects() as { layer: number; rms: number }[]).map((r) => ({ layer: r.layer, rms: r.rms })) },
    eis: {
      linKKPass: kk.pass,
      linKKMaxResidual: kk.maxAbsResidual,
      linKKThreshold: kk.residualThreshold,
      circuit: experiment.eis.circuit,
      reducedChiSquare: tlm.reducedChiSquare,
      ionicResistanceOhm: rIon.value,
      ionicResistanceSigmaOhm: rIon.standardError,
      trueIonicResistanceOhm: truth.eis.ionicResistanceOhm,
      tortuosity: tau.tortuosity,
      tortuositySigma: tau.tortuositySigma,
      trueTortuosity: truth.eis.tortuosity,
      example: { linKKPass: exampleKk.pass, linKKMaxResidual: exampleKk.maxAbsResidual, circuit: experiment.eis.example.circuit, reducedChiSquare: circuitFit.reducedChiSquare },
    },
    warnings,
    paths: { report: reportPath, calibration: calibrationPath, layerTable: layerTablePath, comparison: comparisonPath },
  };
}
