import { slbKind } from "../../provider/clouds/alicloud/slb/kind";
import type { SlbBackendServer } from "../../provider/clouds/alicloud/slb/members";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { fixedSettings } from "../../provider/reconcile/settings";
import { assertConforming } from "../../emulator/contract/conformance";
import { type Emulator, startEmulator } from "../../emulator";

export const CREDENTIAL = { accessKeyId: "TESTKEYSLB0001", accessKeySecret: "slb-secret-do-not-leak-0001" };
export const LB = "lb-2ze7o5h52g02kkzze7lru";
export const REGION = "cn-beijing";

/** `n` ECS members `i-<prefix>000000`.. with weight 100, as a program declares them. */
export const ecs = (n: number, prefix = "web", from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    serverId: `i-${prefix}${String(from + i).padStart(6, "0")}`,
    weight: 100,
  }));

/** One emulator with one CLB load balancer, and a provider that reaches it through the real pop-core. */
export async function slbWorld(env: Record<string, string> = {}) {
  const emulator: Emulator = await startEmulator({
    seed: { credentials: [CREDENTIAL], slb: { loadBalancers: [{ loadBalancerId: LB, regionId: REGION }] } },
  });
  const log: string[] = [];
  const settings = fixedSettings(
    {
      "alicloud:accessKey": CREDENTIAL.accessKeyId,
      "alicloud:secretKey": CREDENTIAL.accessKeySecret,
      "alicloud:region": REGION,
    },
    {
      ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "20",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
      ...env,
    },
  );
  const provider = new AttachmentProvider<SlbBackendServer>(slbKind, {
    settings,
    log: (line) => log.push(line),
  });
  const actions = () => emulator.calls({ cloud: "slb" }).map((c) => c.action);
  const members = () =>
    emulator
      .slbMembers(LB)
      .map((m) => `${m.ServerId}${m.ServerIp ? `@${m.ServerIp}` : ""}:${m.Weight}`)
      .sort();
  return {
    emulator,
    provider,
    log,
    actions,
    members,
    close: async () => {
      // Every request the provider sent in this scenario, checked against the vendors' definitions.
      const calls = emulator.calls();
      await emulator.close();
      assertConforming(calls);
    },
  };
}
