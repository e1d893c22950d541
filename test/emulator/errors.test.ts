import { describe, expect, it } from "vitest";
import { ALIBABA_ERRORS, TRANSIENT_ON_REMOVAL } from "../../provider/clouds/alicloud/errors";
import { slbEndpoint } from "../../provider/clouds/alicloud/slb/endpoint";
import { ELB_ERRORS } from "../../provider/clouds/huaweicloud/errors";
import type { ErrorTable } from "../../provider/reconcile/errorClass";
import { rows } from "../../emulator/contract/errors";

const SOURCE = /^(silent$|https:\/\/\S+|[\w.-]+\/[\w.-]+: \S+)/;

/** The literal code text of a table entry: a RegExp's source without anchors or escapes. */
const text = (entry: string | RegExp) =>
  typeof entry === "string" ? entry : entry.source.replace(/[\\^$]/g, "");

describe("the error contract rows", () => {
  it("each names a rule and cites a vendor source, or says the vendors are silent", () => {
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      expect(row.rule.length, JSON.stringify(row)).toBeGreaterThan(20);
      expect(row.source, JSON.stringify(row)).toMatch(SOURCE);
    }
  });

  it("back every code the adapters do not treat as permanent", () => {
    const unbacked = (apis: string[], table: ErrorTable) => {
      const rules = rows.filter((r) => apis.includes(r.api) && r.topic === "error").map((r) => r.rule);
      return [...table.transient, ...table.stale]
        .map(text)
        .filter((code) => !rules.some((rule) => rule.includes(code)));
    };
    // One table serves CLB and ENS (one gateway, one SDK): each code is backed by a row of either API.
    expect(unbacked(["slb", "ens"], ALIBABA_ERRORS)).toEqual([]);
    expect(unbacked(["slb"], { transient: TRANSIENT_ON_REMOVAL, stale: [] })).toEqual([]);
    expect(unbacked(["elb"], ELB_ERRORS)).toEqual([]);
  });

  it("back CLB's and ENS's retried codes each for its own API, citing no other product's list", () => {
    // The lists of Alibaba's Terraform provider that belong to ECS (disks, network interfaces, snapshots).
    const otherProducts = /DiskInvalidOperation|NetworkInterfaceInvalidOperations|SnapshotInvalidOperations/;
    for (const api of ["slb", "ens"]) {
      const errorRows = rows.filter((r) => r.api === api && r.topic === "error");
      for (const code of ["InternalError", "OperationConflict"]) {
        const backing = errorRows.filter((r) => r.rule.includes(code));
        expect(backing.length, `${api} ${code}`).toBeGreaterThan(0);
        for (const row of backing) expect(row.source, `${api} ${code}`).not.toMatch(otherProducts);
      }
    }
  });

  it("agree with the CLB endpoint the provider computes for every region they name", () => {
    const central = rows.find((r) => r.topic === "endpoint" && r.rule.includes("central host"))!;
    const regions =
      central.rule.match(/\b[a-z]{2,3}-[a-z0-9-]+-\d\b|\b[a-z]{2}-[a-z]+-\d\b|\bcn-[a-z]+\b/g) ?? [];
    expect(regions.length).toBeGreaterThanOrEqual(12);
    for (const region of regions)
      expect([region, slbEndpoint(region, undefined)]).toEqual([region, "https://slb.aliyuncs.com"]);
  });
});
