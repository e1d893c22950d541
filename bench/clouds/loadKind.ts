import { join } from "node:path";
import type { AttachmentKind } from "../../provider/clouds/attachmentKind";
import { REPO_ROOT } from "../../test/support/project";
import { elbFixture } from "./elb";
import { ensFixture } from "./ens";
import type { CloudFixture } from "./fixture";
import { slbFixture } from "./slb";

/** Every cloud the bench knows how to feed; a kind runs only once the runtime registers it. */
export const FIXTURES: readonly CloudFixture[] = [slbFixture, ensFixture, elbFixture];

/**
 * The kind object of a fixture: the export of its `kindModule` whose schema names the kind. Loaded by
 * path at run time, so that the bench compiles whether or not a cloud being written right now has landed.
 * Returns why not, when it cannot.
 */
export function loadKind(fixture: CloudFixture): AttachmentKind<unknown> | string {
  let exports: Record<string, unknown>;
  try {
    exports = require(join(REPO_ROOT, fixture.kindModule));
  } catch (error) {
    return `${fixture.kindModule} does not load: ${String(error).split("\n")[0]}`;
  }
  const kind = Object.values(exports).find(
    (value): value is AttachmentKind<unknown> =>
      typeof (value as AttachmentKind<unknown>)?.connect === "function" &&
      (value as AttachmentKind<unknown>).schema?.typeName?.startsWith(`${fixture.kind}.`) === true,
  );
  return kind ?? `${fixture.kindModule} exports no kind whose type is ${fixture.kind}.*`;
}
