/**
 * The operando release every package belongs to (all packages are versioned together);
 * recorded in the provenance of every file operando writes. A test keeps it equal to the
 * version in packages/core/package.json.
 */
export const OPERANDO_VERSION = "0.1.0";
