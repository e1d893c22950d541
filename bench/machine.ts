import { readFileSync } from "node:fs";

/**
 * This process's main thread (the one running the event loop, where the provider's work holds a call
 * back), in ms since it started, from Linux's /proc/self/schedstat: the time it ran on a core, and the time
 * it was ready to run but waited for a core other processes held. On a shared machine the latter is the
 * machine's, not the code's; but a wait while a call is in flight costs no wall time, so taking all of it
 * out of a wall time takes out too much: a lower estimate, which only the gate reads (main.ts). Undefined
 * where the kernel does not say (not Linux).
 */
export function mainThreadMs(): { ran: number; waited: number } | undefined {
  try {
    const [ran, waited] = readFileSync("/proc/self/schedstat", "utf8").split(" ").map(Number);
    return Number.isFinite(ran) && Number.isFinite(waited)
      ? { ran: ran / 1e6, waited: waited / 1e6 }
      : undefined;
  } catch {
    return undefined;
  }
}
