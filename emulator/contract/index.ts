// Every contract row of the emulated APIs, one file per topic owner.
import { rows as actionRows } from "./actions";
import { rows as errorRows } from "./errors";
import { rows as healthRows } from "./health";
import { rows as quotaRows } from "./quotas";
import { rows as serverGroupRows } from "./serverGroups";
import type { ContractRow } from "./row";

export type { ContractRow } from "./row";
export const contractRows: readonly ContractRow[] = [
  ...actionRows,
  ...errorRows,
  ...quotaRows,
  ...healthRows,
  ...serverGroupRows,
];
