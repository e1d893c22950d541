import { spawn } from "node:child_process";
import { join } from "node:path";
import type { MemberModel } from "../provider/core/model";
import { planReconcile, type ReconcileInput } from "../provider/core/plan";
import { startPlugin } from "../test/support/plugin";
import type { Captured, MemoryFigure, MemoryJob } from "./child";
import type { BenchKind } from "./kinds";
import { BENCH_TUNING, World } from "./world";

const ROOT = join(__dirname, "..");

/** Runs bench/child.ts in a Node process of its own, through tsx as `npm run bench` runs main.ts. */
function runChild(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "child.ts"), ...args], {
      cwd: ROOT,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0
        ? resolve(JSON.parse(stdout))
        : reject(new Error(`child ${args[0]} exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

/**
 * CPU time (user + system) of `planReconcile` alone for n desired against n actual members shaped like
 * the mixed update (10% added, removed, re-weighted), each size repeated for at least 300 ms of CPU.
 * Model calls per member count the work free of caches and GC: constant means linear.
 */
export function benchPlanner(bench: BenchKind, sizes: readonly number[]) {
  const { model } = bench.kind.schema;
  const largest = Math.max(...sizes);
  const member = (i: number, weight: number) =>
    bench.kind.schema.normalizeMember(bench.member(i, weight)).member;
  const pool = Array.from({ length: largest + Math.ceil(largest / 10) }, (_, i) => member(i, 100));
  return sizes.map((n) => {
    const tenth = Math.round(n / 10);
    const actual = pool.slice(0, n);
    const reweighted = pool.slice(tenth, 2 * tenth).map((_, i) => member(tenth + i, 50));
    const desired = [...reweighted, ...pool.slice(2 * tenth, n + tenth)];
    const input: ReconcileInput<unknown> = { desired, actual, previouslyManaged: actual, exclusive: false };
    let modelCalls = 0;
    const counting: MemberModel<unknown> = {
      ...model,
      key: (m) => (modelCalls++, model.key(m)),
      needsUpdate: (d, a, p) => (modelCalls++, model.needsUpdate(d, a, p)),
    };
    planReconcile(counting, input); // also the warm-up: compiled code, not the first interpreted run
    let plans = 0;
    let spentMs = 0;
    const start = process.cpuUsage();
    for (; spentMs < 300 || plans < 3; plans++) {
      planReconcile(model, input);
      const used = process.cpuUsage(start);
      spentMs = (used.user + used.system) / 1000;
    }
    return {
      cloud: bench.name,
      members: n,
      cpuMsPerPlan: spentMs / plans,
      modelCallsPerMember: modelCalls / n,
    };
  });
}

/** The plugin's own floor: a provider text that loads nothing and accepts any input. */
const EMPTY_PROVIDER = "exports.handler = () => ({ check: async (olds, news) => ({ inputs: news }) });\n";

/**
 * The `__provider` text per resource, shipped and naive, and the plugin's cold start to the answer of
 * its first Check (what `pulumi preview` pays once per run) for the empty text, the shipped one and the
 * naive one. One kind is enough for the cold start: the plugin loads the whole package for any kind.
 * The shipped text must then create the resource against the emulator: a text that loads is not yet a
 * text that works.
 */
export async function measureProviderText(bench: BenchKind, samples: number, latencyMs: number) {
  const captured = (await runChild(["capture"])) as Captured[];
  const sizes = captured.map((c) => ({
    cloud: c.cloud,
    shippedBytes: Buffer.byteLength(c.shipped),
    naiveBytes: c.naive === undefined ? undefined : Buffer.byteLength(c.naive),
    naiveError: c.naiveError,
  }));
  const { urn, inputs, shipped, naive } = captured.find((c) => c.cloud === bench.name)!;
  const world = await World.start(bench, 10, latencyMs);
  const coldStart = [];
  try {
    const texts = { "empty provider (the plugin alone)": EMPTY_PROVIDER, [`${bench.name} shipped`]: shipped };
    if (naive) texts[`${bench.name} naive`] = naive;
    for (const [label, text] of Object.entries(texts)) {
      const samplesMs: number[] = [];
      let answer = "ok";
      for (let i = 0; i < samples; i++) {
        const env = { ...BENCH_TUNING, ...bench.env(world.emulator.endpoints, world.credential()) };
        const start = performance.now();
        const plugin = await startPlugin({ cwd: ROOT, env });
        try {
          await plugin.configure({});
          // A refusal is an answer too: the time to it is still the cold start, and it is reported.
          const checked = await plugin.check(urn, {}, { ...inputs, __provider: text }).catch((e: Error) => e);
          samplesMs.push(performance.now() - start);
          if (checked instanceof Error) answer = checked.message.split("\n")[0];
          else if (checked.failures.length > 0) answer = `check failed: ${checked.failures[0].reason}`;
          else if (i === 0 && text === shipped) {
            world.restore([]);
            world.emulator.clearCalls();
            await plugin.create(urn, checked.inputs);
            answer = `ok, then created with ${world.emulator.calls().length} calls`;
          }
        } finally {
          await plugin.close();
        }
      }
      const medianMs = [...samplesMs].sort((a, b) => a - b)[Math.floor(samplesMs.length / 2)];
      coldStart.push({ label, bytes: Buffer.byteLength(text), medianMs, samplesMs, answer });
    }
  } finally {
    await world.close();
  }
  return { sizes, coldStart };
}

/** Peak memory of our provider reconciling N members, in a child that holds nothing but the provider. */
export async function measurePeakMemory(bench: BenchKind, members: number, latencyMs: number) {
  const world = await World.start(bench, members * 2, latencyMs);
  try {
    const job: MemoryJob = {
      kind: bench.name,
      members,
      endpoints: world.emulator.endpoints,
      credential: world.credential(),
    };
    return (await runChild(["memory", JSON.stringify(job)])) as MemoryFigure;
  } finally {
    await world.close();
  }
}
