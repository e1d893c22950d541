/**
 * Work that must not share the bench's process, run by `bench/extras.ts` through `runChild`:
 *
 * - `capture`: the `__provider` text Pulumi stores per resource, for each kind: a resource from the
 *   compiled package (the text it ships), and the naive pattern, a `pulumi.dynamic.Resource` handed an
 *   `AttachmentProvider` built in the program, which the serializer copies with everything it reaches.
 *   Capturing switches the Pulumi SDK into mock mode for the rest of the process.
 * - `memory`: our provider alone (the emulator stays in the parent) through create, the mixed update
 *   and delete of N members, so that the memory high-water marks are the provider's.
 *
 * Prints its result as JSON on stdout.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations } from "../test/support/registrations";
import type { Emulator, EmulatorCredential } from "../test/emulator";
import { BENCH_KINDS } from "./kinds";
import { lifecycle } from "./scenarios";
import { benchProvider, benchSettings } from "./world";

export interface Captured {
  cloud: string;
  urn: string;
  /** The registered inputs without `__provider`: what a Check request carries besides the text. */
  inputs: Record<string, unknown>;
  shipped: string;
  naive?: string;
  naiveError?: string;
}

export interface MemoryJob {
  kind: string;
  members: number;
  endpoints: Emulator["endpoints"];
  credential: EmulatorCredential;
}

class NaiveAttachment extends pulumi.dynamic.Resource {}
const dist = createRequire(join(__dirname, "..", "package.json"));

async function captureOne(register: () => void) {
  const [registration] = await captureRegistrations(register);
  const { __provider: text, ...inputs } = registration.inputs;
  return { urn: registration.urn, inputs, text: String(text) };
}

async function capture(): Promise<Captured[]> {
  const pkg = dist("./dist/index.js") as Record<string, Record<string, Record<string, unknown>>>;
  const captured: Captured[] = [];
  for (const bench of BENCH_KINDS) {
    const [cloud, service] = bench.name.split(".");
    const Attachment = pkg[cloud][service].BackendServerAttachment as new (n: string, a: object) => unknown;
    const args = {
      ...bench.inputs(bench.target(0)),
      [bench.kind.schema.listField]: [0, 1, 2].map((i) => bench.member(i, 100)),
    };
    const shipped = await captureOne(() => new Attachment(`shipped-${service}`, args));
    const entry: Captured = {
      cloud: bench.name,
      urn: shipped.urn,
      inputs: shipped.inputs,
      shipped: shipped.text,
    };
    try {
      // The naive provider is built from the compiled kind, the same code the package ships.
      const kinds = Object.values(dist(`./dist/clouds/${cloud}/${service}/kind`) as object);
      const kind = kinds.find((k) => typeof (k as { connect?: unknown })?.connect === "function");
      const { AttachmentProvider } = dist("./dist/runtime/attachmentProvider");
      const { processSettings } = dist("./dist/runtime/settings");
      const provider = new AttachmentProvider(kind, { settings: processSettings, log: console.error });
      entry.naive = (await captureOne(() => new NaiveAttachment(provider, `naive-${service}`, args))).text;
    } catch (error) {
      entry.naiveError = String(error).split("\n")[0];
    }
    captured.push(entry);
  }
  return captured;
}

export type MemoryFigure = Awaited<ReturnType<typeof memory>>;

async function memory(job: MemoryJob) {
  const bench = BENCH_KINDS.find((k) => k.name === job.kind)!;
  const plan = lifecycle(job.members, "shared");
  const inputs = (list: typeof plan.initial) => ({
    ...bench.inputs(bench.target(0)),
    [bench.kind.schema.listField]: list.map((m) => bench.member(m.index, m.weight)),
    __provider: "bench",
  });
  const provider = benchProvider(bench, benchSettings(bench, job.endpoints, job.credential));
  const before = process.memoryUsage();
  // heapUsed has no high-water mark of its own: it is sampled while the reconcile runs.
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
  const start = performance.now();
  const { id, outs } = await provider.create(inputs(plan.initial));
  const { outs: after } = await provider.update(id, outs, inputs(plan.next));
  await provider.delete(id, after);
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  const MB = 1024 * 1024;
  return {
    cloud: job.kind,
    members: job.members,
    wallMs,
    before: { rssMb: before.rss / MB, heapUsedMb: before.heapUsed / MB },
    // RSS: the kernel's maximum resident set size of this process (KiB), which no sampling can miss.
    peak: {
      rssMb: (process.resourceUsage().maxRSS * 1024) / MB,
      heapUsedMb: Math.max(peakHeap, process.memoryUsage().heapUsed) / MB,
    },
  };
}

const job = process.argv[2] === "capture" ? capture() : memory(JSON.parse(process.argv[3]) as MemoryJob);
job.then(
  (result) => process.stdout.write(JSON.stringify(result), () => process.exit(0)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
