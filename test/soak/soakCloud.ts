import type { Emulator, EmulatorSeed } from "../emulator";
import type { Registration } from "../support/miniEngine";

/** Members as the soak sees them on any cloud: an identity and a weight. */
export type Members = Map<string, number>;

/** What the soak needs of one cloud: its program, its emulator view, and how another client meddles. */
export interface SoakCloud {
  name: string;
  batchSize: number;
  seed: EmulatorSeed;
  env(emulator: Emulator): Record<string, string>;
  config: Record<string, string>;
  /** Registers the program: one attachment declaring `desired` (shared ownership). */
  program(desired: Members): Promise<Registration[]>;
  /** The i-th member this stack may declare, and the i-th a stranger attaches. */
  ours(i: number): string;
  theirs(i: number): string;
  /** The members the cloud has now. */
  read(emulator: Emulator): Members;
  /** Another client replaces the members (out of band). */
  write(emulator: Emulator, members: Members): void;
  /** The write actions, and the members a Remove call detached. */
  isWrite(action: string): boolean;
  removed(action: string, params: Record<string, unknown>): string[];
}
