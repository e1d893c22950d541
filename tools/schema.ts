/**
 * `npm run schema`: writes `schema.json`, the provider plugin's package schema, from the kinds (the plugin
 * serves the same from GetSchema). The SDKs are generated from it (`npm run sdk`, tools/sdkgen).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaFile } from "../provider/plugin/schema";

const path = join(__dirname, "..", "schema.json");
writeFileSync(path, schemaFile());
console.error(`wrote ${path}`);
