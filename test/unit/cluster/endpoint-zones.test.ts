// The choice of zones and addresses for a new push input's endpoints (pure), and how the
// wire shows an endpoint's zone (MediaLive's destinations[].vpc.availabilityZone).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inputToWire } from "../../../src/api/wire/input-wire.ts";
import { pipelineZonesOf, planEndpoints, type ZonePool } from "../../../src/cluster/endpoint-zones.ts";
import { inputView } from "../../../src/domain/input-service.ts";
import type { InputRecord } from "../../../src/domain/records.ts";

const pool = (zone: string, ...addresses: [string, number][]): ZonePool => ({ zone, addresses: addresses.map(([address, usedEndpoints]) => ({ address, usedEndpoints })) });

describe("planEndpoints", () => {
  it("puts endpoint 0 and endpoint 1 in two zones, in name order, on each zone's least used address", () => {
    const plan = planEndpoints([pool("b", ["10.0.2.10", 3], ["10.0.2.11", 1]), pool("a", ["10.0.1.10", 0])], 2);
    assert.deepEqual(plan, { ok: true, endpoints: [{ pipeline: 0, zone: "a", address: "10.0.1.10" }, { pipeline: 1, zone: "b", address: "10.0.2.11" }] });
  });

  it("takes the two least used zones of three, still in name order", () => {
    const plan = planEndpoints([pool("a", ["10.0.1.10", 9]), pool("c", ["10.0.3.10", 1]), pool("b", ["10.0.2.10", 2])], 2);
    assert.ok(plan.ok);
    assert.deepEqual(plan.endpoints.map((e) => e.zone), ["b", "c"]);
  });

  it("gives a single endpoint the least used zone and skips zones with an empty pool", () => {
    const plan = planEndpoints([pool("a", ["10.0.1.10", 4]), pool("b"), pool("c", ["10.0.3.10", 2])], 1);
    assert.deepEqual(plan, { ok: true, endpoints: [{ pipeline: 0, zone: "c", address: "10.0.3.10" }] });
  });

  it("says what is missing when two zones with addresses cannot be found", () => {
    assert.deepEqual(planEndpoints([pool("a", ["10.0.1.10", 0]), pool("b")], 2), {
      ok: false,
      reason: 'a STANDARD push input needs its 2 endpoints in 2 zones with push addresses; only zone "a" has push addresses; the pushAddresses pool of zone "b" is empty',
    });
    const one = planEndpoints([pool("a", ["10.0.1.10", 0])], 2);
    assert.ok(!one.ok && /only zone "a" has push addresses; 1 zone is configured/.test(one.reason), JSON.stringify(one));
    const none = planEndpoints([], 1);
    assert.ok(!none.ok && /no zone is configured/.test(none.reason), JSON.stringify(none));
  });
});

describe("an endpoint's zone on the wire", () => {
  it("is destinations[].vpc.availabilityZone when the endpoint has one, absent otherwise", () => {
    const record = {
      id: "1234567", name: "i", type: "RTP_PUSH", inputClass: "STANDARD", streamNames: [], sources: [], securityGroupIds: ["9"], srtCallerSources: [], tags: {}, attachedChannelIds: [],
      endpoints: [{ pipeline: 0, address: "10.0.1.10", port: 5000, zone: "a" }, { pipeline: 1, address: "127.0.0.1", port: 5000 }],
    } as unknown as InputRecord;
    const wire = inputToWire(inputView(record), { region: "us-west-2", accountId: "123456789012" }) as { destinations: { ip: string; vpc?: { availabilityZone: string } }[] };
    assert.deepEqual(wire.destinations.map((d) => d.vpc), [{ availabilityZone: "a" }, undefined]);
  });
});

describe("pipelineZonesOf", () => {
  const zones = new Map<string, ReadonlyMap<0 | 1, string>>([
    ["in1", new Map<0 | 1, string>([[0, "a"], [1, "b"]])],
    ["in2", new Map<0 | 1, string>([[0, "a"], [1, "b"]])],
    ["in3", new Map<0 | 1, string>([[0, "c"], [1, "b"]])],
    ["single", new Map<0 | 1, string>([[0, "b"]])],
  ]);

  it("puts pipeline N where every input's endpoint N is; pull inputs (no zones) leave it open", () => {
    assert.deepEqual(pipelineZonesOf(["in1", "pull", "in2"], zones, 2), { ok: true, endpointZones: ["a", "b"] });
    assert.deepEqual(pipelineZonesOf(["pull"], zones, 2), { ok: true, endpointZones: [undefined, undefined] });
    assert.deepEqual(pipelineZonesOf(["single"], zones, 2), { ok: true, endpointZones: ["b", undefined] });
    assert.deepEqual(pipelineZonesOf(["in1"], zones, 1), { ok: true, endpointZones: ["a"] });
  });

  it("refuses inputs whose endpoint N lie in different zones, naming both", () => {
    assert.deepEqual(pipelineZonesOf(["in1", "in3"], zones, 2), {
      ok: false,
      reason: 'input in1 has endpoint 0 in zone "a" and input in3 in zone "c"; every input of a channel must have endpoint 0 in the same zone',
    });
  });
});
