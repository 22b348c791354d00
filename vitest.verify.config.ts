import { defineConfig } from "vitest/config";

// Long checks (cross-checks against reference tools, convergence studies, many-seed
// statistics) live in *.verify.test.ts and run with `npm run verify`, not `npm test`.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.verify.test.ts", "scripts/**/*.verify.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
  },
});
