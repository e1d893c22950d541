import { fixedSettings, type Settings } from "../../provider/reconcile/settings";
import type { Cloud, Emulator, EmulatorCredential, EmulatorSeed } from "../../test/emulator";

/**
 * What the bench needs to know about one cloud to drive its registered kind: how to seed the emulator,
 * how to write valid members, and the two bounds its figures are divided by. It holds no adapter: the
 * adapter is the kind's own `connect`, loaded from `kindModule` only once the runtime registers the kind.
 */
export interface CloudFixture {
  /** The name the runtime registers the kind under, e.g. `alicloud.slb`. */
  kind: string;
  /** The emulator's name for the API, to filter its call log. */
  cloud: Cloud;
  /** Where the kind object lives, relative to the repository root (no extension). */
  kindModule: string;
  /** Sizes to run: the full set, and the --quick set (1, a full batch, a batch and one). */
  sizes: { full: number[]; quick: number[] };
  /** The load balancer or pool, with quotas raised so that `maxMembers` fit. */
  seed(maxMembers: number): EmulatorSeed;
  /** Top-level inputs other than the member list and `exclusive`. */
  inputs: Record<string, unknown>;
  /**
   * The environment variables that point the kind at the emulator with this credential: what a user
   * exports, so the same values serve the in-process provider and a real plugin process.
   */
  environment(endpoints: Emulator["endpoints"], credential: EmulatorCredential): Record<string, string>;
  /** Declared member number `i`, as a program writes it; valid for the kind's `normalizeMember`. */
  member(i: number, weight: number): Record<string, unknown>;
  /** Attaches `count` members no resource declares (an autoscaler's, or someone's by hand). */
  attachForeign(emulator: Emulator, count: number): void;
  /** The target's members exactly as the emulator holds them, ids included, to restore a phase's start. */
  snapshot(emulator: Emulator): unknown[];
  restore(emulator: Emulator, members: unknown[]): void;
  /** Identity and weight of every member, sorted: two approaches reached the same end state iff equal. */
  signature(emulator: Emulator): string[];
  /** Calls one read of `attached` members takes (list pages). */
  readCalls(attached: number): number;
  /** The least wall time `calls` sequential calls can take when each takes `latencyMs`. */
  boundMs(calls: number, latencyMs: number): number;
  /** `boundMs` in words, for the report. */
  boundFormula: string;
}

/** Member number `i` as a zero-padded token: ids stay valid and sort in creation order. */
export const pad = (i: number, width = 6): string => String(i).padStart(width, "0");

/** The bound for clouds with no rate limit: the calls one after another, each at the injected latency. */
export const sequentialBoundMs = (calls: number, latencyMs: number): number => calls * latencyMs;

/** Bench tuning shared by every kind: real defaults, but a deadline that cannot stall the bench. */
export const BENCH_TUNING = {
  BACKEND_SERVERS_HTTP_TIMEOUT_MS: "20000",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "30000",
};

/** Settings for an in-process provider: the fixture's environment, no stack config. */
export function benchSettings(
  fixture: CloudFixture,
  endpoints: Emulator["endpoints"],
  credential: EmulatorCredential,
): Settings {
  return fixedSettings({}, { ...BENCH_TUNING, ...fixture.environment(endpoints, credential) });
}
