/**
 * An API tier on port 8080 of three ECS instances, in the CLB VServer group its listener forwards to, and a
 * canary: the first instance again, on port 8081. A VServer group member is a server on a port, so the
 * canary is a member of its own with its own weight. Servers that auto scaling or other stacks attach to
 * the same group are left alone (shared ownership, the default).
 *
 *   pulumi config set alicloud:region cn-beijing
 *   pulumi config set alicloud:accessKey <id> && pulumi config set --secret alicloud:secretKey <secret>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { alicloud } from "pulumi-backend-servers";

// Pulumi runs a program's default export and makes what it returns the stack's outputs. Being a function
// also lets the repository's tests run this very program through the Automation API.
export default function apiTier() {
  const config = new pulumi.Config();
  const vServerGroupId = config.get("vServerGroupId") ?? "rsp-cige6j5e7p";
  const apiServers = config.getNumber("apiServers") ?? 3;
  const canaryWeight = config.getNumber("canaryWeight") ?? 10;
  const server = (i: number) => `i-2zej4lxhjoq1icue6k${String(i).padStart(2, "0")}`;

  const api = new alicloud.slb.VServerGroupAttachment("api", {
    vServerGroupId,
    backendServers: [
      ...Array.from({ length: apiServers }, (_, i) => ({
        serverId: server(i),
        port: 8080,
        weight: 100,
        description: `api-${i}`,
      })),
      { serverId: server(0), port: 8081, weight: canaryWeight, description: "api-canary" },
    ],
  });

  // Keyed by member, like the input: `pulumi preview --diff` shows one line per member that changes.
  return {
    weights: api.backendServers.apply((members) =>
      Object.fromEntries(Object.entries(members).map(([key, member]) => [key, member.weight])),
    ),
  };
}
