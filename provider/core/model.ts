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
  /**
   * True when the difference `needsUpdate` found cannot be made in place, only by detaching the member
   * and attaching it again (ENS: a port, which SetBackendServers does not apply). Absent: never.
   */
  reattach?(desired: M, actual: M): boolean;
  /**
   * Members with the same scope are changed together by the cloud's update call, which cannot name one of
   * them (ENS: a weight goes to every IP of an ENI). A member that shares its scope with another attached
   * member is re-attached instead of updated. Absent: each member is updated alone.
   */
  updateScope?(member: M): string;
  /**
   * Members with the same scope are detached together by the cloud's remove call, which cannot name one
   * of them (CLB: every IP of an ENI goes with it). Absent: each member is removed alone.
   */
  removalScope?(member: M): string;
  /**
   * The name a member is registered under, and so what `pulumi preview --diff` compares. Absent: its
   * key. A cloud whose re-attachments follow a field adds that field, so a preview shows a member that
   * will be detached and attached again as one removed and one added line.
   */
  label?(member: M): string;
}

/** The name `member` is registered under: its label, else its key. */
export function labelOf<M>(model: MemberModel<M>, member: M): string {
  return model.label ? model.label(member) : model.key(member);
}
