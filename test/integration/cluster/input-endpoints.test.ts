// Push endpoints per zone on a real PostgreSQL, through InputService as a cluster API node
// wires it: a STANDARD input's endpoint 0 comes from one zone's pool and endpoint 1 from the
// other's, the zones show on the record, stay through UpdateInput, two API nodes (two
// services on two pools) never hand out one address+port twice, the database refuses a
// duplicate even when code would try, and inputs that cannot get their zones are refused with
// the missing part named.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { CLUSTER_MIGRATIONS } from "../../../src/cluster/cluster-migrations.ts";
import { ClusterEndpoints } from "../../../src/cluster/cluster-endpoints.ts";
import { ClusterPlacement } from "../../../src/cluster/cluster-placement.ts";
import { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { ZoneConfig } from "../../../src/cluster/cluster-types.ts";
import type { ChannelRecord } from "../../../src/domain/channels/channel-record.ts";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import { InputService } from "../../../src/domain/input-service.ts";
import { IsgService } from "../../../src/domain/isg-service.ts";
import { ApiError } from "../../../src/shared/errors.ts";
import { STORE_MIGRATIONS } from "../../../src/store/postgres/migrations.ts";
import { PostgresRepository } from "../../../src/store/postgres/postgres-repository.ts";
import { createClusterDatabase } from "../../helpers/cluster-db.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

const TWO_ZONES: ZoneConfig[] = [
  { name: "a", pushAddresses: ["10.0.1.10", "10.0.1.11"] },
  { name: "b", pushAddresses: ["10.0.2.10"] },
];

/** One API node: a repository and the endpoint port on their own pools, and the services on them. */
async function apiNode(url: string, portRange = { first: 5000, last: 5999 }) {
  const repository = await PostgresRepository.open({ connectionString: url, migrations: [...STORE_MIGRATIONS, ...CLUSTER_MIGRATIONS] });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const endpointZones = ClusterEndpoints.onPool(pool);
  const common = { repository, changes: new ChangeFeed(), nowMs: () => Date.now(), deletedRetentionMs: 3_600_000 };
  const inputs = new InputService({ ...common, pushAddresses: ["127.0.0.1", "127.0.0.1"], pushPortRange: portRange, inputRoots: [], endpointZones });
  const isgs = new IsgService(common);
  const isg = await isgs.create([{ cidr: "0.0.0.0/0" }], undefined);
  return {
    inputs,
    isgId: isg.record.id,
    pool,
    async close() {
      await endpointZones.close();
      await pool.end();
      await repository.close();
    },
  };
}

async function clusterWith(zones: readonly ZoneConfig[]): Promise<string> {
  const url = await createClusterDatabase(server);
  const store = ClusterStore.open(url);
  await store.syncZones(zones);
  await store.close();
  return url;
}

function refusedWith(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe("push endpoints per zone", () => {
  it("gives a STANDARD input endpoint 0 in one zone and endpoint 1 in the other, kept through UpdateInput and shown by Describe and List", async () => {
    const node = await apiNode(await clusterWith(TWO_ZONES));
    try {
      const created = await node.inputs.create({ type: "RTP_PUSH", name: "rtp", inputSecurityGroups: [node.isgId] });
      const endpoints = created.record.endpoints;
      assert.deepEqual(endpoints.map((e) => [e.pipeline, e.zone, e.address]), [[0, "a", "10.0.1.10"], [1, "b", "10.0.2.10"]]);
      const updated = await node.inputs.update(created.record.id, { name: "renamed" });
      assert.deepEqual(updated.record.endpoints, endpoints);
      assert.deepEqual((await node.inputs.describe(created.record.id)).record.endpoints, endpoints);
      const listed = await node.inputs.list({ limit: 10 });
      assert.deepEqual(listed.items.find((view) => view.record.id === created.record.id)?.record.endpoints, endpoints);
      // The next input's endpoint 0 goes to the less used address of zone a's pool.
      const second = await node.inputs.create({ type: "RTMP_PUSH", inputSecurityGroups: [node.isgId], destinations: [{ streamName: "live/a" }, { streamName: "live/b" }] });
      assert.deepEqual(second.record.endpoints.map((e) => [e.zone, e.address]), [["a", "10.0.1.11"], ["b", "10.0.2.10"]]);
      // A SINGLE_PIPELINE push input takes one zone.
      const single = await node.inputs.create({ type: "RTMP_PUSH", inputSecurityGroups: [node.isgId], destinations: [{ streamName: "live/one" }] });
      assert.equal(single.record.endpoints.length, 1);
      assert.ok(["a", "b"].includes(single.record.endpoints[0]!.zone ?? ""), JSON.stringify(single.record.endpoints));
      // A pull input has no endpoint and no zone.
      const pull = await node.inputs.create({ type: "URL_PULL", sources: [{ url: "http://198.51.100.1/a.m3u8" }, { url: "http://198.51.100.1/b.m3u8" }] });
      assert.deepEqual(pull.record.endpoints, []);
    } finally {
      await node.close();
    }
  });

  it("never hands out one address and port twice from two API nodes creating at once", async () => {
    const url = await clusterWith([{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]);
    const nodes = [await apiNode(url), await apiNode(url)];
    try {
      const created = await Promise.all(
        Array.from({ length: 16 }, (_, index) => nodes[index % 2]!.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [nodes[index % 2]!.isgId] })),
      );
      const taken = created.flatMap((view) => view.record.endpoints.map((e) => `${e.address}:${e.port}`));
      assert.equal(taken.length, 32);
      assert.equal(new Set(taken).size, 32, taken.join(" "));
      const rows = await nodes[0]!.pool.query("SELECT count(*)::int AS n FROM cluster_input_endpoint WHERE released_at IS NULL");
      assert.equal(rows.rows[0].n, 32);
    } finally {
      for (const node of nodes) await node.close();
    }
  });

  it("refuses in the database a second live endpoint on one address and port, and frees it when the input is deleted", async () => {
    const node = await apiNode(await clusterWith(TWO_ZONES));
    try {
      const created = await node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] });
      const first = created.record.endpoints[0]!;
      const port = ClusterEndpoints.onPool(node.pool);
      await assert.rejects(port.record("other", [{ pipeline: 0, zone: "a", address: first.address, port: first.port }]), (error: unknown) => {
        assert.equal((error as { code?: string }).code, "23505", String(error));
        return true;
      });
      await node.inputs.delete(created.record.id);
      await port.record("other", [{ pipeline: 0, zone: "a", address: first.address, port: first.port }]);
      // Endpoints 0 and 1 of one input in one zone: refused too.
      await assert.rejects(port.record("third", [{ pipeline: 0, zone: "a", address: "10.0.1.10", port: 6000 }, { pipeline: 1, zone: "a", address: "10.0.1.11", port: 6000 }]), (error: unknown) => {
        assert.equal((error as { code?: string }).code, "23505", String(error));
        return true;
      });
    } finally {
      await node.close();
    }
  });

  it("refuses a STANDARD push input when only one zone has push addresses, naming the zones", async () => {
    const node = await apiNode(await clusterWith([{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: [] }]));
    try {
      await assert.rejects(node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] }), refusedWith("OL_INPUT_ZONES_UNAVAILABLE", /2 endpoints in 2 zones.*only zone "a" has.*zone "b" is empty/));
      // One endpoint fits in one zone.
      const single = await node.inputs.create({ type: "RTMP_PUSH", inputSecurityGroups: [node.isgId], destinations: [{ streamName: "live/one" }] });
      assert.equal(single.record.endpoints[0]?.zone, "a");
      assert.equal((await node.inputs.list({ limit: 10 })).items.length, 1, "the refused input was not stored");
    } finally {
      await node.close();
    }
  });

  it("refuses a push input when no zone is configured", async () => {
    const node = await apiNode(await clusterWith([]));
    try {
      await assert.rejects(node.inputs.create({ type: "RTMP_PUSH", inputSecurityGroups: [node.isgId], destinations: [{ streamName: "live/a" }, { streamName: "live/b" }] }), refusedWith("OL_INPUT_ZONES_UNAVAILABLE", /no zone is configured/));
    } finally {
      await node.close();
    }
  });

  it("refuses an input when a pool is exhausted, naming the addresses and zones", async () => {
    // Two RTP endpoints of span 5 (even first port) fit in 5000-5011 per address: the third input finds no port.
    const node = await apiNode(await clusterWith([{ name: "a", pushAddresses: ["10.0.1.10"] }, { name: "b", pushAddresses: ["10.0.2.10"] }]), { first: 5000, last: 5011 });
    try {
      await node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] });
      await node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] });
      await assert.rejects(node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] }), refusedWith("OL_INPUT_ZONE_POOL_EXHAUSTED", /5000-5011 on 10\.0\.1\.10 \(zone a\) \/ 10\.0\.2\.10 \(zone b\).*zone a or b/));
    } finally {
      await node.close();
    }
  });

  it("places a channel's pipeline N in the zone of its inputs' endpoint N, and refuses inputs that disagree", async () => {
    const url = await clusterWith([...TWO_ZONES, { name: "c", pushAddresses: ["10.0.3.10"] }]);
    const node = await apiNode(url);
    const store = ClusterStore.open(url);
    try {
      // Four single-endpoint inputs go to the least used zone each time: a, b, c, then a again;
      // with a: 2, b: 1, c: 1 the next STANDARD input gets the pair (b, c), and then all are even: (a, b).
      const singles = [];
      for (const name of ["one", "two", "three", "four"]) {
        singles.push((await node.inputs.create({ type: "RTMP_PUSH", inputSecurityGroups: [node.isgId], destinations: [{ streamName: `live/${name}` }] })).record.endpoints[0]?.zone);
      }
      assert.deepEqual(singles, ["a", "b", "c", "a"]);
      const bc = await node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] });
      assert.deepEqual(bc.record.endpoints.map((e) => e.zone), ["b", "c"]);
      const ab = await node.inputs.create({ type: "RTP_PUSH", inputSecurityGroups: [node.isgId] });
      assert.deepEqual(ab.record.endpoints.map((e) => e.zone), ["a", "b"]);
      const placement = new ClusterPlacement(store, 6000, ClusterEndpoints.onPool(node.pool));
      const channel = (id: string, inputIds: string[]) =>
        ({ id, state: "STARTING", tags: {}, config: { channelClass: "STANDARD", inputAttachments: inputIds.map((inputId) => ({ inputId })), encoderSettings: undefined } }) as unknown as ChannelRecord;
      await placement.desire(channel("5555555", [bc.record.id]));
      assert.deepEqual((await store.readPipelines("5555555")).map((row) => [row.pipeline, row.zone]), [[0, "b"], [1, "c"]]);
      await assert.rejects(placement.desire(channel("6666666", [bc.record.id, ab.record.id])), refusedWith("OL_CHANNEL_PLACEMENT_REFUSED", new RegExp(`input ${bc.record.id} has endpoint 0 in zone "b" and input ${ab.record.id} in zone "a"`)));
      assert.deepEqual(await store.readPipelines("6666666"), []);
    } finally {
      await store.close();
      await node.close();
    }
  });
});
