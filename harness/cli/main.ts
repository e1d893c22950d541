/**
 * `npm run -s pulumi-cli`: prints the absolute path of a working Pulumi CLI (the one the CLI tests and the
 * demo use), building it from source into the cache on first use, with what the tests of the other
 * languages run on beside it: the YAML language host (built with Go) and a Python virtual environment
 * with the `pulumi` package (from PyPI). Build progress goes to stderr.
 */
import { buildPulumiCli, buildYamlHost } from "./buildPulumiCli";
import { findPulumiCli } from "./pulumiCli";
import { buildPythonVenv } from "./python";

async function main(): Promise<void> {
  const log = (line: string) => console.error(line);
  const cli = findPulumiCli() ?? (await buildPulumiCli(log));
  await buildYamlHost(log);
  await buildPythonVenv(log);
  console.log(cli);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
