// `--engine`: where the time of a real-CLI `pulumi up` goes, the CLI and engine against the provider.
import { createRequire } from "node:module";
import { join } from "node:path";
import { CliStack } from "../harness/cli";
import { findPulumiCli } from "../harness/cli/pulumiCli";
import { BENCH_KINDS } from "./kinds";
import { ms, table, writeResults } from "./report";
import { countedCalls, measuredBoundMs, range, resourceInputs } from "./scenarios";
import { median, startWorld } from "./world";

const ROOT = join(__dirname, "..");
const SIZES = [200, 1000];
/** Plain runs per kind and size, for the wall time; then one with the engine's log, for the split. */
const RUNS = 3;

type LogLine = { at: number; msg: string };

/** The engine's log lines (`-v=7 --logtostderr`, one JSON object a line), with their times in ms. */
function engineLog(stderr: string): LogLine[] {
  return stderr.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      const { time, msg } = JSON.parse(line) as { time?: string; msg?: string };
      return time && msg ? [{ at: Date.parse(time), msg }] : [];
    } catch {
      return [];
    }
  });
}

/**
 * From the engine's log: the plugin's start (from the engine asking the default dynamic provider for its
 * config, which launches the plugin, to the plugin's first answer) and the time each of the resource's
 * calls to the provider took (Check, Create...: `executing` to `success`), the provider's whole share.
 */
function split(lines: LogLine[]) {
  const at = (pattern: RegExp, after = 0) => lines.find((l) => l.at >= after && pattern.test(l.msg))?.at;
  const launched = at(
    /^ProviderRegistry\.Check\(urn:\S+::pulumi:providers:pulumi-nodejs::default\) executing/,
  );
  const ready = at(/^Provider\[\w+\]\.GetPluginInfo\(\) executing/, launched);
  const rpcs: Record<string, number> = {};
  for (const [i, line] of lines.entries()) {
    const call = /^Provider\[\w+\]\.(\w+)\((urn:\S+pulumi-nodejs:dynamic\S+)\) executing/.exec(line.msg);
    if (!call) continue;
    const done = lines
      .slice(i + 1)
      .find((l) => l.msg.startsWith(`Provider[`) && l.msg.includes(`.${call[1]}(${call[2]}) success`));
    if (done) rpcs[call[1]] = (rpcs[call[1]] ?? 0) + done.at - line.at;
  }
  if (launched === undefined || ready === undefined || rpcs.Create === undefined)
    throw new Error("the engine's log does not show the plugin's start and the resource's Create");
  return { pluginStartMs: ready - launched, rpcs };
}

/**
 * A real-CLI `pulumi up` of one resource of N members (a program like the examples', its members from the
 * bench's kinds), against the emulator (in its own process) at the bench's latency: its wall time (median
 * of RUNS), then, from one more run with the engine's log on (`-v=7`), the split: the plugin's start, each
 * call of the engine to the provider (Check validates the members, and loads the provider's code on the
 * first one; Create makes the cloud calls), of which the calls' bound (bench/scenarios.ts: their latency,
 * or the rate quota's windows) and what the emulator took beyond the latency; the rest is the CLI, the
 * engine and the program (here run in-process by the Automation API).
 */
export async function benchEngine(latencyMs: number): Promise<number> {
  const cli = findPulumiCli();
  if (cli === undefined) {
    console.error("No Pulumi CLI found: `npm run -s pulumi-cli` builds one (5-15 minutes, cached).");
    return 2;
  }
  const pkg = createRequire(join(ROOT, "package.json"))("./dist/index.js");
  const rows = [];
  for (const bench of BENCH_KINDS)
    for (const members of SIZES) {
      const world = await startWorld(bench, members, latencyMs);
      // `alicloud.slb.VServerGroupAttachment`: the class as a program names it.
      const [cloud, service, type] = bench.kind.schema.typeName.split(".");
      const program = async () => {
        new pkg[cloud][service][type]("web", resourceInputs(bench, world.target, range(0, members)));
      };
      const up = async (logVerbosity?: number) => {
        await world.restore([]);
        const stack = await CliStack.create({ cli, project: "bench", program, env: await world.env() });
        try {
          let run = { ok: false, stdout: "", stderr: "" };
          const measured = await world.measure(async () => (run = await stack.up({ logVerbosity })));
          if (!run.ok) throw new Error(`pulumi up failed:\n${run.stdout}\n${run.stderr.slice(-2000)}`);
          return { ...measured, stderr: run.stderr };
        } finally {
          await stack.dispose();
        }
      };
      const walls: number[] = [];
      for (let i = 0; i < RUNS; i++) walls.push((await up()).elapsedMs);
      const logged = await up(7);
      await world.close();
      const { pluginStartMs, rpcs } = split(engineLog(logged.stderr));
      const providerMs = Object.values(rpcs).reduce((sum, v) => sum + v, 0);
      const bound = measuredBoundMs(bench, logged.calls, latencyMs); // with ALB's and NLB's job waits
      const row = {
        cloud: bench.name,
        members,
        calls: countedCalls(bench, logged.calls).calls,
        upMs: median(walls),
        loggedUpMs: logged.elapsedMs,
        cliEngineProgramMs: logged.elapsedMs - pluginStartMs - providerMs,
        pluginStartMs,
        checkMs: rpcs.Check ?? 0,
        createMs: rpcs.Create,
        callsBoundMs: bound,
        emulatorMs: logged.emulatorMs.beyondLatency,
        providerOwnMs: providerMs - bound - logged.emulatorMs.beyondLatency,
      };
      rows.push(row);
      console.error(`${bench.name} N=${members}: pulumi up ${ms(row.upMs)}`);
    }
  console.log(
    table(
      "cloud, N, calls, pulumi up (median), with -v=7, CLI + engine + program, plugin start, Check, Create, " +
        "of which the calls' bound, emulator beyond latency, provider's own work",
      rows.map((r) => [
        ...[r.cloud, r.members, r.calls, ms(r.upMs), ms(r.loggedUpMs), ms(r.cliEngineProgramMs)],
        ...[ms(r.pluginStartMs), ms(r.checkMs), ms(r.createMs), ms(r.callsBoundMs), ms(r.emulatorMs)],
        ms(r.providerOwnMs),
      ]),
    ),
  );
  console.log(`written ${writeResults("engine", rows)}`);
  return 0;
}
