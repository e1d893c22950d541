/**
 * Health in outputs through the real plugin: with `rollout` declared, every update and every refresh
 * reports each managed member's health as the cloud reports it; without it, nothing changes.
 * Registrations come from the compiled package under `setMocks`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { nonconforming } from "../../emulator/contract/conformance";
import type { CallRecord } from "../../emulator/types";
import { captureRegistrations } from "../../harness/registrations";
import { builtPackage, Stack } from "../../harness/stack";

const ALI = { accessKeyId: "HEALTHTESTKEY01", accessKeySecret: "health-secret-never-in-state" };
const HW = { accessKeyId: "HEALTHHWKEY0001", accessKeySecret: "health-hw-secret-never-in-state" };
const LB = "lb-2ze7o5h52g02kkzze7lru";
const ENS_LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
const LISTENER = "0b11747a-b139-492f-9692-2df0b1c87193";
const CONFIG = {
  "alicloud:accessKey": ALI.accessKeyId,
  "alicloud:secretKey": ALI.accessKeySecret,
  "alicloud:region": "cn-beijing",
  "huaweicloud:accessKey": HW.accessKeyId,
  "huaweicloud:secretKey": HW.accessKeySecret,
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:projectId": PROJECT,
};
const { alicloud, huaweicloud } = builtPackage();

/** The emulator's clock: moved by the tests, never slept on. */
let now = Date.now();
let emulator: Emulator;
let stack: Stack;
const env = () => ({
  ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb,
  ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens,
  HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb,
  BACKEND_SERVERS_RETRY_BASE_MS: "5",
  BACKEND_SERVERS_RETRY_MAX_MS: "20",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "5000",
});
const outputs = () => [...stack.state.values()][0].outputs;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => now });
  emulator.onCall((call) => sent.push(call));
});
afterAll(async () => {
  await emulator?.close();
});
/** Every request the plugin sent in a test, cleared or not, fits the vendors' definitions. */
const sent: CallRecord[] = [];
afterEach(() => {
  expect(nonconforming(sent.splice(0))).toEqual([]);
});
beforeEach(() => {
  now = Date.now();
  emulator.reset();
  emulator.seed({
    credentials: [ALI, HW],
    slb: {
      loadBalancers: [
        {
          loadBalancerId: LB,
          regionId: "cn-beijing",
          listeners: [
            { port: 80, protocol: "http", healthCheckInterval: 2, healthyThreshold: 3 },
            { port: 8443, protocol: "tcp", healthCheck: "off" },
          ],
        },
      ],
    },
    ens: { loadBalancers: [{ loadBalancerId: ENS_LB }] },
    elb: {
      pools: [
        {
          poolId: POOL,
          projectId: PROJECT,
          healthMonitor: { delay: 5, maxRetries: 2 },
          listenerIds: [LISTENER],
        },
      ],
    },
  });
  stack = new Stack(env(), CONFIG);
});

const slbProgram = (ids: string[], extra: Record<string, unknown> = { rollout: {} }) =>
  captureRegistrations(
    () => {
      new alicloud.slb.BackendServerAttachment("web", {
        loadBalancerId: LB,
        backendServers: ids.map((serverId) => ({ serverId })),
        ...extra,
      });
    },
    { config: CONFIG },
  );

describe("CLB health in outputs", () => {
  it("reports each member per checking listener after every update, and the refreshed health", async () => {
    emulator.setHealth("slb", "i-sick0000001", "fails");
    const up = await stack.run(async (engine) =>
      engine.up(await slbProgram(["i-web0000001", "i-sick0000001"])),
    );
    expect(up.steps.map((s) => s.error)).toEqual([undefined]);
    // Just added: no check has completed; the listener without health check is not consulted.
    expect(outputs().health).toEqual({
      "ecs:i-sick0000001": { state: "checking", reported: "80/http unavailable" },
      "ecs:i-web0000001": { state: "checking", reported: "80/http unavailable" },
    });

    now += 6_000; // three intervals of 2 s: the healthy threshold
    await stack.run((engine) => engine.refresh());
    expect(outputs().health).toEqual({
      "ecs:i-sick0000001": { state: "unhealthy", reported: "80/http abnormal" },
      "ecs:i-web0000001": { state: "healthy", reported: "80/http normal" },
    });
    expect([...stack.state.values()][0].inputs.rollout).toEqual({});
  });

  it("says so when no listener checks health", async () => {
    emulator.seed({ slb: { loadBalancers: [{ loadBalancerId: LB, regionId: "cn-beijing" }] } });
    await stack.run(async (engine) => engine.up(await slbProgram(["i-web0000001"])));
    expect(outputs().health).toEqual({
      "ecs:i-web0000001": { state: "unchecked", reported: "no listener checks health" },
    });
  });

  it("reads no health and reports none without rollout", async () => {
    await stack.run(async (engine) => engine.up(await slbProgram(["i-web0000001"], {})));
    expect(outputs().health).toBeUndefined();
    expect(emulator.calls().map((c) => c.action)).toEqual([
      "DescribeLoadBalancerAttribute",
      "AddBackendServers",
    ]);
  });
});

describe("Huawei health in outputs", () => {
  it("reports operating_status per listener, with the failure reason", async () => {
    emulator.setHealth("elb", "10.0.0.9", "fails");
    const program = await captureRegistrations(
      () => {
        new huaweicloud.elb.BackendServerAttachment("pool", {
          poolId: POOL,
          members: [
            { address: "10.0.0.8", protocolPort: 80 },
            { address: "10.0.0.9", protocolPort: 80 },
          ],
          rollout: {},
        });
      },
      { config: CONFIG },
    );
    await stack.run((engine) => engine.up(program));
    expect(outputs().health).toEqual({
      "10.0.0.8:80": { state: "checking", reported: `listener ${LISTENER}: INITIAL` },
      "10.0.0.9:80": { state: "checking", reported: `listener ${LISTENER}: INITIAL` },
    });
    now += 10_000;
    await stack.run((engine) => engine.refresh());
    expect(outputs().health).toEqual({
      "10.0.0.8:80": { state: "healthy", reported: `listener ${LISTENER}: ONLINE` },
      "10.0.0.9:80": { state: "unhealthy", reported: `listener ${LISTENER}: OFFLINE (CONNECT_REFUSED)` },
    });
  });
});

describe("ENS", () => {
  it("reports that it has no health per member, and check refuses a health gate with the reason", async () => {
    const ens = (rollout: Record<string, unknown>) =>
      captureRegistrations(
        () => {
          new alicloud.ens.BackendServerAttachment("edge", {
            loadBalancerId: ENS_LB,
            backendServers: [{ serverId: "i-5uf6dwyzch3wly790k2x" }],
            rollout,
          });
        },
        { config: CONFIG },
      );
    const refused = await stack.run(async (engine) =>
      engine.up(await ens({ healthGate: { timeoutSeconds: 60 } })),
    );
    expect(refused.failures.map((f) => f.reason)).toEqual([
      expect.stringContaining(
        "rollout.healthGate cannot be used here: ENS reports no health per backend server",
      ),
    ]);
    expect(emulator.calls()).toEqual([]);

    await stack.run(async (engine) => engine.up(await ens({ drainSeconds: 0 })));
    expect(outputs().health).toEqual({
      "ens:i-5uf6dwyzch3wly790k2x": {
        state: "unreported",
        reported: "this API reports no health per member",
      },
    });
  });
});
