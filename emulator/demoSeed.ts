// The state `npm run emulator` starts with when no --seed file is given: one load balancer, pool or server
// group per API (the CLB load balancer with a VServer group) and a demo credential valid for all of them.
// The ids are the ones in the vendors' documentation examples.
import type { EmulatorSeed } from "./types";

export const DEMO_ACCESS_KEY_ID = "EMULATOR-DEMO-KEY";
/** Not a secret: the emulator only ever runs on 127.0.0.1. */
export const DEMO_ACCESS_KEY_SECRET = "emulator-demo-secret-not-for-real-clouds";

export const DEMO_SLB_REGION = "cn-beijing";
export const DEMO_SLB_LOAD_BALANCER = "lb-2ze7o5h52g02kkzze7lru";
/** examples/alicloud-slb-vserver's group, a VServer group of the demo CLB load balancer. */
const DEMO_SLB_VSERVER_GROUP = "rsp-cige6j5e7p";
export const DEMO_ENS_LOAD_BALANCER = "lb-5qzdmxefgrpxd7oz2mefonvtx";
export const DEMO_ELB_PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
export const DEMO_ELB_POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";
/** The server groups the ALB and NLB examples default to. */
export const DEMO_ALB_SERVER_GROUP = "sgp-atstuj3rtop0bcd1";
export const DEMO_NLB_SERVER_GROUP = "sgp-atstuj3rtoptyui0e";

export const demoSeed: EmulatorSeed = {
  credentials: [{ accessKeyId: DEMO_ACCESS_KEY_ID, accessKeySecret: DEMO_ACCESS_KEY_SECRET }],
  slb: {
    loadBalancers: [
      {
        loadBalancerId: DEMO_SLB_LOAD_BALANCER,
        regionId: DEMO_SLB_REGION,
        vServerGroups: [{ vServerGroupId: DEMO_SLB_VSERVER_GROUP }],
      },
    ],
  },
  ens: { loadBalancers: [{ loadBalancerId: DEMO_ENS_LOAD_BALANCER }] },
  alb: { serverGroups: [{ serverGroupId: DEMO_ALB_SERVER_GROUP, regionId: DEMO_SLB_REGION }] },
  nlb: { serverGroups: [{ serverGroupId: DEMO_NLB_SERVER_GROUP, regionId: DEMO_SLB_REGION }] },
  elb: {
    projects: [DEMO_ELB_PROJECT],
    pools: [{ poolId: DEMO_ELB_POOL, projectId: DEMO_ELB_PROJECT, ipTargetEnable: true }],
  },
};
