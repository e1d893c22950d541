import type { MemberApi } from "../provider/reconcile/memberApi";
import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { RunShared } from "../provider/reconcile/runShared";
import { fixedSettings, type Settings } from "../provider/reconcile/settings";
import { type Emulator, type EmulatorCredential, startEmulator } from "../emulator";
import type { BenchKind } from "./kinds";

type Env = Record<string, string>;

/** What a user exports to use the emulator, with real defaults but deadlines that cannot stall the bench. */
export const benchEnv = (
  bench: BenchKind,
  endpoints: Emulator["endpoints"],
  key: EmulatorCredential,
): Env => ({
  BACKEND_SERVERS_HTTP_TIMEOUT_MS: "20000",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "30000",
  ...bench.env(endpoints, key),
});

/** The provider as the runtime builds it from that environment, with its progress lines dropped. */
export const benchProvider = (bench: BenchKind, env: Env): AttachmentProvider<unknown> =>
  new AttachmentProvider(bench.kind, { settings: fixedSettings({}, env), log: () => {} });

/**
 * One emulator and target for one kind, with the latency injected on every request. Each run (ours or a
 * baseline) gets an AccessKey of its own, so it starts with empty rate-quota windows on both sides (the
 * emulator and the client's pacer keep them per AccessKey): no run pays for the one before.
 */
export class World {
  private issued = 0;
  readonly target: string;

  private constructor(
    readonly bench: BenchKind,
    readonly emulator: Emulator,
    readonly latencyMs: number,
  ) {
    this.target = bench.target(0);
  }

  static async start(bench: BenchKind, maxMembers: number, latencyMs: number): Promise<World> {
    const emulator = await startEmulator({ seed: bench.seed([bench.target(0)], maxMembers) });
    emulator.inject({ kind: "latency", latencyMs });
    return new World(bench, emulator, latencyMs);
  }

  env(): Env {
    const key = {
      accessKeyId: `BENCHKEY${String(++this.issued).padStart(6, "0")}`,
      accessKeySecret: `bench-secret-${this.issued}`,
    };
    this.emulator.seed({ credentials: [key] });
    return benchEnv(this.bench, this.emulator.endpoints, key);
  }

  provider = (): AttachmentProvider<unknown> => benchProvider(this.bench, this.env());

  /** The kind's own adapter, as a baseline uses it. */
  api(exclusive: boolean): MemberApi<unknown> {
    const settings: Settings = fixedSettings({}, this.env());
    const { kind } = this.bench;
    return kind.connect(
      kind.resolve({ ...this.bench.inputs(this.target), exclusive }, settings),
      settings,
      new RunShared(),
    );
  }

  members = (): unknown[] => this.bench.get(this.emulator, this.target);
  restore = (members: unknown[]): void => this.bench.set(this.emulator, this.target, members);
  endState = (): string => this.members().map(this.bench.identity).sort().join("\n");

  /** Wall time, the requests the emulator logged for this cloud, and how many it refused. */
  async measure(run: () => Promise<unknown>) {
    this.emulator.clearCalls();
    const start = performance.now();
    await run();
    const wallMs = performance.now() - start;
    const calls = this.emulator.calls({ cloud: this.bench.cloud });
    return {
      wallMs,
      calls: calls.length,
      refused: calls.filter((c) => c.httpStatus < 200 || c.httpStatus >= 300).length,
    };
  }

  close = (): Promise<void> => this.emulator.close();
}
