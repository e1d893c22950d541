// The tests StrykerJS runs against each mutant (stryker.config.mjs): the in-process unit tests, with the
// model tests at a smaller budget (MODEL_HISTORIES).
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    exclude: [...configDefaults.exclude],
    env: { MODEL_HISTORIES: "3" },
    testTimeout: 60_000,
  },
});
