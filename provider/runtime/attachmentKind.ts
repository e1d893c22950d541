import type { MemberApi } from "../clouds/memberApi";
import type { AttachmentSchema } from "../core/schema";
import type { Settings } from "./settings";

/** What the generic provider needs from one resource type: its schema and how to reach its cloud. */
export interface AttachmentKind<M> {
  schema: AttachmentSchema<M>;
  /**
   * Checked inputs with run-time defaults filled in (the region from stack config, say), as recorded in
   * state. Never credentials. Throws a ConfigError when a required default cannot be found.
   */
  resolve(inputs: Record<string, unknown>, settings: Settings): Record<string, unknown>;
  /**
   * The load balancer or pool the resource manages, as a process-wide key: `alicloud.slb/lb-abc`. Made of
   * its id alone (ids are unique across regions and projects), so `check` can compute it before defaults
   * are resolved.
   */
  targetKey(resolved: Record<string, unknown>): string;
  /** The adapter for the resolved inputs. Credentials are read here and live only in memory. */
  connect(resolved: Record<string, unknown>, settings: Settings): MemberApi<M>;
}
