import { CloudError } from "../../../reconcile/cloudError";

/** An answer of the ALB and NLB RPC APIs, as pop-core parses it. */
type Page = Record<string, unknown>;

/**
 * Reads pages until the answer carries no `NextToken`. A token seen before, or one that comes with an
 * empty page where `itemsOf` says what a page holds, would page for ever: reported as a transient
 * `PaginationStalled`, so the read is tried again from the start.
 */
export async function paged(
  action: string,
  target: string,
  read: (token?: string) => Promise<Page>,
  itemsOf?: (page: Page) => readonly unknown[],
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await read(token);
    token = typeof page.NextToken === "string" && page.NextToken !== "" ? page.NextToken : undefined;
    if (token !== undefined && (seen.has(token) || itemsOf?.(page).length === 0)) {
      throw new CloudError({
        action,
        target,
        code: "PaginationStalled",
        message: `the next page token ${token} does not advance`,
        retry: "transient",
      });
    }
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
}
