// `npm run emulator [-- --port N] [-- --seed file.json]`: runs the emulator on 127.0.0.1 until Ctrl-C and
// prints what to export so the provider (or the demo) talks to it.
import { readFileSync } from "node:fs";
import { demoSeed } from "./demoSeed";
import { startEmulator } from "./emulator";
import type { EmulatorSeed } from "./types";

const DEFAULT_PORT = 8787;

function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const port = parsePort(argValue("--port") ?? process.env.EMULATOR_PORT);
  const seedFile = argValue("--seed");
  const seed: EmulatorSeed = seedFile ? JSON.parse(readFileSync(seedFile, "utf8")) : demoSeed;
  const emulator = await startEmulator({ port, seed });
  // The seed's first credential (the demo one by default): emulator credentials are fake by design.
  const credential = seed.credentials?.[0];
  const lines = [
    `Cloud emulator listening on ${emulator.url} (seed: ${seedFile ?? "built-in demo"})`,
    `  CLB (2014-05-15): ${emulator.endpoints.slb}`,
    `  ENS (2017-11-10): ${emulator.endpoints.ens}`,
    `  ALB (2020-06-16): ${emulator.endpoints.alb}`,
    `  NLB (2022-04-30): ${emulator.endpoints.nlb}`,
    `  Huawei ELB v3:    ${emulator.endpoints.elb}/v3/...`,
    `  Admin:            ${emulator.url}/_admin/{seed,reset,faults,calls,state}`,
    "",
    "Export:",
    `  export ALIBABA_CLOUD_SLB_ENDPOINT=${emulator.endpoints.slb}`,
    `  export ALIBABA_CLOUD_ENS_ENDPOINT=${emulator.endpoints.ens}`,
    `  export ALIBABA_CLOUD_ALB_ENDPOINT=${emulator.endpoints.alb}`,
    `  export ALIBABA_CLOUD_NLB_ENDPOINT=${emulator.endpoints.nlb}`,
    `  export HUAWEICLOUD_ELB_ENDPOINT=${emulator.endpoints.elb}`,
  ];
  if (credential) {
    lines.push(
      `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${credential.accessKeyId}`,
      `  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${credential.accessKeySecret}`,
      `  export HUAWEICLOUD_SDK_AK=${credential.accessKeyId}`,
      `  export HUAWEICLOUD_SDK_SK=${credential.accessKeySecret}`,
    );
  } else {
    lines.push("  (the seed has no credentials: add some with POST /_admin/seed)");
  }
  lines.push("", "Ctrl-C to stop.");
  console.log(lines.join("\n"));

  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
