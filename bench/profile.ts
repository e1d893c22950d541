import { Session } from "node:inspector/promises";
import { join, sep } from "node:path";
import type { BenchKind } from "./kinds";
import { countedCalls, lifecycle, measuredBoundMs, resourceInputs } from "./scenarios";
import { startWorld } from "./world";

const ROOT = join(__dirname, "..") + sep;

/** The bench's own measuring (its clocks, its IPC, the profiler): left out. */
const BENCH = "bench";

/**
 * Where the provider's CPU goes, by the file (and for some, the function) a sample's frame belongs to,
 * first match first. A frame of Node or V8 (C++, a `node:` module) counts toward its caller (a socket write
 * the HTTP client makes is the HTTP client's, a hash kitx computes is signing), by its own module only when
 * no caller has a category (an answer's bytes arriving on a socket); so does any file no category names.
 */
const CATEGORIES: [string, RegExp][] = [
  ["planning", /^provider\/core\/(plan|keyed|diff|chunk|drift|rollout)\.ts /],
  ["validation", /^provider\/core\/(schema|validate|memberProblems|ipAddress|resourceName|unknown)\.ts /],
  ["scrubbing", /^provider\/reconcile\/redact\.ts /],
  ["quota journal file", /^provider\/reconcile\/quotaJournal\.ts /],
  ["pacing and retries", /^provider\/reconcile\/(pacing|windowPacer|quota|retry|clock)\.ts /],
  [
    "signing",
    /pop-core\/lib\/rpc\.js (encode|normalize|canonicalize|flatParams|replaceRepeatList)$|kitx|huaweicloud-sdk-core\/auth\//,
  ],
  ["serialization", /json-bigint|querystring|sdkClient\.ts scrubbedBody$|^node:(url|querystring|buffer) /],
  ["SDK (requests, answers)", /@alicloud|@huaweicloud|httpx/],
  [
    "HTTP client and sockets",
    /axios|follow-redirects|proxy-from-env|^provider\/clouds\/huaweicloud\/httpClient\.ts |^node:(_http|http|https|net|dns|zlib|stream|events|internal\/(streams|stream_base|net|http|dns|url))/,
  ],
  ["provider (the rest)", /^provider\//],
  [BENCH, /^(bench\/|node:inspector|node:internal\/child_process)/],
];
const V8_LABELS = new Map([["(garbage collector)", "garbage collection"]]);
/** Not the provider's work: nothing to run, or V8 itself. */
const IDLE = new Set(["(idle)", "(root)", "(program)"]);

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Self time of each category, in ms, over a CPU profile. */
function byCategory(profile: Profile): Map<string, number> {
  const parent = new Map<number, Node>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  // undefined: no category of its own nor from a caller (counted as "Node and V8" if not idle).
  const category = new Map<number, string | undefined>();
  const categoryOf = (node: Node | undefined): string | undefined => {
    if (node === undefined) return undefined;
    if (category.has(node.id)) return category.get(node.id);
    const { url, functionName } = node.callFrame;
    const path = url.startsWith("file://") ? url.slice(7).replace(ROOT, "") : url;
    const own = CATEGORIES.find(([, pattern]) => path !== "" && pattern.test(`${path} ${functionName}`))?.[0];
    const inherited = () => categoryOf(parent.get(node.id));
    const found =
      V8_LABELS.get(functionName) ??
      (path === "" || path.startsWith("node:") ? (inherited() ?? own) : (own ?? inherited()));
    category.set(node.id, found);
    return found;
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) return;
    const name = categoryOf(node) ?? "Node and V8";
    if (name !== BENCH) totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return totals;
}

/**
 * A CPU profile of `rounds` lifecycles (create, update, delete, shared) of `members` members through the
 * provider, in this process (the emulator runs in its own). Per lifecycle: the calls, the provider's wall
 * time against the bound (the sum of each phase's), what remains beyond it, and the provider's CPU by
 * category, sampled on its main thread (the event loop: what can hold a call back). Part of that CPU runs
 * while a call is in flight and costs no wall time; the rest of the remainder is waiting (sockets, timers,
 * the machine). The profiler's sampling costs time of its own: the split counts, not the totals.
 */
export async function profileProvider(bench: BenchKind, members: number, latencyMs: number, rounds: number) {
  const world = await startWorld(bench, members * 2, latencyMs);
  const plan = lifecycle(members, "shared");
  const inputs = (list: typeof plan.initial) => resourceInputs(bench, world.target, list);
  const totals = { calls: 0, wallMs: 0, boundMs: 0, emulatorMs: 0 };
  const measure = async (run: () => Promise<unknown>) => {
    const measured = await world.measure(run);
    totals.calls += countedCalls(bench, measured.calls).calls; // an asynchronous API's job reads apart
    totals.wallMs += measured.wallMs;
    totals.boundMs += measuredBoundMs(bench, measured.calls, latencyMs);
    totals.emulatorMs += measured.emulatorMs.beyondLatency;
  };
  const lifecycleOnce = async () => {
    const provider = await world.provider();
    let [id, outs] = ["", {}];
    await measure(async () => ({ id, outs } = await provider.create(inputs(plan.initial))));
    await measure(async () => ({ outs } = await provider.update(id, outs, inputs(plan.next))));
    await measure(() => provider.delete(id, outs));
  };
  await lifecycleOnce(); // warm-up: module loading and compilation are not the provider's steady work
  Object.assign(totals, { calls: 0, wallMs: 0, boundMs: 0, emulatorMs: 0 });
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  for (let i = 0; i < rounds; i++) await lifecycleOnce();
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
  session.disconnect();
  await world.close();
  const per = (v: number) => Number((v / rounds).toFixed(1));
  const cpu = [...byCategory(profile)].filter(([, v]) => per(v) > 0).sort((a, b) => b[1] - a[1]);
  return {
    cloud: bench.name,
    members,
    calls: totals.calls / rounds,
    wall: per(totals.wallMs),
    bound: per(totals.boundMs),
    beyond: per(totals.wallMs - totals.boundMs),
    emulator: per(totals.emulatorMs),
    cpu: per(cpu.reduce((sum, [, v]) => sum + v, 0)),
    categories: cpu.map(([name, v]) => `${name} ${per(v)}`).join(", "),
  };
}
