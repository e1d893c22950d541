/**
 * One stack with an attachment on each cloud, for the files that follow credentials through all three
 * APIs at once (credentials.test.ts, gatewayErrors.test.ts): the emulator's seed, the endpoints, stack
 * config from one credential per vendor, the program, and the encoded forms a leaked secret could take.
 */
import type { EmulatorCredential, EmulatorSeed } from "../../emulator";
import type { Registration } from "../../harness/miniEngine";
import { captureRegistrations } from "../../harness/registrations";
import { inputs, type Members, seedOfClouds, TEST_CLOUDS, type TestCloud } from "../clouds";

/** The resource name of each cloud's attachment: errors and steps are read by it. */
const RESOURCE: Record<TestCloud["name"], string> = {
  "alicloud.slb": "web",
  "alicloud.slb.vserver": "group",
  "alicloud.ens": "edge",
  "huaweicloud.elb": "pool",
  "alicloud.alb": "alb",
  "alicloud.nlb": "nlb",
};

/** One credential of each vendor: Alibaba's serves CLB and ENS, Huawei's ELB. */
export interface VendorCredentials {
  alibaba: EmulatorCredential;
  huawei: EmulatorCredential;
}
const of = (cloud: TestCloud, credentials: VendorCredentials): EmulatorCredential =>
  cloud.name.startsWith("alicloud.") ? credentials.alibaba : credentials.huawei;

/**
 * STS credentials of both vendors, `tag` telling them apart, whose secrets hold characters that URL, form
 * and base64 encoding all change, so that each encoded form of a leak differs from the raw one.
 */
export function awkwardSts(tag: string): {
  alibaba: Required<EmulatorCredential>;
  huawei: Required<EmulatorCredential>;
} {
  return {
    alibaba: {
      accessKeyId: `STS.Ali${tag}01`,
      accessKeySecret: `ali/${tag}+Secret=NeverLeak9f3k`,
      securityToken: `CAIS+ali/${tag}/Token==NeverLeak2hq7xW`,
    },
    huawei: {
      accessKeyId: `HWSTS${tag.toUpperCase()}0001`,
      accessKeySecret: `hw/${tag}+Secret=NeverLeak7z1m`,
      securityToken: `gQpoZW+hw/${tag}/Token==NeverLeak5c8d`,
    },
  };
}

/** Stack config naming each vendor's credential, with every cloud's region (and Huawei's project). */
export const configOf = (credentials: VendorCredentials): Record<string, string> =>
  Object.assign({}, ...TEST_CLOUDS.map((cloud) => cloud.config(of(cloud, credentials))));

/** Each cloud's targets, only these credentials (not the TestClouds' keys), and what the test adds to each API. */
export const seedOf = (
  credentials: EmulatorCredential[],
  api: Partial<Record<TestCloud["api"], Record<string, unknown>>> = {},
): EmulatorSeed => ({ ...seedOfClouds(TEST_CLOUDS, (cloud) => ({ api: api[cloud.api] })), credentials });

/** The program: one attachment per cloud on its target, declaring the members `members` gives it. */
export const everyCloud = (
  config: Record<string, string>,
  members: (cloud: TestCloud) => Members,
): Promise<Registration[]> =>
  captureRegistrations(
    () => {
      for (const cloud of TEST_CLOUDS)
        cloud.declareResource(RESOURCE[cloud.name], inputs(cloud, members(cloud)));
    },
    { config },
  );
