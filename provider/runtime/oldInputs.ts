import { createHash } from "node:crypto";
import type { Props } from "./providerContext";

/** The stored provider text the dynamic-provider plugin adds to the inputs after `check`. */
const PROVIDER_KEY = "__provider";

/**
 * The inputs the engine recorded for a resource, carried from `check` to `diff`. The dynamic-provider
 * plugin gives `diff` the old outputs only, yet whether the engine's own comparison of old and new inputs
 * (what it makes of a "don't know" answer) shows the change depends on the old inputs, which `check` is
 * given. The engine calls `check` and then `diff` for a resource in the same plugin process, with the
 * inputs `check` returned (plus `__provider`): those inputs find the record.
 */
export class OldInputs {
  /** Digest of the checked inputs -> the old inputs, or null when two resources checked the same inputs. */
  private readonly byNews = new Map<string, Props | null>();

  /** After a successful `check` of an existing resource (`olds` non-empty). */
  record(olds: Props, checked: Props): void {
    if (Object.keys(olds).length === 0) return;
    const digest = digestOf(checked);
    this.byNews.set(digest, this.byNews.has(digest) ? null : olds);
  }

  /** The old inputs recorded for these inputs in `diff`, once; undefined when unknown or ambiguous. */
  take(news: Props): Props | undefined {
    const digest = digestOf(news);
    const olds = this.byNews.get(digest);
    if (olds !== null) this.byNews.delete(digest);
    return olds ?? undefined;
  }
}

/** A digest of inputs as JSON with sorted keys, `__provider` left out. */
function digestOf(inputs: Props): string {
  const rest = { ...inputs };
  delete rest[PROVIDER_KEY];
  return createHash("sha256").update(canonical(rest)).digest("hex");
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
