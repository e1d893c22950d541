// Checks a logged request against the contract shapes: a request that carries a field the action does
// not document, or lacks one it requires, or names one member in two entries, would meet a real API that
// ignores or refuses it, whatever the emulator does with it.
import type { CallRecord } from "../types";
import { type ActionShape, shapeOf } from "./actions";

/** Path ids the emulator adds to ELB records; they are part of the URL, not parameters. */
const ELB_PATH_IDS = new Set(["projectId", "poolId"]);

/** What is wrong with one request, in words; empty when it conforms. */
export function conformanceProblems(record: CallRecord): string[] {
  const shape = shapeOf(record.cloud, record.action);
  const at = `${record.cloud} ${record.action} #${record.seq}`;
  if (!shape) return [`${at}: not an action of the contract`];
  const problems: string[] = [];
  const params = Object.keys(record.params).filter(
    (name) => !(record.cloud === "elb" && (ELB_PATH_IDS.has(name) || name === "members")),
  );
  for (const name of params) {
    if (!shape.params.includes(name)) problems.push(`${at}: parameter ${name} is not accepted`);
  }
  for (const name of shape.required) {
    if (record.params[name] === undefined) problems.push(`${at}: parameter ${name} is missing`);
  }
  problems.push(...entryProblems(shape, entriesOf(record), at));
  return problems;
}

function entriesOf(record: CallRecord): unknown {
  if (record.cloud === "elb") return record.params.members;
  return record.cloud === "alb" || record.cloud === "nlb"
    ? record.params.Servers
    : record.params.BackendServers;
}

function entryProblems(shape: ActionShape, entries: unknown, at: string): string[] {
  if (!shape.entry) return entries === undefined ? [] : [`${at}: carries entries it does not take`];
  if (!Array.isArray(entries)) return [`${at}: the entries are not a JSON array`];
  const problems: string[] = [];
  const named = new Map<string, number>();
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null) {
      problems.push(`${at}: entry ${i} is not an object`);
      return;
    }
    const member = JSON.stringify(
      shape.entry!.names.map((f) => (entry as Record<string, unknown>)[f] ?? null),
    );
    const first = named.get(member);
    if (first !== undefined) problems.push(`${at}: entry ${i} names the member entry ${first} names`);
    else named.set(member, i);
    for (const field of Object.keys(entry)) {
      if (!shape.entry!.fields.includes(field))
        problems.push(`${at}: entry ${i} field ${field} is not accepted`);
    }
    for (const field of shape.entry!.required) {
      if (!(field in entry)) problems.push(`${at}: entry ${i} lacks ${field}`);
    }
  });
  return problems;
}

/** Every problem of every request in a call log, for one assertion at the end of a scenario. */
export function nonconforming(records: readonly CallRecord[]): string[] {
  // A request refused before it reached an action (bad signature, unknown path) is not a member call.
  return records.filter((r) => r.action !== "" && r.action !== "unknown").flatMap(conformanceProblems);
}

/** Throws, naming every field at fault, unless every request in the log conforms to the contract. */
export function assertConforming(records: readonly CallRecord[]): void {
  const problems = nonconforming(records);
  if (problems.length > 0) {
    throw new Error(`requests that do not fit the vendors' definitions:\n${problems.join("\n")}`);
  }
}
