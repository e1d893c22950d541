import { join } from "node:path";
import { DEMO_ALB_SERVER_GROUP, DEMO_NLB_SERVER_GROUP, demoSeed } from "../../emulator/demoSeed";
import type { Scene } from "./scene";

const credential = demoSeed.credentials![0];

/** The ALB and NLB examples: an existing server group, whose writes finish in the background. */
function serverGroupScene(api: "alb" | "nlb"): Scene {
  const group = api === "alb" ? DEMO_ALB_SERVER_GROUP : DEMO_NLB_SERVER_GROUP;
  const project = `alicloud-${api}-backend-servers`;
  const port = api === "alb" ? 80 : 443;
  const first = "i-bp1f9kdprbgy9uiu8000";
  return {
    title: `Alibaba Cloud ${api.toUpperCase()} server group (examples/alicloud-${api})`,
    example: join(__dirname, "..", `alicloud-${api}`, "index.ts"),
    project,
    resource: {
      type: `alicloud-${api}:ServerGroupAttachment`,
      name: api === "alb" ? "web" : "tcp",
      property: "servers",
    },
    config: () => ({
      "alicloud:accessKey": credential.accessKeyId,
      "alicloud:secretKey": credential.accessKeySecret,
      "alicloud:region": "cn-beijing",
    }),
    env: (emulator) => ({ [`ALIBABA_CLOUD_${api.toUpperCase()}_ENDPOINT`]: emulator.endpoints[api] }),
    change: {
      [`${project}:${api === "alb" ? "webServers" : "tcpServers"}`]: "25",
      [`${project}:canaryWeight`]: "50",
    },
    changeStory: "scale the group from 3 to 25 servers and raise the canary's weight from 10 to 50",
    foreign: (emulator) => {
      emulator.setServerGroupServers(group, [
        { ServerId: "i-autoscaling000001", ServerType: "Ecs", Port: port, Weight: 100 },
      ]);
      return `i-autoscaling000001:${port} (attached by auto scaling)`;
    },
    drift: (emulator) => {
      emulator.setServerGroupServers(
        group,
        emulator.serverGroupServers(group).map((s) => (s.ServerId === first ? { ...s, Weight: 0 } : s)),
      );
      return `someone drains ${first}:${port} by hand (weight 100 -> 0)`;
    },
    members: (emulator) =>
      emulator
        .serverGroupServers(group)
        .map((s) => `${s.ServerId}${s.ServerIp ? `@${s.ServerIp}` : ""}:${s.Port} weight ${s.Weight}`)
        .sort(),
  };
}

export const albScene = serverGroupScene("alb");
export const nlbScene = serverGroupScene("nlb");
