import { describe, expect, it } from "vitest";
import { paged } from "../../provider/clouds/alicloud/serverGroup/paging";
import { CloudError } from "../../provider/reconcile/cloudError";

/** A reader over fixed pages, keyed by the token that asks for them ("" for the first). */
function reader(pages: Record<string, { Servers: unknown[]; NextToken?: string }>) {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    read: async (token?: string) => {
      asked.push(token);
      return pages[token ?? ""];
    },
  };
}

const serversOf = (page: Record<string, unknown>) => page.Servers as unknown[];

describe("paged (ALB and NLB NextToken paging)", () => {
  it("follows every token to the last page, and reads nothing after it", async () => {
    const { asked, read } = reader({
      "": { Servers: [1, 2], NextToken: "t1" },
      t1: { Servers: [3], NextToken: "t2" },
      t2: { Servers: [4], NextToken: "" },
    });
    await paged("ListServerGroupServers", "server group sgp-1", read, serversOf);
    expect(asked).toEqual([undefined, "t1", "t2"]);
  });

  it("reports a token seen before as a transient PaginationStalled, naming the action and the token", async () => {
    const { read } = reader({ "": { Servers: [1], NextToken: "t1" }, t1: { Servers: [2], NextToken: "t1" } });
    const error = await paged("ListServerGroupServers", "server group sgp-1", read, serversOf).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(CloudError);
    expect(error.info).toMatchObject({
      code: "PaginationStalled",
      action: "ListServerGroupServers",
      retry: "transient",
    });
    expect(error.message).toContain("t1");
  });

  it("reports an empty page that still carries a token, where the caller says what a page holds", async () => {
    const { read } = reader({ "": { Servers: [], NextToken: "t1" }, t1: { Servers: [1] } });
    await expect(paged("ListServerGroupServers", "g", read, serversOf)).rejects.toThrow(
      /PaginationStalled|t1/,
    );
    // Without itemsOf, an empty page is only a page: the next one is read.
    const again = reader({ "": { Servers: [], NextToken: "t1" }, t1: { Servers: [1] } });
    await paged("GetListenerHealthStatus", "g", again.read);
    expect(again.asked).toEqual([undefined, "t1"]);
  });
});
