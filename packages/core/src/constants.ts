/**
 * Physical constants used across operando, each with its source.
 *
 * @packageDocumentation
 */

/**
 * h c in keV Angstrom: E[keV] * lambda[A] = HC_KEV_ANGSTROM.
 *
 * Exact in the 2019 SI (h and c are defined): h c = 1.239 841 984... e-6 eV m.
 * @see CODATA 2018, https://physics.nist.gov/cgi-bin/cuu/Value?hcev (doi:10.1103/RevModPhys.93.025010)
 */
export const HC_KEV_ANGSTROM = 12.398419843320026;

/**
 * Faraday constant in C/mol (exact in the 2019 SI: N_A e).
 * @see CODATA 2018, https://physics.nist.gov/cgi-bin/cuu/Value?f
 */
export const FARADAY_C_PER_MOL = 96485.33212331001;

/**
 * Molar gas constant in J/(mol K) (exact in the 2019 SI: N_A k).
 * @see CODATA 2018, https://physics.nist.gov/cgi-bin/cuu/Value?r
 */
export const GAS_CONSTANT_J_PER_MOL_K = 8.31446261815324;

/**
 * Conversion from FWHM to Gaussian standard deviation: FWHM = 2 sqrt(2 ln 2) sigma.
 * (Mathematical identity.)
 */
export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
