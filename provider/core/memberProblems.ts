import { type MemberProblem, nullReason } from "./schema";
import { isUnknown } from "./unknown";
import type { Check } from "./validate";

/**
 * Collects what is wrong with one declared member, field by field, in the words `check` reports:
 * `<field> <what is wrong>`. Values still unknown in a preview are never checked.
 */
export class MemberProblems {
  readonly list: MemberProblem[] = [];
  /** Fields given as null: reported once here, and not checked again. */
  private readonly nulls = new Set<string>();

  /**
   * Starts by refusing fields the member type does not have, and null in any field: one rule for all of
   * them, so `weight: null` is not quietly the default while `port: null` is refused.
   */
  constructor(raw: Record<string, unknown>, fields: readonly string[], what: string) {
    for (const field of Object.keys(raw)) {
      if (!fields.includes(field)) this.add(field, `${field} is not ${what} field: use ${fields.join(", ")}`);
      else if (raw[field] === null) {
        this.nulls.add(field);
        this.add(field, nullReason(field));
      }
    }
  }

  add(field: string, reason: string): void {
    this.list.push({ field, reason });
  }

  /** Checks a value when it is set and known. */
  check(field: string, value: unknown, check: Check): void {
    if (value === undefined || isUnknown(value) || this.nulls.has(field)) return;
    const problem = check(value);
    if (problem) this.add(field, `${field} ${problem}`);
  }

  /** Like `check`, but a missing value is a problem too. */
  require(field: string, value: unknown, check: Check): void {
    if (this.nulls.has(field)) return;
    if (value === undefined) this.add(field, `${field} is required`);
    else this.check(field, value, check);
  }
}
