/**
 * `npm run -s pulumi-cli`: prints the absolute path of a working Pulumi CLI (the one the CLI tests and the
 * demo use), building it from source into the cache on first use. Build progress goes to stderr.
 */
import { buildPulumiCli } from "./buildPulumiCli";
import { findPulumiCli } from "./pulumiCli";

async function main(): Promise<void> {
  const cli = findPulumiCli() ?? (await buildPulumiCli((line) => console.error(line)));
  console.log(cli);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
