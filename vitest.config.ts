import { defineConfig } from "vitest/config";

// Packages resolve to their TypeScript sources through the "source" export condition,
// so tests never need a build step.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.verify.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
