/**
 * `operando calibrate energy|angle|joint|wavelength <file>`: energy, EDXRD angle, joint and
 * ADXRD wavelength calibrations (@operando/calibrate) of files read by @operando/io, printing the
 * residual table and writing the calibration JSON atomically.
 *
 * @packageDocumentation
 */
import type { Command } from "commander";
import { InvalidParameterError, writeFileAtomic } from "@operando/core";
import type { Calibration, EnergyAnchor, EnergyPolynomial } from "@operando/calibrate";
import { calibrateEnergy, calibrateJoint, calibrateTwoTheta, calibrateWavelength, calibrationFromJson, calibrationToJson, createEnergyPolynomial } from "@operando/calibrate";
import { readPattern, readPoni } from "@operando/io";
import type { CliIO } from "../context.js";
import { formatTable, writeLine } from "../context.js";
import type { CommandModule } from "../program.js";
import { readTextFile } from "../internal/files.js";
import { parseNumberOption } from "../internal/options.js";

/** "1474:6.93,3555:17.44" -> anchors. */
function parseAnchors(text: string): EnergyAnchor[] {
  return text.split(",").map((part, i) => {
    const [c, e] = part.split(":");
    if (c === undefined || e === undefined) throw new InvalidParameterError({ parameter: "--anchors", value: text, expected: "channel:energyKeV,channel:energyKeV" });
    return { channel: parseNumberOption(c, `--anchors[${i}] channel`), energyKeV: parseNumberOption(e, `--anchors[${i}] energy`) };
  });
}

interface Opts {
  lines?: string;
  calibrant?: string;
  anchors?: string;
  offset?: string;
  gain?: string;
  degree: string;
  twoTheta?: string;
  energyCal?: string;
  wavelength?: string;
  poni?: string;
  window?: string;
  displacement?: boolean;
  out?: string;
  json?: boolean;
}

function start(opts: Opts): { start?: EnergyPolynomial; anchors?: EnergyAnchor[] } {
  if (opts.anchors !== undefined) return { anchors: parseAnchors(opts.anchors) };
  if (opts.gain !== undefined) return { start: createEnergyPolynomial([parseNumberOption(opts.offset ?? "0", "--offset"), parseNumberOption(opts.gain, "--gain")]) };
  return {};
}

function lines(opts: Opts): string[] {
  if (opts.lines === undefined) throw new InvalidParameterError({ parameter: "--lines", value: undefined, expected: 'line specifications, e.g. "Co:Ka,Mo:Ka" or "Ce:K,Am-241:59.54"' });
  return opts.lines.split(",").map((s) => s.trim());
}

function need(value: string | undefined, option: string, what: string): string {
  if (value === undefined) throw new InvalidParameterError({ parameter: option, value, expected: what });
  return value;
}

async function run(mode: string, file: string, opts: Opts, io: CliIO): Promise<void> {
  const pattern = await readPattern(file);
  const degree = parseNumberOption(opts.degree, "--degree");
  const window = opts.window === undefined ? {} : { searchWindowKeV: parseNumberOption(opts.window, "--window") };
  const twoTheta = opts.twoTheta === undefined ? {} : { twoThetaDeg: parseNumberOption(opts.twoTheta, "--two-theta") };
  let calibration: Calibration;
  let extra: Record<string, unknown> = {};
  if (mode === "energy") {
    const r = calibrateEnergy(pattern, { lines: lines(opts), degree, ...start(opts), ...window });
    calibration = r.calibration;
    extra = { matches: r.matches.map((m) => ({ line: m.group.label, status: m.status, channel: m.channel, reason: m.reason })), warnings: r.warnings };
  } else if (mode === "angle") {
    const energyFile = need(opts.energyCal, "--energy-cal", "an energy calibration JSON (from `operando calibrate energy`)");
    const energy = calibrationFromJson(await readTextFile(energyFile), energyFile);
    if (energy.kind !== "energy-dispersive") throw new InvalidParameterError({ parameter: "--energy-cal", value: energy.kind, expected: "an energy-dispersive calibration" });
    const r = calibrateTwoTheta(pattern, { calibrant: need(opts.calibrant, "--calibrant", "CeO2, LaB6 or Si"), energyCalibration: energy, ...twoTheta, ...window });
    calibration = r.calibration;
    extra = { warnings: r.warnings };
  } else if (mode === "joint") {
    const r = calibrateJoint(pattern, { lines: lines(opts), calibrant: need(opts.calibrant, "--calibrant", "CeO2, LaB6 or Si"), degree, ...start(opts), ...twoTheta, ...window });
    calibration = r.calibration;
    extra = { warnings: r.warnings };
  } else {
    let wavelengthAngstrom = opts.wavelength === undefined ? undefined : parseNumberOption(opts.wavelength, "--wavelength");
    if (wavelengthAngstrom === undefined && opts.poni !== undefined) wavelengthAngstrom = (await readPoni(opts.poni)).wavelengthAngstrom;
    const r = calibrateWavelength(pattern, {
      calibrant: need(opts.calibrant, "--calibrant", "CeO2, LaB6 or Si"),
      ...(wavelengthAngstrom === undefined ? {} : { wavelengthAngstrom }),
      refineDisplacement: opts.displacement === true,
    });
    calibration = r.calibration;
    extra = { warnings: r.warnings };
  }
  if (opts.out !== undefined) await writeFileAtomic(opts.out, calibrationToJson(calibration));
  if (opts.json === true) {
    writeLine(io.stdout, JSON.stringify({ calibration, ...extra }, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2));
    return;
  }
  const rows = calibration.residuals.map((r) => [r.label, r.kind, r.position.toFixed(3), r.positionSigma.toPrecision(2), r.reference.toPrecision(7), r.fitted.toPrecision(7), r.residual.toExponential(2), r.normalizedResidual.toFixed(2)]);
  writeLine(io.stdout, formatTable(["line", "kind", "position", "sigma", "reference", "fitted", `residual`, "res/sigma"], rows));
  if (calibration.kind === "energy-dispersive") {
    const p = calibration.coefficients.length;
    writeLine(io.stdout, `E(ch) coefficients (keV/ch^k): ${calibration.coefficients.map((c, k) => `${c.toPrecision(8)} +- ${Math.sqrt(calibration.covariance[k * p + k]!).toPrecision(2)}`).join(", ")}`);
    if (calibration.twoThetaDeg !== null) writeLine(io.stdout, `2theta = ${calibration.twoThetaDeg.toFixed(6)} +- ${calibration.twoThetaSigmaDeg!.toPrecision(2)} deg`);
  } else {
    writeLine(io.stdout, `wavelength = ${calibration.wavelengthAngstrom.toFixed(7)} +- ${Math.sqrt(calibration.covariance[0]!).toPrecision(2)} A, zero = ${calibration.zeroDeg.toFixed(5)} deg`);
  }
  writeLine(io.stdout, `reduced chi-square ${calibration.reducedChiSquare.toPrecision(3)} (${calibration.degreesOfFreedom} dof)`);
  for (const w of (extra.warnings as string[] | undefined) ?? []) writeLine(io.stderr, `warning: ${w}`);
}

/** The `calibrate` command module. */
export const calibrateCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    const cmd = program.command("calibrate").description("Energy (channel -> keV), EDXRD angle, joint and ADXRD wavelength calibrations.");
    for (const mode of ["energy", "angle", "joint", "wavelength"] as const) {
      const sub = cmd
        .command(`${mode} <file>`)
        .description(
          {
            energy: "channel -> energy polynomial from named lines",
            angle: "fixed EDXRD 2theta from calibrant peaks, given --energy-cal",
            joint: "energy polynomial and 2theta together from lines and calibrant peaks",
            wavelength: "ADXRD wavelength and 2theta zero from a calibrant pattern",
          }[mode],
        )
        .option("--lines <specs>", 'line specifications, comma separated: "Co", "Co:Ka", "Am-241", "elastic=17.44"')
        .option("--calibrant <name>", "CeO2, LaB6 or Si")
        .option("--anchors <list>", "two anchor peaks channel:energyKeV,channel:energyKeV")
        .option("--offset <keV>", "starting offset (with --gain)")
        .option("--gain <keV>", "starting gain (keV/channel)")
        .option("--degree <n>", "polynomial degree 1-3", "1")
        .option("--two-theta <deg>", "starting 2theta (EDXRD)")
        .option("--energy-cal <json>", "energy calibration JSON (angle mode)")
        .option("--wavelength <A>", "starting wavelength (ADXRD)")
        .option("--poni <file>", "pyFAI .poni for the starting wavelength (ADXRD)")
        .option("--window <keV>", "search half-window around predicted peaks (keV)")
        .option("--displacement", "also refine sample displacement (ADXRD)")
        .option("--out <file>", "write the calibration JSON (atomically)")
        .option("--json", "machine-readable output")
        .action(async (file: string, opts: Opts) => run(mode, file, opts, io));
      sub.addHelpText(
        "after",
        {
          energy: "\nExamples:\n  operando calibrate energy ../shared/data/real/mca/pymca_XRFSpectrum.mca --lines Ti:Ka,V:Ka,Cr:Ka,Mn:Ka,Fe:Ka,Co:Ka,Ni:Ka,Cu:Ka,Zn:Ka,Mo:Ka --anchors 1474:6.925,3555:17.44 --out energy.json\n  operando calibrate energy fixtures/demo/ceo2_calibrant.mca --lines Ce:K --out ce-energy.json   (start: the file header)",
          angle: "\nExample:\n  operando calibrate angle fixtures/demo/ceo2_calibrant.mca --calibrant CeO2 --energy-cal ce-energy.json --two-theta 2.3 --out angle.json",
          joint: "\nExample (starts from the file header; the lines correct it before the Bragg search):\n  operando calibrate joint fixtures/demo/ceo2_calibrant.mca --lines Ce:K --calibrant CeO2 --degree 2 --two-theta 2.3 --out cal.json",
          wavelength: "\nExample:\n  operando calibrate wavelength CeO2.xy --calibrant CeO2 --poni CeO2.poni --out cal.json",
        }[mode],
      );
    }
  },
};
