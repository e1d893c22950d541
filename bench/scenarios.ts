import type { BenchKind } from "./kinds";

export type Mode = "shared" | "exclusive";
export type Phase = "create" | "update" | "delete";

/** How many members each kind of change touches, and how many members one read sees. */
export interface Changes {
  attachedAtRead: number;
  add: number;
  update: number;
  remove: number;
}

/** One lifecycle: N members created from empty, changed once, deleted; in one ownership mode. */
export interface Lifecycle {
  members: number;
  mode: Mode;
  /** Declared member numbers and weights for create and for the update. */
  initial: { index: number; weight: number }[];
  next: { index: number; weight: number }[];
  /** Members someone else attaches before the update: kept in shared mode, removed in exclusive mode. */
  foreign: number;
  changes: Record<Phase, Changes>;
}

const WEIGHT = 100;
const NEW_WEIGHT = 50;

/**
 * The mixed update: 10% of N (at least one) added, removed and re-weighted, the removed ones taken first
 * and never re-weighted, so N = 1 removes its member and adds another. The expected changes are derived
 * here from the scenario, never from the planner under test.
 */
export function lifecycle(members: number, mode: Mode): Lifecycle {
  const tenth = Math.max(1, Math.round(members / 10));
  const removed = Math.min(tenth, members);
  const reweighted = Math.min(tenth, members - removed);
  const added = tenth;
  const foreign = tenth;
  const initial = Array.from({ length: members }, (_, index) => ({ index, weight: WEIGHT }));
  const next = [
    ...initial.slice(removed).map((m, i) => (i < reweighted ? { ...m, weight: NEW_WEIGHT } : m)),
    ...Array.from({ length: added }, (_, i) => ({ index: members + i, weight: WEIGHT })),
  ];
  const exclusive = mode === "exclusive";
  const kept = members - removed + added;
  return {
    members,
    mode,
    initial,
    next,
    foreign,
    changes: {
      create: { attachedAtRead: 0, add: members, update: 0, remove: 0 },
      update: {
        attachedAtRead: members + foreign,
        add: added,
        update: reweighted,
        remove: removed + (exclusive ? foreign : 0),
      },
      // Delete removes exactly what the resource owns; exclusive mode already removed the foreign ones.
      delete: { attachedAtRead: kept + (exclusive ? 0 : foreign), add: 0, update: 0, remove: kept },
    },
  };
}

/** Reads (one per list page) plus ceil(n / batch) calls per kind of change: the fewest the API allows. */
export function minimumCalls(bench: BenchKind, batch: number, c: Changes): number {
  const batches = (n: number) => Math.ceil(n / batch);
  return readCalls(bench, c.attachedAtRead) + batches(c.add) + batches(c.update) + batches(c.remove);
}

export const readCalls = (bench: BenchKind, attached: number): number =>
  Math.max(1, Math.ceil(attached / bench.listPage));

/**
 * The least wall time of C calls at a fixed latency under a quota of q calls per sliding window: call
 * k + q cannot arrive less than a window after call k, so the last call starts no earlier than
 * (ceil(C / q) − 1) windows after the first, nor before the C − 1 ahead of it have each taken the
 * latency; it ends a latency later. No client can do better.
 */
export function boundMs(bench: BenchKind, calls: number, latencyMs: number): number {
  const { calls: q, windowMs } = bench.quota;
  return calls === 0
    ? 0
    : latencyMs + Math.max((calls - 1) * latencyMs, (Math.ceil(calls / q) - 1) * windowMs);
}

export const boundFormula = (bench: BenchKind): string =>
  `latency + max((minCalls − 1) × latency, (ceil(minCalls / ${bench.quota.calls}) − 1) × ${bench.quota.windowMs / 1000} s)`;
