/**
 * Background components with analytic derivatives. Polynomials are written in the scaled
 * abscissa t = (x - mid) / halfRange in [-1, 1] (mid and halfRange fixed when the component is
 * created from the data range) so that coefficients stay well conditioned.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";

/** Background kinds. */
export type BackgroundKind = "none" | "polynomial" | "chebyshev" | "exponential";

/** Options of {@link createBackground}. */
export interface BackgroundOptions {
  /** Polynomial or Chebyshev degree (parameters = degree + 1). @default 1 */
  degree?: number;
}

/**
 * A background bound to a slice of the parameter vector (like a peak shape):
 * - polynomial: `c0..cD`, f = sum c_k t^k
 * - chebyshev: `c0..cD`, f = sum c_k T_k(t) (Chebyshev polynomials of the first kind)
 * - exponential: `amplitude`, `decay`, `constant`, f = amplitude exp(-decay t) + constant
 */
export interface Background {
  /** Kind. */
  readonly kind: BackgroundKind;
  /** Parameter names. */
  readonly parameterNames: readonly string[];
  /** Centre of the x range used for scaling. */
  readonly mid: number;
  /** Half-width of the x range used for scaling. */
  readonly halfRange: number;
  /** Adds f(x_i) to out[i]. */
  add(x: Float64Array, p: Float64Array, offset: number, out: Float64Array): void;
  /** Adds df/dp[offset + k] into jac[(column + k) * n + i]. */
  addJacobian(x: Float64Array, p: Float64Array, offset: number, jac: Float64Array, column: number): void;
  /** Linear least-squares starting values for an estimated background curve (length = parameterNames). */
  initialGuess(x: Float64Array, background: Float64Array): Float64Array;
}

/**
 * Creates a background over the x range [xMin, xMax].
 *
 * @param kind - background kind
 * @param xMin - smallest x of the data (same unit as x)
 * @param xMax - largest x
 * @param options - degree
 * @returns the background component
 * @throws InvalidParameterError for an unknown kind, a negative/non-integer degree or an empty range
 * @example
 * const bg = createBackground("chebyshev", 10, 20, { degree: 2 });
 */
export function createBackground(kind: BackgroundKind, xMin: number, xMax: number, options: BackgroundOptions = {}): Background {
  const degree = options.degree ?? 1;
  if (!Number.isInteger(degree) || degree < 0 || degree > 20) throw new InvalidParameterError({ parameter: "options.degree", value: degree, expected: "an integer in [0, 20]" });
  if (!(xMax > xMin)) throw new InvalidParameterError({ parameter: "xMax", value: xMax, expected: `greater than xMin = ${xMin}` });
  const mid = (xMin + xMax) / 2;
  const halfRange = (xMax - xMin) / 2;
  const scaled = (v: number): number => (v - mid) / halfRange;
  switch (kind) {
    case "none":
      return {
        kind, parameterNames: [], mid, halfRange,
        add() {},
        addJacobian() {},
        initialGuess: () => new Float64Array(0),
      };
    case "polynomial":
    case "chebyshev": {
      const count = degree + 1;
      const basis = new Float64Array(count);
      const fill = (t: number): void => {
        basis[0] = 1;
        if (count > 1) basis[1] = t;
        for (let k = 2; k < count; k++) basis[k] = kind === "polynomial" ? basis[k - 1]! * t : 2 * t * basis[k - 1]! - basis[k - 2]!;
      };
      return {
        kind, parameterNames: Array.from({ length: count }, (_, k) => `c${k}`), mid, halfRange,
        add(x, p, offset, out) {
          const last = offset + count - 1;
          for (let i = 0; i < x.length; i++) {
            const t = (x[i]! - mid) / halfRange;
            let s: number;
            if (kind === "polynomial") {
              // Horner
              s = p[last]!;
              for (let k = last - 1; k >= offset; k--) s = s * t + p[k]!;
            } else {
              // Clenshaw: sum c_k T_k(t) = b_0 - t b_1 with b_k = c_k + 2 t b_{k+1} - b_{k+2}
              let b1 = 0;
              let b2 = 0;
              for (let k = last; k > offset; k--) {
                const b0 = p[k]! + 2 * t * b1 - b2;
                b2 = b1;
                b1 = b0;
              }
              s = p[offset]! + t * b1 - b2;
            }
            out[i] = out[i]! + s;
          }
        },
        addJacobian(x, _p, _offset, jac, column) {
          const n = x.length;
          const c0 = column * n;
          for (let i = 0; i < n; i++) {
            const t = (x[i]! - mid) / halfRange;
            jac[c0 + i] = jac[c0 + i]! + 1;
            if (count === 1) continue;
            jac[c0 + n + i] = jac[c0 + n + i]! + t;
            // basis k from k - 1 (and k - 2): t^k, or T_k = 2 t T_(k-1) - T_(k-2)
            let previous = 1;
            let current = t;
            for (let k = 2; k < count; k++) {
              const next = kind === "polynomial" ? current * t : 2 * t * current - previous;
              previous = current;
              current = next;
              const ck = c0 + k * n;
              jac[ck + i] = jac[ck + i]! + current;
            }
          }
        },
        initialGuess(x, background) {
          // Normal equations of the (small, well-conditioned on [-1, 1]) linear fit.
          const ata = new Float64Array(count * count);
          const atb = new Float64Array(count);
          for (let i = 0; i < x.length; i++) {
            fill(scaled(x[i]!));
            for (let a = 0; a < count; a++) {
              atb[a]! += basis[a]! * background[i]!;
              for (let b = 0; b < count; b++) ata[a * count + b]! += basis[a]! * basis[b]!;
            }
          }
          return solveSymmetric(ata, atb, count);
        },
      };
    }
    case "exponential":
      return {
        kind, parameterNames: ["amplitude", "decay", "constant"], mid, halfRange,
        add(x, p, offset, out) {
          const a = p[offset]!;
          const d = p[offset + 1]!;
          const c = p[offset + 2]!;
          for (let i = 0; i < x.length; i++) out[i]! += a * Math.exp(-d * scaled(x[i]!)) + c;
        },
        addJacobian(x, p, offset, jac, column) {
          const n = x.length;
          const a = p[offset]!;
          const d = p[offset + 1]!;
          for (let i = 0; i < n; i++) {
            const t = scaled(x[i]!);
            const e = Math.exp(-d * t);
            jac[column * n + i]! += e;
            jac[(column + 1) * n + i]! += -a * t * e;
            jac[(column + 2) * n + i]! += 1;
          }
        },
        initialGuess(x, background) {
          // Log-linear fit of (background - 0.5 min) for a start; constant = half the minimum.
          let min = Infinity;
          for (let i = 0; i < background.length; i++) min = Math.min(min, background[i]!);
          const c = min > 0 ? min / 2 : min - 1;
          let s = 0, st = 0, stt = 0, sl = 0, stl = 0;
          for (let i = 0; i < x.length; i++) {
            const t = scaled(x[i]!);
            const l = Math.log(Math.max(background[i]! - c, 1e-12));
            s += 1; st += t; stt += t * t; sl += l; stl += t * l;
          }
          const den = s * stt - st * st;
          const slope = den !== 0 ? (s * stl - st * sl) / den : 0;
          const intercept = (sl - slope * st) / s;
          return Float64Array.of(Math.exp(intercept), -slope, c);
        },
      };
    default:
      throw new InvalidParameterError({ parameter: "kind", value: kind, expected: "one of none, polynomial, chebyshev, exponential" });
  }
}

/** Solves a small symmetric positive (semi)definite system by Cholesky with a tiny ridge. */
function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i]!;
  const ridge = 1e-12 * (trace / Math.max(n, 1) || 1);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const out = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * out[k]!;
    out[i] = s / l[i * n + i]!;
  }
  return out;
}
