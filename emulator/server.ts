// The single node:http server: routes each request to the Alibaba, Huawei or admin handler.
import { createServer, type Server } from "node:http";
import { handleAdmin } from "./adminRoute";
import { alibabaCloudForPath, handleAlibaba } from "./alibabaRoute";
import type { EmulatorContext } from "./context";
import { readBody, sendJson } from "./httpIo";
import { handleHuawei } from "./huaweiRoute";

export function createEmulatorServer(ctx: EmulatorContext, admin: Parameters<typeof handleAdmin>[0]): Server {
  return createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? "/", "http://emulator.local");
        const body = await readBody(req);
        if (url.pathname.startsWith("/_admin/")) return handleAdmin(admin, req, res, url, body);
        if (url.pathname.startsWith("/v3/")) return await handleHuawei(ctx, req, res, url, body);
        const cloud = alibabaCloudForPath(url.pathname);
        if (cloud !== null) return await handleAlibaba(ctx, req, res, url, body, cloud);
        sendJson(res, 404, { error: `nothing is emulated at ${url.pathname}` });
      } catch (e) {
        // A bug in the emulator must surface as an obvious 500, never as a hang.
        sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}
