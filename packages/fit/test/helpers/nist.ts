/**
 * Reader for NIST StRD nonlinear regression files (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml;
 * public domain, certified values computed by NIST in 128-bit precision) and the models of every
 * StRD problem with analytic Jacobians (model formulas from the certificate headers).
 */
import { readFileSync } from "node:fs";
import type { JacobianFunction, ModelFunction } from "../../src/index.js";

export interface NistProblem {
  name: string;
  start1: number[];
  start2: number[];
  certified: number[];
  certifiedSe: number[];
  residualSumOfSquares: number;
  x: Float64Array;
  y: Float64Array;
  /** Second predictor column (Nelson: "Data: y x1 x2"), absent for one-predictor problems. */
  x2?: Float64Array;
}

export function readNist(path: string, name: string): NistProblem {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const start1: number[] = [];
  const start2: number[] = [];
  const certified: number[] = [];
  const certifiedSe: number[] = [];
  let rss = Number.NaN;
  let dataStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (m !== null) {
      start1.push(Number(m[2]));
      start2.push(Number(m[3]));
      certified.push(Number(m[4]));
      certifiedSe.push(Number(m[5]));
    }
    const r = /^Residual Sum of Squares:\s+(\S+)/.exec(line);
    if (r !== null) rss = Number(r[1]);
    if (/^\s*Data:\s+y\s+x(1\s+x2)?\s*$/.test(line)) dataStart = i + 1;
  }
  if (dataStart < 0 || start1.length === 0 || Number.isNaN(rss)) throw new Error(`${path}: not a NIST StRD file`);
  const xs: number[] = [];
  const ys: number[] = [];
  const x2s: number[] = [];
  for (let i = dataStart; i < lines.length; i++) {
    const parts = lines[i]!.trim().split(/\s+/);
    if (parts.length !== 2 && parts.length !== 3) continue;
    ys.push(Number(parts[0]));
    xs.push(Number(parts[1]));
    if (parts.length === 3) x2s.push(Number(parts[2]));
  }
  if (x2s.length !== 0 && x2s.length !== xs.length) throw new Error(`${path}: mixed two- and three-column data rows`);
  const problem: NistProblem = { name, start1, start2, certified, certifiedSe, residualSumOfSquares: rss, x: Float64Array.from(xs), y: Float64Array.from(ys) };
  if (x2s.length > 0) problem.x2 = Float64Array.from(x2s);
  return problem;
}

export interface NistModel {
  model: ModelFunction;
  jacobian: JacobianFunction;
}

type Scalar = (x: number, b: Float64Array) => number;
type Gradient = (x: number, b: Float64Array, g: Float64Array) => void;

function wrap(f: Scalar, grad: Gradient, count: number): NistModel {
  const g = new Float64Array(count);
  return {
    model: (x, b, out) => {
      for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, b);
    },
    jacobian: (x, b, out) => {
      const n = x.length;
      for (let i = 0; i < n; i++) {
        grad(x[i]!, b, g);
        for (let j = 0; j < count; j++) out[j * n + i] = g[j]!;
      }
    },
  };
}

const rational = (numDeg: number, denDeg: number): NistModel => {
  // y = (b1 + b2 x + ... ) / (1 + b_{numDeg+2} x + ...)
  const count = numDeg + 1 + denDeg;
  const parts = (x: number, b: Float64Array): [number, number] => {
    let num = 0;
    let xp = 1;
    for (let k = 0; k <= numDeg; k++) {
      num += b[k]! * xp;
      xp *= x;
    }
    let den = 1;
    xp = x;
    for (let k = 0; k < denDeg; k++) {
      den += b[numDeg + 1 + k]! * xp;
      xp *= x;
    }
    return [num, den];
  };
  return wrap(
    (x, b) => {
      const [num, den] = parts(x, b);
      return num / den;
    },
    (x, b, g) => {
      const [num, den] = parts(x, b);
      let xp = 1;
      for (let k = 0; k <= numDeg; k++) {
        g[k] = xp / den;
        xp *= x;
      }
      xp = x;
      for (let k = 0; k < denDeg; k++) {
        g[numDeg + 1 + k] = (-num * xp) / (den * den);
        xp *= x;
      }
    },
    count,
  );
};

const gauss3: NistModel = wrap(
  (x, b) => b[0]! * Math.exp(-b[1]! * x) + b[2]! * Math.exp(-((x - b[3]!) ** 2) / b[4]! ** 2) + b[5]! * Math.exp(-((x - b[6]!) ** 2) / b[7]! ** 2),
  (x, b, g) => {
    const e1 = Math.exp(-b[1]! * x);
    g[0] = e1;
    g[1] = -b[0]! * x * e1;
    for (const [a, c, w] of [
      [2, 3, 4],
      [5, 6, 7],
    ] as const) {
      const d = x - b[c]!;
      const s = b[w]!;
      const e = Math.exp(-(d * d) / (s * s));
      g[a] = e;
      g[c] = (b[a]! * e * 2 * d) / (s * s);
      g[w] = (b[a]! * e * 2 * d * d) / (s * s * s);
    }
  },
  8,
);

const lanczos: NistModel = wrap(
  (x, b) => b[0]! * Math.exp(-b[1]! * x) + b[2]! * Math.exp(-b[3]! * x) + b[4]! * Math.exp(-b[5]! * x),
  (x, b, g) => {
    for (let k = 0; k < 3; k++) {
      const e = Math.exp(-b[2 * k + 1]! * x);
      g[2 * k] = e;
      g[2 * k + 1] = -b[2 * k]! * x * e;
    }
  },
  6,
);

const chwirut: NistModel = wrap(
  (x, b) => Math.exp(-b[0]! * x) / (b[1]! + b[2]! * x),
  (x, b, g) => {
    const e = Math.exp(-b[0]! * x);
    const d = b[1]! + b[2]! * x;
    g[0] = (-x * e) / d;
    g[1] = -e / (d * d);
    g[2] = (-x * e) / (d * d);
  },
  3,
);

const misra1a: NistModel = wrap(
  (x, b) => b[0]! * (1 - Math.exp(-b[1]! * x)),
  (x, b, g) => {
    const e = Math.exp(-b[1]! * x);
    g[0] = 1 - e;
    g[1] = b[0]! * x * e;
  },
  2,
);

const TWO_PI = 2 * Math.PI;

/** ENSO: y = b1 + b2 cos(2 pi x/12) + b3 sin(2 pi x/12) + b5 cos(2 pi x/b4) + b6 sin(2 pi x/b4) + b8 cos(2 pi x/b7) + b9 sin(2 pi x/b7). */
const enso: NistModel = wrap(
  (x, b) => {
    const a = (TWO_PI * x) / 12;
    const a4 = (TWO_PI * x) / b[3]!;
    const a7 = (TWO_PI * x) / b[6]!;
    return b[0]! + b[1]! * Math.cos(a) + b[2]! * Math.sin(a) + b[4]! * Math.cos(a4) + b[5]! * Math.sin(a4) + b[7]! * Math.cos(a7) + b[8]! * Math.sin(a7);
  },
  (x, b, g) => {
    const a = (TWO_PI * x) / 12;
    g[0] = 1;
    g[1] = Math.cos(a);
    g[2] = Math.sin(a);
    for (const [period, c, s] of [
      [3, 4, 5],
      [6, 7, 8],
    ] as const) {
      const angle = (TWO_PI * x) / b[period]!;
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      // d(angle)/d(period) = -angle/period
      g[period] = (b[c]! * sin - b[s]! * cos) * (angle / b[period]!);
      g[c] = cos;
      g[s] = sin;
    }
  },
  9,
);

/**
 * Nelson: log(y) = b1 - b2 x1 exp(-b3 x2), two predictors. The fit runs on log(y) (the certified
 * residual sum of squares is in log space) with x = the observation index; `nelsonModel` closes
 * over the predictor columns.
 */
export function nelsonModel(x1: Float64Array, x2: Float64Array): NistModel {
  return {
    model: (x, b, out) => {
      for (let i = 0; i < x.length; i++) {
        const k = x[i]!;
        out[i] = b[0]! - b[1]! * x1[k]! * Math.exp(-b[2]! * x2[k]!);
      }
    },
    jacobian: (x, b, out) => {
      const n = x.length;
      for (let i = 0; i < n; i++) {
        const k = x[i]!;
        const e = Math.exp(-b[2]! * x2[k]!);
        out[i] = 1;
        out[n + i] = -x1[k]! * e;
        out[2 * n + i] = b[1]! * x1[k]! * x2[k]! * e;
      }
    },
  };
}

/** Fit inputs (x, y, model) for a problem: the file's columns, except Nelson (index x, log y). */
export function nistFitInputs(problem: NistProblem): { x: Float64Array; y: Float64Array; nist: NistModel } {
  if (problem.name === "Nelson") {
    if (problem.x2 === undefined) throw new Error("Nelson needs the x2 column");
    const n = problem.x.length;
    return {
      x: Float64Array.from({ length: n }, (_, i) => i),
      y: problem.y.map((v) => Math.log(v)),
      nist: nelsonModel(problem.x, problem.x2),
    };
  }
  const nist = NIST_MODELS[problem.name];
  if (nist === undefined) throw new Error(`no model for ${problem.name}`);
  return { x: problem.x, y: problem.y, nist };
}

/** Models by dataset name (formulas from the StRD certificates). */
export const NIST_MODELS: Record<string, NistModel> = {
  Chwirut1: chwirut,
  Chwirut2: chwirut,
  Gauss1: gauss3,
  Gauss2: gauss3,
  Gauss3: gauss3,
  Lanczos1: lanczos,
  Lanczos2: lanczos,
  Lanczos3: lanczos,
  Misra1a: misra1a,
  Misra1b: wrap(
    (x, b) => b[0]! * (1 - (1 + (b[1]! * x) / 2) ** -2),
    (x, b, g) => {
      const base = 1 + (b[1]! * x) / 2;
      g[0] = 1 - base ** -2;
      g[1] = b[0]! * x * base ** -3;
    },
    2,
  ),
  Misra1c: wrap(
    (x, b) => b[0]! * (1 - (1 + 2 * b[1]! * x) ** -0.5),
    (x, b, g) => {
      const base = 1 + 2 * b[1]! * x;
      g[0] = 1 - base ** -0.5;
      g[1] = b[0]! * x * base ** -1.5;
    },
    2,
  ),
  Misra1d: wrap(
    (x, b) => (b[0]! * b[1]! * x) / (1 + b[1]! * x),
    (x, b, g) => {
      const base = 1 + b[1]! * x;
      g[0] = (b[1]! * x) / base;
      g[1] = (b[0]! * x) / (base * base);
    },
    2,
  ),
  BoxBOD: misra1a,
  ENSO: enso,
  MGH17: wrap(
    (x, b) => b[0]! + b[1]! * Math.exp(-x * b[3]!) + b[2]! * Math.exp(-x * b[4]!),
    (x, b, g) => {
      const e4 = Math.exp(-x * b[3]!);
      const e5 = Math.exp(-x * b[4]!);
      g[0] = 1;
      g[1] = e4;
      g[2] = e5;
      g[3] = -x * b[1]! * e4;
      g[4] = -x * b[2]! * e5;
    },
    5,
  ),
  Thurber: rational(3, 3),
  Hahn1: rational(3, 3),
  Kirby2: rational(2, 2),
  MGH09: wrap(
    (x, b) => (b[0]! * (x * x + x * b[1]!)) / (x * x + x * b[2]! + b[3]!),
    (x, b, g) => {
      const num = x * x + x * b[1]!;
      const den = x * x + x * b[2]! + b[3]!;
      g[0] = num / den;
      g[1] = (b[0]! * x) / den;
      g[2] = (-b[0]! * num * x) / (den * den);
      g[3] = (-b[0]! * num) / (den * den);
    },
    4,
  ),
  MGH10: wrap(
    (x, b) => b[0]! * Math.exp(b[1]! / (x + b[2]!)),
    (x, b, g) => {
      const e = Math.exp(b[1]! / (x + b[2]!));
      g[0] = e;
      g[1] = (b[0]! * e) / (x + b[2]!);
      g[2] = (-b[0]! * e * b[1]!) / (x + b[2]!) ** 2;
    },
    3,
  ),
  Roszman1: wrap(
    (x, b) => b[0]! - b[1]! * x - Math.atan(b[2]! / (x - b[3]!)) / Math.PI,
    (x, b, g) => {
      const d = x - b[3]!;
      const q = 1 / (1 + (b[2]! / d) ** 2);
      g[0] = 1;
      g[1] = -x;
      g[2] = (-q / d) / Math.PI;
      g[3] = (-q * b[2]!) / (d * d) / Math.PI;
    },
    4,
  ),
  DanWood: wrap(
    (x, b) => b[0]! * x ** b[1]!,
    (x, b, g) => {
      g[0] = x ** b[1]!;
      g[1] = b[0]! * x ** b[1]! * Math.log(x);
    },
    2,
  ),
  Eckerle4: wrap(
    (x, b) => (b[0]! / b[1]!) * Math.exp(-0.5 * ((x - b[2]!) / b[1]!) ** 2),
    (x, b, g) => {
      const z = (x - b[2]!) / b[1]!;
      const e = Math.exp(-0.5 * z * z);
      g[0] = e / b[1]!;
      g[1] = (b[0]! / b[1]!) * e * (-1 / b[1]! + (z * z) / b[1]!);
      g[2] = (b[0]! / b[1]!) * e * (z / b[1]!);
    },
    3,
  ),
  Rat42: wrap(
    (x, b) => b[0]! / (1 + Math.exp(b[1]! - b[2]! * x)),
    (x, b, g) => {
      const e = Math.exp(b[1]! - b[2]! * x);
      g[0] = 1 / (1 + e);
      g[1] = (-b[0]! * e) / (1 + e) ** 2;
      g[2] = (b[0]! * e * x) / (1 + e) ** 2;
    },
    3,
  ),
  Rat43: wrap(
    (x, b) => b[0]! / (1 + Math.exp(b[1]! - b[2]! * x)) ** (1 / b[3]!),
    (x, b, g) => {
      const e = Math.exp(b[1]! - b[2]! * x);
      const base = 1 + e;
      const f = b[0]! / base ** (1 / b[3]!);
      g[0] = f / b[0]!;
      g[1] = (-f / b[3]!) * (e / base);
      g[2] = (f / b[3]!) * ((e * x) / base);
      g[3] = (f * Math.log(base)) / (b[3]! * b[3]!);
    },
    4,
  ),
  Bennett5: wrap(
    (x, b) => b[0]! * (b[1]! + x) ** (-1 / b[2]!),
    (x, b, g) => {
      const base = b[1]! + x;
      const f = base ** (-1 / b[2]!);
      g[0] = f;
      g[1] = (b[0]! * f * (-1 / b[2]!)) / base;
      g[2] = (b[0]! * f * Math.log(base)) / (b[2]! * b[2]!);
    },
    3,
  ),
};
