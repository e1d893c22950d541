import { elbKind } from "../../provider/clouds/huaweicloud/elb/kind";
import type { ElbMember } from "../../provider/clouds/huaweicloud/elb/members";
import type { AttachmentKind } from "../../provider/clouds/attachmentKind";
import { AttachmentProvider } from "../../provider/runtime/attachmentProvider";
import { fixedSettings } from "../../provider/reconcile/settings";
import { assertConforming } from "../../emulator/contract/conformance";
import { type EmulatorSeed, startEmulator } from "../../emulator";

export const CREDENTIAL = { accessKeyId: "HWTESTKEYELB0001", accessKeySecret: "elb-secret-do-not-leak-0001" };
export const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
export const POOL2 = "3e3a4b0c-5b1e-4a36-9a3f-6c0f2f1f2a7e";
export const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
export const REGION = "cn-north-4";
export const SUBNET = "61da8098-954b-4809-bc5a-b99ccef8a398";

/** The i-th private address 10.x.y.z, distinct for i below 16 million. */
export const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** `n` IP-as-backend members on port 8080 with weight 1, as a program declares them. */
export const ipMembers = (n: number, from = 0, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ address: address(from + i), protocolPort: 8080, ...extra }));

export interface ElbWorldOptions {
  env?: Record<string, string>;
  elb?: Omit<NonNullable<EmulatorSeed["elb"]>, "pools">;
  /** Wraps the real kind, e.g. to interpose on the adapter. */
  kind?: (real: AttachmentKind<ElbMember>) => AttachmentKind<ElbMember>;
  config?: Record<string, string>;
}

/** One emulator with two ELB pools, and a provider that reaches it through the real Huawei SDK core. */
export async function elbWorld(options: ElbWorldOptions = {}) {
  const emulator = await startEmulator({
    seed: {
      credentials: [CREDENTIAL],
      elb: {
        pools: [
          { poolId: POOL, projectId: PROJECT },
          { poolId: POOL2, projectId: PROJECT },
        ],
        ...options.elb,
      },
    },
  });
  const log: string[] = [];
  const settings = fixedSettings(
    options.config ?? {
      "huaweicloud:accessKey": CREDENTIAL.accessKeyId,
      "huaweicloud:secretKey": CREDENTIAL.accessKeySecret,
      "huaweicloud:region": REGION,
      "huaweicloud:projectId": PROJECT,
    },
    {
      HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "20",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
      ...options.env,
    },
  );
  const kind = options.kind ? options.kind(elbKind) : elbKind;
  const provider = new AttachmentProvider<ElbMember>(kind, { settings, log: (line) => log.push(line) });
  const actions = () => emulator.calls({ cloud: "elb" }).map((c) => c.action);
  const members = (pool = POOL) =>
    emulator
      .elbMembers(pool)
      .map((m) => `${m.address}:${m.protocol_port}:${m.weight}`)
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
