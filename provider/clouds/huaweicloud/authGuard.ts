import { createHash } from "node:crypto";
import { CloudError } from "../../reconcile/cloudError";
import type { SharedPart } from "../../reconcile/runShared";
import type { HuaweiCredentials } from "./credentials";
import type { HuaweiAnswer } from "./sdkClient";

/**
 * Huawei's API Gateway locks an AccessKey for five minutes after five failed signature checks in a row, for
 * every tool that uses it. One resource never retries a 401, but a stack may hold many resources with the
 * same credentials, all reconciled at once in this one plugin process. So, per credential:
 * - until the API has accepted it once, its requests go one at a time;
 * - after a 401, no further request is sent with it.
 * A wrong secret then costs one failed check per `pulumi` command, however many resources use it.
 *
 * Keyed by a hash of the whole credential, so a corrected secret or another account is not affected. One
 * `AuthGates` per run (`HUAWEI_AUTH_GATES`), so it lasts one `pulumi` command.
 */
interface Gate {
  verified: boolean;
  refused?: { code: string; requestId?: string };
  /** Settles when the request that holds the turn has its answer. */
  turn: Promise<void>;
}

export class AuthGates {
  private readonly gates = new Map<string, Gate>();

  /** Sends through the credential's gate; `action` and `target` name a refusal made here. */
  async send(
    fingerprint: string,
    action: string,
    target: string,
    send: () => Promise<HuaweiAnswer>,
  ): Promise<HuaweiAnswer> {
    let gate = this.gates.get(fingerprint);
    if (!gate) {
      gate = { verified: false, turn: Promise.resolve() };
      this.gates.set(fingerprint, gate);
    }
    if (gate.verified) return checked(gate, action, target, send);
    const previous = gate.turn;
    let release = () => {};
    gate.turn = new Promise<void>((resolve) => (release = resolve));
    await previous;
    if (gate.verified) release();
    try {
      return await checked(gate, action, target, send);
    } finally {
      release();
    }
  }
}

/** The run's gates, shared by every Huawei resource of it. */
export const HUAWEI_AUTH_GATES: SharedPart<AuthGates> = {
  name: "Huawei auth gates",
  make: () => new AuthGates(),
};

export function credentialFingerprint(credentials: HuaweiCredentials): string {
  return createHash("sha256")
    .update([credentials.accessKey, credentials.secretKey, credentials.securityToken ?? ""].join("\n"))
    .digest("hex");
}

async function checked(
  gate: Gate,
  action: string,
  target: string,
  send: () => Promise<HuaweiAnswer>,
): Promise<HuaweiAnswer> {
  if (gate.refused) {
    const request = gate.refused.requestId ? ` (RequestId: ${gate.refused.requestId})` : "";
    throw new CloudError({
      action,
      target,
      code: gate.refused.code,
      message: `not sent: the API refused these credentials earlier in this run${request}; another failed signature could lock the AccessKey for five minutes`,
      retry: "permanent",
    });
  }
  const answer = await send();
  if (answer.status === 401) {
    gate.refused = {
      code: String(answer.body.error_code ?? "HTTP401"),
      ...(answer.requestId ? { requestId: answer.requestId } : {}),
    };
  } else {
    gate.verified = true;
  }
  return answer;
}
