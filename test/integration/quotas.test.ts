/**
 * Rate quotas through the real SDKs over HTTP: a server that throttles anyway (another tool on the same
 * account), and an operator's quota override that is not a quota.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ENS_API_VERSION } from "../../provider/clouds/alicloud/ens/api";
import { AlicloudRpc } from "../../provider/clouds/alicloud/rpcClient";
import { pacedTransport } from "../../provider/clouds/huaweicloud/elb/quotas";
import type { HuaweiAnswer, HuaweiTransport } from "../../provider/clouds/huaweicloud/sdkClient";
import type { Pace } from "../../provider/reconcile/pacing";
import { startEmulator } from "../../emulator";
import { ensCloud, inputs, ours, slbCloud } from "../clouds";
import { world } from "./world";

const ENS_CREDENTIAL = ensCloud.key;
const ENS_LB = ensCloud.target;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A pace that lets every call through and records what each one was reported as. */
function recordingPace() {
  const reports: [string, boolean][] = [];
  const pace: Pace = async (action) => (throttled) => {
    reports.push([action, throttled]);
  };
  return { pace, reports };
}

describe("what the pacer hears", () => {
  it("Alibaba: every request waits for the pace, and only a Throttling refusal is reported as one", async () => {
    const emulator = await startEmulator({
      seed: ensCloud.seed(),
    });
    closers.push(() => emulator.close());
    const { pace, reports } = recordingPace();
    const rpc = new AlicloudRpc({
      endpoint: emulator.endpoints.ens,
      apiVersion: ENS_API_VERSION,
      credentials: ENS_CREDENTIAL,
      timeoutMs: 5000,
      endpointSetting: "ALIBABA_CLOUD_ENS_ENDPOINT",
      pace,
    });
    const describeLb = () =>
      rpc.call("DescribeLoadBalancerAttribute", { LoadBalancerId: ENS_LB }, `load balancer ${ENS_LB}`);
    emulator.inject({ cloud: "ens", kind: "throttle", count: 1 });
    await expect(describeLb()).rejects.toThrow("Throttling.User");
    emulator.inject({ cloud: "ens", kind: "server-error", count: 1 });
    await expect(describeLb()).rejects.toThrow("InternalError");
    await describeLb();
    expect(reports).toEqual([
      ["DescribeLoadBalancerAttribute", true],
      ["DescribeLoadBalancerAttribute", false],
      ["DescribeLoadBalancerAttribute", false],
    ]);
  });

  it("Huawei: a 429 or any *.0308 is a throttle, other answers and failures are not", async () => {
    const answers: (HuaweiAnswer | Error)[] = [
      { status: 429, body: { error_code: "APIGW.0308" } },
      { status: 400, body: { error_code: "APIG.0308" } },
      { status: 500, body: { error_code: "ELB.8906" } },
      { status: 200, body: {} },
      new Error("socket hang up"),
    ];
    const transport: HuaweiTransport = {
      send: async () => {
        const next = answers.shift() as HuaweiAnswer | Error;
        if (next instanceof Error) throw next;
        return next;
      },
    };
    const { pace, reports } = recordingPace();
    const paced = pacedTransport(transport, pace);
    const path = "/v3/{project_id}/elb/pools/p/members/batch-add";
    for (let i = 0; i < 4; i++) await paced.send({ method: "POST", path });
    await expect(paced.send({ method: "GET", path: "/v3/{project_id}/elb/pools/p/members" })).rejects.toThrow(
      "socket hang up",
    );
    expect(reports).toEqual([
      ["batch-add", true],
      ["batch-add", true],
      ["batch-add", false],
      ["batch-add", false],
      ["members", false],
    ]);
  });
});

describe("rate quotas", () => {
  it("ENS: a deployment the server throttles anyway (another tool on the account) retries and converges", async () => {
    const loadBalancers = Array.from({ length: 3 }, (_, i) => `lb-5qzdmxefgrpxd7ozshared${i}`);
    const credential = { accessKeyId: "TESTKEYENSSHARED", accessKeySecret: "ens-shared-secret" };
    const w = await world(ensCloud, {
      seed: {
        credentials: [credential],
        ens: { loadBalancers: loadBalancers.map((loadBalancerId) => ({ loadBalancerId })) },
      },
      config: ensCloud.config(credential),
    });
    closers.push(w.close);
    // The other tool's calls fill the account's window: the server refuses our next three writes.
    w.emulator.inject({ cloud: "ens", action: "AddBackendServers", kind: "throttle", count: 3 });

    await Promise.all(
      loadBalancers.map((loadBalancerId, i) =>
        w
          .newProvider()
          .create(
            inputs(ensCloud, ours(ensCloud, 100, 100, i * 100), { __provider: "text" }, loadBalancerId),
          ),
      ),
    );
    for (const lb of loadBalancers) expect(w.emulator.ensMembers(lb)).toHaveLength(100);
    const calls = w.emulator.calls({ cloud: "ens" });
    expect(calls.filter((c) => c.code === "Throttling.User")).toHaveLength(3);
    // Each refused write is sent again, nothing else: 3 reads, 15 adds, 3 retries.
    expect(calls).toHaveLength(3 + 15 + 3);
  });

  it.each([
    ["BACKEND_SERVERS_SLB_WRITE_QUOTA", "ninety/60"],
    ["BACKEND_SERVERS_SLB_READ_QUOTA", "0/60"],
  ])("refuses %s=%s before any call, naming the variable, the value and the form", async (name, value) => {
    const w = await world(slbCloud, { env: { [name]: value } });
    closers.push(w.close);
    await expect(
      w.provider.create(inputs(slbCloud, ours(slbCloud, 3, 100), { __provider: "text" })),
    ).rejects.toThrow(`${name}=${JSON.stringify(value)} is not a rate quota: write calls/seconds`);
    expect(w.emulator.calls()).toEqual([]);
  });
});
