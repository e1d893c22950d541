/** One rule of a real cloud API that the emulator implements, with where the vendor says so. */
export interface ContractRow {
  api: "slb" | "ens" | "elb" | "alb" | "nlb";
  /** The API action or operation (`AddBackendServers`, `batch-add`), or `*` for every action. */
  action: string;
  topic: "field" | "applies" | "identity" | "error" | "response" | "quota" | "endpoint" | "auth";
  /** What the real API does, in our own words. */
  rule: string;
  /** Vendor repository + path (`aliyun/alibabacloud-typescript-sdk: ens-20171110/src/client.ts`) or doc URL;
   * `silent` where no vendor source says it: the emulator then does the least forgiving plausible thing
   * and README "Limits" lists it. */
  source: string;
}
