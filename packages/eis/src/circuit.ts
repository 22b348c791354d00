/**
 * Equivalent circuits: build from a string, evaluate Z(f) and its parameter Jacobian.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Complex } from "./internal/complex.js";
import { cadd, cdiv, cinv, cmul, complex } from "./internal/complex.js";
import type { CircuitElementDefinition } from "./elements.js";
import type { CircuitNode } from "./parseCircuit.js";
import { parseCircuit } from "./parseCircuit.js";

/** One element of a circuit with the place of its parameters in the parameter vector. */
export interface CircuitElementInfo {
  /** Name as written (`CPE1`). */
  readonly name: string;
  /** Element type. */
  readonly definition: CircuitElementDefinition;
  /** Index of its first parameter in the circuit parameter vector. */
  readonly parameterOffset: number;
}

/**
 * A parsed circuit. Parameters are ordered element by element, left to right as written,
 * each element's parameters in its definition order (the impedance.py order).
 */
export interface Circuit {
  /** The circuit string. */
  readonly text: string;
  /** Parsed tree. */
  readonly root: CircuitNode;
  /** Elements in parameter order. */
  readonly elements: readonly CircuitElementInfo[];
  /**
   * Parameter names: the element name for one-parameter elements (`R0`, `C1`), otherwise
   * `<element>_<parameter>` (`CPE1_Q`, `CPE1_alpha`, `TLMQ0_Rion`).
   */
  readonly parameterNames: readonly string[];
  /** Units of each parameter. */
  readonly parameterUnits: readonly string[];
  /** Whether each parameter is physically positive (used for default bounds). */
  readonly parameterPositive: readonly boolean[];
  /** Number of parameters. */
  readonly parameterCount: number;
}

/**
 * Builds a circuit from a string in impedance.py syntax (see {@link parseCircuit}).
 *
 * @param text - e.g. `"R0-p(R1,C1)-p(R2-Wo1,C2)"`
 * @returns the circuit with parameter names, units and offsets
 * @throws {@link CircuitSyntaxError} when the string does not parse (message shows the position)
 * @example
 * const circuit = createCircuit("R0-TLMQ0");
 * circuit.parameterNames; // ["R0", "TLMQ0_Rion", "TLMQ0_Q", "TLMQ0_alpha"]
 */
export function createCircuit(text: string): Circuit {
  const root = parseCircuit(text);
  const elements: CircuitElementInfo[] = [];
  const parameterNames: string[] = [];
  const parameterUnits: string[] = [];
  const parameterPositive: boolean[] = [];
  const visit = (node: CircuitNode): void => {
    if (node.kind === "element") {
      const definition = node.definition;
      elements.push({ name: node.name, definition, parameterOffset: parameterNames.length });
      definition.parameterNames.forEach((p, k) => {
        parameterNames.push(definition.parameterNames.length === 1 ? node.name : `${node.name}_${p}`);
        parameterUnits.push(definition.parameterUnits[k] ?? "");
        parameterPositive.push(definition.positive[k] ?? false);
      });
      return;
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  return {
    text,
    root,
    elements,
    parameterNames,
    parameterUnits,
    parameterPositive,
    parameterCount: parameterNames.length,
  };
}

/**
 * Index of a parameter given by name. Accepts the names of {@link Circuit.parameterNames}
 * and impedance.py-style positional aliases `<element>_<k>` (`CPE1_0`, `CPE1_1`).
 *
 * @param circuit - the circuit
 * @param name - parameter name
 * @returns 0-based index in the parameter vector
 * @throws {@link InvalidParameterError} when there is no such parameter
 */
export function circuitParameterIndex(circuit: Circuit, name: string): number {
  const direct = circuit.parameterNames.indexOf(name);
  if (direct >= 0) return direct;
  const match = /^(.*)_(\d+)$/.exec(name);
  if (match !== null) {
    const element = circuit.elements.find((e) => e.name === match[1]);
    const k = Number(match[2]);
    if (element !== undefined && k < element.definition.parameterNames.length) return element.parameterOffset + k;
  }
  throw new InvalidParameterError({ parameter: "parameter name", value: name, expected: `one of ${circuit.parameterNames.join(", ")}` });
}

/** Options of {@link evaluateCircuit}. */
export interface EvaluateCircuitOptions {
  /**
   * Also compute the Jacobian dZ/dp.
   * @default false
   */
  jacobian?: boolean;
}

/** Result of {@link evaluateCircuit}. */
export interface CircuitImpedance {
  /** Re Z (ohm), one per frequency. */
  readonly zReal: Float64Array;
  /** Im Z (ohm), physical sign. */
  readonly zImag: Float64Array;
  /** d Re Z / d p_j, column-major: element [j * n + i] (present when requested). */
  readonly jacobianReal?: Float64Array;
  /** d Im Z / d p_j, column-major (present when requested). */
  readonly jacobianImag?: Float64Array;
}

/** Impedance of a subtree at every frequency, with the columns dZ/dp of its parameters. */
interface NodeValue {
  re: Float64Array;
  im: Float64Array;
  /** parameter index -> dZ/dp at every frequency (present when gradients are requested) */
  grad: { index: number; re: Float64Array; im: Float64Array }[] | undefined;
}

/**
 * Evaluates a subtree at all frequencies (vectorised per node). Walks the tree left to right;
 * `cursor.offset` is the next element's first parameter index.
 */
function evaluateNode(node: CircuitNode, omega: Float64Array, p: Float64Array, cursor: { offset: number }, withGradient: boolean): NodeValue {
  const n = omega.length;
  if (node.kind === "element") {
    const offset = cursor.offset;
    const count = node.definition.parameterNames.length;
    cursor.offset += count;
    const sub = p.subarray(offset, offset + count);
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    const grad = withGradient
      ? Array.from({ length: count }, (_, k) => ({ index: offset + k, re: new Float64Array(n), im: new Float64Array(n) }))
      : undefined;
    for (let i = 0; i < n; i++) {
      const value = node.definition.evaluate(omega[i]!, sub, withGradient);
      re[i] = value.z.re;
      im[i] = value.z.im;
      if (grad !== undefined) {
        for (let k = 0; k < count; k++) {
          const g = value.gradient![k]!;
          grad[k]!.re[i] = g.re;
          grad[k]!.im[i] = g.im;
        }
      }
    }
    return { re, im, grad };
  }
  const values = node.children.map((child) => evaluateNode(child, omega, p, cursor, withGradient));
  if (node.kind === "series") {
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (const v of values) {
      for (let i = 0; i < n; i++) {
        re[i]! += v.re[i]!;
        im[i]! += v.im[i]!;
      }
    }
    return { re, im, grad: withGradient ? values.flatMap((v) => v.grad!) : undefined };
  }
  // parallel: Z = 1 / sum(1/Z_i); dZ/dp = (Z / Z_i)^2 dZ_i/dp
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let y = complex(0, 0);
    for (const v of values) y = cadd(y, cinv(complex(v.re[i]!, v.im[i]!)));
    const z = cinv(y);
    re[i] = z.re;
    im[i] = z.im;
  }
  if (!withGradient) return { re, im, grad: undefined };
  const grad: { index: number; re: Float64Array; im: Float64Array }[] = [];
  for (const v of values) {
    const fr = new Float64Array(n);
    const fi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ratio = cdiv(complex(re[i]!, im[i]!), complex(v.re[i]!, v.im[i]!));
      const factor = cmul(ratio, ratio);
      fr[i] = factor.re;
      fi[i] = factor.im;
    }
    for (const g of v.grad!) {
      const gr = new Float64Array(n);
      const gi = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        gr[i] = fr[i]! * g.re[i]! - fi[i]! * g.im[i]!;
        gi[i] = fr[i]! * g.im[i]! + fi[i]! * g.re[i]!;
      }
      grad.push({ index: g.index, re: gr, im: gi });
    }
  }
  return { re, im, grad };
}

/**
 * Impedance of a circuit at the given frequencies (and optionally its Jacobian).
 * Series: Z = sum Z_i. Parallel: Z = 1 / sum (1 / Z_i), dZ/dp = (Z / Z_i)^2 dZ_i/dp.
 *
 * @param circuit - from {@link createCircuit}
 * @param frequencyHz - frequencies (Hz, > 0)
 * @param parameters - parameter vector in {@link Circuit.parameterNames} order
 * @param options - `jacobian` to also return dZ/dp
 * @returns real and imaginary parts (ohm) and, on request, the Jacobians
 * @throws {@link InvalidParameterError} on a wrong parameter count, non-finite parameters or
 *   non-positive frequencies
 * @example
 * const z = evaluateCircuit(createCircuit("R0-TLMQ0"), [1e-3, 1, 1e3], [0, 0.1, 0.2, 0.3]);
 */
export function evaluateCircuit(
  circuit: Circuit,
  frequencyHz: ArrayLike<number>,
  parameters: ArrayLike<number>,
  options: EvaluateCircuitOptions = {},
): CircuitImpedance {
  const { jacobian = false } = options;
  if (parameters.length !== circuit.parameterCount) {
    throw new InvalidParameterError({
      parameter: "parameters",
      value: parameters.length,
      expected: `${circuit.parameterCount} values (${circuit.parameterNames.join(", ")})`,
    });
  }
  const p = Float64Array.from(parameters);
  for (let k = 0; k < p.length; k++) {
    if (!Number.isFinite(p[k]!)) {
      throw new InvalidParameterError({ parameter: `parameters[${k}] (${circuit.parameterNames[k]})`, value: p[k], expected: "a finite number" });
    }
  }
  const n = frequencyHz.length;
  for (let i = 0; i < n; i++) {
    const f = frequencyHz[i]!;
    if (!(f > 0) || !Number.isFinite(f)) {
      throw new InvalidParameterError({ parameter: `frequencyHz[${i}]`, value: f, expected: "a finite frequency > 0 Hz" });
    }
  }
  const omega = new Float64Array(n);
  for (let i = 0; i < n; i++) omega[i] = 2 * Math.PI * frequencyHz[i]!;
  const value = evaluateNode(circuit.root, omega, p, { offset: 0 }, jacobian);
  const zReal = value.re;
  const zImag = value.im;
  const m = circuit.parameterCount;
  const jacobianReal = jacobian ? new Float64Array(n * m) : undefined;
  const jacobianImag = jacobian ? new Float64Array(n * m) : undefined;
  if (value.grad !== undefined) {
    for (const g of value.grad) {
      jacobianReal!.set(g.re, g.index * n);
      jacobianImag!.set(g.im, g.index * n);
    }
  }
  if (jacobianReal !== undefined && jacobianImag !== undefined) return { zReal, zImag, jacobianReal, jacobianImag };
  return { zReal, zImag };
}
