/**
 * Three TCP servers and a canary ENI IP in an existing NLB server group. The group, its listeners and its
 * health check stay where they are managed; servers that others attach are left alone (shared ownership,
 * the default). Each write returns a job, which is followed to its end before the next one is sent. In a
 * multi-port (any-port) group, leave `port` out: its servers take none.
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
export default function tcpGroup() {
  const config = new pulumi.Config();
  const serverGroupId = config.get("serverGroupId") ?? "sgp-atstuj3rtoptyui0e";
  const tcpServers = config.getNumber("tcpServers") ?? 3;
  const canaryWeight = config.getNumber("canaryWeight") ?? 10;

  const tcp = new alicloud.nlb.ServerGroupAttachment("tcp", {
    serverGroupId,
    servers: [
      ...Array.from({ length: tcpServers }, (_, i) => ({
        serverId: `i-bp1f9kdprbgy9uiu8${String(i).padStart(3, "0")}`,
        port: 443,
        weight: 100,
      })),
      {
        serverId: "eni-bp1e0u8f10by57wlabcd",
        serverType: "Eni",
        serverIp: "192.168.0.5",
        port: 443,
        weight: canaryWeight,
      },
    ],
  });

  return {
    weights: tcp.servers.apply((servers) =>
      Object.fromEntries(Object.entries(servers).map(([key, server]) => [key, server.weight])),
    ),
  };
}
