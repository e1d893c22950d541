/**
 * The id `pulumi import` and the `import` resource option take:
 *
 * - `<target>/<member key>[,<member key>...]`: shared mode, only the named members are adopted (the others
 *   stay unmanaged, as they were);
 * - `<target>/*`: exclusive mode, the whole group is adopted and the resource owns it.
 *
 * `<target>` is the load balancer or pool id (the kind's first field); member keys are written as the
 * resource keys its members (`ecs:i-...`, `eni:eni-...@10.0.0.5`, `192.168.0.48:8080`). The region (and
 * Huawei's project) come from the provider's configuration.
 */
import type { AttachmentSchema } from "../core/schema";
import type { Props } from "./wire";

export interface ImportRequest {
  /** The inputs naming the target: its id, and `exclusive`. */
  inputs: Props;
  /** The members to adopt; undefined: all of them (exclusive). */
  keys: string[] | undefined;
}

export function parseImportId(schema: AttachmentSchema<unknown>, id: string, example: string): ImportRequest {
  const target = schema.fields[0].name;
  const slash = id.indexOf("/");
  const fail = (why: string) =>
    new Error(
      `import id ${JSON.stringify(id)} is not allowed: ${why}; use <${target}>/<member key>[,<member key>...] to adopt ` +
        `those members, or <${target}>/* to adopt the whole group exclusively (e.g. ${example})`,
    );
  if (slash <= 0) throw fail(`it names no ${target}`);
  const rest = id.slice(slash + 1);
  const inputs: Props = { [target]: id.slice(0, slash) };
  if (rest === "*") return { inputs: { ...inputs, exclusive: true }, keys: undefined };
  const keys = rest.split(",").map((key) => key.trim());
  if (keys.some((key) => key === "")) throw fail("it names no member, or an empty one");
  return { inputs: { ...inputs, exclusive: false }, keys: [...new Set(keys)] };
}
