/**
 * Small complex-number kernel for impedance work. Values are plain `{ re, im }` records;
 * every function returns a new record and never mutates its arguments.
 *
 * Branches: `csqrt` is the principal square root (Re >= 0), `clog` the principal logarithm
 * (arg in (-pi, pi]). `ctanh`/`ccoth` use the exp(-2|Re z|) form so that large arguments do
 * not overflow (tanh z -> +-1).
 *
 * @packageDocumentation
 */

/** A complex number re + j im. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** Builds re + j im. */
export function complex(re: number, im = 0): Complex {
  return { re, im };
}

/** a + b */
export function cadd(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

/** a - b */
export function csub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

/** a * b */
export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** s * a for real s */
export function cscale(a: Complex, s: number): Complex {
  return { re: a.re * s, im: a.im * s };
}

/** a / b (Smith's algorithm, avoids overflow in |b|^2). */
export function cdiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

/** 1 / a */
export function cinv(a: Complex): Complex {
  return cdiv({ re: 1, im: 0 }, a);
}

/** |a| */
export function cabs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/** Principal square root (Re >= 0). */
export function csqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return { re: 0, im: 0 };
  const m = cabs(a);
  if (a.re >= 0) {
    const t = Math.sqrt(0.5 * (m + a.re));
    return { re: t, im: a.im / (2 * t) };
  }
  const t = Math.sqrt(0.5 * (m - a.re));
  return { re: Math.abs(a.im) / (2 * t), im: a.im >= 0 ? t : -t };
}

/** Principal natural logarithm. */
export function clog(a: Complex): Complex {
  return { re: Math.log(cabs(a)), im: Math.atan2(a.im, a.re) };
}

/** e^a */
export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}

/**
 * (j omega)^alpha for omega > 0: omega^alpha (cos(pi alpha / 2) + j sin(pi alpha / 2)).
 * Exact polar form, no complex log round trip.
 */
export function jOmegaPower(omega: number, alpha: number): Complex {
  const m = Math.pow(omega, alpha);
  const phase = (Math.PI * alpha) / 2;
  return { re: m * Math.cos(phase), im: m * Math.sin(phase) };
}

/** ln(j omega) = ln(omega) + j pi/2 for omega > 0. */
export function logJOmega(omega: number): Complex {
  return { re: Math.log(omega), im: Math.PI / 2 };
}

/**
 * e^a - 1 without cancellation for small |a|:
 * expm1(x) cos y - 2 sin^2(y/2) + j e^x sin y.
 */
export function cexpm1(a: Complex): Complex {
  const s = Math.sin(a.im / 2);
  return { re: Math.expm1(a.re) * Math.cos(a.im) - 2 * s * s, im: Math.exp(a.re) * Math.sin(a.im) };
}

/**
 * tanh z = -expm1(-2z) / (2 + expm1(-2z)) with z reflected to Re z >= 0 (tanh is odd), which
 * stays finite for any |Re z| and keeps full relative accuracy for small |z|.
 */
export function ctanh(z: Complex): Complex {
  if (z.re < 0) {
    const t = ctanh({ re: -z.re, im: -z.im });
    return { re: -t.re, im: -t.im };
  }
  const m = cexpm1({ re: -2 * z.re, im: -2 * z.im });
  return cdiv({ re: -m.re, im: -m.im }, { re: 2 + m.re, im: m.im });
}

/** coth z = 1 / tanh z (same overflow-free, small-argument-accurate form). */
export function ccoth(z: Complex): Complex {
  if (z.re < 0) {
    const t = ccoth({ re: -z.re, im: -z.im });
    return { re: -t.re, im: -t.im };
  }
  const m = cexpm1({ re: -2 * z.re, im: -2 * z.im });
  return cdiv({ re: 2 + m.re, im: m.im }, { re: -m.re, im: -m.im });
}

/**
 * csch z = 1 / sinh z = 2 e^{-z} / (1 - e^{-2z}) for Re z >= 0 (odd function otherwise);
 * tends to 0 without overflow for large Re z.
 */
export function ccsch(z: Complex): Complex {
  if (z.re < 0) {
    const t = ccsch({ re: -z.re, im: -z.im });
    return { re: -t.re, im: -t.im };
  }
  const e1 = cexp({ re: -z.re, im: -z.im });
  const m = cexpm1({ re: -2 * z.re, im: -2 * z.im });
  return cdiv(cscale(e1, 2), { re: -m.re, im: -m.im });
}
