import { fileURLToPath } from "node:url";

/** Shared StRD files (read-only data directory) and the fixture copied from lmfit-py. */
export const NIST_FILES: Record<string, string> = {
  Chwirut2: fileURLToPath(new URL("../../../../../shared/data/nist-strd/Chwirut2.dat", import.meta.url)),
  Gauss1: fileURLToPath(new URL("../../../../../shared/data/nist-strd/Gauss1.dat", import.meta.url)),
  Gauss2: fileURLToPath(new URL("../../../../../shared/data/nist-strd/Gauss2.dat", import.meta.url)),
  Lanczos2: fileURLToPath(new URL("../../../../../shared/data/nist-strd/Lanczos2.dat", import.meta.url)),
  MGH09: fileURLToPath(new URL("../../../../../shared/data/nist-strd/MGH09.dat", import.meta.url)),
  Misra1a: fileURLToPath(new URL("../../../../../shared/data/nist-strd/Misra1a.dat", import.meta.url)),
  Thurber: fileURLToPath(new URL("../../../../../shared/data/nist-strd/Thurber.dat", import.meta.url)),
  Roszman1: fileURLToPath(new URL("../fixtures/nist-strd/Roszman1.dat", import.meta.url)),
  MGH10: fileURLToPath(new URL("../fixtures/nist-strd/MGH10.dat", import.meta.url)),
  Misra1b: fileURLToPath(new URL("../fixtures/nist-strd/Misra1b.dat", import.meta.url)),
  Misra1c: fileURLToPath(new URL("../fixtures/nist-strd/Misra1c.dat", import.meta.url)),
  Misra1d: fileURLToPath(new URL("../fixtures/nist-strd/Misra1d.dat", import.meta.url)),
  Lanczos1: fileURLToPath(new URL("../fixtures/nist-strd/Lanczos1.dat", import.meta.url)),
  Lanczos3: fileURLToPath(new URL("../fixtures/nist-strd/Lanczos3.dat", import.meta.url)),
};
