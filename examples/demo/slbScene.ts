import { join } from "node:path";
import { demoSeed } from "../../emulator/demoSeed";
import type { Scene } from "./scene";

const LB = "lb-2ze7o5h52g02kkzze7lru";
const credential = demoSeed.credentials![0];

export const slbScene: Scene = {
  title: "Alibaba Cloud CLB (examples/alicloud-slb)",
  example: join(__dirname, "..", "alicloud-slb", "index.ts"),
  project: "alicloud-slb-backend-servers",
  resource: { type: "alicloud-slb:BackendServerAttachment", name: "web", property: "backendServers" },
  config: () => ({
    "alicloud:accessKey": credential.accessKeyId,
    "alicloud:secretKey": credential.accessKeySecret,
    "alicloud:region": "cn-beijing",
  }),
  env: (emulator) => ({ ALIBABA_CLOUD_SLB_ENDPOINT: emulator.endpoints.slb }),
  change: {
    "alicloud-slb-backend-servers:webServers": "25",
    "alicloud-slb-backend-servers:canaryWeight": "50",
  },
  changeStory: "scale the web tier from 3 to 25 servers and raise the canary's weight from 10 to 50",
  foreign: (emulator) => {
    emulator.setSlbMembers(LB, [{ ServerId: "i-autoscaling000001", Type: "ecs", Weight: 100 }]);
    return "i-autoscaling000001 (attached by auto scaling)";
  },
  drift: (emulator) => {
    emulator.setSlbMembers(
      LB,
      emulator.slbMembers(LB).map((m) => (m.ServerId === "i-2zej4lxhjoq1icue6k00" ? { ...m, Weight: 0 } : m)),
    );
    return "someone drains i-2zej4lxhjoq1icue6k00 by hand (weight 100 -> 0)";
  },
  members: (emulator) =>
    emulator
      .slbMembers(LB)
      .map((m) => `${m.ServerId}${m.ServerIp ? `@${m.ServerIp}` : ""} weight ${m.Weight}`)
      .sort(),
};
