import type { SlbBackendServer } from "../../emulator";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage } from "../../harness/stack";
import type { SoakCloud } from "./soakCloud";

const KEY = { accessKeyId: "SOAKTESTKEY0001", accessKeySecret: "soak-secret-never-in-state" };
const LB = "lb-2ze7o5h52g02kkzze7lru";
const CONFIG = {
  "alicloud:accessKey": KEY.accessKeyId,
  "alicloud:secretKey": KEY.accessKeySecret,
  "alicloud:region": "cn-beijing",
};

export const slbSoakCloud: SoakCloud = {
  name: "alicloud.slb",
  batchSize: 20,
  // One HTTP listener checking every second, healthy after two passes: the shortest CLB allows, so a
  // gated round waits two health reads on the emulator's clock.
  seed: {
    credentials: [KEY],
    slb: {
      loadBalancers: [
        {
          loadBalancerId: LB,
          regionId: "cn-beijing",
          listeners: [{ port: 80, protocol: "http", healthCheckInterval: 1, healthyThreshold: 2 }],
        },
      ],
    },
  },
  env: (emulator) => ({ ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb }),
  config: CONFIG,
  program: (desired, rollout) =>
    captureRegistrations(
      () => {
        const { alicloud } = builtPackage();
        new alicloud.slb.BackendServerAttachment("soak", {
          loadBalancerId: LB,
          backendServers: [...desired].map(([serverId, weight]) => ({ serverId, weight })),
          ...(rollout ? { rollout } : {}),
        });
      },
      { config: CONFIG },
    ),
  ours: (i) => `i-soak${String(i).padStart(6, "0")}`,
  theirs: (i) => `i-other${String(i).padStart(6, "0")}`,
  read: (emulator) => new Map(emulator.slbMembers(LB).map((m) => [m.ServerId, m.Weight])),
  write: (emulator, members) =>
    emulator.setSlbMembers(
      LB,
      [...members].map(([ServerId, Weight]): SlbBackendServer => ({ ServerId, Type: "ecs", Weight })),
    ),
  isWrite: (action) => ["AddBackendServers", "SetBackendServers", "RemoveBackendServers"].includes(action),
  removed: (action, params) =>
    action === "RemoveBackendServers"
      ? (params.BackendServers as { ServerId: string }[]).map((s) => s.ServerId)
      : [],
  outputsField: "backendServers",
  identity: (member) => String(member.serverId),
  rollout: {
    healthy: (emulator) =>
      new Map(
        [...emulator.slbHealth(LB)].map(([id, listeners]) => [id, listeners.every((h) => h === "normal")]),
      ),
    readsHealth: (action) => action === "DescribeHealthStatus",
  },
};
