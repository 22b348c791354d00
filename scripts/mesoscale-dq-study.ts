// Sensitivity of the first-cycle capacity difference dQ = (Q_int - Q_deint) / Q_int
// [Luo et al., Nat. Mater. 2021, Methods eq. 18] of @operando/mesoscale to the inputs the paper
// does not pin down, each varied alone from the `v2o5CellParameters` preset, for both
// morphologies. The paper reports dQ = 0.8 % (platelets) and 0.1 % (nanospheres).
//
// Run: npx tsx --conditions=source scripts/mesoscale-dq-study.ts [--grid 20x10] [--json out.json]
//
// Besides dQ each row prints the anatomy of the Li left in the electrode at the 4.0 V charge
// cutoff (dQ * Q_int = Li not recovered, in x units):
//   xEq      x where U(x) = maxV (the equilibrium x at the cutoff),
//   offset   min over depth of the particle-average x at the cutoff minus xEq (uniform part:
//            overpotentials that every cell sees, incl. solid diffusion, kinetics, Li foil, separator),
//   spread   mean minus min of x over depth (the through-thickness gradient left by the electrolyte),
//   init     x0 - xEq (non-zero only when the initial state is not relaxed at the charge cutoff).
// so that dQ * dx_int ~= offset + spread - init, where dx_int = Q_int in x units.
import { writeFileSync } from "node:fs";
import type { CellParameters, OpenCircuitCurve, ProtocolStep, SegmentSummary } from "@operando/mesoscale";
import { createOcv, createV2o5Ocv, ocvInverse, simulateCell, v2o5CellParameters } from "@operando/mesoscale";

type Morph = "platelets" | "nanospheres";

interface Variant {
  group: string;
  label: string;
  /** Mutates a fresh preset. */
  edit?: (p: CellParameters, m: Morph) => void;
  protocol?: (cRate: number) => ProtocolStep[];
  cRate?: number;
}

interface Row {
  group: string;
  label: string;
  morphology: Morph;
  dQ: number;
  dQcycle2: number | undefined;
  dischargeH: number;
  qIntX: number;
  xEq: number;
  offsetX: number;
  spreadX: number;
  initX: number;
  chargeEnd: string;
  chargeEndV: number;
  ms: number;
}

const args = process.argv.slice(2);
const gridArg = args[args.indexOf("--grid") + 1] ?? "20x10";
const [CELLS, SHELLS] = (args.includes("--grid") ? gridArg : "20x10").split("x").map(Number) as [number, number];
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;

const PRESET_OCV = createV2o5Ocv();
const scratch = new Float64Array(2);

/**
 * OCV table U_new(x) = U_preset(m(x)) with a monotone reparametrisation that stretches one end:
 *  low end:  m(x) = x / (1 + (S - 1) exp(-x / w)): near x = 0 every voltage is reached at S times
 *            the preset's x, so dU/dx near the 4.0 V cutoff is S times smaller; unchanged for x >> w.
 *  high end: the same in 1 - x (near the 2.8 V cutoff).
 * S = 1 is the preset. m is strictly increasing, so U_new stays strictly decreasing.
 */
function stretchedOcvTable(end: "low" | "high", S: number, w: number): { x: number[]; voltageV: number[] } {
  const xs: number[] = [];
  // Log-spaced towards both ends, linear in the middle.
  for (let q = 0; q <= 120; q++) xs.push(1e-6 * Math.pow(0.05 / 1e-6, q / 120));
  for (let q = 1; q < 180; q++) xs.push(0.05 + (0.9 * q) / 180);
  for (let q = 120; q >= 0; q--) xs.push(1 - 1e-6 * Math.pow(0.05 / 1e-6, q / 120));
  const v: number[] = [];
  for (const x of xs) {
    let m = x;
    if (end === "low") m = x / (1 + (S - 1) * Math.exp(-x / w));
    else m = 1 - (1 - x) / (1 + (S - 1) * Math.exp(-(1 - x) / w));
    PRESET_OCV.evaluate(m, scratch);
    v.push(scratch[0]!);
  }
  return { x: xs, voltageV: v };
}

function ocvOf(p: CellParameters): OpenCircuitCurve {
  return createOcv(p.activeMaterial.ocv ?? { kind: "v2o5" });
}

function useOcv(p: CellParameters, table: { x: number[]; voltageV: number[] }): void {
  p.activeMaterial.ocv = { kind: "table", x: table.x, voltageV: table.voltageV, phaseDiagram: PRESET_OCV.phaseDiagram! };
  // Keep the preset's assumption: pristine electrode relaxed at the charge cutoff.
  p.activeMaterial.initialX = ocvInverse(ocvOf(p), p.voltageLimitsV.maxV);
}

function pairDq(segments: readonly SegmentSummary[], pair: number): number | undefined {
  // Pair-th (0-based) discharge run followed by a charge run; rests (0 charge) join either.
  let q = 0;
  let found = -1;
  while (q < segments.length) {
    while (q < segments.length && !(segments[q]!.chargeAh < 0)) q++;
    if (q >= segments.length) return undefined;
    let qInt = 0;
    while (q < segments.length && segments[q]!.chargeAh <= 0) qInt -= segments[q++]!.chargeAh;
    let qDe = 0;
    while (q < segments.length && segments[q]!.chargeAh >= 0) qDe += segments[q++]!.chargeAh;
    found++;
    if (found === pair) return qDe > 0 ? (qInt - qDe) / qInt : undefined;
  }
  return undefined;
}

function run(v: Variant, m: Morph): Row {
  const p = v2o5CellParameters(m);
  v.edit?.(p, m);
  const cRate = v.cRate ?? 1 / 20;
  const protocol = v.protocol ? v.protocol(cRate) : [
    { kind: "current" as const, cRate, direction: "discharge" as const },
    { kind: "current" as const, cRate, direction: "charge" as const },
  ];
  const t0 = performance.now();
  const r = simulateCell(p, { protocol, electrodeCells: CELLS, shells: SHELLS, outputIntervalS: 1e6 });
  const ms = performance.now() - t0;
  const ocv = ocvOf(p);
  const xEq = ocvInverse(ocv, p.voltageLimitsV.maxV);
  // State at the end of the first charge run.
  const segs = r.segments;
  const firstDis = segs.findIndex((s) => s.chargeAh < 0);
  let k = firstDis;
  while (k < segs.length && segs[k]!.chargeAh <= 0) k++;
  while (k < segs.length - 1 && segs[k + 1]!.chargeAh > 0) k++;
  const chargeSeg = segs[k]!;
  const tEnd = chargeSeg.endS;
  const nc = r.depthUm.length;
  let row = r.timeS.length - 1;
  while (row > 0 && r.timeS[row]! > tEnd) row--;
  const xs = r.x.subarray(row * nc, (row + 1) * nc);
  let min = Infinity;
  let mean = 0;
  let wsum = 0;
  for (let i = 0; i < nc; i++) {
    min = Math.min(min, xs[i]!);
    mean += xs[i]! * r.cellWidthUm[i]!;
    wsum += r.cellWidthUm[i]!;
  }
  mean /= wsum;
  let qInt = 0;
  for (let s = firstDis; s < segs.length && segs[s]!.chargeAh <= 0; s++) qInt -= segs[s]!.chargeAh;
  const dis = segs[firstDis]!;
  return {
    group: v.group,
    label: v.label,
    morphology: m,
    dQ: r.capacityDifference ?? NaN,
    dQcycle2: pairDq(segs, 1),
    dischargeH: (dis.endS - dis.startS) / 3600,
    qIntX: qInt / r.capacityAh,
    xEq,
    offsetX: min - xEq,
    spreadX: mean - min,
    initX: p.activeMaterial.initialX - xEq,
    chargeEnd: chargeSeg.end,
    chargeEndV: chargeSeg.endVoltageV,
    ms,
  };
}

function main(): void {
  const scaleParticle = (f: (c: CellParameters["activeMaterial"]["particles"][number]) => void) => (p: CellParameters) => {
    for (const c of p.activeMaterial.particles) f(c);
  };
  const variants: Variant[] = [
    { group: "preset", label: "preset (C/20, 100 um, CC)" },
    // C-rate: 1C = theoretical x 0 -> 1 in 1 h. The paper says C/20 and "~10 h" of intercalation.
    { group: "C-rate", label: "C/40", cRate: 1 / 40 },
    { group: "C-rate", label: "C/10 (discharge ~10 h)", cRate: 1 / 10 },
    { group: "C-rate", label: "C/5", cRate: 1 / 5 },
    { group: "C-rate", label: "C/2", cRate: 1 / 2 },
    // Thickness at fixed porosity and tortuosity (t_e ~ L^2).
    { group: "thickness", label: "L = 50 um", edit: (p) => void (p.electrode.thicknessM = 50e-6) },
    { group: "thickness", label: "L = 150 um", edit: (p) => void (p.electrode.thicknessM = 150e-6) },
    { group: "thickness", label: "L = 200 um", edit: (p) => void (p.electrode.thicknessM = 200e-6) },
    // Tortuosity: the preset already uses the paper's EIS values as tortuosity factors
    // (D_eff = eps D / tau, as in Methods eq. 16 and eq. 20).
    { group: "tortuosity", label: "tau = 1 (no tortuosity)", edit: (p) => void (p.electrode.tortuosity = 1) },
    { group: "tortuosity", label: "tau x 2", edit: (p) => void (p.electrode.tortuosity *= 2) },
    { group: "tortuosity", label: "tau = 14.571 (bulk EIS) for both", edit: (p) => void (p.electrode.tortuosity = 14.571) },
    { group: "tortuosity", label: "tau = 5.398 (NS EIS) for both", edit: (p) => void (p.electrode.tortuosity = 5.398) },
    { group: "porosity", label: "eps = 0.17 for both", edit: (p) => void (p.electrode.porosity = 0.17) },
    { group: "porosity", label: "eps = 0.45 for both", edit: (p) => void (p.electrode.porosity = 0.45) },
    { group: "D_s", label: "D_s x 10", edit: scaleParticle((c) => void (c.diffusivityM2PerS *= 10)) },
    { group: "D_s", label: "D_s / 10", edit: scaleParticle((c) => void (c.diffusivityM2PerS /= 10)) },
    { group: "D_s", label: "D_s / 100", edit: scaleParticle((c) => void (c.diffusivityM2PerS /= 100)) },
    { group: "particle size", label: "size x 2", edit: scaleParticle((c) => void (c.geometry === "sphere" ? (c.radiusM *= 2) : (c.halfThicknessM *= 2))) },
    { group: "particle size", label: "size x 4", edit: scaleParticle((c) => void (c.geometry === "sphere" ? (c.radiusM *= 4) : (c.halfThicknessM *= 4))) },
    { group: "particle size", label: "size / 2", edit: scaleParticle((c) => void (c.geometry === "sphere" ? (c.radiusM /= 2) : (c.halfThicknessM /= 2))) },
    { group: "kinetics", label: "k x 10", edit: scaleParticle((c) => void (c.rateConstant *= 10)) },
    { group: "kinetics", label: "k / 10", edit: scaleParticle((c) => void (c.rateConstant /= 10)) },
    { group: "kinetics", label: "k / 100", edit: scaleParticle((c) => void (c.rateConstant /= 100)) },
    { group: "kinetics", label: "k / 1000", edit: scaleParticle((c) => void (c.rateConstant /= 1000)) },
    { group: "Li counter electrode", label: "ideal Li (eta_Li = 0)", edit: (p) => void (p.counterElectrode = { kind: "fixedOverpotential", overpotentialV: 0 }) },
    { group: "Li counter electrode", label: "Li i0 = 1 A/m^2", edit: (p) => void (p.counterElectrode = { kind: "butlerVolmer", exchangeCurrentDensityAPerM2: 1, transferCoefficient: 0.5 }) },
    { group: "electrolyte", label: "D_e / 2", edit: (p) => void (p.electrolyte.diffusivityM2PerS /= 2) },
    { group: "electrolyte", label: "kappa / 3", edit: (p) => void (p.electrolyte.conductivitySPerM /= 3) },
    { group: "electrolyte", label: "thermodynamic factor 2", edit: (p) => void (p.electrolyte.thermodynamicFactor = 2) },
    // OCV near the charge cutoff: dU/dx at 4.0 V divided by S (x(4.0 V) multiplied by ~S).
    { group: "OCV near 4.0 V", label: "S = 3 (x(4.0 V) ~ 0.0023)", edit: (p) => useOcv(p, stretchedOcvTable("low", 3, 0.03)) },
    { group: "OCV near 4.0 V", label: "S = 10 (x(4.0 V) ~ 0.008)", edit: (p) => useOcv(p, stretchedOcvTable("low", 10, 0.03)) },
    { group: "OCV near 4.0 V", label: "S = 30 (x(4.0 V) ~ 0.02)", edit: (p) => useOcv(p, stretchedOcvTable("low", 30, 0.03)) },
    { group: "OCV near 2.8 V", label: "S = 10 at x -> 1", edit: (p) => useOcv(p, stretchedOcvTable("high", 10, 0.03)) },
    // Charge cutoff lower (where the preset OCV is less steep); the start stays relaxed at it.
    { group: "charge cutoff", label: "maxV = 3.8 V", edit: (p) => { p.voltageLimitsV.maxV = 3.8; p.activeMaterial.initialX = ocvInverse(PRESET_OCV, 3.8); } },
    { group: "charge cutoff", label: "maxV = 3.6 V", edit: (p) => { p.voltageLimitsV.maxV = 3.6; p.activeMaterial.initialX = ocvInverse(PRESET_OCV, 3.6); } },
    // Initial state: pristine V2O5 (x ~ 0, above the 4.0 V equilibrium) instead of relaxed at 4.0 V.
    { group: "initial state", label: "pristine x0 = 1e-4 (U = 4.06 V)", edit: (p) => void (p.activeMaterial.initialX = 1e-4) },
    // Combinations of single changes that each stay plausible (see packages/mesoscale/README.md).
    { group: "combination", label: "C/10 + D_s / 10", cRate: 1 / 10, edit: scaleParticle((c) => void (c.diffusivityM2PerS /= 10)) },
    { group: "combination", label: "C/10 + k / 10", cRate: 1 / 10, edit: scaleParticle((c) => void (c.rateConstant /= 10)) },
    { group: "combination", label: "C/10 + D_s / 10 + k / 10", cRate: 1 / 10, edit: scaleParticle((c) => { c.diffusivityM2PerS /= 10; c.rateConstant /= 10; }) },
    { group: "combination", label: "C/10 + D_s / 10 + OCV S = 3", cRate: 1 / 10, edit: (p) => { for (const c of p.activeMaterial.particles) c.diffusivityM2PerS /= 10; useOcv(p, stretchedOcvTable("low", 3, 0.03)); } },
    { group: "combination", label: "C/10 + D_s / 10 + k / 10 + OCV S = 3", cRate: 1 / 10, edit: (p) => { for (const c of p.activeMaterial.particles) { c.diffusivityM2PerS /= 10; c.rateConstant /= 10; } useOcv(p, stretchedOcvTable("low", 3, 0.03)); } },
    { group: "combination", label: "C/10 + k / 10 + OCV S = 10", cRate: 1 / 10, edit: (p) => { for (const c of p.activeMaterial.particles) c.rateConstant /= 10; useOcv(p, stretchedOcvTable("low", 10, 0.03)); } },
    { group: "combination", label: "C/10 + D_s / 10 + OCV S = 10", cRate: 1 / 10, edit: (p) => { for (const c of p.activeMaterial.particles) c.diffusivityM2PerS /= 10; useOcv(p, stretchedOcvTable("low", 10, 0.03)); } },
    { group: "combination", label: "C/10 + D_s / 10 + k / 10 + OCV S = 10", cRate: 1 / 10, edit: (p) => { for (const c of p.activeMaterial.particles) { c.diffusivityM2PerS /= 10; c.rateConstant /= 10; } useOcv(p, stretchedOcvTable("low", 10, 0.03)); } },
    { group: "combination", label: "C/10 + D_s / 10 + k / 10 + OCV S = 10, tau = 1", cRate: 1 / 10, edit: (p) => { for (const c of p.activeMaterial.particles) { c.diffusivityM2PerS /= 10; c.rateConstant /= 10; } useOcv(p, stretchedOcvTable("low", 10, 0.03)); p.electrode.tortuosity = 1; } },
    { group: "combination", label: "C/10 + D_s / 30", cRate: 1 / 10, edit: scaleParticle((c) => void (c.diffusivityM2PerS /= 30)) },
    // Protocol.
    { group: "protocol", label: "rest 2 h after discharge", protocol: (c) => [{ kind: "current", cRate: c, direction: "discharge" }, { kind: "rest", durationS: 7200 }, { kind: "current", cRate: c, direction: "charge" }] },
    { group: "protocol", label: "CC-CV charge (4.0 V to C/50)", protocol: (c) => [{ kind: "current", cRate: c, direction: "discharge" }, { kind: "cccv", cRate: c, direction: "charge" }] },
    { group: "protocol", label: "2 cycles (dQ of cycle 2 in its column)", protocol: (c) => [
      { kind: "current", cRate: c, direction: "discharge" }, { kind: "current", cRate: c, direction: "charge" },
      { kind: "current", cRate: c, direction: "discharge" }, { kind: "current", cRate: c, direction: "charge" },
    ] },
  ];
  for (const S of [1, 3, 10, 30]) {
    const c = S === 1 ? PRESET_OCV : createOcv({ kind: "table", ...stretchedOcvTable("low", S, 0.03) });
    const x4 = ocvInverse(c, 4.0);
    c.evaluate(x4, scratch);
    console.log(`OCV low-end stretch S = ${S}: x(4.0 V) = ${x4.toExponential(3)}, dU/dx there = ${scratch[1]!.toFixed(2)} V, x(3.8 V) = ${ocvInverse(c, 3.8).toFixed(4)}, x(3.6 V) = ${ocvInverse(c, 3.6).toFixed(4)}, x(3.5 V) = ${ocvInverse(c, 3.5).toFixed(4)}`);
  }
  {
    const c = createOcv({ kind: "table", ...stretchedOcvTable("high", 10, 0.03) });
    console.log(`OCV high-end stretch S = 10: x(2.8 V) = ${ocvInverse(c, 2.8).toFixed(4)} (preset ${ocvInverse(PRESET_OCV, 2.8).toFixed(4)})`);
  }
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const rows: Row[] = [];
  const pct = (v: number) => (100 * v).toFixed(4);
  console.log(`# dQ sensitivity, grid ${CELLS} cells x ${SHELLS} shells, rtol 1e-6, ${new Date().toISOString().slice(0, 10)}`);
  console.log("| group | variant | dQ plt % | dQ NS % | ratio | dis. h (plt) | offset plt | spread plt | offset NS | spread NS | charge end |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const v of variants) {
    if (only !== undefined && !v.group.includes(only)) continue;
    const a = run(v, "platelets");
    const b = run(v, "nanospheres");
    rows.push(a, b);
    const extra = v.label.startsWith("2 cycles") ? ` (cycle 2: ${pct(a.dQcycle2 ?? NaN)} / ${pct(b.dQcycle2 ?? NaN)})` : "";
    const init = a.initX !== 0 && Math.abs(a.initX) > 1e-9 ? ` init ${a.initX.toExponential(2)}` : "";
    console.log(
      `| ${v.group} | ${v.label}${extra} | ${pct(a.dQ)} | ${pct(b.dQ)} | ${(a.dQ / b.dQ).toFixed(1)} | ${a.dischargeH.toFixed(1)} | ${a.offsetX.toExponential(2)} | ${a.spreadX.toExponential(2)} | ${b.offsetX.toExponential(2)} | ${b.spreadX.toExponential(2)} | ${a.chargeEnd} ${a.chargeEndV.toFixed(4)} V / ${b.chargeEnd} ${b.chargeEndV.toFixed(4)} V${init} |`,
    );
  }
  if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify({ grid: [CELLS, SHELLS], rows }, null, 1));
}

main();
