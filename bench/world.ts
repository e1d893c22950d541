import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { settledWrites } from "../provider/reconcile/completion";
import { DEFAULT_RETRY, RetryBudget } from "../provider/reconcile/retry";
import { RunShared } from "../provider/reconcile/runShared";
import { fixedSettings } from "../provider/reconcile/settings";
import { startEmulatorProcess } from "./emulatorProcess";
import { type Exchange, floorClient, recordExchanges } from "./floor";
import { type BenchKind, PROJECT } from "./kinds";
import { mainThreadMs } from "./machine";

type Env = Record<string, string>;
export type World = Awaited<ReturnType<typeof startWorld>>;
export type Measured = Awaited<ReturnType<World["measure"]>>;

/** The value a `q` share of `values` are at most (the upper one between two). */
export const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
export const median = (values: number[]): number => quantile(values, 0.5);
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The provider as the runtime builds it from a user's environment, with its progress lines dropped. */
export const benchProvider = (bench: BenchKind, env: Env): AttachmentProvider<unknown> =>
  new AttachmentProvider(bench.kind, { settings: fixedSettings({}, env), log: () => {} });

/**
 * One emulator, in a process of its own (bench/emulatorProcess.ts), with `targets` load balancers or pools
 * of one kind, the latency injected on every request. Each env() is a new AccessKey, so each run (ours or
 * a baseline) starts with empty rate-quota windows on both sides (the emulator and the client's pacer
 * keep them per AccessKey): no run pays for the one before.
 */
export async function startWorld(bench: BenchKind, maxMembers: number, latencyMs: number, targets = 1) {
  const emulator = await startEmulatorProcess();
  for (let i = 0; i < targets; i++) await emulator.seed(bench.seed(bench.target(i), maxMembers));
  if (latencyMs > 0) await emulator.inject({ kind: "latency", latencyMs });
  const target = bench.target(0);
  let issued = 0;

  /** What a user exports for the emulator (every cloud's), with a retry deadline that cannot stall the bench. */
  const env = async (extra: Env = {}): Promise<Env> => {
    const [id, secret] = [`BENCHKEY${String(++issued).padStart(6, "0")}`, `bench-secret-${issued}`];
    await emulator.seed({ credentials: [{ accessKeyId: id, accessKeySecret: secret }] });
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
  const members = (): Promise<unknown[]> => emulator.members(bench.name, target);
  const floor = floorClient(emulator.floor, latencyMs);

  /**
   * `run`, timed. Its elapsed time less what the emulator took beyond the latency is the provider's wall
   * time: what it would take against a cloud answering in exactly the latency. Also this process's CPU
   * time (the provider's: the emulator has its own process), that of its event loop alone and the time
   * the event loop waited for a core other programs held (machine.ts), the emulator's CPU time, the
   * requests it logged for this cloud meanwhile and how many it refused, and the HTTP exchanges made
   * (floor.ts).
   */
  const measure = async (run: () => Promise<unknown>) => {
    await emulator.clearCalls();
    const [cpu, thread, start] = [process.cpuUsage(), mainThreadMs(), performance.now()];
    const { exchanges } = await recordExchanges(run);
    const [elapsedMs, cpuMs, threadAfter] = [performance.now() - start, cpuMsSince(cpu), mainThreadMs()];
    const { calls, ...share } = await emulator.share(bench.cloud, latencyMs);
    const refused = calls.filter((c) => c.httpStatus < 200 || c.httpStatus >= 300).length;
    const emulatorMs = { cpu: share.cpuMs, beyondLatency: share.beyondLatencyMs };
    // Where the kernel does not say, all the process's CPU is counted as the event loop's, and no wait.
    const eventLoopMs = thread && threadAfter ? threadAfter.ran - thread.ran : cpuMs;
    const waitedForCore = thread && threadAfter ? threadAfter.waited - thread.waited : 0;
    const wallMs = elapsedMs - share.beyondLatencyMs;
    return { wallMs, elapsedMs, cpuMs, eventLoopMs, emulatorMs, waitedForCore, calls, refused, exchanges };
  };

  return {
    ...{ bench, latencyMs, target, env, members },
    provider: async (providerEnv?: Env) => benchProvider(bench, providerEnv ?? (await env())),
    /** The kind's own adapter, as a baseline uses it: an asynchronous API's writes followed to their end. */
    api: async (exclusive: boolean) => {
      const settings = fixedSettings({}, await env());
      const inputs = { [bench.kind.schema.fields[0].name]: target, exclusive };
      const api = bench.kind.connect(bench.kind.resolve(inputs, settings), settings, new RunShared());
      return settledWrites(api, { budget: new RetryBudget(DEFAULT_RETRY), log: () => {} });
    },
    restore: (stored: unknown[]) => emulator.setMembers(bench.name, target, stored),
    endState: async () => (await members()).map(bench.identity).sort().join("\n"),
    measure,
    /** The floor of `exchanges` (floor.ts): the least a client takes for them here, timed as `measure`. */
    floor: async (exchanges: readonly Exchange[]) => {
      const prepared = floor.prepare(exchanges);
      return (await measure(() => floor.send(prepared))).wallMs;
    },
    close: () => {
      floor.close();
      return emulator.close();
    },
  };
}
