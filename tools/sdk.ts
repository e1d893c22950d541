/**
 * `npm run sdk`: writes the Python and Go SDKs (sdk/python, sdk/go) from schema.json with the Go program in
 * tools/sdkgen, which calls the code generators of github.com/pulumi/pulumi/pkg/v3 at the CLI's version.
 * `npm run schema` first, so that the SDKs follow the kinds. Needs Go (the one that builds the CLI).
 */
import { join } from "node:path";
import { findGo } from "../harness/cli/pulumiCli";
import { runLogged } from "../harness/cli/buildPulumiCli";

const root = join(__dirname, "..");
const go = findGo();
if (go === undefined) {
  console.error("npm run sdk needs Go on PATH or in /usr/local/go/bin (the Go that builds the Pulumi CLI)");
  process.exit(1);
}
runLogged(
  go,
  ["run", ".", join(root, "schema.json"), join(root, "sdk")],
  join(root, "tools", "sdkgen"),
  (line) => console.error(line),
).then(
  () => console.error(`wrote ${join(root, "sdk", "python")} and ${join(root, "sdk", "go")}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
