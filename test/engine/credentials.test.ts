/**
 * Credentials of every cloud in one stack, through the real plugin: a program with a CLB, an ENS, an ALB,
 * an NLB and a Huawei ELB attachment runs on STS credentials for both clouds (from stack config, as the
 * README recommends) through preview, an up that fails in four ways, an up that converges, refresh after
 * drift, preview, an up that undoes the drift, and destroy. Then everything the provider produced is
 * searched for each secret key and security token, raw and encoded. Registrations come from the compiled
 * package under `setMocks`: no real Pulumi runtime in this file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallRecord, type Emulator, startEmulator } from "../../emulator";
import { nonconforming } from "../../emulator/contract/conformance";
import type { PreviewStep, UpResult } from "../../harness/miniEngine";
import { Stack } from "../../harness/stack";
import { endpointsOf, ensCloud, ours, TEST_CLOUDS } from "../clouds";
import { secretForms } from "../../harness/secretForms";
import { awkwardSts, configOf, everyCloud, seedOf } from "./everyCloud";

const { alibaba: ALIBABA, huawei: HUAWEI } = awkwardSts("cred");
const SECRETS = {
  "Alibaba secret": ALIBABA.accessKeySecret,
  "Alibaba security token": ALIBABA.securityToken,
  "Huawei secret": HUAWEI.accessKeySecret,
  "Huawei security token": HUAWEI.securityToken,
};
const STOPPED = ensCloud.ours(2);
const CONFIG = configOf({ alibaba: ALIBABA, huawei: HUAWEI });
/** How many members each cloud's attachment declares: CLB's take two batches. */
const COUNT = { slb: 30, ens: 5, elb: 3, alb: 3, nlb: 3 };

/** The three attachments; `weight` is what every member declares. */
const program = (weight: number) => everyCloud(CONFIG, (cloud) => ours(cloud, COUNT[cloud.api], weight));

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
    seed: seedOf([ALIBABA, HUAWEI], {
      ens: { servers: [{ serverId: STOPPED, status: "Stopped" }] },
      elb: { memberQuota: 2 },
    }),
  });
  stack = new Stack(
    {
      ...endpointsOf(TEST_CLOUDS, emulator),
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

  // up, failing four ways: CLB's second batch meets 5xx until the retry deadline (a partial failure);
  // an ENS instance is stopped and the ELB pool is over quota (permanent errors, reported at once); the
  // ALB and NLB adds are accepted, and their jobs fail (the cloud's refusal, after the call).
  let armed = false;
  const stop = emulator.onCall((call) => {
    if (call.cloud !== "slb" || call.action !== "AddBackendServers" || call.code || armed) return;
    armed = true;
    emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "server-error" });
  });
  emulator.inject({ cloud: "alb", action: "AddServersToServerGroup", kind: "job-fails", count: 1 });
  emulator.inject({ cloud: "nlb", action: "AddServersToServerGroup", kind: "job-fails", count: 1 });
  await command("failing up", (engine) => engine.up(v1));
  stop();

  // Fixed, with one throttled write per cloud on the way: the next up converges.
  emulator.clearFaults();
  emulator.seed({ ens: { servers: [{ serverId: STOPPED, status: "Running" }] }, elb: { memberQuota: 500 } });
  emulator.inject({ cloud: "slb", action: "AddBackendServers", kind: "throttle", count: 1 });
  emulator.inject({ cloud: "ens", action: "AddBackendServers", kind: "throttle", count: 1 });
  emulator.inject({ cloud: "elb", action: "batch-add", kind: "throttle", count: 1 });
  emulator.inject({ cloud: "alb", action: "AddServersToServerGroup", kind: "throttle", count: 1 });
  emulator.inject({ cloud: "nlb", action: "AddServersToServerGroup", kind: "throttle", count: 1 });
  await command("up", (engine) => engine.up(v1));

  // Someone re-weights one member of each; refresh records it, preview plans to undo it.
  for (const cloud of TEST_CLOUDS) {
    const members = cloud.read(emulator);
    members.set(cloud.ours(0), 7);
    cloud.write(emulator, members);
  }
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
  it("runs the lifecycle: a partial failure, four permanent errors, then up, refresh, preview, up and destroy", () => {
    const failing = results["failing up"] as UpResult;
    // The VServer group's attachment meets none of the faults: it is created on the first up.
    expect(steps(failing)).toEqual({
      web: "create failed",
      edge: "create failed",
      pool: "create failed",
      alb: "create failed",
      nlb: "create failed",
      group: "create",
    });
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
    for (const resource of ["alb", "nlb"]) {
      expect(error(resource).message).toMatch(
        /AddServersToServerGroup on server group sgp-\w+ failed: JobFailed: job [0-9a-f-]+ ended .*Failed.*\(RequestId: [0-9A-F-]{36}\)/,
      );
      expect(error(resource).initFailure).toBeUndefined();
    }

    expect(steps(results.up as UpResult)).toEqual({
      web: "update",
      edge: "create",
      pool: "create",
      alb: "create",
      nlb: "create",
      group: "same",
    });
    expect((results["preview after drift"] as PreviewStep[]).map((s) => s.op)).toEqual(
      TEST_CLOUDS.map(() => "update"),
    );
    expect(steps(results["up after drift"] as UpResult)).toEqual({
      web: "update",
      edge: "update",
      pool: "update",
      alb: "update",
      nlb: "update",
      group: "update",
    });
    expect(stack.state.size).toBe(0);
    for (const cloud of TEST_CLOUDS) expect(cloud.read(emulator)).toEqual(new Map());
  });

  it("signs every call of every API with the STS AccessKeys, and the calls succeed", () => {
    for (const cloud of TEST_CLOUDS) {
      const accessKeyId = cloud.api === "elb" ? HUAWEI.accessKeyId : ALIBABA.accessKeyId;
      // Each attachment's calls: those naming its target (CLB's two resources share one API), and the
      // reads of its jobs (ALB's and NLB's name the job alone; one resource per API here).
      const ofCloud = calls.filter(
        (c) =>
          c.cloud === cloud.api &&
          (c.params[cloud.targetParam] === cloud.target || c.action === cloud.completion),
      );
      expect(new Set(ofCloud.map((c) => c.accessKeyId))).toEqual(new Set([accessKeyId]));
      // The emulator refuses an STS AccessKey whose request lacks its token: these answers prove it was sent.
      const succeeded = new Set(ofCloud.filter((c) => c.httpStatus === 200 && !c.code).map((c) => c.action));
      expect([...succeeded].sort()).toEqual(
        [...Object.values(cloud.actions), ...(cloud.completion ? [cloud.completion] : [])].sort(),
      );
      expect(
        ofCloud.filter((c) => c.httpStatus === 401 || /Signature|Token|AccessKey/.test(c.code ?? "")),
      ).toEqual([]);
    }
    // And every request fits the vendors' definitions of the actions.
    expect(nonconforming(calls)).toEqual([]);
  });

  it("leaves no secret key or security token in anything it produced, raw or encoded", () => {
    expect(produced.length).toBeGreaterThan(40);
    expect(produced.some((p) => p.where === "plugins' stderr" && p.text.includes("batch 2/2"))).toBe(true);
    // Raw and in each encoding the provider, an SDK or a gateway could write it in (everyCloud.ts).
    const hits = produced.flatMap(({ where, text }) =>
      Object.entries(SECRETS).flatMap(([what, secret]) =>
        secretForms(secret).some((form) => text.includes(form)) ? [`${what} in ${where}`] : [],
      ),
    );
    expect(hits).toEqual([]);
    // Not secret, but not state either: the AccessKeys are read at run time, never stored.
    const state = produced.filter((p) => /state|__provider/.test(p.where)).map((p) => p.text);
    for (const accessKeyId of [ALIBABA.accessKeyId, HUAWEI.accessKeyId])
      expect(state.join("\n")).not.toContain(accessKeyId);
  });
});
