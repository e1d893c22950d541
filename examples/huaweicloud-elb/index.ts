/**
 * A web tier of ECS members in their subnet, plus an on-premises server reached through "IP as backend",
 * in one Huawei Cloud ELB backend server group. Members that auto scaling or other stacks attach to the
 * same pool are left alone (shared ownership, the default).
 *
 *   pulumi config set huaweicloud:region cn-north-4
 *   pulumi config set huaweicloud:projectId <project id>
 *   pulumi config set huaweicloud:accessKey <AK> && pulumi config set --secret huaweicloud:secretKey <SK>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { huaweicloud } from "pulumi-backend-servers";

// Pulumi runs a program's default export and makes what it returns the stack's outputs. Being a function
// also lets the repository's tests and demo run this very program through the Automation API.
export default function webPool() {
  const config = new pulumi.Config();
  const poolId = config.get("poolId") ?? "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
  const subnetCidrId = config.get("subnetCidrId") ?? "61da8098-954b-4809-bc5a-b99ccef8a398";
  const webServers = config.getNumber("webServers") ?? 3;
  // 0 drains the on-premises server: it keeps its connections but gets no new requests.
  const onPremWeight = config.getNumber("onPremWeight") ?? 1;

  const pool = new huaweicloud.elb.BackendServerAttachment("web", {
    poolId,
    members: [
      ...Array.from({ length: webServers }, (_, i) => ({
        address: `192.168.0.${10 + i}`,
        protocolPort: 8080,
        subnetCidrId,
        weight: 10,
        name: `web-${i}`,
      })),
      // No subnetCidrId: an "IP as backend" member, which must be a private IPv4 address.
      { address: "10.1.0.7", protocolPort: 8080, weight: onPremWeight, name: "on-prem" },
    ],
  });

  return {
    /** Each member's ELB id and health, keyed by address:port. */
    members: pool.members.apply((all) =>
      Object.fromEntries(
        Object.entries(all).map(([key, m]) => [key, { id: m.id, status: m.operatingStatus }]),
      ),
    ),
  };
}
