/**
 * Rough starting values for circuit fits, read off the spectrum.
 *
 * @packageDocumentation
 */
import type { Circuit } from "./circuit.js";
import type { ImpedanceData } from "./checkImpedanceData.js";
import { checkImpedanceData } from "./checkImpedanceData.js";
import { CIRCUIT_ELEMENTS } from "./elements.js";

const TLMQ = CIRCUIT_ELEMENTS["TLMQ"]!;

/**
 * Heuristic initial parameters from features of the spectrum. They only need to put a
 * local optimiser in the right basin; combine with `starts > 1` in {@link fitCircuit} for
 * difficult circuits.
 *
 * Features: high-frequency resistance R_hf = Re Z at the highest frequency; span
 * S = max Re Z - min Re Z; apex frequency f_a where -Im Z is largest; lowest frequency f_min
 * with its Im Z. Per element (n_R = number of resistive elements other than the leading
 * series R):
 * - R: the first resistor directly in the top-level series gets R_hf, every other S / n_R
 * - C: 1 / (2 pi f_a S); CPE: the same Q with alpha = 0.8
 * - L: Im Z(f_max) / omega_max when Im Z(f_max) > 0, else 1e-3 S / omega_max
 * - W: S sqrt(2 pi f_a) / 2; Wo, Ws: Z0 = S / 2, tau = 1 / (2 pi f_min)
 * - G, K: R = S / 2, tau = 1 / (2 pi f_a); Gs adds phi = 1
 * - TLMQ: from the low-frequency asymptote Z -> R_hf + R_ion/3 + 1/(Q (j omega)^alpha):
 *   alpha = -d ln|Im Z| / d ln omega over the two lowest frequencies (clamped to [0.5, 1]),
 *   Q = sin(alpha pi/2) / (omega_min^alpha |Im Z(f_min)|); R_ion = the best of 60 log-spaced
 *   values in [1e-5 S, S] for the modulus-weighted misfit of R_hf + TLMQ(R_ion, Q, alpha)
 * - TLMRQ: R_ion = S, R_ct = S, Q and alpha as TLMQ
 * - T: A = S, B = S / 10, a = 0.1, b = 1 / (2 pi f_a)
 *
 * @param circuit - the circuit
 * @param spectrum - measured impedance (Hz, ohm)
 * @returns starting parameters in circuit order (all finite, positive ones > 0)
 * @throws {@link InvalidParameterError} on bad spectrum data
 * @example
 * const p0 = guessCircuitParameters(createCircuit("R0-TLMQ0"), spectrum);
 */
export function guessCircuitParameters(circuit: Circuit, spectrum: ImpedanceData): Float64Array {
  const { frequencyHz, zReal, zImag } = checkImpedanceData(spectrum, 1);
  const n = frequencyHz.length;
  let iMax = 0;
  let iMin = 0;
  let iApex = 0;
  let reMin = Infinity;
  let reMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (frequencyHz[i]! > frequencyHz[iMax]!) iMax = i;
    if (frequencyHz[i]! < frequencyHz[iMin]!) iMin = i;
    if (-zImag[i]! > -zImag[iApex]!) iApex = i;
    reMin = Math.min(reMin, zReal[i]!);
    reMax = Math.max(reMax, zReal[i]!);
  }
  const modulusScale = Math.max(...Array.from({ length: n }, (_, i) => Math.hypot(zReal[i]!, zImag[i]!)));
  const tiny = 1e-6 * (modulusScale > 0 ? modulusScale : 1);
  const span = Math.max(reMax - reMin, tiny, 0.01 * Math.abs(reMax));
  const rhf = Math.max(zReal[iMax]!, tiny);
  const omegaMax = 2 * Math.PI * frequencyHz[iMax]!;
  const omegaMin = 2 * Math.PI * frequencyHz[iMin]!;
  const omegaApex = 2 * Math.PI * frequencyHz[iApex]!;
  const imLow = Math.max(Math.abs(zImag[iMin]!), tiny);
  // CPE-like exponent from the two lowest frequencies, clamped to [0.5, 1]
  let iMin2 = -1;
  for (let i = 0; i < n; i++) if (i !== iMin && (iMin2 < 0 || frequencyHz[i]! < frequencyHz[iMin2]!)) iMin2 = i;
  let lowFrequencyAlpha = 0.9;
  if (iMin2 >= 0 && zImag[iMin]! < 0 && zImag[iMin2]! < 0) {
    const slope = -Math.log(zImag[iMin]! / zImag[iMin2]!) / Math.log(frequencyHz[iMin]! / frequencyHz[iMin2]!);
    if (Number.isFinite(slope)) lowFrequencyAlpha = Math.min(1, Math.max(0.5, slope));
  }

  // count resistive elements (all but the leading top-level series resistor)
  const topLevel = circuit.root.kind === "series" ? circuit.root.children : [circuit.root];
  const leadingNode = topLevel.find((c) => c.kind === "element" && c.definition.symbol === "R");
  const leading = leadingNode?.kind === "element" ? leadingNode.name : undefined;
  const resistive = new Set(["R", "TLMQ", "TLMRQ", "Wo", "Ws", "G", "Gs", "K", "T"]);
  const nR = Math.max(1, circuit.elements.filter((e) => resistive.has(e.definition.symbol) && e.name !== leading).length);

  // 1D scan for the TLMQ ionic resistance: 60 log-spaced values over 5 decades below span,
  // scored by the modulus-weighted misfit of R_hf + TLMQ(R_ion, Q, alpha).
  const scanIonicResistance = (q: number, alpha: number): number => {
    let best = span / nR;
    let bestScore = Infinity;
    for (let k = 0; k < 60; k++) {
      const rIon = span * Math.pow(10, -5 + (5 * k) / 59);
      let score = 0;
      for (let i = 0; i < n; i++) {
        const z = TLMQ.evaluate(2 * Math.PI * frequencyHz[i]!, [rIon, q, alpha], false).z;
        const mod2 = zReal[i]! * zReal[i]! + zImag[i]! * zImag[i]! || 1;
        score += ((zReal[i]! - rhf - z.re) ** 2 + (zImag[i]! - z.im) ** 2) / mod2;
      }
      if (score < bestScore) {
        bestScore = score;
        best = rIon;
      }
    }
    return best;
  };
  const p = new Float64Array(circuit.parameterCount);
  const cGuess = 1 / (omegaApex * span);
  for (const e of circuit.elements) {
    const o = e.parameterOffset;
    switch (e.definition.symbol) {
      case "R":
        p[o] = e.name === leading ? rhf : span / nR;
        break;
      case "C":
        p[o] = cGuess;
        break;
      case "CPE":
        p[o] = cGuess;
        p[o + 1] = 0.8;
        break;
      case "L":
        p[o] = zImag[iMax]! > 0 ? zImag[iMax]! / omegaMax : (1e-3 * span) / omegaMax;
        break;
      case "W":
        p[o] = (span * Math.sqrt(omegaApex)) / 2;
        break;
      case "Wo":
      case "Ws":
        p[o] = span / 2;
        p[o + 1] = 1 / omegaMin;
        break;
      case "G":
      case "K":
        p[o] = span / 2;
        p[o + 1] = 1 / omegaApex;
        break;
      case "Gs":
        p[o] = span / 2;
        p[o + 1] = 1 / omegaApex;
        p[o + 2] = 1;
        break;
      case "TLMQ": {
        // Low-frequency asymptote Z -> R_hf + R_ion/3 + 1/(Q (j omega)^alpha) gives alpha and Q;
        // R_ion is then the value on a log grid that best matches R_hf + TLMQ to the data.
        const alpha = lowFrequencyAlpha;
        const q = Math.sin((alpha * Math.PI) / 2) / (Math.pow(omegaMin, alpha) * imLow);
        p[o] = scanIonicResistance(q, alpha);
        p[o + 1] = q;
        p[o + 2] = alpha;
        break;
      }
      case "TLMRQ": {
        const alpha = 0.9;
        p[o] = span;
        p[o + 1] = span;
        p[o + 2] = Math.sin((alpha * Math.PI) / 2) / (Math.pow(omegaApex, alpha) * span);
        p[o + 3] = alpha;
        break;
      }
      case "T":
        p[o] = span;
        p[o + 1] = span / 10;
        p[o + 2] = 0.1;
        p[o + 3] = 1 / omegaApex;
        break;
      default:
        // every symbol in CIRCUIT_ELEMENTS is handled above; a new element must add its case
        for (let k = 0; k < e.definition.parameterNames.length; k++) p[o + k] = 1;
    }
  }
  return p;
}
