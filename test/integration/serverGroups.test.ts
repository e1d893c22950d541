/**
 * What only the ALB and NLB server group attachments do, through the generic provider over their real
 * kinds and pop-core, against the emulator: complete paging, identity by server, IP and port, NLB's
 * any-port groups, the asynchronous writes (a busy group, a failed job, a job that outlives the wait and
 * is recovered by the next run), the listeners' health, the drain by weight 0 in ALB's update batches of
 * 40, and the pacing of job reads. What every attachment does is in attachment.contract.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ServerGroupServer } from "../../emulator";
import { PartialFailure } from "../../provider/runtime/lifecycle";
import { serverGroupEndpoint } from "../../provider/clouds/alicloud/serverGroup/kind";
import { albCloud, inputs, nlbCloud, ours, type TestCloud } from "../clouds";
import { world, type World } from "./world";

const PROVIDER = { __provider: "stored provider text" };
let w: World;
afterEach(async () => {
  await w.close();
});

const ecs = (i: number, port = 80): ServerGroupServer => ({
  ServerId: `i-other${String(i).padStart(6, "0")}`,
  ServerType: "Ecs",
  Port: port,
  Weight: 100,
});
const withProvider = (cloud: TestCloud, members: Map<string, number>, extra: Record<string, unknown> = {}) =>
  inputs(cloud, members, { ...PROVIDER, ...extra });
const calls = (action: string) => w.emulator.calls({ action });

describe.each([albCloud, nlbCloud])("$name", (cloud) => {
  const { read, add, set, remove } = cloud.actions;
  const group = cloud.target;

  it("reads every page of a group, so the drift read sees every member and a steady run writes nothing", async () => {
    // Pages of 20 whatever MaxResults asks: the Terraform provider's bug read the first 20 only.
    w = await world(cloud, { seed: cloud.seed({ api: { pageCap: 20 } }) });
    w.emulator.setServerGroupServers(
      group,
      Array.from({ length: 45 }, (_, i) => ecs(i)),
    );
    const declared = ours(cloud, 25, 100);
    const { id, outs } = await w.provider.create(withProvider(cloud, declared));
    w.emulator.clearCalls();
    await w.provider.update(id, outs, withProvider(cloud, declared));
    // 70 servers: four pages, each asking for the next with the token of the one before, and no write.
    const pages = calls(read);
    expect(pages).toHaveLength(4);
    expect(pages.map((c) => c.params.NextToken === undefined)).toEqual([true, false, false, false]);
    expect(w.actions()).toEqual([read, read, read, read]);

    const checked = await w.provider.check(outs, withProvider(cloud, declared));
    expect((await w.provider.diff(id, outs, checked.inputs)).changes).toBe(false);
    const refreshed = await w.provider.read(id, { ...outs, exclusive: true });
    expect(Object.keys(refreshed.props.servers as object)).toHaveLength(70);

    // Exclusive: every undeclared one goes, whichever page it was on.
    w.emulator.clearCalls();
    await w.provider.update(id, outs, withProvider(cloud, declared, { exclusive: true }));
    expect(w.sent(remove).map((s) => s.length)).toEqual([45]);
    expect(cloud.read(w.emulator)).toEqual(declared);
  });

  it("keys a member by server, IP and port: one instance on two ports, one ENI on two IPs are four members", async () => {
    w = await world(cloud);
    const servers = [
      { serverId: "i-bp1f9kdprbgy9uiu8xyz", port: 80 },
      { serverId: "i-bp1f9kdprbgy9uiu8xyz", port: 8080, weight: 5 },
      { serverId: "eni-bp1e0u8f10by57wlabcd", serverType: "Eni", serverIp: "192.168.0.5", port: 80 },
      { serverId: "eni-bp1e0u8f10by57wlabcd", serverType: "Eni", serverIp: "2001:DB8:0::5", port: 80 },
    ];
    const { outs } = await w.provider.create({ serverGroupId: group, servers, ...PROVIDER });
    expect(Object.keys(outs.servers as object)).toEqual([
      "Ecs:i-bp1f9kdprbgy9uiu8xyz:80",
      "Ecs:i-bp1f9kdprbgy9uiu8xyz:8080",
      "Eni:eni-bp1e0u8f10by57wlabcd@192.168.0.5:80",
      "Eni:eni-bp1e0u8f10by57wlabcd@[2001:db8::5]:80",
    ]);
    expect(
      w.emulator.serverGroupServers(group).map((s) => `${s.ServerId} ${s.ServerIp ?? "-"} ${s.Port}`),
    ).toEqual([
      "i-bp1f9kdprbgy9uiu8xyz - 80",
      "i-bp1f9kdprbgy9uiu8xyz - 8080",
      "eni-bp1e0u8f10by57wlabcd 192.168.0.5 80",
      "eni-bp1e0u8f10by57wlabcd 2001:db8::5 80",
    ]);
    // The same IPv6 address spelt otherwise is the same member: check refuses it twice.
    const twice = await w.provider.check(
      {},
      {
        serverGroupId: group,
        servers: [servers[3], { ...servers[3], serverIp: "2001:db8::5" }],
      },
    );
    expect(twice.failures.map((f) => f.reason)).toEqual([
      expect.stringContaining("Eni:eni-bp1e0u8f10by57wlabcd@[2001:db8::5]:80 is declared more than once"),
    ]);
  });

  it("waits out a group another writer keeps busy, as transient, and both converge", async () => {
    // Jobs of 40 ms of real time: each writer meets the other's job.
    w = await world(cloud, { seed: cloud.seed({ api: { jobMs: 40 } }) });
    const theirs = new Map(Array.from({ length: 3 }, (_, i) => [cloud.theirs(i), 50]));
    // Another provider object: another writer, which this one's claims and locks know nothing of.
    const otherProvider = w.newProvider();
    const results = await Promise.allSettled([
      w.provider.create(withProvider(cloud, ours(cloud, 3, 100))),
      otherProvider.create(withProvider(cloud, theirs)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const busy = w.emulator.calls().filter((c) => c.code?.startsWith("IncorrectStatus"));
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((c) => c.httpStatus === 400 && c.action === add)).toBe(true);
    expect(cloud.read(w.emulator)).toEqual(new Map([...ours(cloud, 3, 100), ...theirs]));
  });

  it("reports a failed job as the cloud's refusal, records nothing of it, and the next run converges", async () => {
    w = await world(cloud);
    w.emulator.inject({ cloud: cloud.api, action: add, kind: "job-fails", count: 1 });
    const declared = ours(cloud, 3, 100);
    const error = await w.provider.create(withProvider(cloud, declared)).catch((e) => e);
    expect(error).not.toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(
      new RegExp(`^${add} on server group ${group} failed: JobFailed: job [0-9a-f-]+ ended .*Failed`),
    );
    // The failed job undid its change: nothing attached, nothing recorded.
    expect(cloud.read(w.emulator)).toEqual(new Map());
    await w.provider.create(withProvider(cloud, declared));
    expect(cloud.read(w.emulator)).toEqual(declared);
  });

  it("recovers a job that outlived the wait from the cloud's view: owned, not sent again, the rest added", async () => {
    // The emulator's clock stands still: a job never ends until the test moves it.
    let now = Date.now();
    w = await world(cloud, {
      now: () => now,
      seed: cloud.seed({ api: { jobMs: 60_000 } }),
      env: { BACKEND_SERVERS_COMPLETION_TIMEOUT_MS: "50", BACKEND_SERVERS_RETRY_DEADLINE_MS: "200" },
    });
    const declared = ours(cloud, cloud.batchSize + 5, 100);
    const error = await w.provider.create(withProvider(cloud, declared)).catch((e) => e);
    // The first batch's job ran past the wait: its servers owned as perhaps attached, then read again
    // (Adding) and the second batch refused busy until the retries' deadline; or, on a slow machine, the
    // deadline passed while the job was awaited.
    expect(error).toBeInstanceOf(PartialFailure);
    expect(error.message).toMatch(/(IncorrectStatus\.[sS]erverGroup|CompletionTimeout): /);
    expect(Object.keys(error.properties.servers)).toHaveLength(cloud.batchSize);
    expect(w.emulator.serverGroupStatus(group)).toBe("Configuring");

    now += 60_000;
    w.emulator.seed({ [cloud.api]: { jobMs: 0 } });
    w.emulator.clearCalls();
    const { outs } = await w.provider.update(error.id, error.properties, withProvider(cloud, declared));
    expect(w.sent(add).map((s) => s.length)).toEqual([5]);
    expect(cloud.read(w.emulator)).toEqual(declared);
    expect(Object.keys(outs.servers as object)).toHaveLength(cloud.batchSize + 5);
  });

  it("leaves servers someone else is removing out of the members", async () => {
    w = await world(cloud);
    w.emulator.setServerGroupServers(group, [ecs(1), { ...ecs(2), Status: "Removing" }]);
    const { outs } = await w.provider.create(withProvider(cloud, new Map(), { exclusive: true }));
    // Only the one still in the group is removed; the one on its way out is not named.
    expect(w.named(remove)).toEqual([["i-other000001:80"]]);
    expect(outs.servers).toEqual({});
  });

  it("reads health from the listeners forwarding to this group only, and gates a swap on it", async () => {
    let now = Date.now();
    w = await world(cloud, {
      now: () => now,
      env: { BACKEND_SERVERS_HEALTH_POLL_MS: "5" },
      seed: cloud.seed({
        target: {
          loadBalancerId: `${cloud.api}-bp1o94dp5i6ea0001`,
          listeners: [
            { listenerId: `lsn-${cloud.api}000001`, port: 80, protocol: "TCP" },
            // ALB: a listener whose forwarding rule, not its default action, forwards to the group.
            ...(cloud.api === "alb"
              ? [{ listenerId: "lsn-alb000003", port: 82, protocol: "HTTP", viaRule: "rule-alb000001" }]
              : []),
          ],
          healthCheck: { interval: 2, healthyThreshold: 2 },
        },
      }),
    });
    // A second group behind the same load balancer, with a listener of its own: never read for ours.
    w.emulator.seed({
      [cloud.api]: {
        serverGroups: [
          {
            serverGroupId: "sgp-someoneelse0001",
            regionId: "cn-beijing",
            loadBalancerId: `${cloud.api}-bp1o94dp5i6ea0001`,
            listeners: [{ listenerId: `lsn-${cloud.api}000002`, port: 81, protocol: "TCP" }],
          },
        ],
      },
    });
    const stop = w.emulator.onCall((call) => {
      if (call.action === "GetListenerHealthStatus") now += 2_000;
    });
    const blue = ours(cloud, 2, 100);
    const { id, outs } = await w.provider.create(withProvider(cloud, blue));
    w.emulator.clearCalls();
    const green = ours(cloud, 2, 100, 2);
    const { outs: after } = await w.provider.update(
      id,
      outs,
      withProvider(cloud, green, { rollout: { healthGate: { timeoutSeconds: 60 } } }),
    );
    stop();
    expect(cloud.read(w.emulator)).toEqual(green);
    // The removal came after the gate: two passed checks of 2 s for each new server.
    const order = w.actions();
    const gate = order.slice(order.indexOf(add), order.indexOf(remove));
    expect(gate.filter((a) => a === "GetListenerHealthStatus").length).toBeGreaterThanOrEqual(2);
    expect(order.filter((a) => a === add || a === remove)).toEqual([add, remove]);
    // Only our group's listener was read, for each gate read and the health output.
    const read = calls("GetListenerHealthStatus").map(
      (c) => `${c.params.ListenerId} ${c.params.IncludeRule}`,
    );
    expect(new Set(read)).toEqual(
      new Set(
        cloud.api === "alb" ? ["lsn-alb000001 false", "lsn-alb000003 true"] : [`lsn-nlb000001 undefined`],
      ),
    );
    expect(Object.values(after.health as Record<string, { state: string }>).map((h) => h.state)).toEqual([
      "healthy",
      "healthy",
    ]);
    expect(Object.values(after.health as Record<string, { reported: string }>)[0].reported).toBe(
      cloud.api === "alb"
        ? "listener lsn-alb000001 80/TCP normal, listener lsn-alb000003 82/HTTP rule rule-alb000001 normal"
        : "listener lsn-nlb000001 80/TCP normal",
    );
  });

  it("drains by weight 0 in update batches before removing, and refuses more removals than maxRemovals", async () => {
    w = await world(cloud);
    const n = 45;
    const { id, outs } = await w.provider.create(withProvider(cloud, ours(cloud, n, 100)));
    const refused = await w.provider
      .update(id, outs, withProvider(cloud, new Map(), { rollout: { maxRemovals: 10 } }))
      .catch((e) => e);
    expect(refused.message).toMatch(/rollout.maxRemovals 10 allows 10 removals .* Nothing was changed/);
    w.emulator.clearCalls();
    await w.provider.update(id, outs, withProvider(cloud, new Map(), { rollout: { drainSeconds: 0 } }));
    // ALB's update takes 40 a call; NLB's 200.
    const setSizes = cloud.setBatchSize === 40 ? [40, 5] : [45];
    expect(w.sent(set).map((s) => s.length)).toEqual(setSizes);
    expect(
      w
        .sent(set)
        .flat()
        .every((s) => s.Weight === "0"),
    ).toBe(true);
    expect(w.sent(remove).map((s) => s.length)).toEqual([45]);
    expect(calls(set)[0].seq).toBeLessThan(calls(remove)[0].seq);
  });

  it("paces the reads that follow jobs by the API's read quota: no call is throttled", async () => {
    // A read quota of 3 per half second on both sides, and jobs of 30 ms read every 5 ms.
    const quota = { calls: 3, windowMs: 500 };
    w = await world(cloud, {
      quotas: { [`${cloud.api}.read`]: quota },
      seed: cloud.seed({ api: { jobMs: 30 } }),
      env: { [`BACKEND_SERVERS_${cloud.api.toUpperCase()}_READ_QUOTA`]: "3/0.5" },
    });
    const declared = ours(cloud, 2 * cloud.batchSize + 1, 100);
    await w.provider.create(withProvider(cloud, declared));
    expect(cloud.read(w.emulator)).toEqual(declared);
    const polls = calls(cloud.completion!);
    // More job reads than one window holds, none of them refused: they waited for their turn.
    expect(polls.length).toBeGreaterThan(quota.calls);
    expect(w.emulator.calls().filter((c) => c.code)).toEqual([]);
  });
});

describe("NLB any-port server groups", () => {
  it("attaches servers without a port, and reports a port where the group takes none, with its code", async () => {
    w = await world(nlbCloud, { seed: nlbCloud.seed({ target: { anyPortEnabled: true } }) });
    const servers = [
      { serverId: "i-bp1f9kdprbgy9uiu8xyz" },
      { serverId: "i-bp1f9kdprbgy9uiu8abc", weight: 5 },
    ];
    const { outs } = await w.provider.create({ serverGroupId: nlbCloud.target, servers, ...PROVIDER });
    expect(Object.keys(outs.servers as object)).toEqual([
      "Ecs:i-bp1f9kdprbgy9uiu8abc",
      "Ecs:i-bp1f9kdprbgy9uiu8xyz",
    ]);
    expect(w.sent("AddServersToServerGroup")[0].map((s) => s.Port)).toEqual([undefined, undefined]);
    expect(w.emulator.serverGroupServers(nlbCloud.target).map((s) => s.Port)).toEqual([0, 0]);

    const error = await w.provider
      .create({
        serverGroupId: nlbCloud.target,
        servers: [{ serverId: "i-bp1f9kdprbgy9uiu8def", port: 443 }],
        ...PROVIDER,
      })
      .catch((e) => e);
    expect(error.message).toMatch(
      /AddServersToServerGroup on server group .+ failed: IllegalParam\.RSPortConflictWithServerGroup: .+RequestId/,
    );
  });
});

describe("endpoints", () => {
  it("default to the vendor's regional hosts, and the setting wins", () => {
    expect(serverGroupEndpoint("alb", "cn-hangzhou", undefined)).toBe("https://alb.cn-hangzhou.aliyuncs.com");
    expect(serverGroupEndpoint("nlb", "ap-southeast-1", undefined)).toBe(
      "https://nlb.ap-southeast-1.aliyuncs.com",
    );
    expect(serverGroupEndpoint("nlb", "cn-hangzhou", "http://127.0.0.1:9/nlb")).toBe(
      "http://127.0.0.1:9/nlb",
    );
  });
});
