import { identify, type Target } from "../clouds/attachmentKind";
import { aggregated, type Failure, type MemberFailure, memberPath } from "../core/failures";
import { resourceName } from "../core/resourceName";
import { containsUnknown } from "../core/unknown";
import { isPlainObject } from "../core/validate";
import { type Claim, claimOwner } from "./coordination";
import type { ProviderContext, Props } from "./providerContext";

/**
 * Records what a resource declares on its load balancer or pool, so that two resources of one deployment
 * that declare the same member, or an exclusive resource beside another, fail in `check`, before either
 * changes anything. Returns a failure for each resource it conflicts with.
 */
export function claimDeclared<M, T extends Target>(ctx: ProviderContext<M, T>, inputs: Props): Failure[] {
  const { fields, listField, model } = ctx.schema;
  const targetField = fields[0].name;
  if (containsUnknown(inputs[targetField]) || containsUnknown(inputs.exclusive)) return [];
  const members = inputs[listField];
  if (!isPlainObject(members)) return []; // unknown in a preview: claimed in the real run
  // Claims hold identities; a member's registered name (its label) may carry more (an ENS port).
  const labelByKey = new Map(
    Object.entries(members as Record<string, M>)
      .filter(([, member]) => !containsUnknown(member))
      .map(([label, member]) => [model.key(member), label]),
  );
  const keys = [...labelByKey.keys()];
  const name = resourceName(inputs);
  const mine: Claim = {
    owner: claimOwner(name, keys),
    named: name !== undefined,
    exclusive: inputs.exclusive === true,
    keys: new Set(keys),
  };
  const { key, label: lb } = identify(ctx.kind, ctx.schema, inputs);
  const self = name === undefined ? "this attachment" : `"${name}"`;
  const conflicts = ctx.coordination.claim(key, mine);
  const nameOf = (other: Claim) => (other.named ? `"${other.owner}"` : "another attachment");
  const exclusive = conflicts.filter((other) => mine.exclusive || other.exclusive);
  // A member another attachment declares too: one failure each, a few shown per attachment and the
  // rest counted (the rule check uses for a list's failures), so 200 such members do not print 200 lines.
  const claimed = conflicts
    .filter((other) => !exclusive.includes(other))
    .flatMap((other): MemberFailure[] => {
      const them = nameOf(other);
      const problem = `declared by both ${self} and ${them}: declare each member in one attachment only (moving a member from one attachment to another in the same change is fine)`;
      return keys
        .filter((key) => other.keys.has(key))
        .map((key) => ({
          kind: `claimed by ${them}`,
          problem,
          state: true,
          failure: {
            property: memberPath(listField, labelByKey.get(key) ?? key),
            reason: `member ${key} of ${lb} is ${problem}`,
          },
        }));
    });
  return [
    ...exclusive.map((other): Failure => {
      const them = nameOf(other);
      const which = mine.exclusive ? self : them;
      return {
        property: "exclusive",
        reason: `${self} and ${them} both manage ${lb}, and ${which} is exclusive: an exclusive attachment removes every member it does not declare, so it must be the only attachment there; declare all the members in it, or set exclusive: false`,
      };
    }),
    ...aggregated(listField, claimed),
  ];
}
