import type { MemberProblem } from "./schema";
import { isUnknown } from "./unknown";
import type { Check } from "./validate";

/**
 * Collects what is wrong with one declared member, field by field, in the words `check` reports:
 * `<field> <what is wrong>`. Values still unknown in a preview are never checked.
 */
export class MemberProblems {
  readonly list: MemberProblem[] = [];

  /** Starts by refusing fields the member type does not have. */
  constructor(raw: Record<string, unknown>, fields: readonly string[], what: string) {
    for (const field of Object.keys(raw)) {
      if (!fields.includes(field)) this.add(field, `${field} is not ${what} field: use ${fields.join(", ")}`);
    }
  }

  add(field: string, reason: string): void {
    this.list.push({ field, reason });
  }

  /** Checks a value when it is set and known. */
  check(field: string, value: unknown, check: Check): void {
    if (value === undefined || isUnknown(value)) return;
    const problem = check(value);
    if (problem) this.add(field, `${field} ${problem}`);
  }

  /** Like `check`, but a missing value is a problem too. */
  require(field: string, value: unknown, check: Check): void {
    if (value === undefined) this.add(field, `${field} is required`);
    else this.check(field, value, check);
  }
}
