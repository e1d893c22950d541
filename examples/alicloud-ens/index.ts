/**
 * Edge instances and an ENI behind ENS edge load balancers, one attachment per load balancer. ENS has a
 * central endpoint, so there is no region to set. All ENS attachments of a stack share the account's
 * quota of 10 calls per second: the provider paces them together, so a stack with many edge load
 * balancers is not throttled, and slows down by itself when other tools use the same account
 * (BACKEND_SERVERS_ENS_QUOTA=calls/seconds follows a quota raised in Quota Center).
 *
 *   pulumi config set alicloud:accessKey <id> && pulumi config set --secret alicloud:secretKey <secret>
 *   pulumi config set --path 'loadBalancerIds[0]' lb-5qzdmxefgrpxd7oz2mefonvtx
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { alicloud } from "pulumi-backend-servers";

// Pulumi runs a program's default export and makes what it returns the stack's outputs. Being a function
// also lets the repository's tests and demo run this very program through the Automation API.
export default function edgeTier() {
  const config = new pulumi.Config();
  const loadBalancerIds = config.getObject<string[]>("loadBalancerIds") ?? ["lb-5qzdmxefgrpxd7oz2mefonvtx"];
  const edgeServers = config.getNumber("edgeServers") ?? 3;
  const canaryWeight = config.getNumber("canaryWeight") ?? 10;

  const attachments = loadBalancerIds.map(
    (loadBalancerId, lb) =>
      new alicloud.ens.BackendServerAttachment(`edge-${lb}`, {
        loadBalancerId,
        backendServers: [
          // ENS instances: type defaults to "ens" and weight to 100.
          ...Array.from({ length: edgeServers }, (_, i) => ({
            serverId: `i-5uf6dwyzch3wly7${String(lb).padStart(2, "0")}${String(i).padStart(3, "0")}`,
          })),
          // An ENI is one member per IP. Its weight is set in place while it is the ENI's only IP on the
          // load balancer; a port change re-attaches it (ENS cannot change a port in place).
          {
            serverId: "eni-5uf6dwyzch3wly7",
            type: "eni",
            ip: `192.168.${lb}.1`,
            port: 3309,
            weight: canaryWeight,
          },
        ],
        // Shared (the default): servers attached by others stay attached.
        exclusive: false,
      }),
  );

  // Keyed by load balancer and member, like the input: `pulumi preview --diff` shows one line per member
  // that changes.
  return {
    weights: pulumi.all(
      Object.fromEntries(
        attachments.map((attachment, lb) => [
          loadBalancerIds[lb],
          attachment.backendServers.apply((members) =>
            Object.fromEntries(Object.entries(members).map(([key, member]) => [key, member.weight])),
          ),
        ]),
      ),
    ),
  };
}
