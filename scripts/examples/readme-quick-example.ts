// The example in the root README.md, kept runnable: scripts/examples/readme.test.ts runs it.
// Reads the bundled calibrant and operando series, calibrates, quantifies and prints the first
// rows of the layer table.
import { calibrateJoint } from "@operando/calibrate";
import { readPattern, readSeries } from "@operando/io";
import { layerTable, quantifySeries } from "@operando/phases";
import { bendingMagnetSpectrum } from "@operando/simulate";

/** Runs the README example; returns the layer table's rows. */
export async function readmeQuickExample(fixtures = "fixtures/demo"): Promise<Record<string, unknown>[]> {
  const ceo2 = await readPattern(`${fixtures}/ceo2_calibrant.mca`); // EPICS MED, header calibration
  const { calibration } = calibrateJoint(ceo2, { lines: ["Ce:K"], calibrant: "CeO2", degree: 2, twoThetaDeg: 2.3 });
  console.log(`2theta = ${calibration.twoThetaDeg?.toFixed(5)} deg`);

  const series = await readSeries(`${fixtures}/operando_edxrd.h5`); // NeXus: spectra x channels, time_s, layer
  const firstTimes = series.patterns.slice(0, 10); // the first two times of the five layers
  const result = quantifySeries({ patterns: firstTimes, meta: series.meta }, calibration, {
    phases: ["alpha", "epsilon", "delta"],
    resolution: { electronicNoiseFwhmKeV: 0.15, angularSpreadDeg: 0.004 }, // the detector's
    incidentSpectrum: bendingMagnetSpectrum({ criticalEnergyKeV: 19.5 }), // APS bending magnet
  });
  const rows = layerTable(result).objects() as Record<string, unknown>[];
  console.table(rows.slice(0, 5).map((r) => ({ timeS: r["timeS"], layer: r["layer"], x: r["x"], alpha: r["f_alpha"], epsilon: r["f_epsilon"] })));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await readmeQuickExample();
