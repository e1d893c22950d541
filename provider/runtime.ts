/**
 * The entry point the stored provider text requires at run time (`pulumi-backend-servers/runtime`).
 *
 * Its contract, `configure(config)` and `dispatch(kind, method, args)`, is what every release's stored
 * provider text calls: keep both signatures stable. It does not load `@pulumi/pulumi`, so the plugin
 * starts fast.
 */
import { ensKind } from "./clouds/alicloud/ens/kind";
import { slbKind } from "./clouds/alicloud/slb/kind";
import { elbKind } from "./clouds/huaweicloud/elb/kind";
import type { AttachmentKind } from "./runtime/attachmentKind";
import { AttachmentProvider } from "./runtime/attachmentProvider";
import { Coordination } from "./runtime/coordination";
import { processSettings, setStackConfig } from "./runtime/settings";

const kinds: Record<string, AttachmentKind<any>> = {
  "alicloud.slb": slbKind,
  "alicloud.ens": ensKind,
  "huaweicloud.elb": elbKind,
};

const providers = new Map<string, AttachmentProvider<unknown>>();
// The plugin process serves one command: every resource of it, whatever its type, shares these claims.
const coordination = new Coordination();

function providerFor(kind: string): AttachmentProvider<unknown> {
  let provider = providers.get(kind);
  if (!provider) {
    const spec = kinds[kind];
    if (!spec) {
      throw new Error(
        `pulumi-backend-servers has no resource kind "${kind}": the installed package is older than the state`,
      );
    }
    provider = new AttachmentProvider(spec, {
      settings: processSettings,
      log: (line) => console.error(line),
      coordination,
    });
    providers.set(kind, provider);
  }
  return provider;
}

const METHODS = new Set(["check", "diff", "create", "update", "delete", "read"]);

/** Called by the engine once per provider text with the whole stack config (secrets unwrapped). */
export function configure(config: { get(key: string): unknown } | undefined): void {
  setStackConfig(config);
}

export async function dispatch(kind: string, method: string, args: unknown[]): Promise<unknown> {
  if (!METHODS.has(method)) throw new Error(`pulumi-backend-servers: unknown provider method "${method}"`);
  const provider = providerFor(kind) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return provider[method](...args);
}
