import { join } from "node:path";
import { DEMO_ELB_POOL, DEMO_ELB_PROJECT, demoSeed } from "../../emulator/demoSeed";
import type { Scene } from "./scene";

const credential = demoSeed.credentials![0];

export const huaweiScene: Scene = {
  title: "Huawei Cloud ELB (examples/huaweicloud-elb)",
  example: join(__dirname, "..", "huaweicloud-elb", "index.ts"),
  project: "huaweicloud-elb-backend-servers",
  resource: { type: "huaweicloud-elb:BackendServerAttachment", name: "web", property: "members" },
  config: () => ({
    "huaweicloud:accessKey": credential.accessKeyId,
    "huaweicloud:secretKey": credential.accessKeySecret,
    "huaweicloud:region": "cn-north-4",
    "huaweicloud:projectId": DEMO_ELB_PROJECT,
  }),
  env: (emulator) => ({ HUAWEICLOUD_ELB_ENDPOINT: emulator.endpoints.elb }),
  change: {
    "huaweicloud-elb-backend-servers:webServers": "40",
    "huaweicloud-elb-backend-servers:onPremWeight": "0",
  },
  changeStory: "scale the web tier from 3 to 40 members and drain the on-premises server (weight 1 -> 0)",
  foreign: (emulator) => {
    emulator.setElbMembers(DEMO_ELB_POOL, [{ address: "10.1.0.99", protocol_port: 8080, weight: 1 }]);
    return "10.1.0.99:8080 (attached by auto scaling)";
  },
  drift: (emulator) => {
    emulator.setElbMembers(
      DEMO_ELB_POOL,
      emulator.elbMembers(DEMO_ELB_POOL).map((m) => (m.address === "192.168.0.10" ? { ...m, weight: 0 } : m)),
    );
    return "someone drains 192.168.0.10:8080 by hand (weight 10 -> 0)";
  },
  members: (emulator) =>
    emulator
      .elbMembers(DEMO_ELB_POOL)
      .map((m) => `${m.address}:${m.protocol_port} weight ${m.weight}${m.name ? ` (${m.name})` : ""}`)
      .sort(),
};
