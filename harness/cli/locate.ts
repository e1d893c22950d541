import { findPulumiCli } from "./pulumiCli";

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
