/**
 * Peak shapes with analytic derivatives for position, intensity (height or area) and widths.
 *
 * Every shape is f(x) = I * u(x - center; widths), where u is normalised to unit height
 * (`intensity: "height"`, I = peak height at the centre) or unit area (`intensity: "area"`,
 * I = integrated intensity). Widths are full widths at half maximum (FWHM) in x units.
 *
 * @packageDocumentation
 */
import { InvalidParameterError } from "@operando/core";
import type { Complex } from "./faddeeva.js";
import { faddeeva } from "./faddeeva.js";
import { digamma, logGammaPositive } from "./internal/special.js";

/** Names of the available peak shapes. */
export type PeakShapeKind = "gaussian" | "lorentzian" | "pseudoVoigt" | "tchPseudoVoigt" | "pearson7" | "splitPseudoVoigt" | "voigt";

/** All shape kinds, for option validation and CLI help. */
export const PEAK_SHAPE_KINDS: readonly PeakShapeKind[] = ["gaussian", "lorentzian", "pseudoVoigt", "tchPseudoVoigt", "pearson7", "splitPseudoVoigt", "voigt"];

/** Options of {@link createPeakShape}. */
export interface PeakShapeOptions {
  /** Meaning of the intensity parameter. @default "height" */
  intensity?: "height" | "area";
}

/**
 * A peak shape bound to a slice of a parameter vector: parameters `p[offset + k]` are, in
 * order, `parameterNames[k]` (always `center`, then `height` or `area`, then the width/shape
 * parameters).
 */
export interface PeakShape {
  /** Shape kind. */
  readonly kind: PeakShapeKind;
  /** Intensity convention. */
  readonly intensity: "height" | "area";
  /** Parameter names, e.g. ["center", "height", "fwhm", "eta"]. */
  readonly parameterNames: readonly string[];
  /** Lower limits the parameters must respect (e.g. fwhm > 0: tiny positive), by name. */
  readonly lowerLimits: Readonly<Record<string, number>>;
  /** Upper limits (eta <= 1), by name. */
  readonly upperLimits: Readonly<Record<string, number>>;
  /** Adds f(x_i) to out[i]. */
  add(x: Float64Array, p: Float64Array, offset: number, out: Float64Array): void;
  /**
   * Adds df(x_i)/dp[offset + k] to jac[(column + k) * n + i] (column-major, n = x.length).
   * @param column - first Jacobian column of this peak (usually = offset)
   */
  addJacobian(x: Float64Array, p: Float64Array, offset: number, jac: Float64Array, column: number): void;
  /** Peak height at the centre for these parameters. */
  height(p: Float64Array, offset: number): number;
  /** Integrated area for these parameters. */
  area(p: Float64Array, offset: number): number;
  /** Overall FWHM (for TCH/Voigt the combined one, for split the mean of both sides). */
  fwhm(p: Float64Array, offset: number): number;
}

const LN2 = Math.LN2;
const FOUR_LN2 = 4 * LN2;
/** Area of a unit-height Gaussian of unit FWHM: sqrt(pi / (4 ln 2)). */
const GAUSS_AREA = Math.sqrt(Math.PI / FOUR_LN2);
/** Area of a unit-height Lorentzian of unit FWHM: pi / 2. */
const LORENTZ_AREA = Math.PI / 2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** sigma = FWHM / (2 sqrt(2 ln 2)) for a Gaussian. */
const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * LN2));

/**
 * Base profile b(dx; theta) of a shape with its gradient, and its height and area as functions of
 * theta (the width/shape parameters) with their gradients.
 */
interface BaseProfile {
  widthNames: readonly string[];
  lower: Record<string, number>;
  upper: Record<string, number>;
  /** Returns b; writes db/d(dx) to g[0] and db/dtheta_k to g[1 + k]. */
  value(dx: number, theta: Float64Array, g: Float64Array): number;
  /** Adds scale * b(x_i - center) to out[i] without derivatives (fast path of add), when provided. */
  addValues?(x: Float64Array, center: number, scale: number, theta: Float64Array, out: Float64Array): void;
  /**
   * Fast path of addJacobian, when provided: adds the columns of s b(x_i - center) / N to jac,
   * with s the intensity parameter, column c0 = d/dcenter, c0 + n = d/ds, then one per theta
   * (n = x.length); `ng` holds dN/dtheta and `invNorm` = 1/N.
   */
  addJacobianColumns?(x: Float64Array, center: number, intensity: number, invNorm: number, theta: Float64Array, ng: Float64Array, jac: Float64Array, c0: number): void;
  /** Returns the height b(0); writes its theta-gradient to g[k]. */
  heightOf(theta: Float64Array, g: Float64Array): number;
  /** Returns the area; writes its theta-gradient to g[k]. */
  areaOf(theta: Float64Array, g: Float64Array): number;
  /** Overall FWHM. */
  fwhmOf(theta: Float64Array): number;
}

const POSITIVE = 1e-300;

function unitHeight(theta: Float64Array, g: Float64Array): number {
  g.fill(0);
  return 1;
}

const gaussianBase: BaseProfile = {
  widthNames: ["fwhm"],
  lower: { fwhm: POSITIVE },
  upper: {},
  value(dx, theta, g) {
    const w = theta[0]!;
    const b = Math.exp((-FOUR_LN2 * dx * dx) / (w * w));
    g[0] = (b * (-2 * FOUR_LN2 * dx)) / (w * w);
    g[1] = (b * (2 * FOUR_LN2 * dx * dx)) / (w * w * w);
    return b;
  },
  heightOf: unitHeight,
  areaOf(theta, g) {
    g[0] = GAUSS_AREA;
    return GAUSS_AREA * theta[0]!;
  },
  fwhmOf: (theta) => theta[0]!,
};

const lorentzianBase: BaseProfile = {
  widthNames: ["fwhm"],
  lower: { fwhm: POSITIVE },
  upper: {},
  value(dx, theta, g) {
    const w = theta[0]!;
    const b = 1 / (1 + (4 * dx * dx) / (w * w));
    g[0] = (-b * b * 8 * dx) / (w * w);
    g[1] = (b * b * 8 * dx * dx) / (w * w * w);
    return b;
  },
  heightOf: unitHeight,
  areaOf(theta, g) {
    g[0] = LORENTZ_AREA;
    return LORENTZ_AREA * theta[0]!;
  },
  fwhmOf: (theta) => theta[0]!,
};

/**
 * Exponent below which the Gaussian part of the pseudo-Voigt fast paths is taken as 0:
 * exp(-36.05) < 2^-52, so the term left out is below one ulp of the peak's own height (the
 * rounding level of the profile at its maximum), about 3.6 FWHM from the centre. Skipping
 * Math.exp there (the dominant cost of a profile evaluation) halves the work for peaks that are
 * narrow compared with the fitted window; the Lorentzian part, with its slow tails, is always
 * evaluated.
 */
const GAUSS_NEGLIGIBLE = -52 * Math.LN2;

/** Peak height of a unit-area Gaussian of unit FWHM: sqrt(4 ln 2 / pi). */
const GAUSS_PEAK = 1 / GAUSS_AREA;
/** Peak height of a unit-area Lorentzian of unit FWHM: 2 / pi. */
const LORENTZ_PEAK = 1 / LORENTZ_AREA;

/**
 * Unit-area pseudo-Voigt eta L + (1 - eta) G, L and G unit-area with the common FWHM w (the
 * convention of TCH 1987 and lmfit's PseudoVoigtModel); gradient [d/ddx, d/dw, d/deta] written
 * to g[base..base+2].
 */
function pseudoVoigtValue(dx: number, w: number, eta: number, g: Float64Array, base: number): number {
  const w2 = w * w;
  const dx2 = dx * dx;
  const den = w2 + 4 * dx2;
  const lor = (LORENTZ_PEAK * w) / den;
  const gauss = (GAUSS_PEAK / w) * Math.exp((-FOUR_LN2 * dx2) / w2);
  const dLdx = (-LORENTZ_PEAK * w * 8 * dx) / (den * den);
  const dLdw = (LORENTZ_PEAK * (4 * dx2 - w2)) / (den * den);
  const dGdx = (gauss * (-2 * FOUR_LN2 * dx)) / w2;
  const dGdw = gauss * (-1 / w + (2 * FOUR_LN2 * dx2) / (w2 * w));
  g[base] = eta * dLdx + (1 - eta) * dGdx;
  g[base + 1] = eta * dLdw + (1 - eta) * dGdw;
  g[base + 2] = lor - gauss;
  return eta * lor + (1 - eta) * gauss;
}

/** Height of the unit-area pseudo-Voigt: (eta 2/pi + (1 - eta) sqrt(4 ln2 / pi)) / w. */
function pseudoVoigtPeak(w: number, eta: number): number {
  return (eta * LORENTZ_PEAK + (1 - eta) * GAUSS_PEAK) / w;
}

const pseudoVoigtBase: BaseProfile = {
  widthNames: ["fwhm", "eta"],
  lower: { fwhm: POSITIVE, eta: 0 },
  upper: { eta: 1 },
  value(dx, theta, g) {
    return pseudoVoigtValue(dx, theta[0]!, theta[1]!, g, 0);
  },
  addValues(x, center, scale, theta, out) {
    const w = theta[0]!;
    const eta = theta[1]!;
    const w2 = w * w;
    const a = scale * eta * LORENTZ_PEAK * w;
    const b = (scale * (1 - eta) * GAUSS_PEAK) / w;
    const k = -FOUR_LN2 / w2;
    for (let i = 0; i < x.length; i++) {
      const dx = x[i]! - center;
      const dx2 = dx * dx;
      const arg = k * dx2;
      out[i] = out[i]! + a / (w2 + 4 * dx2) + (arg > GAUSS_NEGLIGIBLE ? b * Math.exp(arg) : 0);
    }
  },
  addJacobianColumns(x, center, intensity, invNorm, theta, ng, jac, c0) {
    // The derivatives of pseudoVoigtValue written out per point without the gradient buffer.
    const n = x.length;
    const w = theta[0]!;
    const eta = theta[1]!;
    const w2 = w * w;
    const s = intensity * invNorm;
    const lorScale = LORENTZ_PEAK * w;
    const gaussScale = GAUSS_PEAK / w;
    const k = -FOUR_LN2 / w2;
    const dxFactor = (-2 * FOUR_LN2) / w2;
    const dwFactor = (2 * FOUR_LN2) / (w2 * w);
    const invW = 1 / w;
    const ng0 = ng[0]!;
    const ng1 = ng[1]!;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let i = 0; i < n; i++) {
      const dx = x[i]! - center;
      const dx2 = dx * dx;
      const inv = 1 / (w2 + 4 * dx2);
      const lor = lorScale * inv;
      const arg = k * dx2;
      const gauss = arg > GAUSS_NEGLIGIBLE ? gaussScale * Math.exp(arg) : 0;
      const b = eta * lor + (1 - eta) * gauss;
      const dbdx = eta * (-8 * dx * lor * inv) + (1 - eta) * gauss * dxFactor * dx;
      const dbdw = eta * LORENTZ_PEAK * (4 * dx2 - w2) * inv * inv + (1 - eta) * gauss * (dwFactor * dx2 - invW);
      const bn = b * invNorm;
      jac[c0 + i] = jac[c0 + i]! - s * dbdx;
      jac[c1 + i] = jac[c1 + i]! + bn;
      jac[c2 + i] = jac[c2 + i]! + s * (dbdw - bn * ng0);
      jac[c3 + i] = jac[c3 + i]! + s * (lor - gauss - bn * ng1);
    }
  },
  heightOf(theta, g) {
    const w = theta[0]!;
    const h = pseudoVoigtPeak(w, theta[1]!);
    g[0] = -h / w;
    g[1] = (LORENTZ_PEAK - GAUSS_PEAK) / w;
    return h;
  },
  areaOf(_theta, g) {
    g.fill(0);
    return 1;
  },
  fwhmOf: (theta) => theta[0]!,
};

/**
 * Thompson-Cox-Hastings combination (P. Thompson, D. E. Cox, J. B. Hastings, J. Appl. Cryst. 20
 * (1987) 79-83, doi:10.1107/S0021889887087090, eqs. 2-4): total FWHM
 * G = (gG^5 + 2.69269 gG^4 gL + 2.42843 gG^3 gL^2 + 4.47163 gG^2 gL^3 + 0.07842 gG gL^4 + gL^5)^(1/5),
 * eta = 1.36603 q - 0.47719 q^2 + 0.11116 q^3 with q = gL / G.
 * Writes [G, dG/dgG, dG/dgL, eta, deta/dgG, deta/dgL] into out.
 * @param fwhmGaussian - Gaussian FWHM gG (x-axis units, >= 0)
 * @param fwhmLorentzian - Lorentzian FWHM gL (x-axis units, >= 0)
 * @param out - length-6 output array, overwritten
 * @returns `out`, holding [G, dG/dgG, dG/dgL, eta, deta/dgG, deta/dgL]
 */
export function tchParameters(fwhmGaussian: number, fwhmLorentzian: number, out: Float64Array = new Float64Array(6)): Float64Array {
  const a = fwhmGaussian;
  const b = fwhmLorentzian;
  const a2 = a * a;
  const b2 = b * b;
  const s = a2 * a2 * a + 2.69269 * a2 * a2 * b + 2.42843 * a2 * a * b2 + 4.47163 * a2 * b2 * b + 0.07842 * a * b2 * b2 + b2 * b2 * b;
  const dsda = 5 * a2 * a2 + 4 * 2.69269 * a2 * a * b + 3 * 2.42843 * a2 * b2 + 2 * 4.47163 * a * b2 * b + 0.07842 * b2 * b2;
  const dsdb = 2.69269 * a2 * a2 + 2 * 2.42843 * a2 * a * b + 3 * 4.47163 * a2 * b2 + 4 * 0.07842 * a * b2 * b + 5 * b2 * b2;
  const total = Math.pow(s, 0.2);
  const dTds = (0.2 * total) / s;
  const dTda = dTds * dsda;
  const dTdb = dTds * dsdb;
  const q = b / total;
  const eta = 1.36603 * q - 0.47719 * q * q + 0.11116 * q * q * q;
  const detadq = 1.36603 - 2 * 0.47719 * q + 3 * 0.11116 * q * q;
  const dqda = (-b / (total * total)) * dTda;
  const dqdb = 1 / total - (b / (total * total)) * dTdb;
  out[0] = total;
  out[1] = dTda;
  out[2] = dTdb;
  out[3] = eta;
  out[4] = detadq * dqda;
  out[5] = detadq * dqdb;
  return out;
}

function tchBase(): BaseProfile {
  const t = new Float64Array(6);
  const pg = new Float64Array(3);
  return {
    widthNames: ["fwhmGaussian", "fwhmLorentzian"],
    lower: { fwhmGaussian: POSITIVE, fwhmLorentzian: 0 },
    upper: {},
    value(dx, theta, g) {
      tchParameters(theta[0]!, theta[1]!, t);
      const v = pseudoVoigtValue(dx, t[0]!, t[3]!, pg, 0);
      g[0] = pg[0]!;
      g[1] = pg[1]! * t[1]! + pg[2]! * t[4]!;
      g[2] = pg[1]! * t[2]! + pg[2]! * t[5]!;
      return v;
    },
    heightOf(theta, g) {
      tchParameters(theta[0]!, theta[1]!, t);
      const w = t[0]!;
      const h = pseudoVoigtPeak(w, t[3]!);
      const dhdw = -h / w;
      const dhdeta = (LORENTZ_PEAK - GAUSS_PEAK) / w;
      g[0] = dhdw * t[1]! + dhdeta * t[4]!;
      g[1] = dhdw * t[2]! + dhdeta * t[5]!;
      return h;
    },
    areaOf(_theta, g) {
      g.fill(0);
      return 1;
    },
    fwhmOf(theta) {
      return tchParameters(theta[0]!, theta[1]!, t)[0]!;
    },
  };
}

/**
 * Pearson VII, unit height: (1 + 4 (2^(1/m) - 1) dx^2 / w^2)^(-m); area
 * w sqrt(pi) Gamma(m - 1/2) / (2 sqrt(2^(1/m) - 1) Gamma(m)) (finite for m > 1/2).
 * m = 1 is a Lorentzian, m -> infinity a Gaussian.
 */
const pearson7Base: BaseProfile = {
  widthNames: ["fwhm", "m"],
  lower: { fwhm: POSITIVE, m: 0.5000001 },
  upper: {},
  value(dx, theta, g) {
    const w = theta[0]!;
    const m = theta[1]!;
    const two = Math.pow(2, 1 / m);
    const k = two - 1;
    const dkdm = (-two * LN2) / (m * m);
    const r = (dx * dx) / (w * w);
    const s = 4 * k * r;
    const b = Math.pow(1 + s, -m);
    g[0] = (-m * b * (8 * k * dx)) / (w * w) / (1 + s);
    g[1] = (m * b * 2 * s) / (w * (1 + s));
    g[2] = b * (-Math.log1p(s) - (m * 4 * r * dkdm) / (1 + s));
    return b;
  },
  heightOf: unitHeight,
  areaOf(theta, g) {
    const w = theta[0]!;
    const m = theta[1]!;
    const two = Math.pow(2, 1 / m);
    const k = two - 1;
    const dkdm = (-two * LN2) / (m * m);
    const area = (w * Math.sqrt(Math.PI) * Math.exp(logGammaPositive(m - 0.5) - logGammaPositive(m))) / (2 * Math.sqrt(k));
    g[0] = area / w;
    g[1] = area * (digamma(m - 0.5) - digamma(m) - (0.5 * dkdm) / k);
    return area;
  },
  fwhmOf: (theta) => theta[0]!,
};

/**
 * Split pseudo-Voigt: below the centre a pseudo-Voigt of FWHM fwhmLeft, above one of fwhmRight,
 * common eta (unit-area L and G mixing as in {@link pseudoVoigtValue}), each side scaled to unit
 * height so the profile is continuous; area = (fwhmLeft + fwhmRight) / (2 k(eta)),
 * k = eta 2/pi + (1 - eta) sqrt(4 ln2/pi).
 */
function splitPseudoVoigtBase(): BaseProfile {
  const pg = new Float64Array(3);
  return {
    widthNames: ["fwhmLeft", "fwhmRight", "eta"],
    lower: { fwhmLeft: POSITIVE, fwhmRight: POSITIVE, eta: 0 },
    upper: { eta: 1 },
    value(dx, theta, g) {
      const left = dx < 0;
      const w = left ? theta[0]! : theta[1]!;
      const eta = theta[2]!;
      const v = pseudoVoigtValue(dx, w, eta, pg, 0);
      const h = pseudoVoigtPeak(w, eta);
      const dhdw = -h / w;
      const dhdeta = (LORENTZ_PEAK - GAUSS_PEAK) / w;
      const b = v / h;
      g[0] = pg[0]! / h;
      const dbdw = pg[1]! / h - (b / h) * dhdw;
      g[1] = left ? dbdw : 0;
      g[2] = left ? 0 : dbdw;
      g[3] = pg[2]! / h - (b / h) * dhdeta;
      return b;
    },
    heightOf: unitHeight,
    areaOf(theta, g) {
      const eta = theta[2]!;
      const k = eta * LORENTZ_PEAK + (1 - eta) * GAUSS_PEAK;
      const dk = LORENTZ_PEAK - GAUSS_PEAK;
      const sum = theta[0]! + theta[1]!;
      g[0] = 1 / (2 * k);
      g[1] = 1 / (2 * k);
      g[2] = (-sum * dk) / (2 * k * k);
      return sum / (2 * k);
    },
    fwhmOf: (theta) => (theta[0]! + theta[1]!) / 2,
  };
}

/**
 * Voigt, unit area: V = Re w(z) / (sigma sqrt(2 pi)), z = (dx + i gamma) / (sigma sqrt 2),
 * sigma = fwhmGaussian / (2 sqrt(2 ln 2)), gamma = fwhmLorentzian / 2; with
 * w'(z) = -2 z w(z) + 2 i / sqrt(pi) for the derivatives.
 */
function voigtBase(): BaseProfile {
  const w: Complex = [0, 0];
  const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);
  const evaluate = (dx: number, fwhmG: number, fwhmL: number, g: Float64Array, base: number): number => {
    const sigma = fwhmG * FWHM_TO_SIGMA;
    const gamma = fwhmL / 2;
    const scale = 1 / (sigma * Math.SQRT2);
    const zr = dx * scale;
    const zi = gamma * scale;
    faddeeva(zr, zi, w);
    const norm = 1 / (sigma * SQRT_2PI);
    const v = w[0] * norm;
    // w' = -2 z w + 2i/sqrt(pi)
    const dwr = -2 * (zr * w[0] - zi * w[1]);
    const dwi = -2 * (zr * w[1] + zi * w[0]) + twoOverSqrtPi;
    // dV/ddx = Re(w') * scale * norm
    if (base >= 0) g[base] = dwr * scale * norm;
    // dV/dsigma = Re(w' * (-z / sigma)) * norm - V / sigma
    const dVdsigma = (-(dwr * zr - dwi * zi) / sigma) * norm - v / sigma;
    // dV/dgamma = Re(w' * i) * scale * norm = -Im(w') * scale * norm
    const dVdgamma = -dwi * scale * norm;
    g[base + 1] = dVdsigma * FWHM_TO_SIGMA;
    g[base + 2] = dVdgamma / 2;
    return v;
  };
  const hg = new Float64Array(3);
  return {
    widthNames: ["fwhmGaussian", "fwhmLorentzian"],
    lower: { fwhmGaussian: POSITIVE, fwhmLorentzian: 0 },
    upper: {},
    value(dx, theta, g) {
      return evaluate(dx, theta[0]!, theta[1]!, g, 0);
    },
    heightOf(theta, g) {
      const v = evaluate(0, theta[0]!, theta[1]!, hg, 0);
      g[0] = hg[1]!;
      g[1] = hg[2]!;
      return v;
    },
    areaOf(_theta, g) {
      g.fill(0);
      return 1;
    },
    fwhmOf(theta) {
      // Olivero & Longbothum (1977), J. Quant. Spectrosc. Radiat. Transfer 17, 233, doi:10.1016/0022-4073(77)90161-3 (0.02% accurate).
      const fl = theta[1]!;
      const fg = theta[0]!;
      return 0.5346 * fl + Math.sqrt(0.2166 * fl * fl + fg * fg);
    },
  };
}

function baseFor(kind: PeakShapeKind): BaseProfile {
  switch (kind) {
    case "gaussian":
      return gaussianBase;
    case "lorentzian":
      return lorentzianBase;
    case "pseudoVoigt":
      return pseudoVoigtBase;
    case "tchPseudoVoigt":
      return tchBase();
    case "pearson7":
      return pearson7Base;
    case "splitPseudoVoigt":
      return splitPseudoVoigtBase();
    case "voigt":
      return voigtBase();
  }
}

/**
 * Creates a peak shape: parameters are `center`, `height` (or `area`), then the widths:
 * - gaussian, lorentzian: `fwhm`
 * - pseudoVoigt: `fwhm`, `eta` (Lorentzian fraction, 0..1), eta L + (1 - eta) G with unit-area L, G
 *   of common FWHM (TCH 1987 / lmfit convention: eta is the fraction of the AREA that is Lorentzian)
 * - tchPseudoVoigt: `fwhmGaussian`, `fwhmLorentzian` (Thompson-Cox-Hastings 1987 eta and FWHM)
 * - pearson7: `fwhm`, `m` (exponent > 1/2)
 * - splitPseudoVoigt: `fwhmLeft`, `fwhmRight`, `eta`
 * - voigt: `fwhmGaussian`, `fwhmLorentzian` (exact convolution through the Faddeeva function)
 *
 * @param kind - shape name
 * @param options - intensity convention
 * @returns the shape (stateless apart from scratch buffers; not shared across threads)
 * @throws InvalidParameterError for an unknown kind or intensity
 * @example
 * const pv = createPeakShape("pseudoVoigt");
 * const out = new Float64Array(3);
 * pv.add(Float64Array.of(-1, 0, 1), Float64Array.of(0, 10, 2, 0.5), 0, out); // out[1] = 10
 */
export function createPeakShape(kind: PeakShapeKind, options: PeakShapeOptions = {}): PeakShape {
  if (!PEAK_SHAPE_KINDS.includes(kind)) throw new InvalidParameterError({ parameter: "kind", value: kind, expected: `one of ${PEAK_SHAPE_KINDS.join(", ")}` });
  const intensity = options.intensity ?? "height";
  if (intensity !== "height" && intensity !== "area") throw new InvalidParameterError({ parameter: "options.intensity", value: intensity, expected: '"height" or "area"' });
  const base = baseFor(kind);
  const nw = base.widthNames.length;
  const theta = new Float64Array(nw);
  const g = new Float64Array(nw + 1);
  const ng = new Float64Array(nw);
  const parameterNames = ["center", intensity, ...base.widthNames];
  const byArea = intensity === "area";
  /** Normalisation N(theta) and its gradient: u = b / N. */
  const normalisation = (): number => (byArea ? base.areaOf(theta, ng) : base.heightOf(theta, ng));
  const loadTheta = (p: Float64Array, offset: number): void => {
    for (let k = 0; k < nw; k++) theta[k] = p[offset + 2 + k]!;
  };
  return {
    kind,
    intensity,
    parameterNames,
    lowerLimits: base.lower,
    upperLimits: base.upper,
    add(x, p, offset, out) {
      loadTheta(p, offset);
      const center = p[offset]!;
      const scale = p[offset + 1]! / normalisation();
      if (base.addValues !== undefined) {
        base.addValues(x, center, scale, theta, out);
        return;
      }
      for (let i = 0; i < x.length; i++) out[i]! += scale * base.value(x[i]! - center, theta, g);
    },
    addJacobian(x, p, offset, jac, column) {
      loadTheta(p, offset);
      const n = x.length;
      const center = p[offset]!;
      const intensityValue = p[offset + 1]!;
      const norm = normalisation();
      const inv = 1 / norm;
      const c0 = column * n;
      if (base.addJacobianColumns !== undefined) {
        base.addJacobianColumns(x, center, intensityValue, inv, theta, ng, jac, c0);
        return;
      }
      const c1 = c0 + n;
      for (let i = 0; i < n; i++) {
        const b = base.value(x[i]! - center, theta, g);
        jac[c0 + i]! -= intensityValue * inv * g[0]!;
        jac[c1 + i]! += b * inv;
        for (let k = 0; k < nw; k++) {
          // d(I b / N)/dtheta = I (db/dtheta N - b dN/dtheta) / N^2
          jac[c1 + (k + 1) * n + i]! += intensityValue * inv * (g[k + 1]! - b * inv * ng[k]!);
        }
      }
    },
    height(p, offset) {
      loadTheta(p, offset);
      if (!byArea) return p[offset + 1]!;
      return (p[offset + 1]! * base.heightOf(theta, ng)) / base.areaOf(theta, ng);
    },
    area(p, offset) {
      loadTheta(p, offset);
      if (byArea) return p[offset + 1]!;
      return (p[offset + 1]! * base.areaOf(theta, ng)) / base.heightOf(theta, ng);
    },
    fwhm(p, offset) {
      loadTheta(p, offset);
      return base.fwhmOf(theta);
    },
  };
}
