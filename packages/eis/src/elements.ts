/**
 * Circuit elements: impedance Z(omega; p) and its analytic derivatives dZ/dp_k.
 *
 * Symbols, parameter order and formulas follow impedance.py (ECSHackWeek/impedance.py,
 * `impedance/models/circuits/elements.py`, MIT) so that circuit strings and parameter vectors
 * written for it mean the same here; `TLMRQ` is an operando addition. omega = 2 pi f in rad/s;
 * impedances in ohm; j = sqrt(-1). All derivatives are analytic (complex), checked against
 * central finite differences in the tests.
 *
 * @packageDocumentation
 */
import type { Complex } from "./internal/complex.js";
import {
  cadd,
  ccoth,
  ccsch,
  cdiv,
  cinv,
  cmul,
  complex,
  cscale,
  csqrt,
  jOmegaPower,
  logJOmega,
} from "./internal/complex.js";

/** Impedance and parameter derivatives of one element at one angular frequency. */
export interface ElementEvaluation {
  /** Z (ohm). */
  z: Complex;
  /** dZ/dp_k for each parameter k, in parameter order (present when requested). */
  gradient?: Complex[];
}

/** A circuit element type (the letters of a circuit-string name such as `CPE` in `CPE1`). */
export interface CircuitElementDefinition {
  /** Symbol used in circuit strings (`R`, `CPE`, `TLMQ`, ...). */
  readonly symbol: string;
  /** One-line description. */
  readonly description: string;
  /** Formula in plain text. */
  readonly formula: string;
  /** Short parameter names, in order (`Q`, `alpha`, ...). */
  readonly parameterNames: readonly string[];
  /** Units of each parameter. */
  readonly parameterUnits: readonly string[];
  /** Whether each parameter must be > 0 for the formula to make physical sense. */
  readonly positive: readonly boolean[];
  /** Source of the formula. */
  readonly reference: string;
  /**
   * Evaluates the element.
   * @param omega - angular frequency (rad/s, > 0)
   * @param p - the element's parameters in order
   * @param withGradient - also return dZ/dp_k
   */
  evaluate(omega: number, p: ArrayLike<number>, withGradient: boolean): ElementEvaluation;
}

const ONE: Complex = complex(1, 0);

function at(p: ArrayLike<number>, k: number): number {
  return p[k] as number;
}

/**
 * Finite-length diffusion kernels shared by Wo, TLMQ and TLMRQ.
 * F(u) = coth(u) / u and G(u) = w dF/dw with w = u^2, i.e.
 * G = u F'(u) / 2 = -(csch^2 u + coth(u) / u) / 2 (only computed when `withG`; otherwise g is
 * a placeholder equal to f).
 */
function cothOverU(u: Complex, withG = true): { f: Complex; g: Complex } {
  const coth = ccoth(u);
  const f = cdiv(coth, u);
  if (!withG) return { f, g: f };
  const csch = ccsch(u);
  const g = cscale(cadd(cmul(csch, csch), f), -0.5);
  return { f, g };
}

/**
 * tanh(u) / u and w d/dw of it (w = u^2): H = tanh(u)/u, w dH/dw = (sech^2 u - H) / 2.
 */
function tanhOverU(u: Complex): { f: Complex; g: Complex } {
  const coth = ccoth(u);
  const tanh = cinv(coth);
  const f = cdiv(tanh, u);
  const sech2 = { re: 1 - (tanh.re * tanh.re - tanh.im * tanh.im), im: -2 * tanh.re * tanh.im };
  const g = cscale({ re: sech2.re - f.re, im: sech2.im - f.im }, 0.5);
  return { f, g };
}

/** Resistor. */
const R: CircuitElementDefinition = {
  symbol: "R",
  description: "resistor",
  formula: "Z = R",
  parameterNames: ["R"],
  parameterUnits: ["Ohm"],
  positive: [true],
  reference: "impedance.py elements.R",
  evaluate(_omega, p, withGradient) {
    const z = complex(at(p, 0), 0);
    return withGradient ? { z, gradient: [ONE] } : { z };
  },
};

/** Capacitor. */
const C: CircuitElementDefinition = {
  symbol: "C",
  description: "capacitor",
  formula: "Z = 1 / (j omega C)",
  parameterNames: ["C"],
  parameterUnits: ["F"],
  positive: [true],
  reference: "impedance.py elements.C",
  evaluate(omega, p, withGradient) {
    const c = at(p, 0);
    const z = complex(0, -1 / (omega * c));
    // dZ/dC = -Z / C = j / (omega C^2)
    return withGradient ? { z, gradient: [complex(0, 1 / (omega * c * c))] } : { z };
  },
};

/** Inductor. */
const L: CircuitElementDefinition = {
  symbol: "L",
  description: "inductor",
  formula: "Z = j omega L",
  parameterNames: ["L"],
  parameterUnits: ["H"],
  positive: [true],
  reference: "impedance.py elements.L",
  evaluate(omega, p, withGradient) {
    const z = complex(0, omega * at(p, 0));
    return withGradient ? { z, gradient: [complex(0, omega)] } : { z };
  },
};

/** Constant phase element. */
const CPE: CircuitElementDefinition = {
  symbol: "CPE",
  description: "constant phase element",
  formula: "Z = 1 / (Q (j omega)^alpha)",
  parameterNames: ["Q", "alpha"],
  parameterUnits: ["Ohm^-1 s^alpha", ""],
  positive: [true, true],
  reference: "impedance.py elements.CPE",
  evaluate(omega, p, withGradient) {
    const q = at(p, 0);
    const alpha = at(p, 1);
    const z = cinv(cscale(jOmegaPower(omega, alpha), q));
    if (!withGradient) return { z };
    // dZ/dQ = -Z/Q ; dZ/dalpha = -Z ln(j omega)
    return { z, gradient: [cscale(z, -1 / q), cscale(cmul(z, logJOmega(omega)), -1)] };
  },
};

/** Semi-infinite Warburg element. */
const W: CircuitElementDefinition = {
  symbol: "W",
  description: "semi-infinite Warburg diffusion",
  formula: "Z = A_W (1 - j) / sqrt(omega)",
  parameterNames: ["Aw"],
  parameterUnits: ["Ohm s^-1/2"],
  positive: [true],
  reference: "impedance.py elements.W",
  evaluate(omega, p, withGradient) {
    const s = 1 / Math.sqrt(omega);
    const z = complex(at(p, 0) * s, -at(p, 0) * s);
    return withGradient ? { z, gradient: [complex(s, -s)] } : { z };
  },
};

/** Open (finite-space, reflective boundary) Warburg element. */
const Wo: CircuitElementDefinition = {
  symbol: "Wo",
  description: "finite-space (open, reflective) Warburg diffusion",
  formula: "Z = Z0 coth(sqrt(j omega tau)) / sqrt(j omega tau)",
  parameterNames: ["Z0", "tau"],
  parameterUnits: ["Ohm", "s"],
  positive: [true, true],
  reference: "impedance.py elements.Wo",
  evaluate(omega, p, withGradient) {
    const z0 = at(p, 0);
    const tau = at(p, 1);
    const u = csqrt(complex(0, omega * tau));
    const { f, g } = cothOverU(u, withGradient);
    const z = cscale(f, z0);
    if (!withGradient) return { z };
    // d/dtau: w = j omega tau, dZ/dtau = Z0 (w dF/dw) / tau
    return { z, gradient: [f, cscale(g, z0 / tau)] };
  },
};

/** Short (finite-length, transmissive boundary) Warburg element. */
const Ws: CircuitElementDefinition = {
  symbol: "Ws",
  description: "finite-length (short, transmissive) Warburg diffusion",
  formula: "Z = Z0 tanh(sqrt(j omega tau)) / sqrt(j omega tau)",
  parameterNames: ["Z0", "tau"],
  parameterUnits: ["Ohm", "s"],
  positive: [true, true],
  reference: "impedance.py elements.Ws",
  evaluate(omega, p, withGradient) {
    const z0 = at(p, 0);
    const tau = at(p, 1);
    const u = csqrt(complex(0, omega * tau));
    const { f, g } = tanhOverU(u);
    const z = cscale(f, z0);
    if (!withGradient) return { z };
    return { z, gradient: [f, cscale(g, z0 / tau)] };
  },
};

/** Gerischer element. */
const G: CircuitElementDefinition = {
  symbol: "G",
  description: "Gerischer element (diffusion coupled to a first-order reaction)",
  formula: "Z = R_G / sqrt(1 + j omega t_G)",
  parameterNames: ["R", "tau"],
  parameterUnits: ["Ohm", "s"],
  positive: [true, true],
  reference: "impedance.py elements.G; Lu, Kreller & Adler, J. Electrochem. Soc. 156, B513 (2009), doi:10.1149/1.3079337",
  evaluate(omega, p, withGradient) {
    const r = at(p, 0);
    const t = at(p, 1);
    const w = complex(1, omega * t);
    const s = csqrt(w);
    const inv = cinv(s);
    const z = cscale(inv, r);
    if (!withGradient) return { z };
    // dZ/dt = -Z j omega / (2 (1 + j omega t))
    const dt = cscale(cdiv(cmul(z, complex(0, omega)), w), -0.5);
    return { z, gradient: [inv, dt] };
  },
};

/** Finite-length Gerischer element. */
const Gs: CircuitElementDefinition = {
  symbol: "Gs",
  description: "finite-length Gerischer element",
  formula: "Z = R_G / (sqrt(1 + j omega t_G) tanh(phi sqrt(1 + j omega t_G)))",
  parameterNames: ["R", "tau", "phi"],
  parameterUnits: ["Ohm", "s", ""],
  positive: [true, true, true],
  reference: "impedance.py elements.Gs; Green, Liu & Adler, Solid State Ionics 179, 647 (2008), doi:10.1016/j.ssi.2008.04.024",
  evaluate(omega, p, withGradient) {
    const r = at(p, 0);
    const t = at(p, 1);
    const phi = at(p, 2);
    const s = csqrt(complex(1, omega * t));
    const ps = cscale(s, phi);
    const coth = ccoth(ps);
    const h = cdiv(coth, s); // 1 / (s tanh(phi s))
    const z = cscale(h, r);
    if (!withGradient) return { z };
    const csch = ccsch(ps);
    const csch2 = cmul(csch, csch);
    // dh/ds = -coth/s^2 - phi csch^2 / s ; ds/dt = j omega / (2 s)
    const dhds = cadd(cscale(cdiv(coth, cmul(s, s)), -1), cscale(cdiv(csch2, s), -phi));
    const dsdt = cdiv(complex(0, omega / 2), s);
    return { z, gradient: [h, cscale(cmul(dhds, dsdt), r), cscale(csch2, -r)] };
  },
};

/** One RC element R / (1 + j omega tau), as used by Lin-KK. */
const K: CircuitElementDefinition = {
  symbol: "K",
  description: "RC element parameterised by its time constant (Lin-KK building block)",
  formula: "Z = R / (1 + j omega tau)",
  parameterNames: ["R", "tau"],
  parameterUnits: ["Ohm", "s"],
  positive: [false, true],
  reference: "impedance.py elements.K; Schoenleber et al., Electrochim. Acta 131, 20 (2014), doi:10.1016/j.electacta.2014.01.034",
  evaluate(omega, p, withGradient) {
    const r = at(p, 0);
    const tau = at(p, 1);
    const d = complex(1, omega * tau);
    const inv = cinv(d);
    const z = cscale(inv, r);
    if (!withGradient) return { z };
    // dZ/dtau = -R j omega / (1 + j omega tau)^2
    return { z, gradient: [inv, cscale(cmul(cmul(inv, inv), complex(0, omega)), -r)] };
  },
};

/**
 * Blocking transmission line with a CPE interface (simplified transmission line model,
 * Landesfeind et al. 2016 eq. 11, as implemented by impedance.py `TLMQ`).
 */
const TLMQ: CircuitElementDefinition = {
  symbol: "TLMQ",
  description: "blocking porous electrode: transmission line, ionic resistance R_ion, CPE interface (Q, alpha)",
  formula:
    "Z = sqrt(R_ion Z_Q) coth(sqrt(R_ion / Z_Q)), Z_Q = 1 / (Q (j omega)^alpha); " +
    "equivalently Z = R_ion coth(u) / u with u = sqrt(R_ion Q (j omega)^alpha). " +
    "Low-frequency real-axis limit R_ion / 3 (for alpha = 1)",
  parameterNames: ["Rion", "Q", "alpha"],
  parameterUnits: ["Ohm", "F s^(alpha-1)", ""],
  positive: [true, true, true],
  reference:
    "Landesfeind et al., J. Electrochem. Soc. 163, A1373 (2016), eq. 11, doi:10.1149/2.1141607jes; impedance.py elements.TLMQ",
  evaluate(omega, p, withGradient) {
    const rion = at(p, 0);
    const q = at(p, 1);
    const alpha = at(p, 2);
    const jw = jOmegaPower(omega, alpha);
    const u = csqrt(cscale(jw, rion * q));
    const { f, g } = cothOverU(u, withGradient);
    const z = cscale(f, rion);
    if (!withGradient) return { z };
    // Z = R F(w), w = R Q (j omega)^alpha, G = w dF/dw:
    // dZ/dR = F + G ; dZ/dQ = R G / Q ; dZ/dalpha = R G ln(j omega)
    return { z, gradient: [cadd(f, g), cscale(g, rion / q), cscale(cmul(g, logJOmega(omega)), rion)] };
  },
};

/**
 * Non-blocking transmission line: ionic rail R_ion, interface = charge-transfer resistance
 * R_ct in parallel with a CPE (de Levie line; Bisquert's general form with a reflective
 * boundary at the current collector).
 */
const TLMRQ: CircuitElementDefinition = {
  symbol: "TLMRQ",
  description: "non-blocking porous electrode: transmission line with interface R_ct || CPE (Q, alpha)",
  formula:
    "Z = sqrt(R_ion Z_int) coth(sqrt(R_ion / Z_int)), 1 / Z_int = 1 / R_ct + Q (j omega)^alpha; " +
    "low-frequency limit sqrt(R_ion R_ct) coth(sqrt(R_ion / R_ct))",
  parameterNames: ["Rion", "Rct", "Q", "alpha"],
  parameterUnits: ["Ohm", "Ohm", "F s^(alpha-1)", ""],
  positive: [true, true, true, true],
  reference:
    "de Levie, Electrochim. Acta 8, 751 (1963), doi:10.1016/0013-4686(63)80042-0; Bisquert, Phys. Chem. Chem. Phys. 2, 4185 (2000), doi:10.1039/B001708F (operando addition, not in impedance.py)",
  evaluate(omega, p, withGradient) {
    const rion = at(p, 0);
    const rct = at(p, 1);
    const q = at(p, 2);
    const alpha = at(p, 3);
    const jw = jOmegaPower(omega, alpha);
    const y = cadd(complex(1 / rct, 0), cscale(jw, q));
    const u = csqrt(cscale(y, rion));
    const { f, g } = cothOverU(u, withGradient);
    const z = cscale(f, rion);
    if (!withGradient) return { z };
    // w = R Y ; dZ/dY = R dF/dw R = R G / Y
    const dzdy = cscale(cdiv(g, y), rion);
    return {
      z,
      gradient: [
        cadd(f, g),
        cscale(dzdy, -1 / (rct * rct)),
        cmul(dzdy, jw),
        cmul(dzdy, cscale(cmul(jw, logJOmega(omega)), q)),
      ],
    };
  },
};

/** Macrohomogeneous porous electrode of Paasch, Micka & Gersdorf (impedance.py `T`). */
const T: CircuitElementDefinition = {
  symbol: "T",
  description: "macrohomogeneous porous electrode with charge transfer (Paasch et al. 1993)",
  formula:
    "Z = A coth(beta) / beta + B / (beta sinh(beta)), beta = sqrt(a + j omega b); " +
    "A = d (rho1^2 + rho2^2) / (rho1 + rho2), B = d 2 rho1 rho2 / (rho1 + rho2), a = k d^2 / K, b = d^2 / K",
  parameterNames: ["A", "B", "a", "b"],
  parameterUnits: ["Ohm", "Ohm", "", "s"],
  positive: [true, false, true, true],
  reference: "Paasch, Micka & Gersdorf, Electrochim. Acta 38, 2653 (1993), doi:10.1016/0013-4686(93)85083-B; impedance.py elements.T",
  evaluate(omega, p, withGradient) {
    const a0 = at(p, 0);
    const b0 = at(p, 1);
    const a = at(p, 2);
    const b = at(p, 3);
    const beta = csqrt(complex(a, omega * b));
    const coth = ccoth(beta);
    const csch = ccsch(beta);
    const f1 = cdiv(coth, beta);
    const f2 = cdiv(csch, beta);
    const z = cadd(cscale(f1, a0), cscale(f2, b0));
    if (!withGradient) return { z };
    const beta2 = cmul(beta, beta);
    // d/dbeta [coth/beta] = -coth/beta^2 - csch^2/beta ; d/dbeta [csch/beta] = -csch coth/beta - csch/beta^2
    const df1 = cadd(cscale(cdiv(coth, beta2), -1), cscale(cdiv(cmul(csch, csch), beta), -1));
    const df2 = cadd(cscale(cdiv(cmul(csch, coth), beta), -1), cscale(cdiv(csch, beta2), -1));
    const dzdbeta = cadd(cscale(df1, a0), cscale(df2, b0));
    const dbda = cdiv(complex(0.5, 0), beta);
    const dbdb = cdiv(complex(0, omega / 2), beta);
    return { z, gradient: [f1, f2, cmul(dzdbeta, dbda), cmul(dzdbeta, dbdb)] };
  },
};

/**
 * Every element type a circuit string may use, by symbol.
 *
 * | symbol | parameters (units) | Z |
 * |---|---|---|
 * | R | R (Ohm) | R |
 * | C | C (F) | 1/(j w C) |
 * | L | L (H) | j w L |
 * | CPE | Q (Ohm^-1 s^alpha), alpha | 1/(Q (j w)^alpha) |
 * | W | Aw (Ohm s^-1/2) | Aw (1-j)/sqrt(w) |
 * | Wo | Z0 (Ohm), tau (s) | Z0 coth(sqrt(j w tau))/sqrt(j w tau) |
 * | Ws | Z0 (Ohm), tau (s) | Z0 tanh(sqrt(j w tau))/sqrt(j w tau) |
 * | G | R (Ohm), tau (s) | R/sqrt(1 + j w tau) |
 * | Gs | R (Ohm), tau (s), phi | R/(sqrt(1+j w tau) tanh(phi sqrt(1+j w tau))) |
 * | K | R (Ohm), tau (s) | R/(1 + j w tau) |
 * | TLMQ | Rion (Ohm), Q (F s^(alpha-1)), alpha | sqrt(Rion Z_Q) coth(sqrt(Rion/Z_Q)), Z_Q = 1/(Q (j w)^alpha) |
 * | TLMRQ | Rion, Rct (Ohm), Q, alpha | same with 1/Z_int = 1/Rct + Q (j w)^alpha |
 * | T | A, B (Ohm), a, b (s) | A coth(beta)/beta + B/(beta sinh beta), beta = sqrt(a + j w b) |
 */
export const CIRCUIT_ELEMENTS: Readonly<Record<string, CircuitElementDefinition>> = Object.freeze({
  R,
  C,
  L,
  CPE,
  W,
  Wo,
  Ws,
  G,
  Gs,
  K,
  TLMQ,
  TLMRQ,
  T,
});
