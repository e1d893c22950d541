/**
 * Three web servers and a canary ENI IP in an existing ALB server group. The group itself, its listeners
 * and its health check stay where they are managed (the console, Terraform, another stack); servers that
 * auto scaling or other stacks attach to the same group are left alone (shared ownership, the default).
 * Each write is followed to completion (the group back to Available) before the next one is sent.
 *
 *   pulumi config set alicloud:region cn-hangzhou
 *   pulumi config set alicloud:accessKey <id> && pulumi config set --secret alicloud:secretKey <secret>
 *   pulumi config set serverGroupId sgp-...
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { alicloud } from "pulumi-backend-servers";

// Pulumi runs a program's default export and makes what it returns the stack's outputs. Being a function
// also lets the repository's tests run this very program through the Automation API.
export default function webGroup() {
  const config = new pulumi.Config();
  const serverGroupId = config.get("serverGroupId") ?? "sgp-atstuj3rtop0bcd1";
  const webServers = config.getNumber("webServers") ?? 3;
  const canaryWeight = config.getNumber("canaryWeight") ?? 10;

  const web = new alicloud.alb.ServerGroupAttachment("web", {
    serverGroupId,
    servers: [
      ...Array.from({ length: webServers }, (_, i) => ({
        serverId: `i-bp1f9kdprbgy9uiu8${String(i).padStart(3, "0")}`,
        port: 80,
        weight: 100,
        description: `web-${i}`,
      })),
      // One member per IP and port: an ENI with several IPs is declared once per IP.
      {
        serverId: "eni-bp1e0u8f10by57wlabcd",
        serverType: "Eni",
        serverIp: "192.168.0.5",
        port: 8080,
        weight: canaryWeight,
      },
    ],
  });

  // Keyed by member, like the input: `pulumi preview --diff` shows one line per member that changes.
  return {
    weights: web.servers.apply((servers) =>
      Object.fromEntries(Object.entries(servers).map(([key, server]) => [key, server.weight])),
    ),
  };
}
