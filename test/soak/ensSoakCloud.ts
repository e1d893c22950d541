import type { EnsBackendServer } from "../../emulator";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage } from "../../harness/stack";
import type { SoakCloud } from "./soakCloud";

const KEY = { accessKeyId: "ENSSOAKTESTKEY1", accessKeySecret: "ens-soak-secret-never-in-state" };
const LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
const CONFIG = { "alicloud:accessKey": KEY.accessKeyId, "alicloud:secretKey": KEY.accessKeySecret };

/**
 * ENS instances on one edge load balancer. Every call (retries and re-reads included) goes through the
 * plugin's 10 calls/s limiter for the AccessKey, and the emulator enforces that limit as well. Most
 * rounds change a few members (a handful of calls); one in five changes up to 100 of each kind, about
 * 16 calls, which the limiter has to pace: the runner then checks that pacing cost waiting only, never
 * an extra call or a refusal (with the limiter off, such rounds are refused with Throttling.User).
 */
export const ensSoakCloud: SoakCloud = {
  name: "alicloud.ens",
  batchSize: 20,
  seed: {
    credentials: [KEY],
    // The random walk of a long soak can outgrow the default quota of 200 members.
    ens: { loadBalancers: [{ loadBalancerId: LB }], backendServerQuota: 100_000 },
  },
  env: (emulator) => ({ ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens }),
  config: CONFIG,
  program: (desired) =>
    captureRegistrations(
      () => {
        const { alicloud } = builtPackage();
        new alicloud.ens.BackendServerAttachment("soak", {
          loadBalancerId: LB,
          backendServers: [...desired].map(([serverId, weight]) => ({ serverId, weight })),
        });
      },
      { config: CONFIG },
    ),
  ours: (i) => `i-soak${String(i).padStart(6, "0")}`,
  theirs: (i) => `i-other${String(i).padStart(6, "0")}`,
  read: (emulator) => new Map(emulator.ensMembers(LB).map((m) => [m.ServerId, m.Weight])),
  write: (emulator, members) =>
    emulator.setEnsMembers(
      LB,
      [...members].map(([ServerId, Weight]): EnsBackendServer => ({ ServerId, Type: "ens", Weight })),
    ),
  isWrite: (action) => ["AddBackendServers", "SetBackendServers", "RemoveBackendServers"].includes(action),
  removed: (action, params) =>
    action === "RemoveBackendServers"
      ? (params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId)
      : [],
  outputsField: "backendServers",
  identity: (member) => String(member.serverId),
  changeSize: { usual: 6, large: 100 },
};
