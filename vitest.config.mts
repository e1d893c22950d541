import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Engine-level tests start the real plugin and an emulator per file; two cores is all CI has.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "core",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/cli/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The Pulumi CLI tests start a CLI, an engine and a plugin per command, several stacks at once:
        // they run after the rest, so that the time-budgeted soak never shares the cores with them.
        extends: true,
        test: { name: "cli", include: ["test/cli/**/*.test.ts"], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
