import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import type { MemberModel } from "../provider/core/model";
import { planReconcile } from "../provider/core/plan";
import { startPlugin } from "../harness/plugin";
import { captureRegistrations } from "../harness/registrations";
import type { MemoryFigure, MemoryJob } from "./memoryChild";
import { BENCH_KINDS, type BenchKind } from "./kinds";
import { World } from "./world";

const ROOT = join(__dirname, "..");

/**
 * CPU time (user + system) of `planReconcile` alone for n desired against n actual members shaped like
 * the mixed update, each size repeated for at least 300 ms of CPU; and the model calls (key, needsUpdate)
 * per member, the work free of caches and GC: constant means linear.
 */
export function benchPlanner(bench: BenchKind, sizes: readonly number[]) {
  const { model, normalizeMember } = bench.kind.schema;
  const member = (i: number, weight: number) => normalizeMember(bench.member(i, weight)).member;
  return sizes.map((n) => {
    const tenth = Math.round(n / 10);
    const actual = Array.from({ length: n }, (_, i) => member(i, 100));
    const desired = Array.from({ length: n }, (_, i) => member(tenth + i, i < tenth ? 50 : 100));
    const input = { desired, actual, previouslyManaged: actual, exclusive: false };
    let modelCalls = 0;
    const counting: MemberModel<unknown> = {
      ...model,
      key: (m) => (modelCalls++, model.key(m)),
      needsUpdate: (d, a, p) => (modelCalls++, model.needsUpdate(d, a, p)),
    };
    planReconcile(counting, input); // also the warm-up: compiled code, not the first interpreted run
    let plans = 0;
    let spentMs = 0;
    for (const start = process.cpuUsage(); spentMs < 300 || plans < 3; plans++) {
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
 * The `__provider` text each kind's resource from the compiled package stores, and the real plugin's cold
 * start to the answer of its first Check (what `pulumi preview` pays once per run), for an empty text and
 * the shipped one, which must then create the resource: a text that loads is not yet a text that works.
 * One kind is enough for the cold start: the plugin loads the whole package for any of them. Capturing
 * switches this process's Pulumi SDK into mock mode for good: it is the bench's last measurement.
 */
export async function measureProviderText(bench: BenchKind, samples: number, latencyMs: number) {
  const pkg = createRequire(join(ROOT, "package.json"))("./dist/index.js");
  const captured = [];
  for (const { name, kind, member, inputs, target } of BENCH_KINDS) {
    const [cloud, service] = name.split(".");
    const args = { ...inputs(target(0)), [kind.schema.listField]: [0, 1, 2].map((i) => member(i, 100)) };
    const [registration] = await captureRegistrations(
      () => new pkg[cloud][service].BackendServerAttachment(service, args),
    );
    // The inputs without `__provider` are what a Check request carries besides the text.
    const { __provider: text, ...rest } = registration.inputs;
    captured.push({ name, urn: registration.urn, inputs: rest, text: String(text) });
  }
  const { urn, inputs, text: shipped } = captured.find((c) => c.name === bench.name)!;
  const world = await World.start(bench, 10, latencyMs);
  const coldStart = [];
  try {
    for (const [label, text] of [
      ["empty provider (the plugin alone)", EMPTY_PROVIDER],
      [`${bench.name}`, shipped],
    ]) {
      const samplesMs: number[] = [];
      let answer = "ok";
      for (let i = 0; i < samples; i++) {
        const start = performance.now();
        const plugin = await startPlugin({ cwd: ROOT, env: world.env() });
        try {
          await plugin.configure({});
          const checked = await plugin.check(urn, {}, { ...inputs, __provider: text });
          samplesMs.push(performance.now() - start);
          if (checked.failures.length > 0) answer = `check failed: ${checked.failures[0].reason}`;
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
      const medianMs = [...samplesMs].sort((a, b) => a - b)[Math.floor(samples / 2)];
      coldStart.push({ label, bytes: Buffer.byteLength(text), medianMs, samplesMs, answer });
    }
  } finally {
    await world.close();
  }
  return { sizes: captured.map((c) => ({ cloud: c.name, bytes: Buffer.byteLength(c.text) })), coldStart };
}

/**
 * Peak memory of our provider reconciling N members, in a process of its own (bench/memoryChild.ts,
 * through tsx as `npm run bench` runs main.ts) that holds nothing but the provider.
 */
export async function measurePeakMemory(bench: BenchKind, members: number, latencyMs: number) {
  const world = await World.start(bench, members * 2, latencyMs);
  const job: MemoryJob = { kind: bench.name, members, env: world.env() };
  const args = ["--import", "tsx", join(__dirname, "memoryChild.ts"), JSON.stringify(job)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT }).finally(() =>
    world.close(),
  );
  return JSON.parse(stdout) as MemoryFigure;
}
