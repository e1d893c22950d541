/**
 * A plan refused before any of its writes, because it cannot be made safely (more removals than
 * `maxRemovals` allows, a re-attachment that would leave nothing serving, a drain the cloud cannot make
 * for one member alone). The message names the target, the members and the way out.
 */
export class PlanRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanRefused";
  }
}
