// Placement: pipeline N in the zone of the inputs' endpoint N when known, else the two least
// loaded zones, and a clear refusal when two zones cannot be had.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { placePipelines, type ZoneLoad } from "../../../src/cluster/placement.ts";

const zones: ZoneLoad[] = [
  { zone: "a", capacityUnits: 200, placedUnits: 150 },
  { zone: "b", capacityUnits: 200, placedUnits: 20 },
  { zone: "c", capacityUnits: 100, placedUnits: 10 },
];

describe("placePipelines", () => {
  it("takes the two zones with the most free capacity for a STANDARD channel", () => {
    assert.deepEqual(placePipelines({ pipelineCount: 2, zones }), { ok: true, zones: ["b", "c"] });
  });

  it("breaks ties by fewest placed units, then by name", () => {
    const even: ZoneLoad[] = [
      { zone: "z", capacityUnits: 100, placedUnits: 0 },
      { zone: "y", capacityUnits: 150, placedUnits: 50 },
      { zone: "x", capacityUnits: 100, placedUnits: 0 },
    ];
    assert.deepEqual(placePipelines({ pipelineCount: 2, zones: even }), { ok: true, zones: ["x", "z"] });
  });

  it("follows the endpoints' zones, filling an unknown one with the least loaded other zone", () => {
    assert.deepEqual(placePipelines({ pipelineCount: 2, zones, endpointZones: ["a", "c"] }), { ok: true, zones: ["a", "c"] });
    assert.deepEqual(placePipelines({ pipelineCount: 2, zones, endpointZones: [undefined, "b"] }), { ok: true, zones: ["c", "b"] });
    assert.deepEqual(placePipelines({ pipelineCount: 1, zones, endpointZones: ["a"] }), { ok: true, zones: ["a"] });
  });

  it("refuses both endpoints in one zone, an unknown zone, and a STANDARD channel with one zone", () => {
    const same = placePipelines({ pipelineCount: 2, zones, endpointZones: ["a", "a"] });
    assert.equal(same.ok, false);
    assert.match(!same.ok ? same.reason : "", /both pipelines' endpoints are in zone "a"/);
    const unknown = placePipelines({ pipelineCount: 2, zones, endpointZones: ["q", "a"] });
    assert.match(!unknown.ok ? unknown.reason : "", /zone "q", which is not configured/);
    const lonely = placePipelines({ pipelineCount: 2, zones: [zones[0]!] });
    assert.match(!lonely.ok ? lonely.reason : "", /2 pipelines need 2 zones; 1 is configured/);
    assert.deepEqual(placePipelines({ pipelineCount: 1, zones: [zones[0]!] }), { ok: true, zones: ["a"] });
  });
});
