/**
 * `operando simulate edxrd|adxrd`: forward-simulated spectra/patterns of calibrants or LixV2O5
 * phases (@operando/simulate) for tests with known truth, demos and experiment planning.
 * EDXRD output: `.mca` (EPICS MED text, integer counts, read back by @operando/io) or `.xy/.xye`;
 * ADXRD output: `.xy/.xye`; `.json` writes pattern and true peaks. All writes are atomic.
 *
 * @packageDocumentation
 */

import type { Command } from "commander";
import type { Pattern } from "@operando/core";
import { createRng, InvalidParameterError, writeFileAtomic } from "@operando/core";
import { CALIBRANTS, getPhase, LIXV2O5_PHASES } from "@operando/crystal";
import { formatXy, toJson } from "@operando/io";
import type { SimulationPhase } from "@operando/simulate";
import { bendingMagnetSpectrum, simulateAdxrd, simulateEdxrd } from "@operando/simulate";
import type { CliIO } from "../context.js";
import { formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { parseNumberListOption, parseNumberOption } from "../internal/options.js";

/** "CeO2" or "alpha:0.7,delta:0.3:1.0" (name[:scale[:x]]) -> phases. */
function parseMaterials(text: string): SimulationPhase[] {
  const known = [...Object.keys(CALIBRANTS), ...Object.keys(LIXV2O5_PHASES)];
  return text.split(",").map((item, i) => {
    const [name = "", scaleText, xText] = item.split(":").map((s) => s.trim());
    const scale = scaleText === undefined ? 1 : parseNumberOption(scaleText, `--material[${i}] scale`);
    const calibrant = Object.keys(CALIBRANTS).find((k) => k.toLowerCase() === name.toLowerCase());
    if (calibrant !== undefined) return { material: calibrant, scale };
    const phaseId = Object.keys(LIXV2O5_PHASES).find((k) => k.toLowerCase() === name.toLowerCase());
    if (phaseId === undefined) throw new InvalidParameterError({ parameter: "--material", value: name, expected: `one of ${known.join(", ")} (optionally name:scale[:x])` });
    return { phase: getPhase(phaseId), scale, ...(xText === undefined ? {} : { x: parseNumberOption(xText, `--material[${i}] x`) }) };
  });
}

function epicsMedText(pattern: Pattern, material: string): string {
  const cal = pattern.meta.energyCalibration!;
  const lines = [
    "VERSION:    3.1",
    "ELEMENTS:   1",
    `DATE:       ${new Date().toISOString()}`,
    `CHANNELS:   ${pattern.y.length}`,
    `REAL_TIME:  ${pattern.meta.liveTimeS ?? 1}`,
    `LIVE_TIME:  ${pattern.meta.liveTimeS ?? 1}`,
    `CAL_OFFSET: ${cal.offsetKeV}`,
    `CAL_SLOPE:  ${cal.slopeKeV}`,
    `CAL_QUAD:   ${cal.quadraticKeV}`,
    `TWO_THETA:  ${pattern.meta.twoThetaDeg}`,
    `ENVIRONMENT: operando.simulate="${material}" (simulated by operando simulate edxrd)`,
    "DATA: ",
  ];
  const body: string[] = new Array<string>(pattern.y.length);
  for (let i = 0; i < pattern.y.length; i++) body[i] = String(pattern.y[i]);
  return `${lines.join("\n")}\n${body.join("\n")}\n`;
}

async function writeOutput(out: string, pattern: Pattern, peaks: unknown, material: string): Promise<string> {
  const ext = (/\.([^./\\]+)$/.exec(out)?.[1] ?? "").toLowerCase();
  if (ext === "mca") {
    if (pattern.axis !== "channel") throw new InvalidParameterError({ parameter: "--out", value: out, expected: "a .xy/.xye/.json file for an angle-dispersive pattern" });
    if (!pattern.y.every((v) => Number.isInteger(v))) {
      throw new InvalidParameterError({ parameter: "--out", value: out, expected: ".mca holds integer counts: add --seed N for Poisson counts, or write .xy/.xye/.json for the noiseless expectation" });
    }
    await writeFileAtomic(out, epicsMedText(pattern, material));
    return "epics-med";
  }
  if (ext === "json") {
    await writeFileAtomic(out, `${toJson({ pattern, peaks })}\n`);
    return "json";
  }
  if (ext === "xy" || ext === "xye" || ext === "dat" || ext === "txt") {
    await writeFileAtomic(out, formatXy(pattern));
    return "xy";
  }
  throw new InvalidParameterError({ parameter: "--out", value: out, expected: "a file ending in .mca (EDXRD), .xy, .xye, .dat, .txt or .json" });
}

interface EdxrdOpts {
  material: string;
  twoTheta: string;
  channels: string;
  gain: string;
  offset: string;
  quad: string;
  noiseFwhmKev: string;
  fano: string;
  pairEnergyEv: string;
  angularSpreadDeg: string;
  criticalEnergyKev: string;
  countScale: string;
  liveTime: string;
  fluorescence?: string;
  background?: string;
  seed?: string;
  out?: string;
  json?: boolean;
}

interface AdxrdOpts {
  material: string;
  wavelength: string;
  start: string;
  end: string;
  step: string;
  zero: string;
  u: string;
  v: string;
  w: string;
  eta: string;
  countScale: string;
  background?: string;
  seed?: string;
  out?: string;
  json?: boolean;
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

async function runEdxrd(io: CliIO, o: EdxrdOpts): Promise<void> {
  const phases = parseMaterials(o.material);
  const fluorescence = o.fluorescence === undefined ? [] : o.fluorescence.split(",").map((item, i) => {
    const [e, intensity] = item.split(":");
    return { energyKeV: parseNumberOption(e, `--fluorescence[${i}] energy`), intensity: parseNumberOption(intensity ?? "", `--fluorescence[${i}] intensity`) };
  });
  const background = parseNumberListOption(o.background, "--background");
  const { pattern, peaks, lines } = simulateEdxrd({
    twoThetaDeg: parseNumberOption(o.twoTheta, "--two-theta"),
    channelCount: parseNumberOption(o.channels, "--channels"),
    energyCalibration: { offsetKeV: parseNumberOption(o.offset, "--offset"), slopeKeV: parseNumberOption(o.gain, "--gain"), quadraticKeV: parseNumberOption(o.quad, "--quad") },
    resolution: { electronicNoiseFwhmKeV: parseNumberOption(o.noiseFwhmKev, "--noise-fwhm-kev"), fanoFactor: parseNumberOption(o.fano, "--fano"), pairEnergyEv: parseNumberOption(o.pairEnergyEv, "--pair-energy-ev"), angularSpreadDeg: parseNumberOption(o.angularSpreadDeg, "--angular-spread-deg") },
    incidentSpectrum: bendingMagnetSpectrum({ criticalEnergyKeV: parseNumberOption(o.criticalEnergyKev, "--critical-energy-kev") }),
    phases,
    countScale: parseNumberOption(o.countScale, "--count-scale"),
    liveTimeS: parseNumberOption(o.liveTime, "--live-time"),
    fluorescenceLines: fluorescence,
    ...(background.length > 0 ? { background: { polynomial: background } } : {}),
    ...(o.seed === undefined ? {} : { noise: { rng: createRng(parseNumberOption(o.seed, "--seed")) } }),
  });
  const format = o.out === undefined ? undefined : await writeOutput(o.out, pattern, { peaks, lines }, o.material);
  if (o.json) {
    writeLine(io.stdout, toJson({ kind: "edxrd", out: o.out ?? null, format: format ?? null, channels: pattern.y.length, meta: pattern.meta, peaks, lines }));
    return;
  }
  const rows = peaks.filter((p) => p.integratedCounts > 0).map((p) => [p.label, `${p.h ?? ""}${p.k ?? ""}${p.l ?? ""}`, fmt(p.dAngstrom), fmt(p.energyKeV, 3), fmt(p.channel, 2), fmt(p.fwhmKeV, 3), fmt(p.integratedCounts, 1)]);
  writeLine(io.stdout, formatTable(["phase", "hkl", "d_A", "E_keV", "channel", "fwhm_keV", "counts"], rows));
  if (o.out !== undefined) writeLine(io.stderr, `wrote ${o.out} (${format})`);
}

async function runAdxrd(io: CliIO, o: AdxrdOpts): Promise<void> {
  const background = parseNumberListOption(o.background, "--background");
  const { pattern, peaks } = simulateAdxrd({
    wavelengthAngstrom: parseNumberOption(o.wavelength, "--wavelength"),
    twoThetaStartDeg: parseNumberOption(o.start, "--start"),
    twoThetaEndDeg: parseNumberOption(o.end, "--end"),
    stepDeg: parseNumberOption(o.step, "--step"),
    zeroShiftDeg: parseNumberOption(o.zero, "--zero"),
    caglioti: { u: parseNumberOption(o.u, "--u"), v: parseNumberOption(o.v, "--v"), w: parseNumberOption(o.w, "--w") },
    lorentzianFraction: parseNumberOption(o.eta, "--eta"),
    phases: parseMaterials(o.material),
    countScale: parseNumberOption(o.countScale, "--count-scale"),
    ...(background.length > 0 ? { background: { polynomial: background } } : {}),
    ...(o.seed === undefined ? {} : { noise: { rng: createRng(parseNumberOption(o.seed, "--seed")) } }),
  });
  const format = o.out === undefined ? undefined : await writeOutput(o.out, pattern, { peaks }, o.material);
  if (o.json) {
    writeLine(io.stdout, toJson({ kind: "adxrd", out: o.out ?? null, format: format ?? null, points: pattern.y.length, meta: pattern.meta, peaks }));
    return;
  }
  const rows = peaks.map((p) => [p.label, `${p.h ?? ""}${p.k ?? ""}${p.l ?? ""}`, fmt(p.dAngstrom), fmt(p.twoThetaDeg), fmt(p.fwhmDeg, 5), fmt(p.integratedCounts, 1)]);
  writeLine(io.stdout, formatTable(["phase", "hkl", "d_A", "2theta_deg", "fwhm_deg", "counts"], rows));
  if (o.out !== undefined) writeLine(io.stderr, `wrote ${o.out} (${format})`);
}

const MATERIAL_HELP = `calibrant (${Object.keys(CALIBRANTS).join(", ")}) or LixV2O5 phase (${Object.keys(LIXV2O5_PHASES).join(", ")}); several as name:scale[:x],...`;

/** The `simulate` command module. */
export const simulateCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    const sim = program.command("simulate").description("Forward-simulate EDXRD spectra or ADXRD patterns with known truth (@operando/simulate).");
    sim
      .command("edxrd")
      .description("Simulate an energy-dispersive spectrum (white beam, fixed 2theta, MCA channels).")
      .requiredOption("--material <names>", MATERIAL_HELP)
      .option("--two-theta <deg>", "fixed detector angle 2theta (deg)", "2.29")
      .option("--channels <n>", "number of MCA channels", "8192")
      .option("--gain <keV>", "calibration slope (keV per channel)", "0.02")
      .option("--offset <keV>", "calibration offset (keV)", "0.1")
      .option("--quad <keV>", "calibration quadratic term (keV per channel^2)", "0")
      .option("--noise-fwhm-kev <keV>", "electronic-noise FWHM (keV)", "0.15")
      .option("--fano <F>", "detector Fano factor (Ge ~0.11)", "0.11")
      .option("--pair-energy-ev <eV>", "pair-creation energy (Ge 2.96 eV)", "2.96")
      .option("--angular-spread-deg <deg>", "FWHM of accepted 2theta (deg)", "0.005")
      .option("--critical-energy-kev <keV>", "bending-magnet critical energy (APS 19.5 keV)", "19.5")
      .option("--count-scale <c>", "counts per unit of I x flux x d^2 per second", "1")
      .option("--live-time <s>", "live time (s)", "1")
      .option("--fluorescence <lines>", "fluorescence lines energyKeV:countsPerS,... (e.g. 34.72:500,34.28:270)")
      .option("--background <coeffs>", "background polynomial in energy (keV): c0,c1,... counts per channel")
      .option("--seed <n>", "Poisson noise with this seed (omit for the noiseless expectation)")
      .option("--out <file>", "write the spectrum: .mca (EPICS MED), .xy/.xye, or .json (with true peaks)")
      .option("--json", "machine-readable output (peaks and metadata) on stdout")
      .addHelpText("after", "\nExample:\n  operando simulate edxrd --material CeO2 --two-theta 2.29 --channels 8192 --gain 0.02 --offset 0.1 --seed 1 --out spectrum.mca\n  operando simulate edxrd --material alpha:0.6,epsilon:0.4:0.5 --count-scale 1e-2 --live-time 40 --seed 3 --out layer5.mca")
      .action(async (opts: EdxrdOpts) => runEdxrd(io, opts));
    sim
      .command("adxrd")
      .description("Simulate an angle-dispersive powder pattern (monochromatic beam).")
      .requiredOption("--material <names>", MATERIAL_HELP)
      .option("--wavelength <A>", "wavelength (A); APS 17-BM-B 0.24117", "0.24117")
      .option("--start <deg>", "first 2theta (deg)", "1")
      .option("--end <deg>", "last 2theta (deg)", "15")
      .option("--step <deg>", "2theta step (deg)", "0.005")
      .option("--zero <deg>", "zero shift (deg)", "0")
      .option("--u <deg2>", "Caglioti U (deg^2)", "0")
      .option("--v <deg2>", "Caglioti V (deg^2)", "0")
      .option("--w <deg2>", "Caglioti W (deg^2)", "0.0004")
      .option("--eta <fraction>", "Lorentzian fraction of the pseudo-Voigt", "0")
      .option("--count-scale <c>", "counts per unit of I x LP", "1")
      .option("--background <coeffs>", "background polynomial in 2theta (deg): c0,c1,... counts per point")
      .option("--seed <n>", "Poisson noise with this seed (omit for the noiseless expectation)")
      .option("--out <file>", "write the pattern: .xy/.xye or .json (with true peaks)")
      .option("--json", "machine-readable output (peaks and metadata) on stdout")
      .addHelpText("after", "\nExample:\n  operando simulate adxrd --material LaB6 --wavelength 0.24117 --start 1 --end 12 --step 0.002 --seed 1 --out lab6.xye")
      .action(async (opts: AdxrdOpts) => runAdxrd(io, opts));
  },
};
