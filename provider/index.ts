/**
 * pulumi-backend-servers: Pulumi resources that manage which backend servers sit behind a load balancer,
 * reconciled in the fewest API calls the clouds' batch limits allow.
 */
export * as alicloud from "./resources/alicloud";
export * as huaweicloud from "./resources/huaweicloud";
