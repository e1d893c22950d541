import * as publicPackage from "../../provider/index";
import { dispatch } from "../../provider/runtime";
import type { AttachmentKind } from "../../provider/clouds/attachmentKind";
import type { CloudFixture } from "./fixture";
import { FIXTURES, loadKind } from "./loadKind";

export interface BenchKind {
  fixture: CloudFixture;
  kind: AttachmentKind<unknown>;
}

export interface Discovery {
  kinds: BenchKind[];
  skipped: { kind: string; reason: string }[];
}

/**
 * The kinds to benchmark: whatever the runtime registers, found without this file naming adapters.
 * Candidates are the bench's fixtures plus every `<cloud>.<service>` namespace of the public package that
 * exports a `BackendServerAttachment`; the runtime's own `dispatch` says which of them are registered
 * (its registry is not exported, and its error for an unknown kind is part of its contract).
 */
export async function discoverKinds(): Promise<Discovery> {
  const names = new Set([...FIXTURES.map((f) => f.kind), ...publicKindNames()]);
  const discovery: Discovery = { kinds: [], skipped: [] };
  for (const name of [...names].sort()) {
    const fixture = FIXTURES.find((f) => f.kind === name);
    if (!(await isRegistered(name))) {
      discovery.skipped.push({ kind: name, reason: "not registered in provider/runtime.ts yet" });
    } else if (!fixture) {
      discovery.skipped.push({ kind: name, reason: "registered, but bench/clouds has no fixture for it" });
    } else {
      const kind = loadKind(fixture);
      if (typeof kind === "string") discovery.skipped.push({ kind: name, reason: `registered, but ${kind}` });
      else discovery.kinds.push({ fixture, kind });
    }
  }
  return discovery;
}

function publicKindNames(): string[] {
  const names: string[] = [];
  for (const [cloud, services] of Object.entries(publicPackage as Record<string, unknown>)) {
    for (const [service, exports] of Object.entries((services ?? {}) as Record<string, unknown>)) {
      if (typeof (exports as { BackendServerAttachment?: unknown })?.BackendServerAttachment === "function")
        names.push(`${cloud}.${service}`);
    }
  }
  return names;
}

async function isRegistered(name: string): Promise<boolean> {
  try {
    // Empty inputs: check answers with failures and calls no cloud.
    await dispatch(name, "check", [{}, {}]);
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.includes("has no resource kind")) return false;
    throw error;
  }
}
