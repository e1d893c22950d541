// Test helpers: the vendors' real SDK clients pointed at an emulator, so the tests exercise exactly the
// signing and wire formats the provider uses.
import RPCClient from "@alicloud/pop-core";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { HcClient } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import {
  type ClientOptions,
  DefaultHttpClient,
} from "@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient";
import type { Logger, LogLevel } from "@huaweicloud/huaweicloud-sdk-core/logger";
import type { Emulator } from "../../emulator/emulator";
import type { EmulatorCredential } from "../../emulator/types";

export const SLB_VERSION = "2014-05-15";
export const ENS_VERSION = "2017-11-10";

/** Keeps the Huawei SDK from printing requests (and the Authorization header) on errors. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel() {
    return "error" as LogLevel;
  },
  setName() {},
};

export type AlibabaCall = (
  action: string,
  params?: Record<string, unknown>,
  timeoutMs?: number,
) => Promise<any>;

export function alibabaClient(
  endpoint: string,
  apiVersion: string,
  credential: EmulatorCredential,
): AlibabaCall {
  const client = new RPCClient({
    endpoint,
    apiVersion,
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
  });
  return (action, params = {}, timeoutMs = 10_000) =>
    client.request(action, params, { method: "POST", timeout: timeoutMs });
}

export const slbClient = (emu: Emulator, credential: EmulatorCredential): AlibabaCall =>
  alibabaClient(emu.endpoints.slb, SLB_VERSION, credential);

export const ensClient = (emu: Emulator, credential: EmulatorCredential): AlibabaCall =>
  alibabaClient(emu.endpoints.ens, ENS_VERSION, credential);

export interface ElbRequest {
  method: "GET" | "POST";
  /** Relative to the endpoint, `{project_id}` filled from the credentials. */
  url: string;
  data?: Record<string, any>;
  queryParams?: Record<string, unknown>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export type ElbCall = (request: ElbRequest) => Promise<any>;

export function elbClient(emu: Emulator, credential: EmulatorCredential, projectId: string): ElbCall {
  let credentials = new BasicCredentials()
    .withAk(credential.accessKeyId)
    .withSk(credential.accessKeySecret)
    .withProjectId(projectId);
  if (credential.securityToken) credentials = credentials.withSecurityToken(credential.securityToken);
  return (request) => {
    const options: ClientOptions = {
      logger: silentLogger,
      axiosRequestConfig: { timeout: request.timeoutMs ?? 10_000 },
    };
    const httpClient = new DefaultHttpClient(options, [emu.endpoints.elb]);
    const hcClient = new HcClient(httpClient).withEndpoints([emu.endpoints.elb]).withCredential(credentials);
    return hcClient.sendRequest({
      method: request.method,
      url: request.url,
      contentType: "application/json",
      pathParams: {},
      queryParams: request.queryParams ?? {},
      headers: { ...(request.headers ?? {}) },
      ...(request.data !== undefined ? { data: request.data } : {}),
    });
  };
}

/** The rejection of a promise that must fail (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** An Alibaba BackendServers parameter: one JSON array string. */
export const servers = (entries: Record<string, unknown>[]): string => JSON.stringify(entries);
