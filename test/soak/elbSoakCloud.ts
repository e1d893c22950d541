import type { ElbMemberSeed } from "../../emulator";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage } from "../../harness/stack";
import type { SoakCloud } from "./soakCloud";

const KEY = { accessKeyId: "HWSOAKTESTKEY01", accessKeySecret: "hw-soak-secret-never-in-state" };
const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
const CONFIG = {
  "huaweicloud:accessKey": KEY.accessKeyId,
  "huaweicloud:secretKey": KEY.accessKeySecret,
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": PROJECT,
};

/** The soak identity is ELB's own: `address:port`, as the resource keys its members (IPv4 only here). */
const identity = (address: string, port: number) => `${address}:${port}`;
function parse(id: string): { address: string; port: number } {
  const at = id.lastIndexOf(":");
  return { address: id.slice(0, at), port: Number(id.slice(at + 1)) };
}
/** A private IPv4 host address of 10.0.0.0/8 (from 10.0.0.1): "IP as backend" members need no subnet. */
const address = (i: number) => `10.${((i + 1) >> 16) & 255}.${((i + 1) >> 8) & 255}.${(i + 1) & 255}`;

/**
 * IP-as-backend members of one pool. The stranger's members use the very addresses this stack declares,
 * on another port: only the pair is a member's identity, so a resource that matched on the address alone
 * would take or remove them. ELB removes by the member id it assigned; the runner maps those ids back.
 */
export const elbSoakCloud: SoakCloud = {
  name: "huaweicloud.elb",
  batchSize: 200,
  seed: {
    credentials: [KEY],
    // A monitor checking every second, ONLINE after two passes: a gated round waits two lists.
    elb: {
      pools: [
        {
          poolId: POOL,
          projectId: PROJECT,
          healthMonitor: { delay: 1, maxRetries: 2 },
          listenerIds: ["0b11747a-b139-492f-9692-2df0b1c87193"],
        },
      ],
      memberQuota: 100_000,
    },
  },
  env: (emulator) => ({ HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb }),
  config: CONFIG,
  program: (desired, rollout) =>
    captureRegistrations(
      () => {
        const { huaweicloud } = builtPackage();
        new huaweicloud.elb.BackendServerAttachment("soak", {
          poolId: POOL,
          members: [...desired].map(([id, weight]) => {
            const { address, port } = parse(id);
            return { address, protocolPort: port, weight };
          }),
          ...(rollout ? { rollout } : {}),
        });
      },
      { config: CONFIG },
    ),
  ours: (i) => identity(address(i), 80),
  theirs: (i) => identity(address(i), 8080),
  read: (emulator) =>
    new Map(emulator.elbMembers(POOL).map((m) => [identity(m.address, m.protocol_port), m.weight])),
  write: (emulator, members) =>
    emulator.setElbMembers(
      POOL,
      [...members].map(([id, weight]): ElbMemberSeed => {
        const { address, port } = parse(id);
        return { address, protocol_port: port, weight };
      }),
    ),
  isWrite: (action) => ["batch-add", "batch-update", "batch-delete"].includes(action),
  removed: (action, params) =>
    action === "batch-delete"
      ? (params.members as { id?: string; address?: string; protocol_port?: number }[]).map(
          (m) => m.id ?? identity(String(m.address), Number(m.protocol_port)),
        )
      : [],
  memberIds: (emulator) =>
    emulator.elbMembers(POOL).map((m): [string, string] => [m.id, identity(m.address, m.protocol_port)]),
  outputsField: "members",
  identity: (member) => identity(String(member.address), Number(member.protocolPort)),
  rollout: {
    healthy: (emulator) =>
      new Map([...emulator.elbHealth(POOL)].map(([id, status]) => [id, status === "ONLINE"])),
    readsHealth: (action) => action === "list",
  },
};
