import { join } from "node:path";
import { DEMO_ENS_LOAD_BALANCER, demoSeed } from "../../emulator/demoSeed";
import type { Scene } from "./scene";

const credential = demoSeed.credentials![0];
const LB = DEMO_ENS_LOAD_BALANCER;

export const ensScene: Scene = {
  title: "Alibaba Cloud ENS edge load balancer (examples/alicloud-ens)",
  example: join(__dirname, "..", "alicloud-ens", "index.ts"),
  project: "alicloud-ens-backend-servers",
  // ENS has one central endpoint: no region.
  resource: { type: "alicloud-ens:BackendServerAttachment", name: "edge-0", property: "backendServers" },
  config: () => ({
    "alicloud:accessKey": credential.accessKeyId,
    "alicloud:secretKey": credential.accessKeySecret,
  }),
  env: (emulator) => ({ ALIBABA_CLOUD_ENS_ENDPOINT: emulator.endpoints.ens }),
  change: {
    "alicloud-ens-backend-servers:edgeServers": "30",
    "alicloud-ens-backend-servers:canaryWeight": "50",
  },
  changeStory:
    "scale the edge tier from 3 to 30 instances and raise the ENI's weight from 10 to 50 (in place)",
  foreign: (emulator) => {
    emulator.setEnsMembers(LB, [{ ServerId: "i-autoscaling000001", Type: "ens", Weight: 100 }]);
    return "i-autoscaling000001 (attached by auto scaling)";
  },
  drift: (emulator) => {
    emulator.setEnsMembers(
      LB,
      emulator.ensMembers(LB).map((m) => (m.ServerId === "i-5uf6dwyzch3wly700000" ? { ...m, Weight: 0 } : m)),
    );
    return "someone drains i-5uf6dwyzch3wly700000 by hand (weight 100 -> 0)";
  },
  members: (emulator) =>
    emulator
      .ensMembers(LB)
      .map(
        (m) => `${m.ServerId}${m.Ip ? `@${m.Ip}` : ""} weight ${m.Weight}${m.Port ? ` port ${m.Port}` : ""}`,
      )
      .sort(),
};
