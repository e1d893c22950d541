/**
 * examples/python-backend-servers through the real Pulumi CLI (languageScenario.ts): the example's
 * `program()` served inline by the `pulumi` package's Automation API from a Python process, with the
 * generated SDK installed by pip from sdk/python.
 */
import { join } from "node:path";
import { pythonForTests } from "../../harness/cli";
import { installPythonSdk } from "../../harness/cli/python";
import { REPO_ROOT } from "../../harness/project";
import { describeLanguage } from "./languageScenario";

const python = pythonForTests();

describeLanguage({
  title: "examples/python-backend-servers",
  runtime: "python",
  project: "python-backend-servers",
  available: python !== undefined,
  async prepare() {
    const sdk = await installPythonSdk(python!, (line) => console.error(line));
    return {
      runner: {
        command: [
          python!,
          join(REPO_ROOT, "test", "cli", "python", "run.py"),
          join(REPO_ROOT, "examples", "python-backend-servers", "__main__.py"),
        ],
        env: { PYTHONPATH: sdk },
      },
    };
  },
});
