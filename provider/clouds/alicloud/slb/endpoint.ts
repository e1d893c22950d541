/**
 * Where the CLB API of a region is served, as the official SDK resolves it
 * (aliyun/alibabacloud-typescript-sdk: slb-20140515/src/client.ts, the constructor's `_endpointMap` and
 * its `regional` endpoint rule): the regions below are served by the central host `slb.aliyuncs.com`, one
 * by a host of its own, and every other region by `slb.<region>.aliyuncs.com`.
 */
const CENTRAL_HOST = "slb.aliyuncs.com";

/** Regions of the SDK's map served by the central host (public, finance, government and internal ones). */
const CENTRAL_REGIONS: ReadonlySet<string> = new Set([
  "cn-qingdao",
  "cn-beijing",
  "cn-hangzhou",
  "cn-shanghai",
  "cn-shenzhen",
  "cn-hongkong",
  "ap-southeast-1",
  "us-east-1",
  "us-west-1",
  "cn-shanghai-finance-1",
  "cn-shenzhen-finance-1",
  "cn-north-2-gov-1",
  "ap-northeast-2-pop",
  "cn-beijing-finance-pop",
  "cn-beijing-gov-1",
  "cn-beijing-nu16-b01",
  "cn-edge-1",
  "cn-fujian",
  "cn-haidian-cm12-c01",
  "cn-hangzhou-bj-b01",
  "cn-hangzhou-finance",
  "cn-hangzhou-internal-prod-1",
  "cn-hangzhou-internal-test-1",
  "cn-hangzhou-internal-test-2",
  "cn-hangzhou-internal-test-3",
  "cn-hangzhou-test-306",
  "cn-hongkong-finance-pop",
  "cn-shanghai-et15-b01",
  "cn-shanghai-et2-b01",
  "cn-shanghai-inner",
  "cn-shanghai-internal-test-1",
  "cn-shenzhen-inner",
  "cn-shenzhen-st4-d01",
  "cn-shenzhen-su18-b01",
  "cn-wuhan",
  "cn-yushanfang",
  "cn-zhangbei",
  "cn-zhangbei-na61-b01",
  "cn-zhangjiakou-na62-a01",
  "cn-zhengzhou-nebula-1",
  "eu-west-1-oxs",
  "rus-west-1-pop",
]);

/** The one region of the map with a host of its own. */
const OWN_HOSTS: Readonly<Record<string, string>> = {
  "cn-huhehaote-nebula-1": "slb-api.cn-qingdao-nebula.aliyuncs.com",
};

/** The CLB endpoint for `regionId`; `override` (ALIBABA_CLOUD_SLB_ENDPOINT) wins. */
export function slbEndpoint(regionId: string, override: string | undefined): string {
  if (override) return override;
  const host = Object.hasOwn(OWN_HOSTS, regionId)
    ? OWN_HOSTS[regionId]
    : CENTRAL_REGIONS.has(regionId)
      ? CENTRAL_HOST
      : `slb.${regionId}.aliyuncs.com`;
  return `https://${host}`;
}
