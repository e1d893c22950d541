import { findGo, findPulumiCli, YAML_HOST_VERSION, yamlHostBuilt } from "./pulumiCli";
import { findPython } from "./python";

/**
 * Set (to 1) where a Pulumi CLI must be present, as `.ci/run` does: a missing CLI then fails the CLI tests
 * instead of leaving them out.
 */
export const REQUIRE_CLI = "BACKEND_SERVERS_REQUIRE_PULUMI_CLI";

/**
 * The Pulumi CLI the tests run (see findPulumiCli), never building one: a build takes minutes, which is
 * `npm run pulumi-cli`'s job. Undefined when there is none and none is required.
 */
export function pulumiCliForTests(): string | undefined {
  const cli = findPulumiCli();
  if (cli === undefined && process.env[REQUIRE_CLI] === "1")
    throw new Error(`${REQUIRE_CLI}=1 but no Pulumi CLI was found: run \`npm run -s pulumi-cli\` first`);
  if (cli === undefined)
    console.warn(
      "No Pulumi CLI found: the CLI tests are skipped. `npm run -s pulumi-cli` builds one (README).",
    );
  return cli;
}

/** A tool the tests of one language need: present, else a failure when required, else a skip. */
function required<T>(found: T | undefined, what: string, how: string): T | undefined {
  if (found === undefined && process.env[REQUIRE_CLI] === "1")
    throw new Error(`${REQUIRE_CLI}=1 but ${what} was not found: ${how}`);
  if (found === undefined) console.warn(`No ${what}: its CLI tests are skipped. ${how}.`);
  return found;
}

/** The YAML language host beside the cached CLI (built by `npm run -s pulumi-cli`). */
export function yamlHostForTests(): true | undefined {
  return required(
    yamlHostBuilt() ? true : undefined,
    `the Pulumi YAML language host ${YAML_HOST_VERSION}`,
    "run `npm run -s pulumi-cli`, which builds it beside the CLI (needs Go)",
  );
}

/** The Python of the venv with the `pulumi` package (made by `npm run -s pulumi-cli`). */
export function pythonForTests(): string | undefined {
  return required(
    findPython(),
    "the Python virtual environment with the pulumi package",
    "run `npm run -s pulumi-cli`, which makes it (needs python3 and PyPI)",
  );
}

/** Go, which builds the Go programs and the generated Go SDK. */
export function goForTests(): string | undefined {
  return required(findGo(), "Go", "install Go 1.25.11 or newer (the one that builds the Pulumi CLI)");
}
