// Paths of the shared real data and the repo fixtures, resolved from this folder.
import { fileURLToPath } from "node:url";

/** A file under ../shared/data/real (third-party measured data, see its PROVENANCE.md). */
export const real = (relative: string): string => fileURLToPath(new URL(`../../../../shared/data/real/${relative}`, import.meta.url));

/** A file under fixtures/ at the repo root (see fixtures/PROVENANCE.md). */
export const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url));
