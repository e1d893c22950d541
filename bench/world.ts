import type { MemberApi } from "../provider/clouds/memberApi";
import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import { fixedSettings, type Settings } from "../provider/runtime/settings";
import { type Emulator, type EmulatorCredential, startEmulator } from "../test/emulator";
import type { BenchKind } from "./kinds";

/** Real defaults, but deadlines that cannot stall the bench. */
export const BENCH_TUNING = {
  BACKEND_SERVERS_HTTP_TIMEOUT_MS: "20000",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "30000",
};

/** Settings of an in-process provider: the kind's environment, no stack config. */
export const benchSettings = (
  bench: BenchKind,
  endpoints: Emulator["endpoints"],
  key: EmulatorCredential,
  tuning: Record<string, string> = BENCH_TUNING,
): Settings => fixedSettings({}, { ...tuning, ...bench.env(endpoints, key) });

/** The provider as the runtime builds it, with its progress lines dropped. */
export const benchProvider = (bench: BenchKind, settings: Settings): AttachmentProvider<unknown> =>
  new AttachmentProvider(bench.kind, { settings, log: () => {} });

/**
 * One emulator for one kind with the latency injected on every request and one target. Each run (ours
 * or a baseline) gets an AccessKey of its own, so it starts with empty rate-quota windows on both sides
 * (the emulator's and the client's pacer are kept per AccessKey): no run pays for the one before.
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

  credential(): EmulatorCredential {
    this.issued += 1;
    const key = {
      accessKeyId: `BENCHKEY${String(this.issued).padStart(6, "0")}`,
      accessKeySecret: `bench-secret-${this.issued}`,
    };
    this.emulator.seed({ credentials: [key] });
    return key;
  }

  settings = (): Settings => benchSettings(this.bench, this.emulator.endpoints, this.credential());
  provider = (): AttachmentProvider<unknown> => benchProvider(this.bench, this.settings());

  /** The kind's own adapter, as a baseline uses it. */
  api(exclusive: boolean): MemberApi<unknown> {
    const { kind, inputs } = this.bench;
    const settings = this.settings();
    return kind.connect(kind.resolve({ ...inputs(this.target), exclusive }, settings), settings);
  }

  members = (): unknown[] => this.bench.get(this.emulator, this.target);
  restore = (members: unknown[]): void => this.bench.set(this.emulator, this.target, members);
  endState = (): string => this.members().map(this.bench.identity).sort().join("\n");

  /** Wall time, requests the emulator logged for this cloud, and how many it refused. */
  async measure(run: () => Promise<unknown>): Promise<{ wallMs: number; calls: number; refused: number }> {
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
