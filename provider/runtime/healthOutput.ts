import type { Target } from "../clouds/attachmentKind";
import { healthOutput, readHealth } from "../reconcile/health";
import type { ProviderContext, Props } from "./providerContext";

/**
 * With `rollout` declared, the outputs report each managed member's health as the cloud sees it now.
 * The writes are done by then: a health read that fails is reported in the output, not as a failure.
 */
export async function withHealth<M, T extends Target>(
  ctx: ProviderContext<M, T>,
  outs: Props,
  target: T,
  managed: M[],
): Promise<Props> {
  if (outs.rollout === undefined) return outs;
  const api = ctx.connect(target);
  try {
    const report = await readHealth(ctx.schema.model, api, managed, ctx.budget());
    return { ...outs, health: healthOutput(report) };
  } catch (error) {
    const reported = `health could not be read: ${error instanceof Error ? error.message : String(error)}`;
    ctx.log(`${api.target}: ${reported}`);
    const unknown = { state: "unreported", reported };
    return { ...outs, health: Object.fromEntries(managed.map((m) => [ctx.schema.model.key(m), unknown])) };
  }
}
