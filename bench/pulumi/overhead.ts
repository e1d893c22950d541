import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPlugin } from "../../test/support/plugin";
import { makeProjectDir, REPO_ROOT } from "../../test/support/project";
import { runChild } from "../childProcess";
import { BENCH_TUNING } from "../clouds/fixture";
import type { BenchKind } from "../clouds/registry";
import type { ColdStartFigure, OverheadFigure } from "../figures";
import { World } from "../world";
import type { Capture, CapturedText } from "./captureChild";

/** The plugin's own floor: a provider text that loads nothing and accepts any input. */
const EMPTY_PROVIDER = "exports.handler = () => ({ check: async (olds, news) => ({ inputs: news }) });\n";

/**
 * Pulumi's own costs of the package: the `__provider` text stored per resource, and the plugin's cold
 * start, each compared with the naive pattern of serializing a provider object built in the program.
 */
export async function measureOverhead(
  kinds: readonly BenchKind[],
  samples: number,
  latencyMs: number,
): Promise<{ overhead: OverheadFigure[]; coldStart: ColdStartFigure[] }> {
  const clouds = kinds.map((k) => k.fixture.kind);
  const file = join(tmpdir(), `pbs-bench-capture-${process.pid}.json`);
  let captures: Capture[];
  try {
    await runChild(join(__dirname, "captureChild.ts"), [file]);
    captures = JSON.parse(readFileSync(file, "utf8")) as Capture[];
  } finally {
    rmSync(file, { force: true });
  }
  captures = captures.filter((c) => clouds.includes(c.cloud));

  const overhead: OverheadFigure[] = captures.map((c) => ({
    cloud: c.cloud,
    providerTextBytes: c.shipped ? Buffer.byteLength(c.shipped.text) : 0,
    ...(c.naive
      ? { naiveProviderTextBytes: Buffer.byteLength(c.naive.text), naiveSerializeMs: c.naive.serializeMs }
      : {}),
    ...(c.error ? { naiveError: c.error } : {}),
  }));

  // One kind is enough: the plugin loads the whole package (every kind) for any of them. Both texts start
  // in the repository, whose node_modules holds every dependency at the top level as `npm install` lays
  // them out in a user's project. The naive text is also tried once in a project that has nothing but
  // the package installed: its copied code requires the package's own dependencies by name.
  const first = captures.find((c) => c.shipped);
  const bench = kinds.find((k) => k.fixture.kind === first?.cloud);
  const coldStart: ColdStartFigure[] = [];
  if (!first?.shipped || !bench) return { overhead, coldStart };
  const world = await World.start(bench, 10, latencyMs);
  try {
    const probe = { world, cwd: REPO_ROOT };
    const floor = { ...first.shipped, text: EMPTY_PROVIDER };
    coldStart.push(await coldStarts("empty provider (the plugin alone)", floor, samples, probe, false));
    coldStart.push(await coldStarts(`${first.cloud} shipped`, first.shipped, samples, probe, true));
    if (first.naive) {
      coldStart.push(await coldStarts(`${first.cloud} naive`, first.naive, samples, probe, true));
      const bare = { world, cwd: await makeProjectDir() };
      coldStart.push(await coldStarts(`${first.cloud} naive, package only`, first.naive, 1, bare, false));
    }
  } finally {
    await world.close();
  }
  return { overhead, coldStart };
}

/**
 * Spawn of the real dynamic-provider plugin to the answer of its first Check, as `pulumi preview` pays it
 * once per run: the process starts, the engine's Configure, then Check, which evaluates the stored text.
 * With `tryCreate`, the first sample then creates the resource against the emulator (outside the timing):
 * a text that loads is not yet a text that works.
 */
async function coldStarts(
  label: string,
  captured: CapturedText,
  samples: number,
  probe: { world: World; cwd: string },
  tryCreate: boolean,
): Promise<ColdStartFigure> {
  const { world, cwd } = probe;
  const { fixture } = world.bench;
  const env = { ...BENCH_TUNING, ...fixture.environment(world.emulator.endpoints, world.freshCredential()) };
  const samplesMs: number[] = [];
  let error: string | undefined;
  let firstCreate: string | undefined;
  let failedToStart = false;
  for (let i = 0; i < samples && !failedToStart; i++) {
    const start = performance.now();
    const plugin = await startPlugin({ cwd, env });
    try {
      await plugin.configure({});
      // A refusal is an answer too: the time to it is still the cold start, and the refusal is reported.
      const news = { ...captured.inputs, __provider: captured.text };
      const answer = await plugin.check(captured.urn, {}, news).then(
        (result) =>
          result.failures.length > 0 ? `check failed: ${result.failures[0].reason}` : result.inputs,
        (e: unknown) => firstLine(e),
      );
      samplesMs.push(performance.now() - start);
      if (typeof answer === "string") error = answer;
      else if (tryCreate && i === 0) {
        fixture.restore(world.emulator, []);
        world.emulator.clearCalls();
        firstCreate = await plugin.create(captured.urn, answer).then(
          () => `ok, ${world.emulator.calls().length} calls`,
          (e: unknown) => `failed: ${firstLine(e)}`,
        );
      }
    } catch (e) {
      error = firstLine(e);
      failedToStart = true;
    } finally {
      await plugin.close();
    }
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    label,
    providerTextBytes: Buffer.byteLength(captured.text),
    samplesMs,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    ...(firstCreate ? { firstCreate } : {}),
    ...(error ? { error } : {}),
  };
}

const firstLine = (e: unknown): string => String(e instanceof Error ? e.message : e).split("\n")[0];
