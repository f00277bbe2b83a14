import { defineConfig } from "vitest/config";

// One suite, three layers (unit, emulator contract, engine e2e): see README "Tests".
// E2E files spawn the Pulumi engine; two workers fit the 2-core machines we run on.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    // An e2e test runs several `pulumi` commands (each a few seconds of engine start-up on 2 cores).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: process.env.VITEST_JSON_OUTPUT
      ? ["default", ["json", { outputFile: process.env.VITEST_JSON_OUTPUT }]]
      : ["default"],
  },
});
