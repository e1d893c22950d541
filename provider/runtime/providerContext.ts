import type { AttachmentKind, Target } from "../clouds/attachmentKind";
import type { Failure } from "../core/failures";
import type { AttachmentSchema } from "../core/schema";
import { type Clock, realClock } from "../reconcile/clock";
import type { MemberApi } from "../reconcile/memberApi";
import { RetryBudget } from "../reconcile/retry";
import { RunShared } from "../reconcile/runShared";
import { ConfigError, type Settings, tuning } from "../reconcile/settings";
import { Coordination } from "./coordination";

export type Props = Record<string, unknown>;

export interface ProviderDeps {
  settings: Settings;
  /** Progress lines; the plugin shows stderr to the user. */
  log: (line: string) => void;
  /** For health gates, drains and the backoff between retries; default the real clock. */
  clock?: Clock;
  /**
   * What the resources of this plugin process know about each other: the runtime shares one among all
   * resource types. A provider given none has its own.
   */
  coordination?: Coordination;
  /** What the adapters of this run share (quota windows, refused credentials); likewise. */
  shared?: RunShared;
}

/**
 * What every concern of one resource type's provider draws on: its kind, the run's settings, claims and
 * shared windows, the clock, and a fresh retry budget per operation.
 */
export class ProviderContext<M, T extends Target = Target> {
  readonly coordination: Coordination;
  readonly shared: RunShared;
  readonly clock: Clock;

  constructor(
    readonly kind: AttachmentKind<M, T>,
    readonly deps: ProviderDeps,
  ) {
    this.coordination = deps.coordination ?? new Coordination();
    this.shared = deps.shared ?? new RunShared();
    this.clock = deps.clock ?? realClock;
  }

  get schema(): AttachmentSchema<M> {
    return this.kind.schema;
  }

  get settings(): Settings {
    return this.deps.settings;
  }

  log(line: string): void {
    this.deps.log(line);
  }

  /** The adapter for a target; credentials are read here. */
  connect(target: T): MemberApi<M> {
    return this.kind.connect(target, this.deps.settings, this.shared);
  }

  /** A retry budget for one operation. Its backoff waits on the injected clock, like every other wait. */
  budget(): RetryBudget {
    const t = tuning(this.deps.settings);
    return new RetryBudget(
      { baseDelayMs: t.retryBaseMs, maxDelayMs: t.retryMaxMs, deadlineMs: t.retryDeadlineMs },
      this.clock,
    );
  }

  options() {
    return { budget: this.budget(), log: this.deps.log };
  }

  /** The inputs with run-time defaults, or undefined when one is missing (check and diff report it). */
  resolveOrUndefined(inputs: Props): T | undefined {
    try {
      return this.kind.resolve(inputs, this.deps.settings);
    } catch {
      return undefined;
    }
  }

  /**
   * A run-time default that is missing or wrong (a region, a project: stack config, then the environment),
   * as a `check` failure: a preview then fails the way `pulumi up` would. A value still unknown is taken as
   * given, so a preview with unknown inputs goes on.
   */
  defaultsFailures(inputs: Props): Failure[] {
    try {
      this.kind.resolve(inputs, this.deps.settings);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return [{ property: "", reason: error.message }];
    }
  }

  /** The target recorded in state: delete and refresh act on what was created, whatever config says now. */
  recordedTarget(olds: Props): T {
    const recorded: Props = { exclusive: olds.exclusive === true };
    for (const field of this.schema.fields)
      if (olds[field.name] !== undefined) recorded[field.name] = olds[field.name];
    return this.kind.resolve(recorded, this.deps.settings);
  }
}
