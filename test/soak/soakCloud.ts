import type { EmulatorSeed } from "../../emulator";
import { albCloud, elbCloud, ensCloud, nlbCloud, slbCloud, type TestCloud, vServerCloud } from "../clouds";

export type { Members } from "../clouds";

/** A cloud as the soak runs it: the shared test cloud, the seed the soak needs, and how large rounds get. */
export type SoakCloud = TestCloud & {
  soakSeed: EmulatorSeed;
  /**
   * How many members a round adds, removes and re-weights at most (each drawn separately); a round is
   * `large` one time in five. Default 12 and 45: several batches of 20 now and then.
   */
  changeSize?: { usual: number; large: number };
  /** Whether rounds may declare a health gate (the seed gives the target a health check). */
  gates: boolean;
  /**
   * For an asynchronous API: the code of a write refused while the group is busy with an earlier job.
   * Such refusals are waited out; the soak allows them only after a fault between a call and its
   * completion (a job that outlived the provider's wait), and counts them apart from the calls.
   */
  busyCode?: string;
  /**
   * Reads a preview makes, besides its drift read, when an update declares members the state does not
   * hold: Huawei's member quotas and the pool they are counted against (runtime/quotaPreview.ts).
   */
  quotaReads?: number;
};

/**
 * ALB and NLB: a listener forwarding to the group, whose health check passes after two checks a second
 * apart (a gated round waits two health reads on the emulator's clock), and room for the random walk.
 */
const serverGroupSoak = (cloud: TestCloud, busyCode: string): SoakCloud => ({
  ...cloud,
  soakSeed: cloud.seed({
    target: {
      loadBalancerId: `${cloud.api}-bp1o94dp5i6ea0soak`,
      listeners: [{ listenerId: `lsn-${cloud.api}0soak`, port: 80, protocol: "TCP" }],
      healthCheck: { interval: 1, healthyThreshold: 2 },
    },
    api: { serverQuota: 100_000 },
  }),
  gates: true,
  busyCode,
});

/** Every cloud the soak covers. */
export const soakClouds: SoakCloud[] = [
  {
    ...slbCloud,
    // One HTTP listener checking every second, healthy after two passes: the shortest CLB allows, so a
    // gated round waits two health reads on the emulator's clock.
    soakSeed: slbCloud.seed({
      target: { listeners: [{ port: 80, protocol: "http", healthCheckInterval: 1, healthyThreshold: 2 }] },
    }),
    gates: true,
  },
  {
    ...vServerCloud,
    // The load balancer's HTTP listener forwards to the group, checking every second, healthy after two
    // passes; a TCP listener forwards to the default server group, whose members are never the group's.
    soakSeed: vServerCloud.seed({
      target: {
        listeners: [
          { port: 80, protocol: "http", healthCheckInterval: 1, healthyThreshold: 2 },
          { port: 443, protocol: "tcp", vServerGroupId: "", healthCheckInterval: 1, healthyThreshold: 2 },
        ],
      },
    }),
    gates: true,
  },
  {
    ...ensCloud,
    // The random walk of a long soak can outgrow the default quota of 200 members.
    soakSeed: ensCloud.seed({ api: { backendServerQuota: 100_000 } }),
    // Every call (retries and re-reads included) goes through the plugin's 10 calls/s pacing for the
    // AccessKey, which the emulator enforces as well. One round in five changes up to 100 of each kind,
    // about 16 calls, which the pacing has to spread: the runner then checks that pacing cost waiting
    // only, never an extra call or a refusal. ENS reports no per-member health: no gated rounds.
    changeSize: { usual: 6, large: 100 },
    gates: false,
  },
  {
    ...elbCloud,
    // A monitor checking every second, ONLINE after two passes: a gated round waits two lists.
    soakSeed: elbCloud.seed({
      target: {
        healthMonitor: { delay: 1, maxRetries: 2 },
        listenerIds: ["0b11747a-b139-492f-9692-2df0b1c87193"],
      },
      api: { memberQuota: 100_000, accountMemberQuota: 200_000 },
    }),
    gates: true,
    quotaReads: 2,
  },
  serverGroupSoak(albCloud, "IncorrectStatus.ServerGroup"),
  serverGroupSoak(nlbCloud, "IncorrectStatus.serverGroup"),
];
