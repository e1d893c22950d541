import { readFileSync } from "node:fs";

/**
 * How long this process's main thread (the one running the event loop) has been ready to run but waiting
 * for a core taken by other processes, in ms since it started: the second field of Linux's
 * /proc/self/schedstat. On a shared machine that time is the machine's, not the code's. 0 where the
 * kernel does not say (not Linux).
 */
export function waitedForCoreMs(): number {
  try {
    return Number(readFileSync("/proc/self/schedstat", "utf8").split(" ")[1]) / 1e6 || 0;
  } catch {
    return 0;
  }
}
