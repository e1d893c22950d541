/**
 * Retry and completion tuning for runs against the emulator (the same variables a user has, see README "Tuning"): a
 * backoff of a few milliseconds, so a test of a transient fault takes milliseconds, within a deadline a
 * loaded machine still meets.
 */
export const SHORT_RETRIES = {
  BACKEND_SERVERS_RETRY_BASE_MS: "5",
  BACKEND_SERVERS_RETRY_MAX_MS: "20",
  BACKEND_SERVERS_RETRY_DEADLINE_MS: "10000",
  // An asynchronous write's job is read a few milliseconds after the write (the emulator's end by then).
  BACKEND_SERVERS_COMPLETION_POLL_MS: "5",
} as const;
