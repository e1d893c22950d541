import type { MemberApi } from "../provider/clouds/memberApi";
import { AttachmentProvider } from "../provider/runtime/attachmentProvider";
import type { Settings } from "../provider/runtime/settings";
import { type Emulator, type EmulatorCredential, startEmulator } from "../test/emulator";
import { benchSettings } from "./clouds/fixture";
import type { BenchKind } from "./clouds/registry";

export interface Measured {
  wallMs: number;
  /** Every request the emulator logged for this cloud, refused ones included. */
  calls: number;
  /** Requests answered with an error (the baselines' empty batches; anything else is a finding). */
  refused: number;
}

/**
 * One emulator for one kind, with the latency injected on every request, and fresh credentials on demand.
 * Each run (ours or a baseline) gets an AccessKey of its own, so every run starts with empty rate-quota
 * windows on both sides (the emulator's and the client's pacer, both kept per AccessKey): no run pays
 * for the calls of the run before it.
 */
export class World {
  private issued = 0;

  private constructor(
    readonly bench: BenchKind,
    readonly emulator: Emulator,
    readonly latencyMs: number,
  ) {}

  static async start(bench: BenchKind, maxMembers: number, latencyMs: number): Promise<World> {
    const emulator = await startEmulator({ seed: bench.fixture.seed(maxMembers) });
    emulator.inject({ kind: "latency", latencyMs });
    return new World(bench, emulator, latencyMs);
  }

  /** A credential no run has used yet, known to the emulator. */
  freshCredential(): EmulatorCredential {
    this.issued += 1;
    const credential = {
      accessKeyId: `BENCHKEY${String(this.issued).padStart(6, "0")}`,
      accessKeySecret: `bench-secret-${this.issued}-not-for-real-clouds`,
    };
    this.emulator.seed({ credentials: [credential] });
    return credential;
  }

  freshSettings(): Settings {
    return benchSettings(this.bench.fixture, this.emulator.endpoints, this.freshCredential());
  }

  /** The provider as the runtime builds it, with its progress lines dropped. */
  provider(): AttachmentProvider<unknown> {
    return new AttachmentProvider(this.bench.kind, { settings: this.freshSettings(), log: () => {} });
  }

  /** The kind's own adapter, as a baseline uses it. */
  api(exclusive: boolean): MemberApi<unknown> {
    const settings = this.freshSettings();
    const { kind, fixture } = this.bench;
    return kind.connect(kind.resolve({ ...fixture.inputs, exclusive }, settings), settings);
  }

  async measure(run: () => Promise<unknown>): Promise<Measured> {
    this.emulator.clearCalls();
    const start = performance.now();
    await run();
    const wallMs = performance.now() - start;
    const calls = this.emulator.calls({ cloud: this.bench.fixture.cloud });
    const refused = calls.filter((c) => c.httpStatus < 200 || c.httpStatus >= 300).length;
    return { wallMs, calls: calls.length, refused };
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}
