/**
 * `npm run -s pulumi-cli`: prints the absolute path of a working Pulumi CLI (the one the CLI tests and the
 * demo use), building it from source into the cache on first use, with what the tests of the other
 * languages run on beside it: the YAML language host (built with Go) and a Python virtual environment
 * with the `pulumi` package (from PyPI). Build progress goes to stderr.
 */
import { buildPulumiCli, buildYamlHost } from "./buildPulumiCli";
import { REQUIRE_CLI } from "./locate";
import { findPulumiCli } from "./pulumiCli";
import { buildPythonVenv } from "./python";

async function main(): Promise<void> {
  const log = (line: string) => console.error(line);
  const cli = findPulumiCli() ?? (await buildPulumiCli(log));
  // The other languages' tools: required where the CLI tests are (CI), else their tests are skipped.
  for (const [what, build] of [
    ["the YAML language host", buildYamlHost],
    ["the Python virtual environment", buildPythonVenv],
  ] as const) {
    await build(log).catch((error: unknown) => {
      if (process.env[REQUIRE_CLI] === "1") throw error;
      log(
        `${what} could not be made, its CLI tests will be skipped: ${error instanceof Error ? error.message : error}`,
      );
    });
  }
  console.log(cli);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
