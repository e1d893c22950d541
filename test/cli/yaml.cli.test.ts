// examples/yaml-backend-servers through the real Pulumi CLI and the YAML language host (languageScenario.ts).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { yamlHostForTests } from "../../harness/cli";
import { REPO_ROOT } from "../../harness/project";
import { describeLanguage } from "./languageScenario";

/** The example's program: its Pulumi.yaml from `config:` on (the test writes the project's own lines). */
async function exampleProgram(): Promise<string> {
  const text = await readFile(join(REPO_ROOT, "examples", "yaml-backend-servers", "Pulumi.yaml"), "utf8");
  return text.slice(text.indexOf("\nconfig:\n") + 1);
}

describeLanguage({
  title: "examples/yaml-backend-servers",
  runtime: "yaml",
  project: "yaml-backend-servers",
  available: yamlHostForTests() === true,
  prepare: async () => ({ program: await exampleProgram() }),
});
