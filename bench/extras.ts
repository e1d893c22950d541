import { createRequire } from "node:module";
import { join } from "node:path";
import type { MemberModel } from "../provider/core/model";
import { planReconcile } from "../provider/core/plan";
import { startPlugin } from "../harness/plugin";
import type { Registration } from "../harness/miniEngine";
import { captureRegistrations } from "../harness/registrations";
import { BENCH_KINDS, type BenchKind } from "./kinds";
import { lifecycle, normalized, range, resourceInputs } from "./scenarios";
import { median, startWorld } from "./world";

const ROOT = join(__dirname, "..");
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * CPU time (user + system) of `planReconcile` alone for the mixed update of n members, repeated for at
 * least 300 ms of CPU; and the model calls (key, needsUpdate) per member, the work free of caches and GC:
 * constant means linear.
 */
export function benchPlanner(bench: BenchKind, n: number) {
  const { model } = bench.kind.schema;
  const plan = lifecycle(n, "shared");
  const [actual, desired] = [normalized(bench, plan.initial), normalized(bench, plan.next)];
  const input = { desired, actual, previouslyManaged: actual, exclusive: false };
  let modelCalls = 0;
  const counting: MemberModel<unknown> = {
    ...model,
    key: (m) => (modelCalls++, model.key(m)),
    needsUpdate: (d, a, p) => (modelCalls++, model.needsUpdate(d, a, p)),
  };
  planReconcile(counting, input); // also the warm-up: compiled code, not the first interpreted run
  let [plans, cpuMs] = [0, 0];
  for (const start = process.cpuUsage(); cpuMs < 300 || plans < 3; plans++) {
    planReconcile(model, input);
    const used = process.cpuUsage(start);
    cpuMs = (used.user + used.system) / 1000;
  }
  const perPlan = cpuMs / plans;
  const perMember = { ns: Math.round((perPlan * 1e6) / n), modelCalls: round(modelCalls / n, 2) };
  return { cloud: bench.name, members: n, cpuMsPerPlan: round(perPlan, 2), ...perMember };
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
  const [sizes, registrations] = [[] as { cloud: string; bytes: number }[], [] as Registration[]];
  for (const k of BENCH_KINDS) {
    // `alicloud.slb.VServerGroupAttachment`: the class as a program names it.
    const [cloud, service, type] = k.kind.schema.typeName.split(".");
    const [Resource, args] = [pkg[cloud][service][type], resourceInputs(k, k.target(0), range(0, 3))];
    const [registration] = await captureRegistrations(() => new Resource(service, args));
    registrations.push(registration);
    sizes.push({ cloud: k.name, bytes: Buffer.byteLength(String(registration.inputs.__provider)) });
  }
  const { urn, inputs } = registrations[BENCH_KINDS.findIndex((k) => k.name === bench.name)];
  const world = await startWorld(bench, 10, latencyMs);
  const coldStart = [];
  const texts = {
    "empty provider (the plugin alone)": EMPTY_PROVIDER,
    [bench.name]: String(inputs.__provider),
  };
  for (const [label, text] of Object.entries(texts)) {
    const samplesMs: number[] = [];
    let answer = "ok";
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      const plugin = await startPlugin({ cwd: ROOT, env: await world.env() });
      try {
        await plugin.configure({});
        const checked = await plugin.check(urn, {}, { ...inputs, __provider: text });
        samplesMs.push(Math.round(performance.now() - start));
        if (checked.failures.length > 0) answer = `check failed: ${checked.failures[0].reason}`;
        else if (i === 0 && text !== EMPTY_PROVIDER) {
          const { calls } = await world.measure(() => plugin.create(urn, checked.inputs));
          answer = `ok, then created with ${calls.length} calls`;
        }
      } finally {
        await plugin.close();
      }
    }
    const [bytes, medianMs] = [Buffer.byteLength(text), median(samplesMs)];
    coldStart.push({ label, bytes, medianMs, samplesMs: samplesMs.join(", "), answer });
  }
  await world.close();
  return { sizes, coldStart };
}
