import type { BenchKind } from "./kinds";

export type Mode = "shared" | "exclusive";
export type Phase = "create" | "update" | "delete";
/** How many members one read sees, and how many each kind of change touches. */
export type Changes = { attachedAtRead: number; add: number; update: number; remove: number };
/** Declared members by number: `range(first, n)` are members first to first + n - 1. */
export type Declared = { index: number; weight: number }[];
export const range = (first: number, n: number, weight = 100): Declared =>
  Array.from({ length: n }, (_, i) => ({ index: first + i, weight }));

/** A resource's inputs as a program writes them: the target, the member list and anything else given. */
export const resourceInputs = (bench: BenchKind, target: string, list: Declared, more = {}) => ({
  [bench.kind.schema.fields[0].name]: target,
  [bench.kind.schema.listField]: list.map((m) => bench.member(m.index, m.weight)),
  ...more,
});

/** The same members as the provider's schema normalizes them, as the planner and the adapters take them. */
export const normalized = (bench: BenchKind, list: Declared) =>
  list.map((m) => bench.kind.schema.normalizeMember(bench.member(m.index, m.weight)).member);

/**
 * One lifecycle of N members: create from empty; another resource attaches 10% foreign members (kept in
 * shared mode, removed in exclusive mode); the mixed update, 10% of N (at least one) added, removed and
 * re-weighted, the removed ones taken first, so N = 1 removes its member and adds another; delete. The
 * expected changes come from the scenario, never from the planner under test.
 */
export function lifecycle(n: number, mode: Mode) {
  const tenth = Math.max(1, Math.round(n / 10)); // never more than n
  const reweighted = Math.min(tenth, n - tenth);
  const initial = range(0, n);
  const next = [...range(tenth, reweighted, 50), ...initial.slice(tenth + reweighted), ...range(n, tenth)];
  const foreignLeft = mode === "exclusive" ? 0 : tenth;
  const changes: Record<Phase, Changes> = {
    create: { attachedAtRead: 0, add: n, update: 0, remove: 0 },
    update: { attachedAtRead: n + tenth, add: tenth, update: reweighted, remove: 2 * tenth - foreignLeft },
    delete: { attachedAtRead: n + foreignLeft, add: 0, update: 0, remove: n }, // exactly the n it owns
  };
  return { initial, next, foreign: range(n + tenth, tenth), changes };
}

export const readCalls = (bench: BenchKind, attached: number): number =>
  Math.max(1, Math.ceil(attached / bench.listPage));

/** Writes: ceil(n / batch) calls per kind of change (an update's batch where it is smaller). */
export const writeCalls = (bench: BenchKind, batch: number, c: Changes): number =>
  Math.ceil(c.add / batch) + Math.ceil(c.update / (bench.setBatch ?? batch)) + Math.ceil(c.remove / batch);

/** Reads plus writes: the fewest calls the API allows (an asynchronous API's job reads apart). */
export const minimumCalls = (bench: BenchKind, batch: number, c: Changes): number =>
  readCalls(bench, c.attachedAtRead) + writeCalls(bench, batch, c);

/**
 * A measured run's calls as the bound counts them: an asynchronous API's job reads (the wait) apart, and
 * its writes (ALB's and NLB's Add, Remove and Update), each of which waits for its job.
 */
export function countedCalls(bench: BenchKind, calls: readonly { action: string }[]) {
  const counted = calls.filter((c) => c.action !== bench.completion?.read);
  const writes = bench.completion ? counted.filter((c) => /^(Add|Remove|Update)/.test(c.action)).length : 0;
  return { calls: counted.length, jobReads: calls.length - counted.length, writes };
}

/** The bound of a measured run's calls (boundMs), job waits included. */
export function measuredBoundMs(bench: BenchKind, calls: readonly { action: string }[], latencyMs: number) {
  const counted = countedCalls(bench, calls);
  return boundMs(bench, counted.calls, latencyMs, counted.writes);
}

/**
 * The least wall time of C calls at a fixed latency under a quota of q calls per sliding window: call
 * k + q cannot arrive less than a window after call k, so the last call starts no earlier than
 * (ceil(C / q) − 1) windows after the first, nor before the C − 1 ahead of it have each taken the
 * latency; it ends a latency later; and on an asynchronous API each of its `writes` waits for its job.
 * No client can do better.
 */
export function boundMs(
  { quota, completion }: BenchKind,
  calls: number,
  latencyMs: number,
  writes = 0,
): number {
  const windows = (Math.ceil(calls / quota.calls) - 1) * quota.windowMs;
  // An asynchronous write is done no sooner than its job, which ends jobMs after the write arrived: the
  // read that sees it done is answered that long after the write's answer at the earliest.
  const jobs = writes * (completion?.jobMs ?? 0);
  return calls === 0 ? 0 : latencyMs + Math.max((calls - 1) * latencyMs, windows) + jobs;
}
