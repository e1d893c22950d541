/**
 * Credentials of every cloud in one stack, through the real plugin: a program with a CLB, an ENS and a
 * Huawei ELB attachment runs on STS credentials for both clouds (from stack config, as the README
 * recommends) through preview, an up that fails in three ways, an up that converges, refresh after
 * drift, preview, an up that undoes the drift, and destroy. Then everything the provider produced is
 * searched for each secret key and security token, raw and encoded. Registrations come from the compiled
 * package under `setMocks`: no real Pulumi runtime in this file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallRecord, type Emulator, startEmulator } from "../../emulator";
import type { PreviewStep, UpResult } from "../../harness/miniEngine";
import { captureRegistrations } from "../../harness/registrations";
import { percentEncode } from "../../emulator/alibabaSignature";
import { builtPackage, Stack } from "../../harness/stack";

// Secrets with characters that URL, form and base64 encoding all change, so each encoded form differs.
const ALIBABA = {
  accessKeyId: "STS.AliCredTest01",
  accessKeySecret: "ali/sts+Secret=NeverLeak9f3k",
  securityToken: "CAIS+ali/sts/Token==NeverLeak2hq7xW",
};
const HUAWEI = {
  accessKeyId: "HWSTSCREDTEST0001",
  accessKeySecret: "hw/sts+Secret=NeverLeak7z1m",
  securityToken: "gQpoZW+hw/sts/Token==NeverLeak5c8d",
};
const SECRETS = {
  "Alibaba secret": ALIBABA.accessKeySecret,
  "Alibaba security token": ALIBABA.securityToken,
  "Huawei secret": HUAWEI.accessKeySecret,
  "Huawei security token": HUAWEI.securityToken,
};

const SLB_LB = "lb-2ze7o5h52g02kkzze7lru";
const ENS_LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
const STOPPED = "i-cred000002";
const CONFIG = {
  "alicloud:accessKey": ALIBABA.accessKeyId,
  "alicloud:secretKey": ALIBABA.accessKeySecret,
  "alicloud:securityToken": ALIBABA.securityToken,
  "alicloud:region": "cn-beijing",
  "huaweicloud:accessKey": HUAWEI.accessKeyId,
  "huaweicloud:secretKey": HUAWEI.accessKeySecret,
  "huaweicloud:securityToken": HUAWEI.securityToken,
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": PROJECT,
};
const { alicloud, huaweicloud } = builtPackage();

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `i-${prefix}${String(i).padStart(6, "0")}`);

/** The three attachments; `weight` is what every member declares. */
const program = (weight: number) =>
  captureRegistrations(
    () => {
      new alicloud.slb.BackendServerAttachment("web", {
        loadBalancerId: SLB_LB,
        backendServers: ids("web", 30).map((serverId) => ({ serverId, weight })),
      });
      new alicloud.ens.BackendServerAttachment("edge", {
        loadBalancerId: ENS_LB,
        backendServers: ids("cred", 5).map((serverId) => ({ serverId, weight })),
      });
      new huaweicloud.elb.BackendServerAttachment("pool", {
        poolId: POOL,
        members: [1, 2, 3].map((i) => ({ address: `192.168.0.${i}`, protocolPort: 80, weight })),
      });
    },
    { config: CONFIG },
  );

let emulator: Emulator;
/** Everything the provider produced, by where it was found. */
const produced: { where: string; text: string }[] = [];
const keep = (where: string, value: unknown) =>
  produced.push({ where, text: typeof value === "string" ? value : JSON.stringify(value) });
const results: Record<string, UpResult | PreviewStep[]> = {};
let stack: Stack;
let calls: CallRecord[];
const name = (urn: string) => urn.split("::").pop()!;
const steps = (result: UpResult) =>
  Object.fromEntries(result.steps.map((s) => [name(s.urn), s.error ? `${s.op} failed` : s.op]));

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      credentials: [ALIBABA, HUAWEI],
      slb: { loadBalancers: [{ loadBalancerId: SLB_LB, regionId: "cn-beijing" }] },
      ens: {
        loadBalancers: [{ loadBalancerId: ENS_LB }],
        servers: [{ serverId: STOPPED, status: "Stopped" }],
      },
      elb: { pools: [{ poolId: POOL, projectId: PROJECT }], memberQuota: 2 },
    },
  });
  stack = new Stack(
    {
      ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
      ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens,
      HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
      // Long enough for a throttled call to be retried on a loaded machine; it is also how long CLB's
      // second batch meets 5xx before the failing up gives up on it.
      BACKEND_SERVERS_RETRY_BASE_MS: "5",
      BACKEND_SERVERS_RETRY_MAX_MS: "50",
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "2000",
    },
    CONFIG,
  );
  /** Runs one command, then keeps the state it left and every error it reported. */
  const command = async <T extends UpResult | PreviewStep[] | void>(
    label: string,
    run: Parameters<Stack["run"]>[0],
  ): Promise<T> => {
    const result = (await stack.run(run)) as T;
    if (result) results[label] = result;
    for (const resource of stack.state.values()) {
      keep(`${label}: state inputs of ${name(resource.urn)}`, resource.inputs);
      keep(`${label}: state outputs of ${name(resource.urn)}`, resource.outputs);
    }
    const reported = Array.isArray(result) ? result : (result?.steps ?? []);
    for (const step of reported) {
      if ("checkedInputs" in step) keep(`${label}: checked inputs of ${name(step.urn)}`, step.checkedInputs);
      if ("failures" in step) keep(`${label}: check failures of ${name(step.urn)}`, step.failures);
      if ("error" in step && step.error) {
        keep(`${label}: error of ${name(step.urn)}`, `${step.error.message}\n${step.error.details}`);
        if (step.error.initFailure)
          keep(`${label}: initFailure of ${name(step.urn)}`, step.error.initFailure);
      }
    }
    return result;
  };

  const v1 = await program(100);
  for (const registration of v1)
    keep(`registered __provider of ${name(registration.urn)}`, registration.inputs);
  await command("preview", (engine) => engine.preview(v1));

  // up, failing three ways: CLB's second batch meets 5xx until the retry deadline (a partial failure);
  // an ENS instance is stopped and the ELB pool is over quota (permanent errors, reported at once).
  let armed = false;
  const stop = emulator.onCall((call) => {
    if (call.cloud !== "slb" || call.action !== "AddBackendServers" || call.code || armed) return;
    armed = true;
    emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "server-error" });
  });
  await command("failing up", (engine) => engine.up(v1));
  stop();

  // Fixed, with one throttled write per cloud on the way: the next up converges.
  emulator.clearFaults();
  emulator.seed({ ens: { servers: [{ serverId: STOPPED, status: "Running" }] }, elb: { memberQuota: 500 } });
  emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "throttle", count: 1 });
  emulator.inject({ cloud: "ens", action: "AddBackendServers", kind: "throttle", count: 1 });
  emulator.inject({ cloud: "elb", action: "batch-add", kind: "throttle", count: 1 });
  await command("up", (engine) => engine.up(v1));

  // Someone re-weights one member of each; refresh records it, preview plans to undo it.
  emulator.setSlbMembers(
    SLB_LB,
    emulator.slbMembers(SLB_LB).map((m, i) => (i === 0 ? { ...m, Weight: 7 } : m)),
  );
  emulator.setEnsMembers(
    ENS_LB,
    emulator.ensMembers(ENS_LB).map((m, i) => (i === 0 ? { ...m, Weight: 7 } : m)),
  );
  emulator.setElbMembers(
    POOL,
    emulator.elbMembers(POOL).map((m, i) => (i === 0 ? { ...m, weight: 7 } : m)),
  );
  await command("refresh", (engine) => engine.refresh());
  await command("preview after drift", (engine) => engine.preview(v1));
  await command("up after drift", (engine) => engine.up(v1));
  await command("destroy", (engine) => engine.destroy());

  keep("plugins' stdout", stack.output.stdout);
  keep("plugins' stderr", stack.output.stderr);
  calls = emulator.calls();
  // What the provider sent besides its credentials (the emulator logs business parameters only).
  keep(
    "request parameters",
    calls.map((c) => c.params),
  );
});
afterAll(async () => {
  await emulator?.close();
});

describe("STS credentials of both clouds in one stack, through the real plugin", () => {
  it("runs the lifecycle: a partial failure, two permanent errors, then up, refresh, preview, up and destroy", () => {
    const failing = results["failing up"] as UpResult;
    expect(steps(failing)).toEqual({ web: "create failed", edge: "create failed", pool: "create failed" });
    const error = (resource: string) => failing.steps.find((s) => name(s.urn) === resource)!.error!;
    expect(error("web").message).toMatch(
      /AddBackendServers on load balancer lb-2ze7o5h52g02kkzze7lru failed: (InternalError|ServiceUnavailable): .*RequestId/,
    );
    expect(Object.keys(error("web").initFailure!.properties.backendServers as object)).toHaveLength(20);
    expect(error("edge").message).toMatch(
      /AddBackendServers on load balancer .+ failed: IncorrectInstanceStatus: /,
    );
    expect(error("edge").initFailure).toBeUndefined();
    expect(error("pool").message).toMatch(/batch-add on pool .+ failed: ELB\.8905: /);

    expect(steps(results.up as UpResult)).toEqual({ web: "update", edge: "create", pool: "create" });
    expect((results["preview after drift"] as PreviewStep[]).map((s) => s.op)).toEqual([
      "update",
      "update",
      "update",
    ]);
    expect(steps(results["up after drift"] as UpResult)).toEqual({
      web: "update",
      edge: "update",
      pool: "update",
    });
    expect(stack.state.size).toBe(0);
    expect([
      ...emulator.slbMembers(SLB_LB),
      ...emulator.ensMembers(ENS_LB),
      ...emulator.elbMembers(POOL),
    ]).toEqual([]);
  });

  it("signs every call of all three APIs with the STS AccessKeys, and the calls succeed", () => {
    const expected = { slb: ALIBABA.accessKeyId, ens: ALIBABA.accessKeyId, elb: HUAWEI.accessKeyId };
    for (const [cloud, accessKeyId] of Object.entries(expected)) {
      const ofCloud = calls.filter((c) => c.cloud === cloud);
      expect(new Set(ofCloud.map((c) => c.accessKeyId))).toEqual(new Set([accessKeyId]));
      // The emulator refuses an STS AccessKey whose request lacks its token: these answers prove it was sent.
      const succeeded = new Set(ofCloud.filter((c) => c.httpStatus === 200 && !c.code).map((c) => c.action));
      const actions =
        cloud === "elb"
          ? ["list", "batch-add", "batch-update", "batch-delete"]
          : [
              "DescribeLoadBalancerAttribute",
              "AddBackendServers",
              "SetBackendServers",
              "RemoveBackendServers",
            ];
      expect([...succeeded].sort()).toEqual([...actions].sort());
      expect(
        ofCloud.filter((c) => c.httpStatus === 401 || /Signature|Token|AccessKey/.test(c.code ?? "")),
      ).toEqual([]);
    }
  });

  it("leaves no secret key or security token in anything it produced, raw or encoded", () => {
    expect(produced.length).toBeGreaterThan(40);
    expect(produced.some((p) => p.where === "plugins' stderr" && p.text.includes("batch 2/2"))).toBe(true);
    // Percent-encoded twice too: that is how a token stands in Alibaba's string to sign, which its gateway
    // quotes when a signature does not match (test/engine/gatewayErrors.test.ts drives that path).
    const forms = (secret: string) => [
      secret,
      encodeURIComponent(secret),
      percentEncode(percentEncode(secret)),
      Buffer.from(secret).toString("base64"),
      JSON.stringify(secret).slice(1, -1),
    ];
    const hits = produced.flatMap(({ where, text }) =>
      Object.entries(SECRETS).flatMap(([what, secret]) =>
        forms(secret).some((form) => text.includes(form)) ? [`${what} in ${where}`] : [],
      ),
    );
    expect(hits).toEqual([]);
    // Not secret, but not state either: the AccessKeys are read at run time, never stored.
    const state = produced.filter((p) => /state|__provider/.test(p.where)).map((p) => p.text);
    for (const accessKeyId of [ALIBABA.accessKeyId, HUAWEI.accessKeyId])
      expect(state.join("\n")).not.toContain(accessKeyId);
  });
});
