import { randomBytes } from "node:crypto";
import { redactStrings } from "../provider/reconcile/redact";
import { PROJECT } from "./kinds";

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * Credentials as the Huawei transport hands them to the scrubber: an AK/SK pair and an STS token of the
 * length IAM issues (about 1.5 KB of base64).
 */
const CREDENTIALS = {
  AccessKey: `HST${randomBytes(12).toString("hex").toUpperCase()}`,
  SecretKey: randomBytes(30).toString("base64"),
  SecurityToken: randomBytes(1100).toString("base64"),
};

/** A Huawei member list page of `n` members as the API shapes it (emulator/elbActions.ts `list`). */
function memberPage(n: number) {
  const at = "2026-01-01T00:00:00Z";
  const listener = "0b11747a-b139-492f-9692-2df0b1c87193";
  const members = Array.from({ length: n }, (_, i) => ({
    id: `7f3c${String(i).padStart(4, "0")}-1d2e-4c5b-9a8f-${String(i).padStart(12, "0")}`,
    name: "",
    address: `10.0.${i >> 8}.${i & 255}`,
    protocol_port: 80,
    weight: 100,
    operating_status: "ONLINE",
    status: [{ listener_id: listener, operating_status: "ONLINE" }],
    member_type: "ip",
    admin_state_up: true,
    project_id: PROJECT,
    instance_id: "",
    port_id: "",
    ip_version: "v4",
    created_at: at,
    updated_at: at,
  }));
  return { members, page_info: { current_count: n }, request_id: "0c9f3a2b7e5d41f6a8c3b2d1e0f9a8b7" };
}

const countStrings = (v: unknown): number =>
  typeof v === "string"
    ? 1
    : v !== null && typeof v === "object"
      ? Object.values(v).reduce((sum: number, x) => sum + countStrings(x), 0)
      : 0;

/** CPU ms per call of `run`, repeated for at least 300 ms of CPU after one warm-up run. */
function cpuMsPer(run: () => unknown): number {
  run();
  let [times, cpuMs] = [0, 0];
  for (const start = process.cpuUsage(); cpuMs < 300 || times < 3; times++) {
    run();
    const used = process.cpuUsage(start);
    cpuMs = (used.user + used.system) / 1000;
  }
  return cpuMs / times;
}

/**
 * Scrubbing a Huawei answer of `members` members (`redactStrings`, which the Huawei transport runs on every
 * answer's body): a clean one, as every answer is, and one whose every member's name quotes the STS token
 * twice percent-encoded, the worst case, where every string is rewritten.
 */
export function benchScrubbing(members = 2000) {
  const clean = memberPage(members);
  const token = encodeURIComponent(encodeURIComponent(CREDENTIALS.SecurityToken));
  const leaky = { ...clean, members: clean.members.map((m) => ({ ...m, name: `x ${token} y` })) };
  const scrubbed = redactStrings(leaky, CREDENTIALS).members;
  if (scrubbed.some((m) => m.name !== "x <SecurityToken> y")) throw new Error("scrubbing missed the token");
  const strings = countStrings(clean);
  const bytes = Buffer.byteLength(JSON.stringify(clean));
  return [clean, leaky].map((answer) => {
    const ms = cpuMsPer(() => redactStrings(answer, CREDENTIALS));
    return {
      answer: `${members} members, ${answer === clean ? "no credential" : "the token in every member"}`,
      ...{
        strings,
        kB: round(bytes / 1024, 0),
        cpuMs: round(ms, 2),
        nsPerString: Math.round((ms * 1e6) / strings),
      },
    };
  });
}
