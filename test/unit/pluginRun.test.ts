import { describe, expect, it } from "vitest";
import { slbKind } from "../../provider/clouds/alicloud/slb/kind";
import type { AttachmentKind } from "../../provider/clouds/attachmentKind";
import { PluginRun } from "../../provider/runtime/pluginRun";

const INPUTS = {
  loadBalancerId: "lb-2ze7o5h52g02kkzze7lru",
  backendServers: [{ serverId: "i-run0001", weight: 10 }],
};

/** The SLB kind, stopped at resolve, which reports the stack region it was given. */
function recordingKind(seen: (string | undefined)[], key = "alicloud:region"): AttachmentKind<unknown> {
  return {
    ...(slbKind as AttachmentKind<unknown>),
    resolve(_inputs, settings) {
      seen.push(settings.config(key));
      throw new Error("stopped at resolve");
    },
  };
}

const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });

describe("a plugin run", () => {
  it("replaces the stack config on configure: a key the new config lacks is unset, not remembered", async () => {
    const seen: (string | undefined)[] = [];
    const run = new PluginRun({ "alicloud.slb": recordingKind(seen) }, () => {});
    run.configure(config({ "alicloud:region": "cn-beijing", "alicloud:accessKey": "AK" }));
    await expect(run.provider("alicloud.slb").create(INPUTS)).rejects.toThrow("stopped at resolve");
    run.configure(config({ "alicloud:accessKey": "AK" }));
    await expect(run.provider("alicloud.slb").create(INPUTS)).rejects.toThrow("stopped at resolve");
    expect(seen).toEqual(["cn-beijing", undefined]);
  });

  it("keeps only the config keys the package reads", async () => {
    const seen: (string | undefined)[] = [];
    const run = new PluginRun({ "alicloud.slb": recordingKind(seen, "app:secret") }, () => {});
    run.configure(config({ "alicloud:region": "cn-beijing", "app:secret": "s3cret" }));
    await expect(run.provider("alicloud.slb").create(INPUTS)).rejects.toThrow("stopped at resolve");
    expect(seen).toEqual([undefined]);
  });

  it("names a kind the package does not have", () => {
    const run = new PluginRun({}, () => {});
    expect(() => run.provider("alicloud.nlb")).toThrow(
      'pulumi-backend-servers has no resource kind "alicloud.nlb": the installed package is older than the state',
    );
  });

  it("serves every resource type from the same run: one provider per kind until the config changes", () => {
    const run = new PluginRun({ "alicloud.slb": slbKind as AttachmentKind<unknown> }, () => {});
    const first = run.provider("alicloud.slb");
    expect(run.provider("alicloud.slb")).toBe(first);
    run.configure(config({}));
    expect(run.provider("alicloud.slb")).not.toBe(first);
  });
});
