import { describe, expect, it } from "vitest";
import {
  type EnsBackendServer,
  ensMemberKey,
  ensModel,
  ensSchema,
} from "../../provider/clouds/alicloud/ens/members";
import { diffInputs } from "../../provider/core/diff";
import { planReconcile } from "../../provider/core/plan";
import { UNKNOWN } from "../../provider/core/unknown";
import { checkerOf } from "./schemaCheck";

const LB = "lb-5qzdmxefgrpxd7oz2mefonvtx";
const { check, reasons } = checkerOf(ensSchema);

describe("ENS check", () => {
  it("applies the defaults (type ens, weight 100) and orders members by identity", () => {
    const { inputs, failures } = check({
      loadBalancerId: LB,
      backendServers: [
        { serverId: "i-5uf6dwyzch3wly790k2x", weight: 100 },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "192.168.0.1", port: 3309 },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "192.168.0.2", weight: 0 },
        { serverId: "i-5uf6aaaaaaaaaaaaaaaa", ip: "10.0.0.9" },
      ],
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      loadBalancerId: LB,
      exclusive: false,
      backendServers: {
        "ens:i-5uf6aaaaaaaaaaaaaaaa": {
          serverId: "i-5uf6aaaaaaaaaaaaaaaa",
          type: "ens",
          ip: "10.0.0.9",
          weight: 100,
        },
        "ens:i-5uf6dwyzch3wly790k2x": { serverId: "i-5uf6dwyzch3wly790k2x", type: "ens", weight: 100 },
        "eni:eni-5uf6dwyzch3wly7@192.168.0.1 port 3309": {
          serverId: "eni-5uf6dwyzch3wly7",
          type: "eni",
          ip: "192.168.0.1",
          weight: 100,
          port: 3309,
        },
        "eni:eni-5uf6dwyzch3wly7@192.168.0.2": {
          serverId: "eni-5uf6dwyzch3wly7",
          type: "eni",
          ip: "192.168.0.2",
          weight: 0,
        },
      },
    });
  });

  it("names the member, the field, the bad value and what is allowed, for every field", () => {
    expect(
      reasons({
        loadBalancerId: "lb_EDGE",
        regionId: "cn-beijing",
        exclusive: 1,
        backendServers: [
          { serverId: "i-aaaaaaaaaa", weight: -1 },
          { serverId: "i-bbbbbbbbbb", weight: 2.5 },
          { serverId: "i-cccccccccc", type: "ecs" },
          { serverId: "eni-dddddddddd", type: "eni", ip: "192.168.0.300", port: 70000 },
          { serverId: "eni-eeeeeeeeee", type: "eni" },
          { serverId: "eni-ffffffffff" },
          { serverId: "I-UPPERCASE1", port: 0 },
          { ip: "10.0.0.1" },
          { serverId: "i-gggggggggg", serverIp: "10.0.0.1" },
          42,
        ],
      }),
    ).toEqual([
      "regionId: regionId is not an input of alicloud.ens.BackendServerAttachment: use loadBalancerId, backendServers, exclusive, rollout",
      'loadBalancerId: loadBalancerId "lb_EDGE" is not allowed: use an ENS load balancer ID like lb-5qzdmxefgrpxd7oz2mefonvtx',
      "exclusive: exclusive 1 is not allowed: use true or false",
      'backendServers["ens:i-aaaaaaaaaa"].weight: member ens:i-aaaaaaaaaa: weight -1 is not allowed: use an integer from 0 to 100',
      'backendServers["ens:i-bbbbbbbbbb"].weight: member ens:i-bbbbbbbbbb: weight 2.5 is not allowed: use an integer from 0 to 100',
      'backendServers["ecs:i-cccccccccc"].type: member ecs:i-cccccccccc: type "ecs" is not allowed: use one of "ens", "eni"',
      'backendServers["eni:eni-dddddddddd@192.168.0.300"].ip: member eni:eni-dddddddddd@192.168.0.300: ip "192.168.0.300" is not allowed: use an IPv4 or IPv6 address',
      'backendServers["eni:eni-dddddddddd@192.168.0.300"].port: member eni:eni-dddddddddd@192.168.0.300: port 70000 is not allowed: use an integer from 1 to 65535',
      'backendServers["eni:eni-eeeeeeeeee"].ip: member eni:eni-eeeeeeeeee: ip is required for type "eni": one member per IP address',
      'backendServers["ens:eni-ffffffffff"].serverId: member ens:eni-ffffffffff: serverId "eni-ffffffffff" is not allowed: use an ID like i-5uf6dwyzch3wly790k2x for type "ens"',
      'backendServers["ens:I-UPPERCASE1"].serverId: member ens:I-UPPERCASE1: serverId "I-UPPERCASE1" is not allowed: use an ID like i-5uf6dwyzch3wly790k2x for type "ens"',
      'backendServers["ens:I-UPPERCASE1"].port: member ens:I-UPPERCASE1: port 0 is not allowed: use an integer from 1 to 65535',
      'backendServers["ens:undefined"].serverId: member ens:undefined: serverId is required',
      'backendServers["ens:i-gggggggggg"].serverIp: member ens:i-gggggggggg: serverIp is not a backend server field: use serverId, type, ip, weight, port',
      'backendServers["#10"]: member #10 42 is not allowed: use an object',
    ]);
  });

  it("reports a member declared twice, whatever its weight or port", () => {
    expect(
      reasons({
        loadBalancerId: LB,
        backendServers: [
          { serverId: "i-aaaaaaaaaa", port: 80 },
          { serverId: "i-aaaaaaaaaa", port: 81, weight: 5 },
          { serverId: "eni-bbbbbbbbbb", type: "eni", ip: "10.0.0.1" },
          { serverId: "eni-bbbbbbbbbb", type: "eni", ip: "10.0.0.1" },
          { serverId: "eni-bbbbbbbbbb", type: "eni", ip: "10.0.0.2" },
        ],
      }),
    ).toEqual([
      'backendServers["ens:i-aaaaaaaaaa"]: member ens:i-aaaaaaaaaa is declared more than once: each (serverId, type, ip) may appear once',
      'backendServers["eni:eni-bbbbbbbbbb@10.0.0.1"]: member eni:eni-bbbbbbbbbb@10.0.0.1 is declared more than once: each (serverId, type, ip) may appear once',
    ]);
  });

  it("passes unknown values through during a preview", () => {
    const { inputs, failures } = check({
      loadBalancerId: UNKNOWN,
      backendServers: [
        { serverId: UNKNOWN, weight: 10 },
        { serverId: "i-aaaaaaaaaa", weight: UNKNOWN, port: UNKNOWN },
        { serverId: "eni-bbbbbbbbbb", type: "eni", ip: UNKNOWN },
        UNKNOWN,
      ],
      exclusive: UNKNOWN,
    });
    expect(failures).toEqual([]);
    expect(inputs.loadBalancerId).toBe(UNKNOWN);
    expect(Object.keys(inputs.backendServers as object).sort()).toEqual(["#1", "#2", "#3", "#4"]);
    expect(check({ loadBalancerId: LB, backendServers: UNKNOWN }).failures).toEqual([]);
  });
});

describe("ENS identity and model", () => {
  const ens = (serverId: string, extra: Partial<EnsBackendServer> = {}): EnsBackendServer => ({
    serverId,
    type: "ens",
    weight: 100,
    ...extra,
  });
  const eni = (ip: string, extra: Partial<EnsBackendServer> = {}): EnsBackendServer => ({
    serverId: "eni-5uf6dwyzch3wly7",
    type: "eni",
    ip,
    weight: 100,
    ...extra,
  });

  it("keys an instance by id and type, an ENI by id, type and IP, and never by port", () => {
    expect(ensMemberKey(ens("i-a", { ip: "10.0.0.1", port: 80 }))).toBe("ens:i-a");
    expect(ensMemberKey(eni("192.168.0.1", { port: 3309 }))).toBe("eni:eni-5uf6dwyzch3wly7@192.168.0.1");
    expect(ensMemberKey(eni("192.168.0.1"))).not.toBe(ensMemberKey(eni("192.168.0.2")));
  });

  it("plans an instance's weight change in place, and a port or an ENI's weight change as a re-attachment", () => {
    const plan = planReconcile(ensModel, {
      desired: [
        ens("i-a", { weight: 5 }),
        ens("i-b", { port: 8080 }),
        eni("192.168.0.1", { port: 8080 }),
        eni("192.168.0.2", { weight: 7 }),
        ens("i-c"),
      ],
      // The cloud reports an instance's own IP and "0" (here: no port) for an unset port.
      actual: [
        ens("i-a", { ip: "10.0.0.1" }),
        ens("i-b", { port: 80 }),
        eni("192.168.0.1", { port: 80 }),
        eni("192.168.0.2"),
        ens("i-c", { port: 443 }),
      ],
      previouslyManaged: [],
      exclusive: true,
    });
    expect(plan.add).toEqual([]);
    expect(plan.remove).toEqual([]);
    // SetBackendServers applies a weight to a whole server: right for an instance, not for one IP of an
    // ENI attached with two.
    expect(plan.update.map((u) => ensMemberKey(u.desired))).toEqual(["ens:i-a"]);
    expect(plan.reattach.map((u) => ensMemberKey(u.desired))).toEqual([
      "ens:i-b",
      "eni:eni-5uf6dwyzch3wly7@192.168.0.1",
      "eni:eni-5uf6dwyzch3wly7@192.168.0.2",
    ]);
    // An undeclared port is left as the cloud has it.
    expect(plan.unchanged.map((u) => ensMemberKey(u.desired))).toEqual(["ens:i-c"]);
  });

  it("sets the weight of an ENI attached with one IP in place", () => {
    const single = { ...eni("192.168.0.1"), serverId: "eni-single0001" };
    const plan = planReconcile(ensModel, {
      desired: [{ ...single, weight: 9 }],
      actual: [single, eni("192.168.0.1"), eni("192.168.0.2")],
      previouslyManaged: [],
      exclusive: false,
    });
    expect(plan.update.map((u) => ensMemberKey(u.desired))).toEqual(["eni:eni-single0001@192.168.0.1"]);
    expect(plan.reattach).toEqual([]);
  });

  it("keys an IPv6 address in one spelling, so two spellings of one IP are one member", () => {
    const { failures } = check({
      loadBalancerId: LB,
      backendServers: [
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "2001:db8::1" },
        { serverId: "eni-5uf6dwyzch3wly7", type: "eni", ip: "2001:DB8:0::1" },
      ],
    });
    expect(failures.map((f) => f.reason)).toEqual([
      "member eni:eni-5uf6dwyzch3wly7@2001:db8::1 is declared more than once: each (serverId, type, ip) may appear once",
    ]);
  });

  it("registers a member with a port under a name that carries the port, so a port change previews as leave + join", () => {
    const inputs = (port?: number) =>
      check({ loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaaaaaa", ...(port ? { port } : {}) }] })
        .inputs.backendServers as Record<string, unknown>;
    expect(Object.keys(inputs())).toEqual(["ens:i-aaaaaaaaaa"]);
    expect(Object.keys(inputs(80))).toEqual(["ens:i-aaaaaaaaaa port 80"]);
    expect(Object.keys(inputs(8080))).toEqual(["ens:i-aaaaaaaaaa port 8080"]);
  });

  it("records an instance with the IP that was declared, not the one the cloud reports, and a port only when declared", () => {
    expect(ensModel.observed(ens("i-a", { ip: "10.0.0.1", port: 80 }), ens("i-a"))).toEqual(ens("i-a"));
    expect(ensModel.observed(ens("i-a", { port: 80 }), ens("i-a", { port: 8080 }))).toEqual(
      ens("i-a", { port: 80 }),
    );
    expect(ensModel.observed(ens("i-a", { ip: "10.0.0.1" }), ens("i-a", { ip: "10.9.9.9" }))).toEqual(
      ens("i-a", { ip: "10.9.9.9" }),
    );
    expect(ensModel.observed(eni("192.168.0.1", { weight: 3 }), undefined)).toEqual(
      eni("192.168.0.1", { weight: 3 }),
    );
  });

  it("diffs a weight or port change as an update, never a replacement; another load balancer replaces", () => {
    const olds = check({ loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaaaaaa" }] }).inputs;
    const reweighted = check({
      loadBalancerId: LB,
      backendServers: [{ serverId: "i-aaaaaaaaaa", weight: 1 }],
    });
    const ported = check({ loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaaaaaa", port: 80 }] });
    const same = check({ loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaaaaaa", weight: 100 }] });
    const moved = check({ loadBalancerId: "lb-otherloadbalancer1", backendServers: [] });
    expect(diffInputs(ensSchema, olds, reweighted.inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffInputs(ensSchema, olds, ported.inputs).replaces).toEqual([]);
    expect(diffInputs(ensSchema, olds, ported.inputs).changes).toBe(true);
    expect(diffInputs(ensSchema, olds, same.inputs).changes).toBe(false);
    expect(diffInputs(ensSchema, olds, moved.inputs).replaces).toEqual(["loadBalancerId"]);
  });
});

describe("ENS diff across releases", () => {
  it("matches members by identity, so state written under the names of an earlier release is no change", () => {
    const member = { serverId: "i-aaaaaaaaaa", type: "ens", weight: 100, port: 80 };
    const olds = { loadBalancerId: LB, exclusive: false, backendServers: { "ens:i-aaaaaaaaaa": member } };
    const same = check({ loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaaaaaa", port: 80 }] });
    expect(Object.keys(same.inputs.backendServers as object)).toEqual(["ens:i-aaaaaaaaaa port 80"]);
    expect(diffInputs(ensSchema, olds, same.inputs).changes).toBe(false);
    const moved = check({ loadBalancerId: LB, backendServers: [{ serverId: "i-aaaaaaaaaa", port: 81 }] });
    expect(diffInputs(ensSchema, olds, moved.inputs).changes).toBe(true);
  });
});
