import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { settledWrites } from "../provider/reconcile/completion";
import { DEFAULT_RETRY, RetryBudget } from "../provider/reconcile/retry";
import { RunShared } from "../provider/reconcile/runShared";
import { fixedSettings } from "../provider/reconcile/settings";
import { startEmulator } from "../emulator";
import { type BenchKind, PROJECT } from "./kinds";

type Env = Record<string, string>;
export type World = Awaited<ReturnType<typeof startWorld>>;

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

/** The provider as the runtime builds it from a user's environment, with its progress lines dropped. */
export const benchProvider = (bench: BenchKind, env: Env): AttachmentProvider<unknown> =>
  new AttachmentProvider(bench.kind, { settings: fixedSettings({}, env), log: () => {} });

/**
 * One emulator with `targets` load balancers or pools of one kind, the latency injected on every request.
 * Each env() is a new AccessKey, so each run (ours or a baseline) starts with empty rate-quota windows on
 * both sides (the emulator and the client's pacer keep them per AccessKey): no run pays for the one before.
 */
export async function startWorld(bench: BenchKind, maxMembers: number, latencyMs: number, targets = 1) {
  const emulator = await startEmulator();
  for (let i = 0; i < targets; i++) emulator.seed(bench.seed(bench.target(i), maxMembers));
  if (latencyMs > 0) emulator.inject({ kind: "latency", latencyMs });
  const target = bench.target(0);
  let issued = 0;

  /** What a user exports for the emulator (every cloud's), with a retry deadline that cannot stall the bench. */
  const env = (extra: Env = {}): Env => {
    const [id, secret] = [`BENCHKEY${String(++issued).padStart(6, "0")}`, `bench-secret-${issued}`];
    emulator.seed({ credentials: [{ accessKeyId: id, accessKeySecret: secret }] });
    const { slb, ens, elb, alb, nlb } = emulator.endpoints;
    return {
      ALIBABA_CLOUD_ACCESS_KEY_ID: id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
      ALIBABA_CLOUD_REGION_ID: "cn-beijing",
      ALIBABA_CLOUD_SLB_ENDPOINT: slb,
      ALIBABA_CLOUD_ENS_ENDPOINT: ens,
      ALIBABA_CLOUD_ALB_ENDPOINT: alb,
      ALIBABA_CLOUD_NLB_ENDPOINT: nlb,
      HUAWEICLOUD_SDK_AK: id,
      HUAWEICLOUD_SDK_SK: secret,
      HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
      HUAWEICLOUD_REGION: "cn-north-4",
      HUAWEICLOUD_ELB_ENDPOINT: elb,
      BACKEND_SERVERS_RETRY_DEADLINE_MS: "30000",
      ...extra,
    };
  };
  const members = (): unknown[] => bench.get(emulator, target);

  return {
    ...{ bench, emulator, latencyMs, target, env, members },
    provider: (providerEnv = env()) => benchProvider(bench, providerEnv),
    /** The kind's own adapter, as a baseline uses it: an asynchronous API's writes followed to their end. */
    api: (exclusive: boolean) => {
      const settings = fixedSettings({}, env());
      const inputs = { [bench.kind.schema.fields[0].name]: target, exclusive };
      const api = bench.kind.connect(bench.kind.resolve(inputs, settings), settings, new RunShared());
      return settledWrites(api, { budget: new RetryBudget(DEFAULT_RETRY), log: () => {} });
    },
    restore: (stored: unknown[]) => bench.set(emulator, target, stored),
    endState: () => members().map(bench.identity).sort().join("\n"),
    /** Wall time of `run`, the requests the emulator logged for this cloud meanwhile, how many it refused. */
    measure: async (run: () => Promise<unknown>) => {
      emulator.clearCalls();
      const start = performance.now();
      await run();
      const wallMs = performance.now() - start;
      const calls = emulator.calls({ cloud: bench.cloud });
      const refused = calls.filter((c) => c.httpStatus < 200 || c.httpStatus >= 300).length;
      return { wallMs, calls, refused };
    },
    close: () => emulator.close(),
  };
}
