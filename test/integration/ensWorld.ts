import { ensKind } from "../../provider/clouds/alicloud/ens/kind";
import type { EnsBackendServer } from "../../provider/clouds/alicloud/ens/members";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { RunShared } from "../../provider/reconcile/runShared";
import { fixedSettings } from "../../provider/reconcile/settings";
import { assertConforming } from "../../emulator/contract/conformance";
import { type Emulator, type EmulatorCredential, startEmulator } from "../../emulator";

export const CREDENTIAL = { accessKeyId: "TESTKEYENS0001", accessKeySecret: "ens-secret-do-not-leak-0001" };
export const LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";

/** `n` ENS instances `i-<prefix>000000`.. with weight 100, as a program declares them. */
export const instances = (n: number, prefix = "edge", from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    serverId: `i-${prefix}${String(from + i).padStart(6, "0")}`,
    weight: 100,
  }));

export interface EnsWorldOptions {
  env?: Record<string, string>;
  credential?: EmulatorCredential;
  loadBalancers?: string[];
  /** The emulator's clock (its rate limit, call timestamps); default Date.now. */
  now?: () => number;
  /** The run the providers belong to, as the runtime shares one among all resources; default a new one. */
  shared?: RunShared;
}

/**
 * One emulator with ENS edge load balancers, and a provider that reaches it through the real pop-core
 * and the ENS kind's shared per-account limiter.
 */
export async function ensWorld(options: EnsWorldOptions = {}) {
  const credential = options.credential ?? CREDENTIAL;
  const loadBalancers = options.loadBalancers ?? [LB];
  const emulator: Emulator = await startEmulator({
    seed: {
      credentials: [credential],
      ens: { loadBalancers: loadBalancers.map((loadBalancerId) => ({ loadBalancerId })) },
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const log: string[] = [];
  const settings = fixedSettings(
    { "alicloud:accessKey": credential.accessKeyId, "alicloud:secretKey": credential.accessKeySecret },
    {
      ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens,
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "20",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
      ...options.env,
    },
  );
  /** Each provider object is separate; what they share is the run's per-account limiter. */
  const shared = options.shared ?? new RunShared();
  const newProvider = () =>
    new AttachmentProvider<EnsBackendServer>(ensKind, { settings, log: (line) => log.push(line), shared });
  const provider = newProvider();
  const actions = () => emulator.calls({ cloud: "ens" }).map((c) => c.action);
  /** `serverId[@ip]:weight[/port]`, sorted: the load balancer's members as the cloud has them. */
  const members = (loadBalancerId = LB) =>
    emulator
      .ensMembers(loadBalancerId)
      .map((m) => `${m.ServerId}${m.Ip ? `@${m.Ip}` : ""}:${m.Weight}${m.Port ? `/${m.Port}` : ""}`)
      .sort();
  const sent = (action: string) =>
    emulator.calls({ cloud: "ens", action }).map((c) => c.params.BackendServers as Record<string, unknown>[]);
  /** The adapter the provider uses for `loadBalancerId`, for tests that drive the reconcile directly. */
  const connect = (loadBalancerId = LB) =>
    ensKind.connect(ensKind.resolve({ loadBalancerId }, settings), settings, shared);
  return {
    emulator,
    provider,
    newProvider,
    log,
    actions,
    members,
    sent,
    connect,
    close: async () => {
      // Every request the provider sent in this scenario, checked against the vendors' definitions.
      const calls = emulator.calls();
      await emulator.close();
      assertConforming(calls);
    },
  };
}
