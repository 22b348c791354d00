// Crank, "The Mathematics of Diffusion", 2nd ed. (Oxford 1975): constant surface flux F0 into
// a plane sheet (eq. 2.56 form, sheet 0 < x < l with the flux at x = l and none at x = 0) and
// into a sphere of radius a (eq. 6.44 form, alpha_n a the positive roots of a alpha cot(a alpha) = 1).
// Both return (C - C0) / (F0 l / D).

/** Dimensionless slab concentration at depth x (0 = centre/no-flux face, l = flux face). */
export function crankSlab(x: number, t: number, l: number, D: number): number {
  let s = (D * t) / (l * l) + (3 * x * x - l * l) / (6 * l * l);
  for (let n = 1; n < 400; n++) {
    const term = ((2 / (Math.PI * Math.PI)) * (n % 2 === 0 ? 1 : -1) * Math.exp((-D * n * n * Math.PI * Math.PI * t) / (l * l)) * Math.cos((n * Math.PI * x) / l)) / (n * n);
    s -= term;
    if (Math.abs(term) < 1e-17) break;
  }
  return s;
}

const sphereRoots: number[] = [];
function sphereRoot(n: number): number {
  // Roots of tan(z) = z in (n pi, n pi + pi/2), n >= 1, by bisection then Newton.
  while (sphereRoots.length < n) {
    const k = sphereRoots.length + 1;
    let lo = k * Math.PI + 1e-9;
    let hi = k * Math.PI + Math.PI / 2 - 1e-9;
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (Math.tan(mid) - mid > 0) hi = mid;
      else lo = mid;
    }
    sphereRoots.push(0.5 * (lo + hi));
  }
  return sphereRoots[n - 1]!;
}

/** Dimensionless sphere concentration at radius r (> 0). */
export function crankSphere(r: number, t: number, a: number, D: number): number {
  let s = (3 * D * t) / (a * a) + (r * r) / (2 * a * a) - 0.3;
  for (let n = 1; n < 400; n++) {
    const z = sphereRoot(n); // alpha_n a
    const alpha = z / a;
    const term = ((2 * a) / r) * (Math.sin(alpha * r) / (z * z * Math.sin(z))) * Math.exp(-D * alpha * alpha * t);
    s -= term;
    if (Math.abs(term) < 1e-17) break;
  }
  return s;
}

/** Average over shell m of `shells` equal-width shells (volume weighted), 16-point Gauss-Legendre. */
export function shellAverage(geometry: "sphere" | "slab", size: number, shells: number, m: number, f: (r: number) => number): number {
  const nodes = [-0.9894009349916499, -0.9445750230732326, -0.8656312023878318, -0.755404408355003, -0.6178762444026438, -0.45801677765722737, -0.2816035507792589, -0.09501250983763744];
  const weights = [0.027152459411754096, 0.062253523938647894, 0.09515851168249279, 0.12462897125553388, 0.14959598881657673, 0.16915651939500254, 0.18260341504492358, 0.1894506104550685];
  const a = (m * size) / shells;
  const b = ((m + 1) * size) / shells;
  let num = 0;
  let den = 0;
  for (let q = 0; q < 8; q++) {
    for (const sign of [-1, 1]) {
      const r = 0.5 * (a + b) + sign * nodes[q]! * 0.5 * (b - a);
      const w = weights[q]! * (geometry === "sphere" ? r * r : 1);
      num += w * f(r);
      den += w;
    }
  }
  return num / den;
}
