// The end-to-end demo on bundled data: `npm run demo` (see scripts/demo-pipeline.ts for the steps
// and scripts/make-demo-fixtures.ts for how fixtures/demo was made).
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { processIO } from "@operando/cli";
import { runDemo } from "./demo-pipeline.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const io = processIO();
const started = performance.now();
const s = await runDemo({ fixturesDir: join(root, "fixtures", "demo"), outDir: join(process.cwd(), "out"), io });
const f = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : "n/a");
const lines = [
  `operando demo: ${s.spectra.count} EDXRD spectra (layers ${s.spectra.layers.join(", ")} x ${s.spectra.timesS.length} times), ${s.spectra.flagged} flagged`,
  `calibration: 2theta ${f(s.calibration.twoThetaDeg, 5)} +- ${f(s.calibration.twoThetaSigmaDeg, 5)} deg (truth ${s.calibration.trueTwoThetaDeg}); max |E - E_true| ${f(s.calibration.maxEnergyErrorKeV, 4)} keV`,
  "x recovered vs the model x per layer (all; where diffraction determines x; single-phase alpha/delta flagged xFromRange; former nominal-x convention):",
  ...s.recovery.map(
    (r) =>
      `  layer ${r.layer}: RMS ${f(r.rmsX)} (n ${r.count}) | determined: RMS ${f(r.rmsXDetermined)} max ${f(r.maxAbsDxDetermined)} (n ${r.determinedCount}) | single-phase: RMS ${f(r.rmsXRange)} (n ${r.rangeCount}, model x inside range ${r.rangeCovered}/${r.rangeCount}) | nominal-x convention: RMS ${f(r.rmsXNominal)}`,
  ),
  `coulomb counting: mean (diffraction - coulomb) x ${f(s.coulomb.meanDifference)}, RMS ${f(s.coulomb.rmsDifference)}`,
  `model comparison: RMS (measured - model) x ${f(s.modelComparison.rms)}`,
  `EIS (synthetic blocking cell): Lin-KK ${s.eis.linKKPass ? "pass" : "fail"} (max ${(100 * s.eis.linKKMaxResidual).toFixed(2)} %), ${s.eis.circuit} reduced chi2 ${s.eis.reducedChiSquare.toExponential(2)} (modulus weights), R_ion ${f(s.eis.ionicResistanceOhm, 2)} +- ${f(s.eis.ionicResistanceSigmaOhm, 2)} ohm (truth ${f(s.eis.trueIonicResistanceOhm, 2)}), tortuosity ${f(s.eis.tortuosity, 3)} +- ${f(s.eis.tortuositySigma, 3)} (truth ${s.eis.trueTortuosity})`,
  `EIS example (impedance.py, not a blocking cell): Lin-KK ${s.eis.example.linKKPass ? "pass" : "fail"} (max ${(100 * s.eis.example.linKKMaxResidual).toFixed(2)} %), ${s.eis.example.circuit} reduced chi2 ${f(s.eis.example.reducedChiSquare, 3)}`,
  `steps (ms): ${Object.entries(s.timingsMs).map(([k, v]) => `${k} ${v}`).join(", ")}`,
  ...(s.warnings.length === 0 ? [] : [`warnings (${s.warnings.length}): ${s.warnings.slice(0, 5).join("; ")}${s.warnings.length > 5 ? "; ..." : ""}`]),
  `report: ${relative(process.cwd(), s.paths.report)} (total ${((performance.now() - started) / 1000).toFixed(1)} s)`,
];
io.stdout.write(`${lines.join("\n")}\n`);
