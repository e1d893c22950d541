/**
 * A Go program on the generated Go SDK (test/cli/go, sdk/go) through the real Pulumi CLI
 * (languageScenario.ts): served inline by the Go Automation API from its own process.
 */
import { goForTests } from "../../harness/cli";
import { buildGoProgram } from "../../harness/cli/golang";
import { describeLanguage } from "./languageScenario";

const go = goForTests();

describeLanguage({
  title: "a Go program",
  runtime: "go",
  project: "go-backend-servers",
  available: go !== undefined,
  prepare: async () => ({
    runner: { command: [await buildGoProgram(go!, "test/cli/go", (line) => console.error(line))] },
  }),
});
