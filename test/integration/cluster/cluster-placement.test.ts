// ClusterPlacement on a real PostgreSQL: StartChannel's record becomes wanted pipelines in two
// zones with the cost of its encoder plan, a SINGLE_PIPELINE channel one, a cluster with one
// zone refuses a STANDARD channel with OL_CHANNEL_PLACEMENT_REFUSED, and StopChannel removes
// the rows. Which nodes take part in placement at all is isClusterNode's rule.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ClusterPlacement } from "../../../src/cluster/cluster-placement.ts";
import { isClusterNode } from "../../../src/cluster/cluster-placement-wiring.ts";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { ChannelRecord } from "../../../src/domain/channels/channel-record.ts";
import { ApiError } from "../../../src/shared/errors.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

function channel(id: string, channelClass: "STANDARD" | "SINGLE_PIPELINE"): ChannelRecord {
  const rendition = (name: string, width: number, height: number) => ({ name, width, height, codecSettings: { h264Settings: { framerateControl: "SPECIFIED", framerateNumerator: 30, framerateDenominator: 1 } } });
  return {
    id,
    state: "STARTING",
    tags: {},
    config: {
      channelClass,
      inputSpecification: { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_10_MBPS" },
      encoderSettings: {
        audioDescriptions: [],
        timecodeConfig: { source: "EMBEDDED" },
        videoDescriptions: [rendition("1080", 1920, 1080), rendition("360", 640, 360)],
        outputGroups: [{ outputGroupSettings: {}, outputs: [{ outputSettings: {}, videoDescriptionName: "1080" }, { outputSettings: {}, videoDescriptionName: "360" }] }],
      },
    },
  } as unknown as ChannelRecord;
}

describe("ClusterPlacement", () => {
  it("records a STANDARD channel's pipelines in two zones with its encoder plan's cost, and StopChannel removes them", async () => {
    const store = ClusterStore.open(await createClusterDatabase(server));
    try {
      await store.syncZones([{ name: "a", pushAddresses: [] }, { name: "b", pushAddresses: [] }]);
      const placement = new ClusterPlacement(store, 6000);
      await placement.desire(channel("1111111", "STANDARD"));
      await placement.desire(channel("2222222", "SINGLE_PIPELINE"));
      const rows = await store.readPipelines();
      // 1920x1080 + 640x360 at 30 fps, plus a tenth of the HD source: 62.2 + 6.9 + 6.2 → 76 units.
      assert.deepEqual(rows.map((row) => [row.channelId, row.pipeline, row.costUnits]), [["1111111", 0, 76], ["1111111", 1, 76], ["2222222", 0, 76]]);
      assert.notEqual(rows[0]!.zone, rows[1]!.zone);
      await placement.undesire("1111111");
      assert.deepEqual((await store.readPipelines()).map((row) => row.channelId), ["2222222"]);
    } finally {
      await store.close();
    }
  });

  it("refuses a STANDARD channel when only one zone is configured, as a 422 naming what is missing", async () => {
    const store = ClusterStore.open(await createClusterDatabase(server));
    try {
      await store.syncZones([{ name: "a", pushAddresses: [] }]);
      await assert.rejects(new ClusterPlacement(store, 6000).desire(channel("3333333", "STANDARD")), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, "OL_CHANNEL_PLACEMENT_REFUSED");
        assert.equal(error.status, 422);
        assert.match(error.message, /Cannot start channel 3333333: 2 pipelines need 2 zones; 1 is configured/);
        return true;
      });
      assert.deepEqual(await store.readPipelines(), []);
    } finally {
      await store.close();
    }
  });

  it("takes part only on cluster nodes: a PostgreSQL store and a role other than all, or a zone", () => {
    const pg = "postgres://db/openlive";
    assert.equal(isClusterNode({ store: "", role: "all", zone: "" }), false, "single node");
    assert.equal(isClusterNode({ store: pg, role: "all", zone: "" }), false, "a shared store without a cluster");
    assert.equal(isClusterNode({ store: pg, role: "api", zone: "" }), true);
    assert.equal(isClusterNode({ store: pg, role: "all", zone: "a" }), true);
  });
});
