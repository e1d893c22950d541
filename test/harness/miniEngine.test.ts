/**
 * Proves the harness against the real dynamic-provider plugin with a throwaway provider.
 *
 * This file switches the in-process Pulumi SDK into mock mode (captureRegistrations): it must not
 * use the real Pulumi runtime for anything else.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { version as sdkVersion } from "@pulumi/pulumi/version";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MiniEngine, type Registration } from "../../harness/miniEngine";
import { type Plugin, PluginCallError, startPlugin, UNKNOWN } from "../../harness/plugin";
import { makeProjectDir, REPO_ROOT } from "../../harness/project";
import { captureRegistrations } from "../../harness/registrations";
import { CallLog } from "./fixtures/callLog";
import { RecordingResource } from "./fixtures/recordingResource";

const STACK_CONFIG = { "fixture:region": "cn-test-1" };
const logDir = mkdtempSync(join(tmpdir(), "pbs-calls-"));
const calls = new CallLog(join(logDir, "calls.jsonl"));
let plugin: Plugin;

/** Registers one RecordingProvider resource per entry, exactly as a program run by `pulumi up`. */
async function program(resources: Record<string, Record<string, unknown>>): Promise<Registration[]> {
  return captureRegistrations(
    () => {
      for (const [name, props] of Object.entries(resources)) {
        new RecordingResource(name, { name, zone: "a", value: 1, ...props });
      }
    },
    { config: STACK_CONFIG },
  );
}

const methods = (recorded: { method: string }[]) => recorded.map((call) => call.method);

beforeAll(async () => {
  // A credential in the test's own environment must not reach the plugin (checked in configure).
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "must-not-leak";
  try {
    plugin = await startPlugin({ cwd: await makeProjectDir(), env: { RECORDING_PROVIDER_LOG: calls.path } });
  } finally {
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  }
  await plugin.configure(STACK_CONFIG);
});

afterAll(async () => {
  await plugin?.close();
  rmSync(logDir, { recursive: true, force: true });
});

describe("the real plugin driven like the engine", () => {
  test("reports the SDK version; the provider is configured from stack config and resolves the package from the project", async () => {
    expect(await plugin.getPluginInfo()).toEqual({ version: sdkVersion });
    const [registration] = await program({ r: {} });

    await new MiniEngine(plugin).preview([registration]);

    expect(calls.take()).toEqual([
      {
        method: "configure",
        region: "cn-test-1",
        leakedCredential: false,
        packageJson: join(realpathSync(REPO_ROOT), "package.json"),
      },
      expect.objectContaining({ method: "check" }),
    ]);
  });

  test("preview calls only Check and Diff, with unknowns as the engine's sentinel", async () => {
    const engine = new MiniEngine(plugin);
    const [existing, fresh] = await program({ r: {}, s: {} });
    await engine.up([existing]);
    calls.take();

    const steps = await engine.preview([
      { ...existing, inputs: { ...existing.inputs, value: UNKNOWN } },
      fresh,
    ]);

    expect(steps.map((step) => [step.urn, step.op])).toEqual([
      [existing.urn, "update"],
      [fresh.urn, "create"],
    ]);
    const recorded = calls.take();
    expect(methods(recorded).sort()).toEqual(["check", "check", "diff"]);
    const diff = recorded.find((call) => call.method === "diff")!;
    expect(diff.news.value).toBe(UNKNOWN);
    expect(diff.olds).toMatchObject({ value: 1, stage: "complete", hasProvider: true });
    expect(engine.state.get(existing.urn)!.outputs.value).toBe(1);
  });

  test("up creates, updates a change, and leaves an unchanged resource alone", async () => {
    const engine = new MiniEngine(plugin);
    const [first] = await program({ r: { value: 1 } });
    const [second] = await program({ r: { value: 2 } });
    calls.take();

    expect((await engine.up([first])).steps).toEqual([{ urn: first.urn, op: "create" }]);
    expect(methods(calls.take())).toEqual(["check", "create"]);
    const created = engine.state.get(first.urn)!;
    expect(created.id).toBe("id-r-a");
    expect(created.outputs).toMatchObject({
      value: 1,
      stage: "complete",
      __provider: first.inputs.__provider,
    });
    expect(created.inputs).toEqual(first.inputs);

    expect((await engine.up([second])).steps).toEqual([{ urn: first.urn, op: "update" }]);
    const [check, diff, update] = calls.take();
    expect([check.method, diff.method, update.method]).toEqual(["check", "diff", "update"]);
    // Check compares inputs with inputs; Diff and Update get the old OUTPUTS.
    expect(check.olds).toEqual({ hasProvider: true, name: "r", zone: "a", value: 1 });
    expect(diff.olds.stage).toBe("complete");
    expect(update).toMatchObject({ id: "id-r-a", olds: { value: 1, stage: "complete" }, news: { value: 2 } });
    expect(engine.state.get(first.urn)!.outputs.value).toBe(2);

    expect((await engine.up([second])).steps).toEqual([{ urn: first.urn, op: "same" }]);
    expect(methods(calls.take())).toEqual(["check", "diff"]);
  });

  test("a partial create failure is recorded like the engine does, and the next up updates it", async () => {
    const engine = new MiniEngine(plugin);
    const [failing] = await program({ r: { failCreate: true } });
    const [fixed] = await program({ r: {} });
    calls.take();

    const result = await engine.up([failing]);

    const [step] = result.steps;
    expect(step).toMatchObject({ urn: failing.urn, op: "create" });
    expect(step.error).toBeInstanceOf(PluginCallError);
    expect(step.error).toMatchObject({
      method: "Create",
      code: status.UNKNOWN,
      details: "create stopped half-way",
    });
    expect(step.error!.initFailure).toMatchObject({ id: "partial-r", reasons: ["second step failed"] });
    const recorded = engine.state.get(failing.urn)!;
    expect(recorded.id).toBe("partial-r");
    expect(recorded.outputs).toMatchObject({ stage: "partial", __provider: failing.inputs.__provider });
    expect(recorded.inputs).toEqual(failing.inputs);
    expect(plugin.output().stderr).toContain("recording-provider: creating r");
    expect(methods(calls.take())).toEqual(["check", "create"]);

    expect((await engine.up([fixed])).steps).toEqual([{ urn: fixed.urn, op: "update" }]);
    const recordedCalls = calls.take();
    expect(methods(recordedCalls)).toEqual(["check", "diff", "update"]);
    expect(recordedCalls[2]).toMatchObject({
      id: "partial-r",
      olds: { stage: "partial", hasProvider: true },
    });
    expect(engine.state.get(fixed.urn)).toMatchObject({ id: "partial-r", outputs: { stage: "complete" } });
  });

  test("Check failures stop a resource before any other call", async () => {
    const engine = new MiniEngine(plugin);
    const [invalid] = await program({ r: { invalid: true } });
    calls.take();

    expect(await engine.up([invalid])).toEqual({
      steps: [],
      failures: [{ urn: invalid.urn, property: "invalid", reason: "asked to fail Check" }],
    });
    expect(methods(calls.take())).toEqual(["check"]);
    expect(engine.state.size).toBe(0);
  });

  test("a resource left with init errors is updated by the next up even when Diff reports no change", async () => {
    const engine = new MiniEngine(plugin);
    const [failing] = await program({ r: { failCreate: true } });
    await engine.up([failing]);
    expect(engine.state.get(failing.urn)!.initErrors).toEqual(["second step failed"]);
    calls.take();

    // Same inputs: the provider's Diff says no change, yet the engine retries the update.
    expect((await engine.up([failing])).steps).toEqual([{ urn: failing.urn, op: "update" }]);
    expect(methods(calls.take())).toEqual(["check", "diff", "update"]);
    expect(engine.state.get(failing.urn)).toMatchObject({ outputs: { stage: "complete" } });
    expect(engine.state.get(failing.urn)!.initErrors).toBeUndefined();
  });

  test("a replacement creates the new resource, then deletes the old one with its stored outputs", async () => {
    const engine = new MiniEngine(plugin);
    const [inZoneA] = await program({ r: { zone: "a" } });
    const [inZoneB] = await program({ r: { zone: "b" } });
    await engine.up([inZoneA]);
    calls.take();

    expect((await engine.up([inZoneB])).steps).toEqual([
      { urn: inZoneB.urn, op: "replace" },
      { urn: inZoneB.urn, op: "delete-replaced" },
    ]);

    const recorded = calls.take();
    expect(methods(recorded)).toEqual(["check", "diff", "create", "delete"]);
    expect(recorded[3]).toMatchObject({
      id: "id-r-a",
      props: { zone: "a", stage: "complete", hasProvider: true },
    });
    expect(engine.state.get(inZoneB.urn)!.id).toBe("id-r-b");
  });

  test("a replaced original is deleted at the end of the deployment, after every other resource's step", async () => {
    const engine = new MiniEngine(plugin);
    await engine.up(await program({ r: { zone: "a" }, s: { value: 1 } }));
    calls.take();

    const v2 = await program({ r: { zone: "b" }, s: { value: 2 } });
    expect((await engine.up(v2)).steps.map((step) => step.op)).toEqual([
      "replace",
      "update",
      "delete-replaced",
    ]);

    // As the Pulumi CLI prints it: "created replacement", "updated", then "deleting original".
    const recorded = calls.take().filter((call) => call.method !== "check" && call.method !== "diff");
    expect(methods(recorded).sort()).toEqual(["create", "delete", "update"]);
    expect(recorded.at(-1)).toMatchObject({ method: "delete", id: "id-r-a" });
  });

  test("refresh reads stored outputs and inputs, adopts returned inputs, and drops what is gone", async () => {
    const engine = new MiniEngine(plugin);
    const [kept, gone] = await program({ r: {}, gone: { vanished: true } });
    await engine.up([kept, gone]);
    calls.take();

    await engine.refresh();

    expect(methods(calls.take())).toEqual(["read", "read"]);
    expect([...engine.state.keys()]).toEqual([kept.urn]);
    const refreshed = engine.state.get(kept.urn)!;
    expect(refreshed.outputs).toMatchObject({ refreshed: true, stage: "complete" });
    // The plugin re-attaches __provider to returned inputs, so later operations can still load it.
    expect(refreshed.inputs).toEqual({ ...kept.inputs });
    expect(refreshed.inputs.stage).toBeUndefined();
  });

  test("resources dropped from the program are deleted after the updates; destroy deletes the rest", async () => {
    const engine = new MiniEngine(plugin);
    const [r, s] = await program({ r: {}, s: {} });
    const [changed] = await program({ r: { value: 3 } });
    await engine.up([r, s]);
    calls.take();

    expect((await engine.up([changed])).steps).toEqual([
      { urn: r.urn, op: "update" },
      { urn: s.urn, op: "delete" },
    ]);
    expect(methods(calls.take())).toEqual(["check", "diff", "update", "delete"]);

    await engine.destroy();

    expect(calls.take()).toEqual([
      { method: "delete", id: "id-r-a", props: expect.objectContaining({ value: 3 }) },
    ]);
    expect(engine.state.size).toBe(0);
  });

  test("a failed step keeps the resources the program dropped", async () => {
    const engine = new MiniEngine(plugin);
    const [r, dropped] = await program({ r: {}, dropped: {} });
    const [same, failing] = await program({ r: {}, t: { failCreate: true } });
    await engine.up([r, dropped]);
    calls.take();

    const result = await engine.up([same, failing]);

    expect(result.steps.map((step) => [step.urn, step.op, step.error?.method])).toEqual([
      [r.urn, "same", undefined],
      [failing.urn, "create", "Create"],
    ]);
    expect(methods(calls.take()).filter((method) => method === "delete")).toEqual([]);
    expect(engine.state.has(dropped.urn)).toBe(true);
  });
});

test("a killed plugin reports its exit, and calls to it fail as UNAVAILABLE", async () => {
  const doomed = await startPlugin({ cwd: await makeProjectDir() });
  doomed.kill("SIGKILL");

  expect(await doomed.exited()).toBeNull();
  const call = doomed.check("urn:pulumi:stack::project::pulumi-nodejs:dynamic:Resource::r", {}, {});
  await expect(call).rejects.toMatchObject({
    name: "PluginCallError",
    method: "Check",
    code: status.UNAVAILABLE,
  });
  await doomed.close();
});

test("a plugin that dies before printing its port fails to start with its stderr", async () => {
  const broken = startPlugin({
    cwd: await makeProjectDir(),
    env: { NODE_OPTIONS: "--require ./no-such-preload.js" },
  });

  await expect(broken).rejects.toThrow(/before its port line[\s\S]*no-such-preload/);
});
