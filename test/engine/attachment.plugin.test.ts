// The shared attachment suite through this package's `backend-servers` provider plugin (see attachmentSuite.ts).
import { PLUGIN } from "../../harness/frontEnd";
import { attachmentSuite } from "./attachmentSuite";

attachmentSuite(PLUGIN);
