// Shared test helpers: real-data readers (plain text parsing, so the tests do not depend on the
// io package) and the simulated EDXRD standard.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Pattern } from "@operando/core";
import { createPattern, createRng, HC_KEV_ANGSTROM } from "@operando/core";
import { simulateEdxrd } from "@operando/simulate";
import { calibrateJoint, dSpacingAt, emissionLines } from "../src/index.js";

export function sharedPath(relative: string): string {
  return fileURLToPath(new URL(`../../../../shared/data/real/${relative}`, import.meta.url));
}

/** pymca XRFSpectrum.mca (vasole/pymca, MIT): one count per line after # comments. */
export function readPymcaMca(): Pattern {
  const path = sharedPath("mca/pymca_XRFSpectrum.mca");
  const y = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map(Number);
  return createPattern({ axis: "channel", x: y.map((_, i) => i), y, meta: { sourceFile: path } });
}

/** Dioptas CeO2_Pilatus1M.xy (GPL-3.0 data): 2theta (deg), I; wavelength 0.4066 A in the header. */
export function readDioptasCeO2(): Pattern {
  const path = sharedPath("xrd/dioptas_CeO2_Pilatus1M.xy");
  const rows = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.trim().split(/\s+/).map(Number));
  return createPattern({ axis: "twoTheta", x: rows.map((r) => r[0]!), y: rows.map((r) => r[1]!), meta: { wavelengthAngstrom: 0.4066, sourceFile: path } });
}

/** True calibration of the simulated standard: 8192 channels, 0.05 keV + 24.4 eV/channel. */
export const SIM_TRUTH = { offsetKeV: 0.05, slopeKeV: 0.0244, quadraticKeV: 0 } as const;
/** True fixed angle (science.md section 2: APS 6-BM-A, 2theta = 2.29 deg). */
export const SIM_TWO_THETA_DEG = 2.29;

/** Simulated CeO2 standard with Ce K fluorescence (Ka1, Ka2, Kb1, Kb3, Kb2), Poisson noise. */
export function simulateCeO2Standard(seed: number): Pattern {
  const ce = emissionLines("Ce").filter((l) => l.siegbahn.startsWith("K"));
  return simulateEdxrd({
    twoThetaDeg: SIM_TWO_THETA_DEG,
    channelCount: 8192,
    energyCalibration: SIM_TRUTH,
    resolution: { electronicNoiseFwhmKeV: 0.25 },
    fluorescenceLines: ce.map((l) => ({ energyKeV: l.energyKeV, intensity: 2e5 * (l.radiativeRate ?? 0), label: `Ce ${l.siegbahn}` })),
    phases: [{ material: "CeO2" }],
    countScale: 10,
    noise: { rng: createRng(seed) },
  }).pattern;
}

export const SIM_START = { coefficients: [0, 0.0245], covariance: [0, 0, 0, 0] };
const D_CHECK = [3.8, 4.2, 4.6, 5.0, 5.2];

/** True channel of a d-spacing in the simulated spectrum. */
function trueChannel(d: number): number {
  const e = HC_KEV_ANGSTROM / (2 * d * Math.sin((SIM_TWO_THETA_DEG * Math.PI) / 360));
  return (e - SIM_TRUTH.offsetKeV) / SIM_TRUTH.slopeKeV;
}

/** Joint-fit errors for one seed: 2theta error, max |d error| over the window, normalized errors. */
export function jointErrors(seed: number): { twoThetaError: number; twoThetaSigma: number; dError: number; dSigma: number } {
  const r = calibrateJoint(simulateCeO2Standard(seed), { lines: ["Ce:K"], calibrant: "CeO2", twoThetaDeg: 2.25, start: SIM_START });
  const c = r.calibration;
  let dError = 0;
  let dSigma = 0;
  for (const d of D_CHECK) {
    const got = dSpacingAt(c, trueChannel(d));
    if (Math.abs(got.dAngstrom - d) > Math.abs(dError)) {
      dError = got.dAngstrom - d;
      dSigma = got.sigmaAngstrom;
    }
  }
  return { twoThetaError: c.twoThetaDeg! - SIM_TWO_THETA_DEG, twoThetaSigma: c.twoThetaSigmaDeg!, dError, dSigma };
}

