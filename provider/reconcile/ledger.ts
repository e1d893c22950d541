import type { MemberModel } from "../core/model";

/**
 * The members this resource owns, kept up to date call by call, so that a reconcile that fails midway
 * can still report exactly what it reached: nothing already applied is forgotten, and nothing it may
 * have attached is left out of its ownership.
 */
export class Ledger<M> {
  private readonly owned = new Map<string, M>();

  constructor(private readonly model: MemberModel<M>) {}

  /**
   * Starts from the cloud's members: what this resource owned before and still finds attached, plus every
   * declared member that is already attached (adopted).
   */
  start(previous: readonly M[], desired: readonly M[], actual: readonly M[]): void {
    const actualByKey = this.byKey(actual);
    for (const member of previous) {
      const key = this.model.key(member);
      const found = actualByKey.get(key);
      if (found !== undefined) this.owned.set(key, this.model.observed(found, member));
    }
    this.adopt(desired, actual, actualByKey);
  }

  /** Declared members found attached are owned, whoever attached them. */
  adopt(desired: readonly M[], actual: readonly M[], actualByKey = this.byKey(actual)): void {
    for (const member of desired) {
      const key = this.model.key(member);
      const found = actualByKey.get(key);
      if (found !== undefined && !this.owned.has(key))
        this.owned.set(key, this.model.observed(found, member));
    }
  }

  /** After a fresh read: members that are no longer attached are no longer owned. */
  observe(actual: readonly M[]): void {
    const attached = new Set(actual.map((m) => this.model.key(m)));
    for (const key of [...this.owned.keys()]) if (!attached.has(key)) this.owned.delete(key);
  }

  attached(members: readonly M[]): void {
    for (const member of members) this.owned.set(this.model.key(member), member);
  }

  detached(members: readonly M[]): void {
    for (const member of members) this.owned.delete(this.model.key(member));
  }

  /** Hands members over to another resource without touching them in the cloud. */
  release(keys: Iterable<string>): void {
    for (const key of keys) this.owned.delete(key);
  }

  members(): M[] {
    return [...this.owned.values()];
  }

  private byKey(members: readonly M[]): Map<string, M> {
    return new Map(members.map((m) => [this.model.key(m), m]));
  }
}
