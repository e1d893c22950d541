// Mutation testing of the reconcile core (`npm run mutation`): StrykerJS changes one line of
// provider/core or provider/reconcile at a time and runs the tests that cover it, which must fail. Too slow
// for every CI run. It runs the in-process unit tests only (stryker.vitest.config.mts): the engine, CLI and
// soak suites start the plugin from dist/, which a mutant of the sources never reaches, and the integration
// suite spends its time waiting on rate windows. The model tests run with fewer histories.
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "stryker.vitest.config.mts" },
  mutate: ["provider/core/**/*.ts", "provider/reconcile/**/*.ts"],
  coverageAnalysis: "perTest",
  // Mutants inside module-level constants would need the whole suite each: they are left out.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
};
