// The shared attachment suite through the `@pulumi/pulumi` dynamic-provider plugin (see attachmentSuite.ts).
import { DYNAMIC } from "../../harness/frontEnd";
import { attachmentSuite } from "./attachmentSuite";

attachmentSuite(DYNAMIC);
