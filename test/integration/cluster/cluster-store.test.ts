// ClusterStore against a real PostgreSQL: zones and placement, the database's refusal of two
// pipelines of a channel in one zone, capacity-bounded claims, leases taken over after expiry
// with a higher epoch, and fenced writes of a replaced holder that change nothing.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { NodeRegistration } from "../../../src/cluster/cluster-types.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

const LEASE_MS = 600;
const ZONES = [
  { name: "a", pushAddresses: ["10.0.1.10", "10.0.1.11"] },
  { name: "b", pushAddresses: ["10.0.2.10"] },
];
const worker = (nodeId: string, zone: string, capacityUnits = 100): NodeRegistration => ({ nodeId, role: "worker", zone, capacityUnits });
const claimOptions = { leaseMs: LEASE_MS, maxClaims: 10, takeExpired: true };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

/** A store on a fresh database with zones a and b, workers a1 and a2 in zone a and b1 in zone b. */
async function clusterOfThree(capacityUnits = 100): Promise<ClusterStore> {
  const store = ClusterStore.open(await createClusterDatabase(server));
  await store.syncZones(ZONES);
  for (const node of [worker("a1", "a", capacityUnits), worker("a2", "a", capacityUnits), worker("b1", "b", capacityUnits)]) await store.registerNode(node);
  return store;
}

describe("ClusterStore", () => {
  it("places a STANDARD channel's pipelines in two zones and each zone's worker claims its own", async () => {
    const store = await clusterOfThree();
    try {
      const placement = await store.placeChannel("ch-1", { pipelineCount: 2, costUnits: 10, freshMs: 10_000 });
      assert.ok(placement.ok);
      assert.deepEqual(new Set(placement.zones), new Set(["a", "b"]));
      const b = await store.claim("b1", claimOptions);
      const a = await store.claim("a1", claimOptions);
      assert.equal(b.length, 1);
      assert.equal(a.length, 1);
      assert.equal(b[0]!.zone, "b");
      assert.equal(a[0]!.zone, "a");
      assert.notEqual(a[0]!.pipeline, b[0]!.pipeline);
      assert.deepEqual(await store.claim("a2", claimOptions), [], "zone a's only pipeline is held");
      const views = await store.readPipelines("ch-1");
      assert.deepEqual(views.map((view) => [view.zone, view.holder, view.leaseLive]).sort(), [["a", "a1", true], ["b", "b1", true]]);
      const zones = await store.listZones();
      assert.deepEqual(zones, [{ name: "a", pushAddresses: ["10.0.1.10", "10.0.1.11"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]);
      const nodes = await store.listNodes();
      assert.deepEqual(nodes.map((node) => [node.nodeId, node.heldPipelines, node.heldUnits]), [["a1", 1, 10], ["a2", 0, 0], ["b1", 1, 10]]);
    } finally {
      await store.close();
    }
  });

  it("places pipeline N in the zone of the inputs' endpoint N", async () => {
    const store = await clusterOfThree();
    try {
      const placement = await store.placeChannel("ch-e", { pipelineCount: 2, costUnits: 5, endpointZones: ["b", "a"], freshMs: 10_000 });
      assert.deepEqual(placement, { ok: true, zones: ["b", "a"] });
      assert.deepEqual((await store.readPipelines("ch-e")).map((view) => view.zone), ["b", "a"]);
      const refused = await store.placeChannel("ch-f", { pipelineCount: 2, costUnits: 5, endpointZones: ["a", "a"], freshMs: 10_000 });
      assert.equal(refused.ok, false);
      assert.deepEqual(await store.readPipelines("ch-f"), []);
    } finally {
      await store.close();
    }
  });

  it("refuses, in the database, a second pipeline of one channel in the same zone", async () => {
    const store = await clusterOfThree();
    try {
      await assert.rejects(
        store.desireChannel("ch-2", [{ pipeline: 0, zone: "a", costUnits: 1 }, { pipeline: 1, zone: "a", costUnits: 1 }]),
        (error: { code?: string; constraint?: string }) => error.code === "23505" && error.constraint === "cluster_pipeline_channel_id_zone_key",
      );
      assert.deepEqual(await store.readPipelines("ch-2"), [], "the transaction left nothing behind");
      await store.desireChannel("ch-2", [{ pipeline: 0, zone: "a", costUnits: 1 }, { pipeline: 1, zone: "b", costUnits: 1 }]);
      await assert.rejects(
        store.desireChannel("ch-3", [{ pipeline: 0, zone: "nowhere", costUnits: 1 }]),
        (error: { code?: string }) => error.code === "23503",
        "a zone that is not configured",
      );
    } finally {
      await store.close();
    }
  });

  it("never lets a worker claim more than its capacity", async () => {
    const store = await clusterOfThree(100);
    try {
      for (const channel of ["c1", "c2", "c3", "c4", "c5"]) await store.desireChannel(channel, [{ pipeline: 0, zone: "a", costUnits: 40 }]);
      const first = await store.claim("a1", claimOptions);
      assert.equal(first.length, 2, "two of 40 fit in 100, a third does not");
      assert.deepEqual(await store.claim("a1", claimOptions), []);
      const second = await store.claim("a2", claimOptions);
      assert.equal(second.length, 2);
      assert.deepEqual(await store.claim("b1", claimOptions), [], "zone b's worker never takes zone a's pipelines");
      const nodes = await store.listNodes();
      for (const node of nodes) assert.ok(node.heldUnits <= node.capacityUnits, `${node.nodeId} holds ${node.heldUnits} of ${node.capacityUnits}`);
      assert.equal((await store.readPipelines()).filter((view) => view.holder === undefined).length, 1, "the fifth waits for capacity");
      // A cheaper pipeline still fits the 20 units a1 has left.
      await store.desireChannel("c6", [{ pipeline: 0, zone: "a", costUnits: 20 }]);
      assert.deepEqual((await store.claim("a1", claimOptions)).map((claimed) => claimed.channelId), ["c6"]);
    } finally {
      await store.close();
    }
  });

  it("hands an expired lease to a peer with a higher epoch; the old holder's writes and renewals change nothing", async () => {
    const store = await clusterOfThree();
    try {
      await store.desireChannel("ch-4", [{ pipeline: 0, zone: "a", costUnits: 10 }]);
      const [old] = await store.claim("a1", claimOptions);
      assert.ok(old);
      assert.equal(await store.writeReport("a1", old, { state: "RUNNING", alerts: [] }), true);
      assert.deepEqual(await store.claim("a2", claimOptions), [], "a live lease is not taken");
      await sleep(LEASE_MS + 100);
      assert.deepEqual(await store.claim("a2", { ...claimOptions, takeExpired: false }), [], "only with takeExpired");
      const [taken] = await store.claim("a2", claimOptions);
      assert.ok(taken);
      assert.ok(taken.epoch > old.epoch, `epoch ${taken.epoch} after ${old.epoch}`);
      assert.equal(await store.writeReport("a1", old, { state: "STALE", alerts: [] }), false);
      assert.deepEqual(await store.renew("a1", [old], LEASE_MS), { renewed: [], lost: [old] });
      assert.equal(await store.release("a1", [old]), 0);
      assert.equal(await store.writeReport("a2", taken, { state: "RUNNING", activeInputAttachmentName: "main", alerts: [] }), true);
      const [view] = await store.readPipelines("ch-4");
      assert.deepEqual([view?.holder, view?.epoch, view?.report?.state, view?.report?.activeInputAttachmentName], ["a2", taken.epoch, "RUNNING", "main"]);
      assert.deepEqual(await store.renew("a2", [taken], LEASE_MS), { renewed: [taken], lost: [] });
    } finally {
      await store.close();
    }
  });

  it("says, when it takes nothing, how soon a peer's lease it could take expires; taken at that instant", async () => {
    const store = await clusterOfThree();
    try {
      await store.desireChannel("ch-9", [{ pipeline: 0, zone: "a", costUnits: 10 }]);
      const [held] = await store.claim("a1", claimOptions);
      assert.ok(held);
      const waiting = await store.claimOrNextExpiry("a2", claimOptions);
      assert.deepEqual(waiting.claimed, []);
      assert.ok(waiting.nextExpiryInMs !== undefined && waiting.nextExpiryInMs > 0 && waiting.nextExpiryInMs <= LEASE_MS, `expires in ${waiting.nextExpiryInMs} ms`);
      assert.deepEqual(await store.claimOrNextExpiry("a2", { ...claimOptions, takeExpired: false }), { claimed: [] }, "not allowed to take it: no instant to wait for");
      assert.deepEqual(await store.claimOrNextExpiry("a1", claimOptions), { claimed: [] }, "its own lease is not one to wait for");
      assert.deepEqual(await store.claimOrNextExpiry("b1", claimOptions), { claimed: [] }, "another zone's lease is not one to wait for");
      await sleep(waiting.nextExpiryInMs + 10);
      const taken = await store.claimOrNextExpiry("a2", claimOptions);
      assert.equal(taken.claimed.length, 1, "taken at the instant it said");
      assert.ok(taken.claimed[0]!.epoch > held.epoch);
    } finally {
      await store.close();
    }
  });

  it("keeps epochs growing: the database refuses an older epoch or a new holder without a new epoch", async () => {
    const store = await clusterOfThree();
    try {
      await store.desireChannel("ch-5", [{ pipeline: 0, zone: "a", costUnits: 1 }]);
      const [held] = await store.claim("a1", claimOptions);
      assert.ok(held);
      // Straight SQL, as a buggy caller would write it.
      const raw = (store as unknown as { pool: { query: (sql: string) => Promise<unknown> } }).pool;
      await assert.rejects(raw.query(`UPDATE cluster_pipeline SET epoch = epoch - 1 WHERE channel_id = 'ch-5'`), /would go back/);
      await assert.rejects(raw.query(`UPDATE cluster_pipeline SET holder = 'a2' WHERE channel_id = 'ch-5'`), /needs a new epoch/);
      // Stopped and started again: the new rows' epochs still come after the old ones.
      await store.undesireChannel("ch-5");
      assert.deepEqual(await store.renew("a1", [held], LEASE_MS), { renewed: [], lost: [held] }, "StopChannel shows as a lost lease");
      await store.desireChannel("ch-5", [{ pipeline: 0, zone: "a", costUnits: 1 }]);
      const [again] = await store.claim("a2", claimOptions);
      assert.ok(again && again.epoch > held.epoch);
    } finally {
      await store.close();
    }
  });

  it("lets a restarted node's previous leases go, and a stale process learns it was replaced", async () => {
    const store = await clusterOfThree();
    try {
      await store.desireChannel("ch-6", [{ pipeline: 0, zone: "a", costUnits: 1 }]);
      const [held] = await store.claim("a1", claimOptions);
      assert.ok(held);
      const before = (await store.listNodes()).find((node) => node.nodeId === "a1");
      const { incarnation } = await store.registerNode(worker("a1", "a"));
      assert.equal((await store.readPipelines("ch-6"))[0]?.holder, undefined);
      assert.equal(await store.heartbeat("a1", incarnation), true);
      assert.equal(await store.heartbeat("a1", "00000000-0000-0000-0000-000000000000"), false);
      assert.equal(before?.heldPipelines, 1);
    } finally {
      await store.close();
    }
  });
});
