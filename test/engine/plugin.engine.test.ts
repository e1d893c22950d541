/**
 * What only the provider plugin does, through the real plugin process over gRPC: its schema, its
 * configuration (an explicit provider's credentials, region and endpoints, secrets as the engine sends
 * them), configuration checks and diffs, and requests for a type it does not serve. What it shares with
 * the dynamic resources runs in attachmentSuite.ts through both.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type Plugin, startPlugin } from "../../harness/plugin";
import { makeProjectDir, REPO_ROOT } from "../../harness/project";
import { SHORT_RETRIES } from "../../harness/shortRetries";
import { ensCloud, slbCloud } from "../clouds";

const SLB = "urn:pulumi:stack::project::backend-servers:alicloud/slb:BackendServerAttachment::web";
const PROVIDER = "urn:pulumi:stack::project::pulumi:providers:backend-servers::prod";
/** A secret as the engine marks it in Configure (sdk/go/common/resource/sig). */
const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

let emulator: Emulator;
const started: Plugin[] = [];
/** The plugin, with only the retry tuning in its environment: no endpoint, no credential. */
async function plugin(): Promise<Plugin> {
  const p = await startPlugin({ cwd: await makeProjectDir(), env: SHORT_RETRIES, kind: "backend-servers" });
  started.push(p);
  return p;
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: slbCloud.seed() });
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.close()));
  await emulator.close();
});

describe("the backend-servers provider plugin", () => {
  it("serves schema.json and its version", async () => {
    const p = await plugin();
    const committed = JSON.parse(await readFile(join(REPO_ROOT, "schema.json"), "utf8"));
    expect(JSON.parse(await p.getSchema())).toEqual(committed);
    expect(await p.getPluginInfo()).toEqual({ version: committed.version });
  });

  it("runs an explicit provider's calls on its own credentials, region and endpoint, and records none of them", async () => {
    const configuration = {
      alicloudAccessKey: secret(slbCloud.key.accessKeyId),
      alicloudSecretKey: secret(slbCloud.key.accessKeySecret),
      alicloudRegion: "cn-beijing",
      endpoints: { ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb },
      version: "0.1.0",
    };
    const p = await plugin();
    await p.configure(configuration);
    const news = {
      loadBalancerId: slbCloud.target,
      backendServers: [{ serverId: slbCloud.ours(0), weight: 30 }],
    };
    const checked = await p.check(SLB, {}, news);
    expect(checked.failures).toEqual([]);
    const created = await p.create(SLB, checked.inputs);
    expect(slbCloud.read(emulator)).toEqual(new Map([[slbCloud.ours(0), 30]]));
    expect(emulator.calls({ cloud: "slb" }).map((c) => c.accessKeyId)).toEqual([
      slbCloud.key.accessKeyId,
      slbCloud.key.accessKeyId,
    ]);
    // The region the provider gave is recorded with the resource; no credential is.
    expect(created.properties.regionId).toBe("cn-beijing");
    const recorded = JSON.stringify(created);
    for (const value of [slbCloud.key.accessKeyId, slbCloud.key.accessKeySecret])
      expect(recorded).not.toContain(value);
    // `pulumi destroy`: a process of its own, configured again.
    const destroy = await plugin();
    await destroy.configure(configuration);
    await destroy.delete(SLB, created.id, created.properties);
    expect(slbCloud.read(emulator)).toEqual(new Map());
  });

  it("checks its configuration before use, and no change of it replaces the provider", async () => {
    const p = await plugin();
    const { failures } = await p.checkConfig(
      PROVIDER,
      {},
      {
        alicloudRegion: "cn-beijing",
        alicloudSecretkey: "typo",
        endpoints: { ALIBABA_CLOUD_ENS_ENDPOINT: "ens.aliyuncs.com" },
      },
    );
    expect(failures).toEqual([
      {
        property: "alicloudSecretkey",
        reason: expect.stringContaining(
          "alicloudSecretkey is not a setting of the backend-servers provider: use ",
        ),
      },
      {
        property: "endpoints.ALIBABA_CLOUD_ENS_ENDPOINT",
        reason:
          'endpoints.ALIBABA_CLOUD_ENS_ENDPOINT "ens.aliyuncs.com" is not allowed: use an http:// or https:// URL',
      },
    ]);
    // New credentials or another region: the provider is updated in place, its resources untouched.
    const diff = await p.diffConfig(
      PROVIDER,
      { alicloudAccessKey: "AKID-OLD", alicloudSecretKey: "old", alicloudRegion: "cn-beijing" },
      { alicloudAccessKey: "AKID-NEW", alicloudSecretKey: "new", alicloudRegion: "cn-hangzhou" },
    );
    expect(diff).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: { alicloudAccessKey: "update", alicloudRegion: "update", alicloudSecretKey: "update" },
    });
  });

  it("refuses a type it does not serve, naming those it does", async () => {
    const p = await plugin();
    await p.configure({});
    const other = SLB.replace("alicloud/slb", "alicloud/alb");
    await expect(p.check(other, {}, {})).rejects.toThrow(
      "the backend-servers provider has no resource type backend-servers:alicloud/alb:BackendServerAttachment: use backend-servers:alicloud/slb:BackendServerAttachment, backend-servers:alicloud/slb:VServerGroupAttachment, backend-servers:alicloud/ens:BackendServerAttachment, backend-servers:huaweicloud/elb:BackendServerAttachment",
    );
    // Without credentials anywhere, the call says where to give them, in the plugin's own settings.
    const ens = SLB.replace("alicloud/slb", "alicloud/ens");
    const inputs = (await p.check(ens, {}, { loadBalancerId: ensCloud.target, backendServers: [] })).inputs;
    const failure = p.create(ens, inputs);
    await expect(failure).rejects.toThrow(
      "Alibaba Cloud credentials are not set: they are neither in stack config nor in the environment. Run " +
        "`pulumi config set backend-servers:alicloudAccessKey <id>` and `pulumi config set --secret " +
        "backend-servers:alicloudSecretKey <secret>` (with `backend-servers:alicloudSecurityToken` for STS), or set",
    );
  });
});
