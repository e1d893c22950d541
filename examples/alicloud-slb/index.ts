/**
 * Three web servers and a canary ENI behind a CLB load balancer. Servers that auto scaling or other
 * stacks attach to the same load balancer are left alone (shared ownership, the default).
 *
 *   pulumi config set alicloud:region cn-beijing
 *   pulumi config set alicloud:accessKey <id> && pulumi config set --secret alicloud:secretKey <secret>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { alicloud } from "pulumi-backend-servers";

// Pulumi runs a program's default export and makes what it returns the stack's outputs. Being a function
// also lets the repository's tests and demo run this very program through the Automation API.
export default function webTier() {
  const config = new pulumi.Config();
  const loadBalancerId = config.get("loadBalancerId") ?? "lb-2ze7o5h52g02kkzze7lru";
  const webServers = config.getNumber("webServers") ?? 3;
  const canaryWeight = config.getNumber("canaryWeight") ?? 10;

  const web = new alicloud.slb.BackendServerAttachment("web", {
    loadBalancerId,
    backendServers: [
      ...Array.from({ length: webServers }, (_, i) => ({
        serverId: `i-2zej4lxhjoq1icue6k${String(i).padStart(2, "0")}`,
        weight: 100,
        description: `web-${i}`,
      })),
      // An ENI with several IPs is one member per IP.
      {
        serverId: "eni-2ze1u9ywulp5pbvvc7hv",
        type: "eni",
        serverIp: "192.168.0.5",
        port: 80,
        weight: canaryWeight,
      },
    ],
  });

  // Keyed by member, like the input: `pulumi preview --diff` shows one line per member that changes.
  return {
    weights: web.backendServers.apply((members) =>
      Object.fromEntries(Object.entries(members).map(([key, member]) => [key, member.weight])),
    ),
  };
}
