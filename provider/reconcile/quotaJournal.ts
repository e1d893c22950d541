/**
 * When an account's recent calls were answered, kept in a small file so that the next plugin process sees
 * them. The engine starts a new plugin for every command, and `pulumi up` itself is two (its preview and
 * its update): a pacer that only knew its own process would let the update, or the next `pulumi up`,
 * start a window afresh while the server still counts the calls of the one before, and be throttled.
 *
 * The file holds answer times only, one per line, under a name that is a hash of the scope (endpoint and
 * AccessKey id), never a credential. Losing it, or two processes writing at once, costs no more than a
 * throttled call, which the adaptive share then absorbs.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface QuotaJournal {
  /** Answer times recorded for `scope` at or after `since`, oldest first. */
  since(scope: string, since: number): number[];
  /** Records that a call of `scope` was answered at `at`. */
  record(scope: string, at: number): void;
}

/** Past this size the file is rewritten with the recent lines only. */
const COMPACT_BYTES = 64 * 1024;

export function fileJournal(dir = join(tmpdir(), "pulumi-backend-servers", "quota-journal")): QuotaJournal {
  const fileOf = (scope: string) => join(dir, createHash("sha256").update(scope).digest("hex").slice(0, 32));
  const read = (file: string): number[] => {
    try {
      return readFileSync(file, "utf8")
        .split("\n")
        .map(Number)
        .filter((at) => Number.isFinite(at) && at > 0);
    } catch {
      return []; // no journal yet, or an unreadable one: pace from this process's calls alone
    }
  };
  return {
    since(scope, since) {
      return read(fileOf(scope))
        .filter((at) => at >= since)
        .sort((a, b) => a - b);
    },
    record(scope, at) {
      const file = fileOf(scope);
      try {
        mkdirSync(dir, { recursive: true });
        appendFileSync(file, `${at}\n`);
        if (statSync(file).size > COMPACT_BYTES) {
          // An hour back is far longer than any documented window.
          writeFileSync(
            file,
            `${read(file)
              .filter((t) => t >= at - 3_600_000)
              .join("\n")}\n`,
          );
        }
      } catch {
        // A journal that cannot be written only makes the next process less careful, never wrong.
      }
    },
  };
}
