/**
 * The readers of the CLI's text, on text the Pulumi CLI 3.248 printed: `pulumi preview --diff` of a member
 * list printed whole (as it is for drift), shortened, and the preview part of `pulumi up --diff`.
 */
import { describe, expect, it } from "vitest";
import { memberDiff, previewOfUp, progressLines, resourceSection } from "../../harness/cli";

const URN = "urn:pulumi:test::slb::pulumi-nodejs:dynamic/alicloud-slb:BackendServerAttachment::web";
const PREVIEW = `Previewing update (test):
  pulumi:pulumi:Stack: (same)
    [urn=urn:pulumi:test::slb::pulumi:pulumi:Stack::slb-test]
    ~ pulumi-nodejs:dynamic/alicloud-slb:BackendServerAttachment: (update)
        [id=lb-2ze7o5h52g02kkzze7lru/edaa86d2]
        [urn=${URN}]
      ~ backendServers: {
            ecs:i-2zej4lxhjoq1icue6k00              : {
@ previewing update....
                description: "web-0"
                serverId   : "i-2zej4lxhjoq1icue6k00"
                type       : "ecs"
                weight     : 100
            }
          - ecs:i-2zej4lxhjoq1icue6k01              : {
              - serverId   : "i-2zej4lxhjoq1icue6k01"
              - weight     : 100
            }
          + ecs:i-2zej4lxhjoq1icue6k03              : {
              + description: "web-3"
              + serverId   : "i-2zej4lxhjoq1icue6k03"
            }
          ~ eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.5: {
                port    : 80
              ~ weight  : 10 => 50
            }
        }
        exclusive     : false
        loadBalancerId: "lb-2ze7o5h52g02kkzze7lru"
    --outputs:--
  ~ weights: {
      + ecs:i-2zej4lxhjoq1icue6k03              : 100
    }
Resources:
    ~ 1 to update
    1 unchanged
`;

describe("readers of the Pulumi CLI's output", () => {
  it("reads one member per key of a changed property, with its marker and changed fields", () => {
    expect(memberDiff(resourceSection(PREVIEW, URN), "backendServers")).toEqual({
      added: ["ecs:i-2zej4lxhjoq1icue6k03"],
      removed: ["ecs:i-2zej4lxhjoq1icue6k01"],
      changed: { "eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.5": ["weight: 10 => 50"] },
      unchanged: ["ecs:i-2zej4lxhjoq1icue6k00"],
      markedLines: [
        "- ecs:i-2zej4lxhjoq1icue6k01: {",
        "+ ecs:i-2zej4lxhjoq1icue6k03: {",
        "~ eni:eni-2ze1u9ywulp5pbvvc7hv@192.168.0.5: {",
        "~ weight: 10 => 50",
      ],
    });
  });

  it("leaves out the progress lines the CLI prints without a terminal", () => {
    expect(resourceSection(PREVIEW, URN)).not.toContain("@ previewing");
  });

  it("reads the preview pulumi up prints before its update", () => {
    const up =
      "Previewing update (test):\n  ~ a: (update)\nResources:\n    ~ 1 to update\nUpdating (test):\n  ~ a: (update)\n";
    expect(previewOfUp(up)).toBe(
      "Previewing update (test):\n  ~ a: (update)\nResources:\n    ~ 1 to update\n",
    );
    expect(previewOfUp("Previewing update (test):\n")).toBe("Previewing update (test):\n");
  });

  it("keeps a resource's section apart from the stack outputs and from other resources", () => {
    const section = resourceSection(PREVIEW, URN);
    expect(section).toContain("loadBalancerId");
    expect(section).not.toContain("weights");
    expect(resourceSection(PREVIEW, `${URN}-other`)).toBe("");
    expect(memberDiff(section, "members")).toBeUndefined();
  });

  it("reads the provider's progress lines from the diagnostics, in order", () => {
    const up = [
      "    pulumi:pulumi:Stack slb-test running AddBackendServers load balancer lb-x: batch 1/2, 20 servers",
      "Diagnostics:",
      "  pulumi:pulumi:Stack (slb-test):",
      "    AddBackendServers load balancer lb-x: batch 1/2, 20 servers",
      "    AddBackendServers load balancer lb-x: batch 2/2, 1 server",
      "    error: update failed",
      "",
      "Resources:",
    ].join("\n");
    expect(progressLines(up)).toEqual([
      "AddBackendServers load balancer lb-x: batch 1/2, 20 servers",
      "AddBackendServers load balancer lb-x: batch 2/2, 1 server",
    ]);
  });
});
