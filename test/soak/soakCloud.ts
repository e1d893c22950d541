import type { Emulator, EmulatorSeed } from "../../emulator";
import type { Registration } from "../../harness/miniEngine";

/** Members as the soak sees them on any cloud: an identity and a weight. */
export type Members = Map<string, number>;

/** What the soak needs of one cloud: its program, its emulator view, and how another client meddles. */
export interface SoakCloud {
  name: string;
  batchSize: number;
  seed: EmulatorSeed;
  env(emulator: Emulator): Record<string, string>;
  config: Record<string, string>;
  /** Registers the program: one attachment declaring `desired` (shared ownership), and `rollout` if given. */
  program(desired: Members, rollout?: Record<string, unknown>): Promise<Registration[]>;
  /** The i-th member this stack may declare, and the i-th a stranger attaches. */
  ours(i: number): string;
  theirs(i: number): string;
  /** The members the cloud has now. */
  read(emulator: Emulator): Members;
  /** Another client replaces the members (out of band). */
  write(emulator: Emulator, members: Members): void;
  /** The cloud's write actions. */
  isWrite(action: string): boolean;
  /** The members a remove call detached: by identity, or by the id the cloud gave them (see `memberIds`). */
  removed(action: string, params: Record<string, unknown>): string[];
  /**
   * For clouds whose remove calls name members by an id the cloud assigned: that id of each member the
   * cloud has now, with the member's identity. The runner remembers every pair it has seen.
   */
  memberIds?(emulator: Emulator): Iterable<[string, string]>;
  /** The field of the resource's outputs that holds the members it manages, keyed by identity. */
  outputsField: string;
  /** The soak identity of one member of that field. */
  identity(member: Record<string, unknown>): string;
  /**
   * How many members a round adds, removes and re-weights at most (each drawn separately); a round is
   * `large` one time in five. Default 12 and 45: several batches of 20 now and then.
   */
  changeSize?: { usual: number; large: number };
  /**
   * For clouds that can gate on health (the seed gives the group a health check): whether the emulator
   * reports each member healthy now, by identity, and which calls read health (each moves the emulator's
   * clock on by one check interval, as if the provider's poll had waited one).
   */
  rollout?: {
    healthy(emulator: Emulator): Map<string, boolean>;
    readsHealth(action: string): boolean;
  };
}
