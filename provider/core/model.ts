/**
 * What the reconcile core needs to know about one cloud's members. Each cloud supplies one of these;
 * the core never looks inside a member otherwise.
 */
export interface MemberModel<M> {
  /** The member's identity: two members with the same key are the same attachment. */
  key(member: M): string;
  /**
   * True when an attached member must be changed in place to match the declaration.
   * `previous` is what this resource recorded last time: clouds that do not report a field (CLB does not
   * report a member's port) are compared against it instead of against the cloud.
   */
  needsUpdate(desired: M, actual: M, previous: M | undefined): boolean;
  /**
   * The member to record in state once `desired` is attached: the declaration plus what only the cloud
   * knows (Huawei's member id and health status).
   */
  settled(desired: M, actual: M | undefined): M;
  /**
   * The member to record when refreshing from the cloud: the cloud's view, plus the fields the cloud does
   * not report, taken from what was recorded before.
   */
  observed(actual: M, previous: M | undefined): M;
  /** The member as a program declares it: without what only the cloud reports (ids, health). */
  declared(member: M): M;
}
