/**
 * The entry point the stored provider text requires at run time (`pulumi-backend-servers/runtime`).
 *
 * Its contract, `configure(config)` and `dispatch(kind, method, args)`, is what every release's stored
 * provider text calls: keep both signatures stable. It does not load `@pulumi/pulumi`, so the plugin
 * starts fast.
 */
import { albKind } from "./clouds/alicloud/alb/kind";
import { ensKind } from "./clouds/alicloud/ens/kind";
import { nlbKind } from "./clouds/alicloud/nlb/kind";
import { slbKind, vServerKind } from "./clouds/alicloud/slb/kind";
import { elbKind } from "./clouds/huaweicloud/elb/kind";
import type { AttachmentProvider } from "./runtime/attachmentProvider";
import { PluginRun } from "./runtime/pluginRun";

/**
 * Every resource kind, by the name the stored provider text passes to `dispatch`. The provider plugin
 * (provider/plugin/) serves the same kinds, its schema and type tokens made from this map.
 */
export const KINDS = {
  "alicloud.slb": slbKind,
  "alicloud.slb.vserver": vServerKind,
  "alicloud.ens": ensKind,
  "huaweicloud.elb": elbKind,
  "alicloud.alb": albKind,
  "alicloud.nlb": nlbKind,
};

/** This process's one run: the plugin process serves one `pulumi` command. */
const run = new PluginRun(KINDS, (line) => console.error(line));

type Props = Record<string, unknown>;

/** The engine's arguments, as the stored provider text passes them, to each provider method. */
const METHODS: Record<string, (provider: AttachmentProvider<unknown>, args: unknown[]) => Promise<unknown>> =
  {
    check: (p, [olds, news]) => p.check(olds as Props, news as Props),
    diff: (p, [id, olds, news]) => p.dynamicDiff(id as string, olds as Props, news as Props),
    create: (p, [news]) => p.create(news as Props),
    update: (p, [id, olds, news]) => p.update(id as string, olds as Props, news as Props),
    delete: (p, [id, olds]) => p.delete(id as string, olds as Props),
    read: (p, [id, olds]) => p.read(id as string, olds as Props),
  };

/** Called by the engine once per provider text with the whole stack config (secrets unwrapped). */
export function configure(config: { get(key: string): unknown } | undefined): void {
  run.configure(config);
}

export async function dispatch(kind: string, method: string, args: unknown[]): Promise<unknown> {
  const call = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!call) throw new Error(`pulumi-backend-servers: unknown provider method "${method}"`);
  return call(run.provider(kind), args);
}
