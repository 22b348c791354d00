// Loads an ES module from a tslab notebook. tslab runs cells as CommonJS (require), and
// require() cannot load an ES module graph with top-level await - @operando/plot pulls in vega,
// whose vega-canvas does `await import("canvas")` at top level (ERR_REQUIRE_ASYNC_MODULE).
// Dynamic import() does not work inside tslab's vm-compiled cells either
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), but it does in this file, loaded from disk.
// Usage in a cell:
//   const esmImport = require("./esm-import.cjs") as (specifier: string) => Promise<unknown>;
//   const { display, xyLineSpec } = (await esmImport("@operando/plot")) as typeof import("@operando/plot");
module.exports = (specifier) => import(specifier);
