/**
 * What the resources of one run share beyond their own calls: the windows of an account's rate quota, the
 * gate of a credential the API refused. The engine runs every dynamic resource of a `pulumi` command in one
 * plugin process, and the runtime's entry point builds one `RunShared` for it, passed to every adapter it
 * connects; nothing of the kind lives at module level, so two runs (or two tests) in one process never
 * share a window or a refusal.
 */
export interface SharedPart<T> {
  /** For people reading a debugger. */
  readonly name: string;
  /** Made once per run; `run` gives the parts it is made of. */
  make(run: RunShared): T;
}

export class RunShared {
  private readonly parts = new Map<SharedPart<unknown>, unknown>();

  /** The run's one instance of `part`, made on first use. */
  get<T>(part: SharedPart<T>): T {
    if (!this.parts.has(part)) this.parts.set(part, part.make(this));
    return this.parts.get(part) as T;
  }
}
