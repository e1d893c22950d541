// `check` over one cloud's schema, as the member tests of each cloud use it.
import { type AttachmentSchema, checkInputs } from "../../provider/core/schema";

/** `check` of `schema`, and the failures it reports as the `property: reason` lines a user reads. */
export function checkerOf<M>(schema: AttachmentSchema<M>) {
  const check = (news: Record<string, unknown>) => checkInputs(schema, news);
  const reasons = (news: Record<string, unknown>) =>
    check(news).failures.map((f) => `${f.property}: ${f.reason}`);
  return { check, reasons };
}
