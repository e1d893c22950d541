import type { AttachmentSchema } from "../core/schema";
import type { MemberApi } from "../reconcile/memberApi";
import type { RunShared } from "../reconcile/runShared";
import type { Settings } from "../reconcile/settings";

/** The load balancer or pool one resource manages, as a key for the process and a name for people. */
export interface TargetIdentity {
  /** Process-wide key: `alicloud.slb/lb-abc`. Made of the id alone (ids are unique across regions and projects). */
  readonly key: string;
  /** The cloud's id, `lb-abc`: resource ids start with it. */
  readonly id: string;
  /** `loadBalancerId lb-abc`: the target as the user declared it, known without credentials. */
  readonly label: string;
}

/** A target with its run-time defaults filled in (the region from stack config, say). */
export interface Target extends TargetIdentity {
  /** The checked inputs with those defaults, as recorded in state. Never credentials. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** What the generic provider needs from one resource type: its schema and how to reach its cloud. */
export interface AttachmentKind<M, T extends Target = Target> {
  /** `alicloud.slb`: the first part of every target key. */
  readonly name: string;
  readonly schema: AttachmentSchema<M>;
  /** The target of checked inputs. Throws a ConfigError when a required default cannot be found. */
  resolve(inputs: Readonly<Record<string, unknown>>, settings: Settings): T;
  /**
   * The adapter for the target. Credentials are read here and live only in memory; what the run's
   * resources share (quota windows, refused credentials) comes from `shared`.
   */
  connect(target: T, settings: Settings, shared: RunShared): MemberApi<M>;
}

/**
 * The target named by the schema's first field, its id, known before any default is read: `check` claims
 * by it, and every kind's `resolve` starts from it, so both agree on the key.
 */
export function identify(
  kind: Pick<AttachmentKind<unknown>, "name">,
  schema: Pick<AttachmentSchema<unknown>, "fields">,
  inputs: Readonly<Record<string, unknown>>,
): TargetIdentity {
  const field = schema.fields[0].name;
  const id = checkedText(inputs, field);
  return { key: `${kind.name}/${id}`, id, label: `${field} ${id}` };
}

/** A text input the schema has checked. Anything else here is a bug in the schema, not bad input. */
export function checkedText(inputs: Readonly<Record<string, unknown>>, field: string): string {
  const value = inputs[field];
  if (typeof value !== "string")
    throw new TypeError(`${field} is not text after check: ${JSON.stringify(value)}`);
  return value;
}
