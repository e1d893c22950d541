import type { BenchKind } from "./kinds";

export type Mode = "shared" | "exclusive";
export type Phase = "create" | "update" | "delete";
/** How many members one read sees, and how many each kind of change touches. */
export type Changes = { attachedAtRead: number; add: number; update: number; remove: number };
/** Declared members by number, from `first`. */
export type Declared = { index: number; weight: number }[];
export const declared = (first: number, n: number, weight = 100): Declared =>
  Array.from({ length: n }, (_, i) => ({ index: first + i, weight }));

/** A resource's inputs as a program writes them: the target, the member list and anything else given. */
export const resourceInputs = (bench: BenchKind, target: string, list: Declared, more = {}) => ({
  [bench.kind.schema.fields[0].name]: target,
  [bench.kind.schema.listField]: list.map((m) => bench.member(m.index, m.weight)),
  ...more,
});

/**
 * One lifecycle of N members: create from empty; another resource attaches 10% foreign members (kept in
 * shared mode, removed in exclusive mode); the mixed update, 10% of N (at least one) added, removed and
 * re-weighted, the removed ones taken first, so N = 1 removes its member and adds another; delete. The
 * expected changes come from the scenario, never from the planner under test.
 */
export function lifecycle(members: number, mode: Mode) {
  const tenth = Math.max(1, Math.round(members / 10));
  const removed = Math.min(tenth, members);
  const reweighted = Math.min(tenth, members - removed);
  const initial = declared(0, members);
  const next = [
    ...declared(removed, reweighted, 50),
    ...initial.slice(removed + reweighted),
    ...declared(members, tenth),
  ];
  const foreign = mode === "exclusive" ? 0 : tenth; // foreign members left after the update
  const kept = members - removed + tenth;
  const changes: Record<Phase, Changes> = {
    create: { attachedAtRead: 0, add: members, update: 0, remove: 0 },
    update: {
      attachedAtRead: members + tenth,
      add: tenth,
      update: reweighted,
      remove: removed + tenth - foreign,
    },
    // Delete removes exactly what the resource owns.
    delete: { attachedAtRead: kept + foreign, add: 0, update: 0, remove: kept },
  };
  return { initial, next, foreign: declared(members + tenth, tenth), changes };
}

export const readCalls = (bench: BenchKind, attached: number): number =>
  Math.max(1, Math.ceil(attached / bench.listPage));

/** Reads plus ceil(n / batch) calls per kind of change: the fewest calls the API allows. */
export const minimumCalls = (bench: BenchKind, batch: number, c: Changes): number =>
  readCalls(bench, c.attachedAtRead) +
  [c.add, c.update, c.remove].reduce((s, n) => s + Math.ceil(n / batch), 0);

/**
 * The least wall time of C calls at a fixed latency under a quota of q calls per sliding window: call
 * k + q cannot arrive less than a window after call k, so the last call starts no earlier than
 * (ceil(C / q) − 1) windows after the first, nor before the C − 1 ahead of it have each taken the
 * latency; it ends a latency later. No client can do better.
 */
export function boundMs({ quota }: BenchKind, calls: number, latencyMs: number): number {
  const windows = (Math.ceil(calls / quota.calls) - 1) * quota.windowMs;
  return calls === 0 ? 0 : latencyMs + Math.max((calls - 1) * latencyMs, windows);
}

export const boundFormula = ({ quota }: BenchKind): string =>
  `latency + max((minCalls − 1) × latency, (ceil(minCalls / ${quota.calls}) − 1) × ${quota.windowMs / 1000} s)`;
