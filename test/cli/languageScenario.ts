/**
 * One program in each language of the provider plugin (YAML, Python, Go), through the real Pulumi CLI
 * against the emulator: `web` on a CLB load balancer with the default provider's credentials (stack config
 * secrets), and `shopA`, `shopB` on two more, each through an explicit provider with another account's
 * credentials. The scenario walks one stack through up, a one-member `preview --diff`, drift, refresh, a
 * healing up and destroy, and scans everything for the secrets.
 */
import { describe, it } from "vitest";
import type { Emulator, EmulatorCredential } from "../../emulator";
import {
  type CliRun,
  memberDiff,
  type ProjectStack,
  progressLines,
  resourceSection,
  type Runner,
} from "../../harness/cli";
import { secretForms } from "../../harness/secretForms";
import { cliWorld } from "./cliWorld";

export interface LanguageCase {
  title: string;
  runtime: "yaml" | "python" | "go";
  /** The project's name: the program's config keys are `<project>:<key>`. */
  project: string;
  /** Whether its toolchain is there (decided at collection: throws when the CLI tests are required). */
  available: boolean;
  /** The YAML program, or the runner that serves the program inline (built once for the file). */
  prepare(): Promise<{ program?: string; runner?: Runner }>;
}

const TYPE = "backend-servers:alicloud/slb:BackendServerAttachment";
const REGION = "cn-beijing";
const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** The servers the program declares: web 00 to 02 on `web`, 10 on `shopA`, 20 on `shopB`. */
const server = (i: number) => `i-2zej4lxhjoq1icue6k${pad(i, 2)}`;
const key = (i: number) => `ecs:${server(i)}`;

/** Three load balancers of three accounts, with their credentials; `n` tells the stacks apart. */
function seedAccounts(emulator: Emulator, tag: string, n: number) {
  const credential = (account: string): EmulatorCredential => ({
    accessKeyId: `${tag}${account}${pad(n, 4)}`,
    // Characters that URL, form, JSON and base64 encodings all change.
    accessKeySecret: `${tag.toLowerCase()}/${account}+Secret=NeverLeak${pad(n, 4)}`,
  });
  const accounts = { web: credential("WEB"), a: credential("SHOPA"), b: credential("SHOPB") };
  const lb = (account: number) => `lb-2ze${tag.toLowerCase()}${account}${pad(n, 12)}`;
  const loadBalancers = { web: lb(0), a: lb(1), b: lb(2) };
  emulator.seed({
    credentials: Object.values(accounts),
    slb: {
      loadBalancers: Object.values(loadBalancers).map((loadBalancerId) => ({
        loadBalancerId,
        regionId: REGION,
      })),
    },
  });
  return { accounts, loadBalancers };
}

export function describeLanguage(language: LanguageCase): void {
  const world = cliWorld();
  let stacks = 0;
  let prepared: Promise<{ program?: string; runner?: Runner }> | undefined;

  async function newStack(): Promise<{
    stack: ProjectStack;
    accounts: ReturnType<typeof seedAccounts>["accounts"];
    loadBalancers: ReturnType<typeof seedAccounts>["loadBalancers"];
  }> {
    prepared ??= language.prepare();
    const { program, runner } = await prepared;
    const { accounts, loadBalancers } = seedAccounts(
      world.emulator,
      language.runtime.toUpperCase(),
      ++stacks,
    );
    const p = (name: string) => `${language.project}:${name}`;
    const stack = await world.newProjectStack({
      project: language.project,
      runtime: language.runtime,
      program,
      runner,
      config: {
        "backend-servers:alicloudRegion": REGION,
        [p("region")]: REGION,
        [p("loadBalancerId")]: loadBalancers.web,
        [p("shopALoadBalancerId")]: loadBalancers.a,
        [p("shopBLoadBalancerId")]: loadBalancers.b,
      },
      secrets: {
        // The default provider's credentials: stack config of the plugin's namespace, set as secrets.
        "backend-servers:alicloudAccessKey": accounts.web.accessKeyId,
        "backend-servers:alicloudSecretKey": accounts.web.accessKeySecret,
        // The explicit providers': the program's own config, passed to each provider.
        [p("accountAKeyId")]: accounts.a.accessKeyId,
        [p("accountASecret")]: accounts.a.accessKeySecret,
        [p("accountBKeyId")]: accounts.b.accessKeyId,
        [p("accountBSecret")]: accounts.b.accessKeySecret,
      },
    });
    return { stack, accounts, loadBalancers };
  }

  const members = (id: string) =>
    Object.fromEntries(world.emulator.slbMembers(id).map((m) => [`${m.Type}:${m.ServerId}`, m.Weight]));
  /** The AccessKey each write to a load balancer was signed with. */
  const signers = (id: string) =>
    new Set(
      world.emulator
        .calls({ cloud: "slb" })
        .filter((c) => c.params.LoadBalancerId === id && !c.action.startsWith("Describe"))
        .map((c) => c.accessKeyId),
    );
  const failed = (run: CliRun) => `${run.stdout}\n${run.stderr}`;
  /** One resource's part of a preview, line by line, without indentation. */
  const sectionLines = (text: string, urn: string) =>
    resourceSection(text, urn)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");

  describe.runIf(world.cli && language.available)(
    `${language.title} through the Pulumi CLI`,
    { timeout: 600_000 },
    () => {
      it("runs up, a one-member preview, refresh after drift, a healing up and destroy, on three accounts, leaking no secret", async ({
        expect,
      }) => {
        const { stack, accounts, loadBalancers } = await newStack();
        const urn = (name: string) => stack.urn(TYPE, name);
        // A server someone attached by hand: shared ownership never touches it.
        world.emulator.setSlbMembers(loadBalancers.web, [{ ServerId: server(99), Type: "ecs", Weight: 5 }]);

        const up = await stack.up();
        expect(up.ok, failed(up)).toBe(true);
        expect(members(loadBalancers.web)).toEqual({
          [key(0)]: 100,
          [key(1)]: 100,
          [key(2)]: 10,
          [key(99)]: 5,
        });
        expect(members(loadBalancers.a)).toEqual({ [key(10)]: 100 });
        expect(members(loadBalancers.b)).toEqual({ [key(20)]: 100 });
        // Each account's load balancer with that account's credentials: default provider, then the two explicit ones.
        expect(signers(loadBalancers.web)).toEqual(new Set([accounts.web.accessKeyId]));
        expect(signers(loadBalancers.a)).toEqual(new Set([accounts.a.accessKeyId]));
        expect(signers(loadBalancers.b)).toEqual(new Set([accounts.b.accessKeyId]));

        // One member re-weighted: the preview shows that member and that field, and nothing else.
        await stack.setConfig(`${language.project}:canaryWeight`, "50");
        const preview = await stack.preview();
        expect(preview.ok, failed(preview)).toBe(true);
        expect(memberDiff(resourceSection(preview.stdout, urn("web")), "backendServers")).toEqual({
          added: [],
          removed: [],
          changed: { [key(2)]: ["weight: 10 => 50"] },
          unchanged: [],
          markedLines: [`~ ${key(2)}: {`, "~ weight: 10 => 50"],
        });
        // The whole of what a reviewer reads for the resource. The SDKs (not YAML) register a versioned
        // default provider, which the CLI names (it names none called just "default").
        const section = sectionLines(preview.stdout, urn("web"));
        expect(section.filter((line) => !line.startsWith("[provider="))).toEqual([
          `~ ${TYPE}: (update)`,
          expect.stringMatching(/^\[id=lb-\w+\/\w+\]$/),
          `[urn=${urn("web")}]`,
          "~ backendServers: {",
          `~ ${key(2)}: {`,
          "~ weight: 10 => 50",
          "}",
          "}",
        ]);
        expect(section.filter((line) => line.startsWith("[provider="))).toEqual(
          language.runtime === "yaml"
            ? []
            : [expect.stringMatching(/::pulumi:providers:backend-servers::default_0_1_0::[0-9a-f-]{36}\]$/)],
        );
        expect(preview.stdout).toMatch(/^Resources:\n\s+~ 1 to update\n\s+\d+ unchanged$/m);
        const changed = await stack.up();
        expect(changed.ok, failed(changed)).toBe(true);
        expect(members(loadBalancers.web)[key(2)]).toBe(50);
        // Progress lines reach the engine (a provider plugin's stderr is hidden), under the resource.
        expect(progressLines(changed.stdout)).toEqual([
          `SetBackendServers load balancer ${loadBalancers.web}: batch 1/1, 1 server`,
        ]);

        // Drift: server 00 detached and 01 re-weighted by hand. Refresh records it; the preview shows both.
        world.emulator.setSlbMembers(loadBalancers.web, [
          { ServerId: server(1), Type: "ecs", Weight: 3 },
          { ServerId: server(2), Type: "ecs", Weight: 50 },
          { ServerId: server(99), Type: "ecs", Weight: 5 },
        ]);
        // Before a refresh, the preview reads the cloud: the detached member is attached again and the
        // re-weighted one set back, each shown as what `pulumi up` sets, with the cloud's side on stderr.
        const unrefreshed = await stack.preview();
        expect(unrefreshed.ok, failed(unrefreshed)).toBe(true);
        const body = sectionLines(unrefreshed.stdout, urn("web"));
        expect(body.slice(body.indexOf("~ backendServers: {"))).toEqual([
          "~ backendServers: {",
          `+ ${key(0)}: {`,
          `+ serverId: "${server(0)}"`,
          '+ type    : "ecs"',
          "+ weight  : 100",
          "}",
          `~ ${key(1)}: {`,
          "+ weight: 100",
          "}",
          "}",
        ]);
        const where = `alicloud.slb.BackendServerAttachment "web" (load balancer ${loadBalancers.web})`;
        // `preview --diff` prints the engine's info lines on stderr.
        expect(unrefreshed.stderr).toContain(
          `drift in ${where}: ${key(0)} is not attached; pulumi up attaches it again`,
        );
        expect(unrefreshed.stderr).toContain(
          `drift in ${where}: ${key(1)} weight is 3 on the cloud, 100 recorded; pulumi up sets it back`,
        );
        const refresh = await stack.refresh();
        expect(refresh.ok, failed(refresh)).toBe(true);
        const drifted = await stack.preview();
        expect(memberDiff(resourceSection(drifted.stdout, urn("web")), "backendServers")).toEqual({
          added: [key(0)],
          removed: [],
          changed: { [key(1)]: ["weight: 3 => 100"] },
          unchanged: [],
          markedLines: [`+ ${key(0)}: {`, `~ ${key(1)}: {`, "~ weight: 3 => 100"],
        });
        const healed = await stack.up();
        expect(healed.ok, failed(healed)).toBe(true);
        expect(members(loadBalancers.web)).toEqual({
          [key(0)]: 100,
          [key(1)]: 100,
          [key(2)]: 50,
          [key(99)]: 5,
        });

        const exported = await stack.exportText();
        const destroyed = await stack.destroy();
        expect(destroyed.ok, failed(destroyed)).toBe(true);
        expect(members(loadBalancers.web)).toEqual({ [key(99)]: 5 });
        expect(members(loadBalancers.a)).toEqual({});
        expect(members(loadBalancers.b)).toEqual({});

        // The providers' credentials are secrets in state; no form of a secret shows anywhere.
        const providers = JSON.parse(exported).deployment.resources.filter(
          (r: { type: string }) => r.type === "pulumi:providers:backend-servers",
        );
        expect(providers.length).toBe(3);
        for (const provider of providers)
          expect(provider.inputs.alicloudSecretKey).toHaveProperty("ciphertext");
        const everything = exported + stack.transcript;
        for (const account of Object.values(accounts))
          for (const encoded of secretForms(account.accessKeySecret))
            expect(everything).not.toContain(encoded);
      });
    },
  );
}
