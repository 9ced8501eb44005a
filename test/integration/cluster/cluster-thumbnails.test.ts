// Thumbnails across a cluster against a real PostgreSQL: the holder's pictures are published
// under its epoch and read back by the API's cluster runtime on another node; a newer picture
// replaces the older one; a replaced holder's picture is refused; StopChannel takes them away.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ClusterChannelRuntime } from "../../../src/cluster/cluster-channel-runtime.ts";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { ClaimedPipeline } from "../../../src/cluster/cluster-types.ts";
import type { PipelineHost } from "../../../src/cluster/cluster-worker.ts";
import { thumbnailPublishingHost } from "../../../src/cluster/thumbnail-publishing-host.ts";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import type { PipelinePlacementPort } from "../../../src/domain/channels/pipeline-placement-port.ts";
import type { Repository } from "../../../src/domain/repository.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";
import { until } from "../../helpers/until.ts";

const CHANNEL = "4711001";
const claim = { leaseMs: 60_000, maxClaims: 10, takeExpired: true };
const jpeg = (marker: number): Uint8Array => Uint8Array.from([0xff, 0xd8, 0xff, marker, 0xff, 0xd9]);

describe("thumbnails on every node of a cluster", () => {
  let server: PostgresServer;
  let store: ClusterStore;
  before(async () => {
    server = await startPostgresServer();
    store = ClusterStore.open(await createClusterDatabase(server));
    await store.syncZones([{ name: "a", pushAddresses: [] }]);
    for (const nodeId of ["a1", "a2"]) await store.registerNode({ nodeId, role: "worker", zone: "a", capacityUnits: 100 });
  });
  after(async () => {
    await store?.close();
    await server?.stop();
  });

  it("serves the holder's latest picture from the store; a replaced holder's is refused; StopChannel removes it", async () => {
    assert.ok((await store.placeChannel(CHANNEL, { pipelineCount: 1, costUnits: 1, freshMs: 10_000 })).ok);
    const [held] = (await store.claim("a1", claim)) as [ClaimedPipeline];
    let picture = { jpeg: jpeg(1), atMs: Date.now() - 1000 };
    const inner: PipelineHost = { start: async () => undefined, stop: async () => undefined };
    const host = thumbnailPublishingHost(inner, { thumbnail: async (channelId, index) => (channelId === CHANNEL && index === 0 ? picture : undefined) }, store, "a1", 50);
    const api = new ClusterChannelRuntime({ store, placement: {} as PipelinePlacementPort, repository: {} as Repository, changes: new ChangeFeed(), leaseMs: 3000, nowMs: Date.now });
    assert.equal(await api.thumbnail(CHANNEL, 0), undefined, "nothing before the first picture");
    await host.start(held, () => undefined);
    try {
      const first = await until("the first picture on the API node", async () => (await api.thumbnail(CHANNEL, 0)) ?? undefined, 5_000);
      assert.deepEqual([...first.jpeg], [...jpeg(1)]);
      assert.equal(first.atMs, picture.atMs);
      picture = { jpeg: jpeg(2), atMs: Date.now() };
      await until("the newer picture", async () => ((await api.thumbnail(CHANNEL, 0))?.jpeg[3] === 2 ? true : undefined), 5_000);
      // Another epoch of the same pipeline: the old holder's writes change nothing.
      assert.equal(await store.writeThumbnail("a1", { ...held, epoch: held.epoch - 1 }, jpeg(9), Date.now()), false);
      assert.equal(await store.writeThumbnail("a2", held, jpeg(9), Date.now()), false, "only the holder writes");
      assert.equal((await api.thumbnail(CHANNEL, 0))?.jpeg[3], 2);
      assert.equal(await api.thumbnail(CHANNEL, 1), undefined);
    } finally {
      await host.stop(held, "RELEASED");
    }
    await store.undesireChannel(CHANNEL);
    assert.equal(await api.thumbnail(CHANNEL, 0), undefined, "gone with the wanted pipeline");
  });
});
