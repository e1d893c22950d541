// Shared ids and credentials for the emulator's own tests.
import type { EmulatorCredential } from "../../emulator/types";

export const CRED: EmulatorCredential = {
  accessKeyId: "LTAITESTKEY0001",
  accessKeySecret: "test-secret-0001",
};
export const STS_CRED: EmulatorCredential = {
  accessKeyId: "STS.TESTKEY0002",
  accessKeySecret: "sts-secret-0002",
  securityToken: "sts-token-value-0002",
};
export const REGION = "cn-beijing";
export const SLB_LB = "lb-2ze7o5h52g02kkzze7lru";
export const ENS_LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
export const PROJECT = "04dd36f964000fe22f9ac00bc85b1a1d";
export const POOL = "04a9bc65-b75b-478d-b4d6-e693bb61dd35";

/** `n` distinct ECS-like entries. */
export const ecsEntries = (n: number, prefix = "i-bulk"): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => ({ ServerId: `${prefix}${i}`, Weight: "100" }));
