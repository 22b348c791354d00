// Worker entry used only when @operando/fit runs from its TypeScript sources (tsx, vitest):
// registers tsx's ESM loader in this worker thread, then loads the TypeScript task module.
// After a build, dist/fitWorker.js is used directly and this file is not involved.
import { register } from "tsx/esm/api";

register();
const mod = await import(new URL("../fitWorker.ts", import.meta.url).href);
export default mod.default;
