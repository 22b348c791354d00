/**
 * Pseudo-Voigt peak profile integrated exactly over bins: the cumulative distribution of
 * eta L + (1 - eta) G with unit area, L Lorentzian and G Gaussian of the same FWHM H:
 * C(x) = eta (1/2 + atan(2 (x - x0) / H) / pi) + (1 - eta) (1 + erf((x - x0) / (sigma sqrt 2))) / 2,
 * sigma = H / (2 sqrt(2 ln 2)).
 * @internal
 */
import { FWHM_PER_SIGMA } from "@operando/core";
import { erf } from "./erf.js";

/** A peak to deposit: centre, FWHM, Lorentzian fraction and integrated area (all in axis units). */
export interface PeakShape {
  center: number;
  fwhm: number;
  eta: number;
  area: number;
}

/**
 * Adds the bin integrals of each peak to `out`: out[i] += area * (C(edges[i+1]) - C(edges[i])).
 * Bin edges must be strictly increasing; `edges.length = out.length + 1`.
 */
export function depositPeaks(peaks: readonly PeakShape[], edges: Float64Array, out: Float64Array): void {
  const n = out.length;
  const cdf = new Float64Array(n + 1);
  for (const p of peaks) {
    if (!(p.area > 0)) continue;
    const sigma = p.fwhm / FWHM_PER_SIGMA;
    const gaussReach = 12 * sigma; // erf saturates to 1 within 1e-30 beyond 8.5 sigma
    const half = p.fwhm / 2;
    for (let i = 0; i <= n; i++) {
      const dx = edges[i]! - p.center;
      let g: number;
      if (dx < -gaussReach) g = 0;
      else if (dx > gaussReach) g = 1;
      else g = 0.5 * (1 + erf(dx / (sigma * Math.SQRT2)));
      const l = p.eta > 0 ? 0.5 + Math.atan(dx / half) / Math.PI : 0;
      cdf[i] = p.eta * l + (1 - p.eta) * g;
    }
    for (let i = 0; i < n; i++) out[i] = out[i]! + p.area * (cdf[i + 1]! - cdf[i]!);
  }
}

/**
 * Thompson-Cox-Hastings pseudo-Voigt (Thompson, Cox & Hastings 1987, J. Appl. Cryst. 20, 79,
 * doi:10.1107/S0021889887087090): total FWHM and mixing from Gaussian and Lorentzian FWHMs.
 * H^5 = HG^5 + 2.69269 HG^4 HL + 2.42843 HG^3 HL^2 + 4.47163 HG^2 HL^3 + 0.07842 HG HL^4 + HL^5;
 * eta = 1.36603 q - 0.47719 q^2 + 0.11116 q^3, q = HL / H.
 */
export function thompsonCoxHastings(fwhmGauss: number, fwhmLorentz: number): { fwhm: number; eta: number } {
  const g = fwhmGauss;
  const l = fwhmLorentz;
  const h5 = g ** 5 + 2.69269 * g ** 4 * l + 2.42843 * g ** 3 * l ** 2 + 4.47163 * g ** 2 * l ** 3 + 0.07842 * g * l ** 4 + l ** 5;
  const fwhm = h5 ** 0.2;
  const q = fwhm > 0 ? l / fwhm : 0;
  return { fwhm, eta: Math.min(1, Math.max(0, 1.36603 * q - 0.47719 * q * q + 0.11116 * q ** 3)) };
}
