// Generates the bundled data of `npm run demo` in fixtures/demo/ (deterministic: fixed seeds, no
// wall-clock data in the outputs). Run: `npx tsx --conditions=source scripts/make-demo-fixtures.ts`.
//
// What it makes, and every choice behind it:
//
// 1. ceo2_calibrant.mca - EPICS MED text file of a CeO2 standard (NIST SRM 674b, a = 5.411651 A,
//    @operando/crystal CEO2_SRM674B) at the fixed angle 2theta = 2.29 deg (APS 6-BM-A, Luo et al.
//    2021), 8192 channels, with the Ce K fluorescence lines (Ka2, Ka1, Kb3, Kb1, Kb2 from
//    @operando/calibrate's emission line table, Deslattes et al. 2003, relative to their radiative
//    rates). The TRUE calibration is E = a0 + a1 ch + a2 ch^2 with TRUE_CALIBRATION below; the file
//    header carries a slightly wrong one (HEADER_CALIBRATION, offset +0.15 keV, gain +0.3 %, no
//    quadratic term, as a stale detector setup would) and a nominal TWO_THETA of 2.30 deg, so the
//    pipeline has to recover the truth from the lines and Bragg peaks.
// 2. operando_edxrd.h5 - NeXus/HDF5 (h5wasm): /entry (NXentry) / data (NXdata, signal "counts"),
//    counts [spectra x 8192] int32 (gzip), channel [8192], time_s [spectra], layer [spectra];
//    /entry/instrument/detector (NXdetector) two_theta (scalar, deg, nominal 2.30) and the header
//    calibration as attributes. The sample at each (layer, time) is a mesoscale model run
//    (@operando/mesoscale, v2o5CellParameters("platelets"), C/20 discharge to 2.8 V then charge to
//    4.0 V), averaged over 5 top-hat gauge layers of 20 um that tile the 100 um model electrode
//    (the paper's gauge is 30 um, but the model electrode (an ASSUMED 100 um) only holds 3 such
//    layers; 20 um keeps 5 layers without overlap). Layer 5 is nearest the separator (as in the
//    paper), layer 1 at the current collector. All layers share the time stamp of their sweep
//    (the 5 x 40 s of one sweep are small against the 1.6 h between sweeps).
//    Phases per spectrum: alpha, epsilon, delta with the model's layer-averaged fractions
//    (lever rule per shell, @operando/mesoscale V2O5_PHASE_DIAGRAM); epsilon at composition
//    clamp(x_layer, 0.3, 0.7) (the diagram's single-phase range: at the gap boundaries inside the
//    two-phase regions), its lattice from crystal's c(x) relation.
//    Scales: @operando/phases converts a refined scale S_k to a formula-unit fraction by
//    f_k = S_k V_k Z_k / sum (integrated intensity ~ N_cells |F|^2 m / V_cell, with reference
//    intensity ratios r_k = 1 by default), so the simulated scale is s_k = S0 f_k / (V_k Z_k) with
//    V_k the cell volume at the simulated lattice and Z_k = V atoms / 2 - the truth fractions are
//    exactly what phases should recover.
//    Counts: @operando/simulate's default incident spectrum (bending magnet, Ec = 19.5 keV), 40 s
//    live time, Ge detector resolution (0.15 keV electronic noise, Fano 0.11), angular spread
//    0.004 deg, smooth background, Poisson noise (seed 20210).
// 3. cycler.csv - the model's time, current (A, > 0 = charge/oxidation), voltage and capacity,
//    written by @operando/io's writeCsv (read back by readCycler; checked below).
// 4. experiment.json - what a beamline/lab notebook records and the analysis may use: active
//    mass (from the model's capacity and 147.4 mAh/g), layer depths, gauge thickness, nominal
//    2theta, resolution, incident spectrum model, the EIS electrode data.
// 5. truth.json - per (layer, time): model x (xModel, the real truth), the old nominal-x
//    convention x (alpha at 0, delta at 1; kept for reference), fractions, epsilon composition and
//    lattice c; the cell parameters; the true calibration and 2theta; the EIS truth (item 7).
// 6. impedance.csv - copy of impedance.py's data/exampleData.csv (MIT), from /work/shared: a real
//    (Randles-type, not blocking) spectrum, used by the demo only to show Lin-KK and a circuit fit.
// 7. blocking_cell.csv - synthetic impedance of the paper's EIS cell (Luo et al. 2021, Methods):
//    symmetric coin cell of two bulk (platelet) electrodes, d = 7.51 um, 1.27 cm diameter,
//    blocking electrolyte, 1 MHz - 10 mHz. Z = R_HFR + TLMQ(R_ion, Q, alpha) (Landesfeind et al.
//    2016, eq. 11) with R_ion = 2 d tau / (A kappa eps) from the paper's tau = 14.571 and the
//    ASSUMED eps = 0.40, kappa = 0.035 S/m of @operando/eis's README (the paper gives neither);
//    R_HFR, Q, alpha ASSUMED (below); 10 points per decade; Gaussian noise of 0.5 % of |Z| on each
//    part (seed SEED_EIS). Written in impedance.py's f, Z', Z'' CSV layout.
//
// `--only eis` rewrites only item 7 and the eis sections of experiment.json and truth.json
// (the operando series, which takes the mesoscale runs, is left as it is).
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CyclerData } from "@operando/core";
import { createRng } from "@operando/core";
import { emissionLines } from "@operando/calibrate";
import { createCircuit, discAreaCm2, evaluateCircuit, ionicResistanceFromTortuosity } from "@operando/eis";
import { cellVolume, getPhase, phaseLattice } from "@operando/crystal";
import type { PhaseDefinition } from "@operando/crystal";
import { readCycler, readEpicsMed, writeCsv } from "@operando/io";
import { layerTable, simulateCell, theoreticalCapacityAh, v2o5CellParameters } from "@operando/mesoscale";
import { simulateEdxrd, simulateEdxrdSeries } from "@operando/simulate";
import type { SimulationPhase } from "@operando/simulate";
import h5wasm from "h5wasm/node";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "fixtures", "demo");

/** Fixed detector angle (deg) of the EDXRD experiment [Luo et al. 2021, Methods: 2theta = 2.29 deg]. */
export const TRUE_TWO_THETA_DEG = 2.29;
/** Nominal angle written in the file headers (what the goniometer read-back says). */
export const NOMINAL_TWO_THETA_DEG = 2.3;
/** True channel -> energy polynomial (keV): 8192 channels cover 0.1-164 keV (white beam 60-150 keV [paper]). */
export const TRUE_CALIBRATION = { offsetKeV: 0.085, slopeKeV: 0.01992, quadraticKeV: 3.5e-9 } as const;
/** Header calibration: offset +0.15 keV, gain +0.3 %, no quadratic term (a stale setup). */
export const HEADER_CALIBRATION = { offsetKeV: 0.235, slopeKeV: 0.01998, quadraticKeV: 0 } as const;
/** MCA channels. */
export const CHANNELS = 8192;
/** Detector resolution: electronic noise FWHM of a Ge detector chain, angular spread of the collimators (ASSUMED typical values). */
export const RESOLUTION = { electronicNoiseFwhmKeV: 0.15, angularSpreadDeg: 0.004 } as const;
/** Gauge layers: 5 layers of 20 um tiling the 100 um model electrode; layer 5 nearest the separator. */
export const LAYERS = [1, 2, 3, 4, 5].map((layer) => ({ layer, depthUm: 10 + 20 * (5 - layer) }));
/** Gauge thickness (um). */
export const GAUGE_UM = 20;
/** Number of sweeps (times) over the cycle. */
export const SWEEPS = 22;
/** Live time per operando spectrum (s) [paper: one spectrum per 40 s]. */
export const LIVE_TIME_S = 40;

const SEED_CALIBRANT = 674;
const SEED_EIS = 1373;

/** Tortuosity of the bulk (platelet) V2O5 electrode [Luo et al. 2021, main text: tau = 14.571]. */
export const EIS_TRUE_TORTUOSITY = 14.571;
/**
 * The EIS cell: thickness and punch diameter [Luo et al. 2021, Methods: bulk 7.51 um, 1.27 cm];
 * porosity and blocking-electrolyte conductivity ASSUMED (eps 0.40, kappa 0.035 S/m, as in
 * @operando/eis README "The paper's electrodes"); R_HFR (separator + contacts, ~ 25 um separator
 * of 0.035 S/m electrolyte at eps/tau ~ 0.3), the CPE Q and alpha ASSUMED typical values.
 */
export const EIS_CELL = {
  thicknessUm: 7.51,
  diameterCm: 1.27,
  porosity: 0.4,
  conductivitySPerM: 0.035,
  highFrequencyResistanceOhm: 15,
  cpeQ: 2e-4,
  cpeAlpha: 0.9,
  noiseRelative: 0.005,
  frequencyMaxHz: 1e6,
  frequencyMinHz: 1e-2,
  pointsPerDecade: 10,
} as const;
const SEED_SERIES = 20210;
const FORMULA_UNITS = (def: PhaseDefinition): number => (def.cellContents.find((c) => c.element === "V")?.count ?? 2) / 2;

function epicsMedText(counts: Float64Array, options: { liveTimeS: number; comment: string }): string {
  const lines = [
    "VERSION:    3.1",
    "ELEMENTS:   1",
    "DATE:       2021-03-01T09:00:00Z",
    `CHANNELS:   ${counts.length}`,
    "ROIS:       0",
    `REAL_TIME:  ${options.liveTimeS}`,
    `LIVE_TIME:  ${options.liveTimeS}`,
    `CAL_OFFSET: ${HEADER_CALIBRATION.offsetKeV}`,
    `CAL_SLOPE:  ${HEADER_CALIBRATION.slopeKeV}`,
    `CAL_QUAD:   ${HEADER_CALIBRATION.quadraticKeV}`,
    `TWO_THETA:  ${NOMINAL_TWO_THETA_DEG}`,
    `ENVIRONMENT: operando.sample="CeO2 NIST SRM 674b" (${options.comment})`,
    "DATA: ",
  ];
  return `${lines.join("\n")}\n${Array.from(counts, (v) => String(Math.round(v))).join("\n")}\n`;
}

/** Background of the operando cell (expected counts per channel at E keV): scatter from electrolyte, binder, windows. */
const cellBackground = (energyKeV: number): number => 3 + 22 * Math.exp(-energyKeV / 45);

async function makeCalibrant(): Promise<void> {
  const ce = emissionLines("Ce").filter((l) => l.iupac.startsWith("K") && (l.radiativeRate ?? 0) > 0.01);
  const { pattern } = simulateEdxrd({
    twoThetaDeg: TRUE_TWO_THETA_DEG,
    channelCount: CHANNELS,
    energyCalibration: TRUE_CALIBRATION,
    resolution: RESOLUTION,
    phases: [{ material: "CeO2", scale: 1 }],
    // Ce K fluorescence: 2000 photons/s in the K shell, split by radiative rate.
    fluorescenceLines: ce.map((l) => ({ energyKeV: l.energyKeV, intensity: 2000 * (l.radiativeRate ?? 0), label: `Ce ${l.siegbahn}` })),
    countScale: 5e-2,
    liveTimeS: 600,
    background: (e) => 4 + 30 * Math.exp(-e / 40),
    noise: { rng: createRng(SEED_CALIBRANT) },
  });
  await writeFile(join(OUT, "ceo2_calibrant.mca"), epicsMedText(pattern.y, { liveTimeS: 600, comment: "simulated by scripts/make-demo-fixtures.ts" }));
  const back = (await readEpicsMed(join(OUT, "ceo2_calibrant.mca"))).patterns[0]!;
  if (back.y.length !== CHANNELS || back.meta.twoThetaDeg !== NOMINAL_TWO_THETA_DEG) throw new Error("calibrant round trip failed");
}

interface TruthRow {
  layer: number;
  depthUm: number;
  timeS: number;
  voltageV: number;
  xModel: number;
  x: number;
  fractions: { alpha: number; epsilon: number; delta: number };
  epsilonX: number | null;
  epsilonCAngstrom: number | null;
}

/** Writes blocking_cell.csv; returns its truth (for truth.json) and the experiment's eis section. */
async function makeBlockingCell(): Promise<{ truth: Record<string, unknown>; experiment: Record<string, unknown> }> {
  const c = EIS_CELL;
  const areaCm2 = discAreaCm2(c.diameterCm);
  const rIon = ionicResistanceFromTortuosity({ tortuosity: EIS_TRUE_TORTUOSITY, areaCm2, thicknessUm: c.thicknessUm, porosity: c.porosity, conductivitySPerM: c.conductivitySPerM });
  const decades = Math.log10(c.frequencyMaxHz / c.frequencyMinHz);
  const n = Math.round(decades * c.pointsPerDecade) + 1;
  const frequencyHz = Float64Array.from({ length: n }, (_, i) => c.frequencyMaxHz * 10 ** (-i / c.pointsPerDecade));
  const z = evaluateCircuit(createCircuit("R0-TLMQ0"), frequencyHz, [c.highFrequencyResistanceOhm, rIon, c.cpeQ, c.cpeAlpha]);
  const rng = createRng(SEED_EIS);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const mod = Math.hypot(z.zReal[i]!, z.zImag[i]!);
    const re = z.zReal[i]! + c.noiseRelative * mod * rng.normal();
    const im = z.zImag[i]! + c.noiseRelative * mod * rng.normal();
    lines.push(`${frequencyHz[i]!.toExponential(10)},${re.toExponential(12)},${im.toExponential(12)}`);
  }
  await writeFile(join(OUT, "blocking_cell.csv"), `${lines.join("\n")}\n`);
  return {
    truth: {
      description: "Synthetic symmetric blocking cell (scripts/make-demo-fixtures.ts item 7): Z = R_HFR + TLMQ(R_ion, Q, alpha), R_ion = 2 d tau / (A kappa eps).",
      tortuosity: EIS_TRUE_TORTUOSITY,
      ionicResistanceOhm: rIon,
      highFrequencyResistanceOhm: c.highFrequencyResistanceOhm,
      cpeQ: c.cpeQ,
      cpeAlpha: c.cpeAlpha,
      noiseRelative: c.noiseRelative,
      seed: SEED_EIS,
    },
    experiment: {
      file: "blocking_cell.csv",
      circuit: "R0-TLMQ0",
      note: "Symmetric blocking cell of two bulk (platelet) electrodes (Luo et al. 2021, Methods: 7.51 um, 1.27 cm, blocking electrolyte, 1 MHz-10 mHz); porosity and conductivity ASSUMED (the paper gives neither; @operando/eis README).",
      diameterCm: c.diameterCm,
      thicknessUm: c.thicknessUm,
      porosity: c.porosity,
      conductivitySPerM: c.conductivitySPerM,
      example: {
        file: "impedance.csv",
        circuit: "R0-p(R1,C1)-p(R2-Wo1,C2)",
        note: "impedance.py example spectrum (real data, a Randles-type cell, not a blocking cell): shown only as a Lin-KK check and an equivalent-circuit fit; no tortuosity is derived from it.",
      },
    },
  };
}

/** `--only eis`: blocking_cell.csv and the eis sections of experiment.json / truth.json, nothing else. */
async function eisOnly(): Promise<void> {
  const eis = await makeBlockingCell();
  const experiment = JSON.parse(await readFile(join(OUT, "experiment.json"), "utf8")) as Record<string, unknown>;
  experiment["eis"] = eis.experiment;
  await writeFile(join(OUT, "experiment.json"), `${JSON.stringify(experiment, null, 2)}\n`);
  const truth = JSON.parse(await readFile(join(OUT, "truth.json"), "utf8")) as Record<string, unknown>;
  truth["description"] = TRUTH_DESCRIPTION;
  truth["eis"] = eis.truth;
  await writeFile(join(OUT, "truth.json"), `${JSON.stringify(truth, null, 1)}\n`);
  console.log(`fixtures/demo: blocking_cell.csv (tau ${EIS_TRUE_TORTUOSITY}, R_ion ${(eis.truth["ionicResistanceOhm"] as number).toFixed(3)} ohm); experiment.json and truth.json eis sections updated`);
}

const TRUTH_DESCRIPTION =
  "Known truth of the demo data (scripts/make-demo-fixtures.ts). xModel = the model's layer-averaged x (the real truth). x = the former nominal-x convention (alpha counted at 0, delta at 1, epsilon from c(x)), kept for reference only. eis = the synthetic blocking cell.";

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  await makeCalibrant();

  // Mesoscale run: first to find the cycle length, then on the sweep times.
  const params = v2o5CellParameters("platelets");
  const first = simulateCell(params, { outputIntervalS: 600 });
  const endS = first.timeS[first.timeS.length - 1]!;
  // Sweep times on a 40 s grid from 0 to the end of charge (the last one just before the end).
  const timesS = Array.from({ length: SWEEPS }, (_, k) => 40 * Math.floor((k * (endS - 60)) / (SWEEPS - 1) / 40));
  const run = simulateCell(params, { outputTimesS: Float64Array.from(new Set([...timesS, ...Array.from(first.timeS)].sort((a, b) => a - b))) });
  const table = layerTable(run, { layers: LAYERS, thicknessUm: GAUGE_UM });
  const rows = table.objects() as Array<Record<string, number>>;
  const wanted = new Set(timesS);
  const modelAt = new Map<string, Record<string, number>>();
  for (const r of rows) if (wanted.has(r["timeS"]!)) modelAt.set(`${r["layer"]}@${r["timeS"]}`, r);

  const defs = { alpha: getPhase("alpha"), epsilon: getPhase("epsilon"), delta: getPhase("delta") };
  const truth: TruthRow[] = [];
  const phasesAt = (layer: number, timeS: number): SimulationPhase[] => {
    const m = modelAt.get(`${layer}@${timeS}`);
    if (m === undefined) throw new Error(`no model row for layer ${layer} at ${timeS} s`);
    const fa = Math.max(0, m["f_alpha"]!);
    const fe = Math.max(0, m["f_epsilon"]!);
    const fd = Math.max(0, m["f_delta"]!);
    const sum = fa + fe + fd;
    const f = { alpha: fa / sum, epsilon: fe / sum, delta: fd / sum };
    const xe = Math.min(0.7, Math.max(0.3, m["x"]!));
    const out: SimulationPhase[] = [];
    let cEps: number | null = null;
    for (const id of ["alpha", "epsilon", "delta"] as const) {
      if (f[id] < 1e-4) {
        f[id] = 0;
        continue;
      }
      const def = defs[id];
      const lattice = phaseLattice(def, id === "epsilon" ? xe : def.xReference);
      if (id === "epsilon") cEps = lattice.c;
      // s_k = S0 f_k / (V_k Z_k); S0 = 1000 A^3 sets the count level (~1e3 counts at the strongest peak).
      out.push({ phase: def, ...(id === "epsilon" ? { x: xe } : {}), scale: (1000 * f[id]) / (cellVolume(lattice) * FORMULA_UNITS(def)) });
    }
    const norm = f.alpha + f.epsilon + f.delta;
    const fr = { alpha: f.alpha / norm, epsilon: f.epsilon / norm, delta: f.delta / norm };
    truth.push({
      layer,
      depthUm: m["depthUm"]!,
      timeS,
      voltageV: m["voltageV"]!,
      xModel: m["x"]!,
      // Former nominal-x convention (alpha at its reference x = 0, delta at 1, epsilon from c(x)),
      // kept for reference; the truth the demo compares with is xModel.
      x: fr.alpha * defs.alpha.xReference + fr.epsilon * xe + fr.delta * defs.delta.xReference,
      fractions: fr,
      epsilonX: fr.epsilon > 0 ? xe : null,
      epsilonCAngstrom: cEps,
    });
    return out;
  };
  const { series } = simulateEdxrdSeries({
    twoThetaDeg: TRUE_TWO_THETA_DEG,
    channelCount: CHANNELS,
    energyCalibration: TRUE_CALIBRATION,
    resolution: RESOLUTION,
    countScale: 2e-2,
    liveTimeS: LIVE_TIME_S,
    background: cellBackground,
    noise: { rng: createRng(SEED_SERIES) },
    layers: LAYERS.map((l) => l.layer),
    timesS,
    phasesAt,
  });

  // NeXus file.
  const n = series.patterns.length;
  const counts = new Int32Array(n * CHANNELS);
  series.patterns.forEach((p, i) => {
    for (let c = 0; c < CHANNELS; c++) counts[i * CHANNELS + c] = Math.round(p.y[c]!);
  });
  const h5path = join(OUT, "operando_edxrd.h5");
  await h5wasm.ready;
  const f = new h5wasm.File(h5path, "w");
  try {
    f.create_attribute("default", "entry");
    const entry = f.create_group("entry");
    entry.create_attribute("NX_class", "NXentry");
    entry.create_attribute("default", "data");
    entry.create_dataset({ name: "title", data: "Simulated operando EDXRD of a LixV2O5 platelet cathode, C/20 cycle (operando demo)" });
    const instrument = entry.create_group("instrument");
    instrument.create_attribute("NX_class", "NXinstrument");
    const det = instrument.create_group("detector");
    det.create_attribute("NX_class", "NXdetector");
    const tth = det.create_dataset({ name: "two_theta", data: new Float64Array([NOMINAL_TWO_THETA_DEG]), shape: [1] });
    tth.create_attribute("units", "deg");
    det.create_attribute("calibration_offset_keV", HEADER_CALIBRATION.offsetKeV);
    det.create_attribute("calibration_slope_keV", HEADER_CALIBRATION.slopeKeV);
    det.create_attribute("calibration_quadratic_keV", HEADER_CALIBRATION.quadraticKeV);
    const live = det.create_dataset({ name: "live_time", data: new Float64Array([LIVE_TIME_S]), shape: [1] });
    live.create_attribute("units", "s");
    const data = entry.create_group("data");
    data.create_attribute("NX_class", "NXdata");
    data.create_attribute("signal", "counts");
    data.create_attribute("axes", [".", "channel"]);
    const ds = data.create_dataset({ name: "counts", data: counts, shape: [n, CHANNELS], dtype: "<i4", chunks: [1, CHANNELS], compression: 9 });
    ds.create_attribute("units", "counts");
    data.create_dataset({ name: "channel", data: Float64Array.from({ length: CHANNELS }, (_, i) => i) });
    const t = data.create_dataset({ name: "time_s", data: Float64Array.from(series.patterns, (p) => p.meta.timeS ?? Number.NaN) });
    t.create_attribute("units", "s");
    data.create_dataset({ name: "layer", data: Int32Array.from(series.patterns, (p) => p.meta.layer ?? 0) });
  } finally {
    f.close();
  }

  // Cycler record (model output every 600 s plus segment ends).
  const cycler: CyclerData = {
    timeS: first.timeS,
    currentA: first.currentA,
    voltageV: first.voltageV,
    capacityAh: first.chargeAh,
    meta: { format: "operando-mesoscale" },
  };
  const cyclerPath = join(OUT, "cycler.csv");
  await writeCsv(cyclerPath, cycler, { date: new Date("2021-03-01T09:00:00Z") });
  const back = await readCycler(cyclerPath);
  if (back.timeS.length !== first.timeS.length || Math.abs(back.voltageV[5]! - first.voltageV[5]!) > 1e-9) throw new Error("cycler round trip failed");

  const eis = await makeBlockingCell();
  const capacityAh = theoreticalCapacityAh(params);
  const experiment = {
    description: "What the experimenter knows (not the truth): used by scripts/demo-pipeline.ts.",
    activeMassMg: (capacityAh / 0.1474) * 1000,
    activeMassNote: "model theoretical capacity / 147.4 mAh/g (V2O5, x = 1; @operando/phases V2O5_CAPACITY_MAH_PER_G)",
    x0: params.activeMaterial.initialX,
    nominalTwoThetaDeg: NOMINAL_TWO_THETA_DEG,
    gaugeThicknessUm: GAUGE_UM,
    layers: LAYERS,
    resolution: RESOLUTION,
    incidentSpectrum: { kind: "bendingMagnet", criticalEnergyKeV: 19.5, note: "APS bending magnet (7 GeV, 0.599 T), as @operando/simulate's default" },
    calibrant: { material: "CeO2", lines: ["Ce:K"], file: "ceo2_calibrant.mca" },
    eis: eis.experiment,
    model: { morphology: "platelets", protocol: "C/20 discharge to 2.8 V, charge to 4.0 V" },
  };
  await writeFile(join(OUT, "experiment.json"), `${JSON.stringify(experiment, null, 2)}\n`);
  await writeFile(
    join(OUT, "truth.json"),
    `${JSON.stringify(
      {
        description: TRUTH_DESCRIPTION,
        twoThetaDeg: TRUE_TWO_THETA_DEG,
        calibration: TRUE_CALIBRATION,
        headerCalibration: HEADER_CALIBRATION,
        channels: CHANNELS,
        seeds: { calibrant: SEED_CALIBRANT, series: SEED_SERIES },
        cellParameters: params,
        rows: truth,
        eis: eis.truth,
      },
      null,
      1,
    )}\n`,
  );
  await copyFile("/work/shared/data/real/eis/impedancepy_exampleData.csv", join(OUT, "impedance.csv"));
  let total = 0;
  for (const name of ["ceo2_calibrant.mca", "operando_edxrd.h5", "cycler.csv", "experiment.json", "truth.json", "impedance.csv", "blocking_cell.csv"]) total += (await stat(join(OUT, name))).size;
  const check = JSON.parse(await readFile(join(OUT, "truth.json"), "utf8")) as { rows: unknown[] };
  console.log(`fixtures/demo: ${n} spectra (${LAYERS.length} layers x ${timesS.length} times), ${check.rows.length} truth rows, ${(total / 1e6).toFixed(2)} MB`);
}

if (process.argv.includes("--only") && process.argv[process.argv.indexOf("--only") + 1] === "eis") await eisOnly();
else await main();
