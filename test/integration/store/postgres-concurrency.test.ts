// What only a shared PostgreSQL store must survive: two API nodes (two repositories, each
// with its own pool) writing at the same moment. One server for this file, one database
// per test.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import type { InputRecord } from "../../../src/domain/records.ts";
import { migratePostgres } from "../../../src/store/postgres/migrate.ts";
import { CLUSTER_MIGRATIONS_FIRST_VERSION, STORE_MIGRATIONS } from "../../../src/store/postgres/migrations.ts";
import { PostgresRepository } from "../../../src/store/postgres/postgres-repository.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

function pushInput(id: string): Omit<InputRecord, "endpoints"> {
  return { id, name: `in-${id}`, type: "RTP_PUSH", inputClass: "STANDARD", streamNames: [], sources: [], securityGroupIds: [], srtCallerSources: [], tags: {}, attachedChannelIds: [] };
}

const RTP_PAIR = [
  { pipeline: 0 as const, address: "10.0.0.1", span: 5, alignment: 2 },
  { pipeline: 1 as const, address: "10.0.0.2", span: 5, alignment: 2 },
];

/** Two "API nodes" on one new database. */
async function twoNodes(database: string): Promise<[PostgresRepository, PostgresRepository]> {
  const connectionString = await server.createDatabase(database);
  return [await PostgresRepository.open({ connectionString }), await PostgresRepository.open({ connectionString })];
}

describe("PostgresRepository with two nodes at once", () => {
  it("never gives two inputs the same port when both nodes insert at once, and refuses cleanly when the range is full", async () => {
    const nodes = await twoNodes("concurrent_ports");
    // 120 ports hold 20 RTP spans (6 ports each, even-aligned) per address: 24 inserts race for 20.
    const range = { first: 6000, last: 6119 };
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => nodes[i % 2]!.insertInput(pushInput(`70000${String(i).padStart(2, "0")}`), RTP_PAIR, range)));
    const stored = results.filter((r): r is InputRecord => r !== undefined);
    assert.equal(stored.length, 20);
    assert.equal(results.filter((r) => r === undefined).length, 4);
    // Every span of every endpoint is disjoint from every other on its address.
    const ports = stored.flatMap((input) => input.endpoints.flatMap((e) => Array.from({ length: 5 }, (_, k) => `${e.address}:${e.port + k}`)));
    assert.equal(new Set(ports).size, ports.length);
    const listed = (await nodes[0].allEndpoints()).map((e) => `${e.address}:${e.port}`);
    assert.equal(listed.length, 40);
    assert.equal(new Set(listed).size, 40);
    // The refused inputs left nothing behind.
    const ids = new Set(stored.map((s) => s.id));
    for (const result of results.keys()) {
      const id = `70000${String(result).padStart(2, "0")}`;
      assert.equal(await nodes[1].idExists(id), ids.has(id), id);
    }
    await Promise.all(nodes.map((n) => n.close()));
  });

  it("lets exactly one of two channels created at once on two nodes take the same input", async () => {
    const nodes = await twoNodes("concurrent_attach");
    const rounds = 8;
    for (let round = 0; round < rounds; round++) await nodes[0].insertInput(pushInput(`71000${round}`), [], { first: 6000, last: 6119 });
    for (let round = 0; round < rounds; round++) {
      const inputId = `71000${round}`;
      const channel = (id: string) => ({ id, config: { channelClass: "STANDARD" as const, inputAttachments: [], destinations: [] }, state: "IDLE" as const, tags: {} });
      const outcomes = await Promise.all([nodes[0].insertChannel(channel(`72${round}0`), [inputId]), nodes[1].insertChannel(channel(`72${round}1`), [inputId])]);
      const winners = outcomes.flatMap((o, i) => (o.kind === "ok" ? [`72${round}${i}`] : []));
      assert.equal(winners.length, 1, JSON.stringify(outcomes));
      assert.deepEqual(outcomes.find((o) => o.kind !== "ok"), { kind: "inputs-taken", inputIds: [inputId] });
      assert.deepEqual((await nodes[1].getInput(inputId))?.attachedChannelIds, winners);
      const loser = `72${round}${winners[0]!.endsWith("0") ? 1 : 0}`;
      assert.equal(await nodes[0].getChannel(loser), undefined);
      assert.equal(await nodes[0].idExists(loser), false);
    }
    await Promise.all(nodes.map((n) => n.close()));
  });

  it("stores one channel when two nodes insert the same request at once; the other answers it as a retry", async () => {
    const nodes = await twoNodes("concurrent_request");
    const channel = (id: string) => ({ id, config: { channelClass: "STANDARD" as const, inputAttachments: [], destinations: [] }, state: "IDLE" as const, tags: {}, requestId: "same-request", requestFingerprint: "f" });
    const outcomes = await Promise.all([nodes[0].insertChannel(channel("7400001"), []), nodes[1].insertChannel(channel("7400002"), [])]);
    const stored = outcomes.findIndex((o) => o.kind === "ok");
    assert.notEqual(stored, -1, JSON.stringify(outcomes));
    const storedId = stored === 0 ? "7400001" : "7400002";
    assert.deepEqual(outcomes[1 - stored], { kind: "request-replayed", record: channel(storedId) });
    assert.equal(await nodes[0].idExists(stored === 0 ? "7400002" : "7400001"), false);
    assert.equal((await nodes[1].listChannels({ limit: 10 })).items.length, 1);
    await Promise.all(nodes.map((n) => n.close()));
  });

  it("stores one input when two nodes insert the same request at once; both answer it", async () => {
    const nodes = await twoNodes("concurrent_input_request");
    const input = (id: string) => ({ ...pushInput(id), requestId: "same-input-request", requestFingerprint: "f" });
    const results = await Promise.all([nodes[0].insertInput(input("7500001"), RTP_PAIR, { first: 6000, last: 6119 }), nodes[1].insertInput(input("7500002"), RTP_PAIR, { first: 6000, last: 6119 })]);
    assert.ok(results[0] && results[1]);
    assert.deepEqual(results[0], results[1]);
    assert.equal((await nodes[0].listInputs({ limit: 10 })).items.length, 1);
    assert.equal((await nodes[0].allEndpoints()).length, 2);
    await Promise.all(nodes.map((n) => n.close()));
  });

  it("sees another node's writes at once (no read cache)", async () => {
    const nodes = await twoNodes("no_cache");
    await nodes[0].insertIsg({ id: "7300001", cidrs: ["10.0.0.0/8"], tags: {} });
    assert.deepEqual((await nodes[1].getIsg("7300001"))?.cidrs, ["10.0.0.0/8"]);
    await nodes[0].updateIsg({ id: "7300001", cidrs: ["192.0.2.0/24"], tags: {} });
    assert.deepEqual((await nodes[1].getIsg("7300001"))?.cidrs, ["192.0.2.0/24"]);
    await nodes[1].deleteIsg("7300001", 42);
    assert.equal((await nodes[0].getIsg("7300001"))?.deletedAtMs, 42);
    await Promise.all(nodes.map((n) => n.close()));
  });
});

describe("PostgreSQL migrations", () => {
  it("applies each version once when four nodes start on a new database at the same moment", async () => {
    const connectionString = await server.createDatabase("concurrent_migrations");
    const nodes = await Promise.all(Array.from({ length: 4 }, () => PostgresRepository.open({ connectionString })));
    for (const node of nodes) assert.equal(await node.schemaVersion(), STORE_MIGRATIONS.at(-1)!.version);
    await Promise.all(nodes.map((n) => n.close()));
    const pool = new pg.Pool({ connectionString });
    try {
      const rows = (await pool.query<{ version: number; n: string }>("SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version")).rows;
      assert.deepEqual(rows.map((r) => [r.version, Number(r.n)]), STORE_MIGRATIONS.map((m) => [m.version, 1]));
    } finally {
      await pool.end();
    }
  });

  it("runs a longer list (the store's, then appended ones) and rolls a failing migration back whole", async () => {
    const connectionString = await server.createDatabase("appended_migrations");
    const pool = new pg.Pool({ connectionString });
    try {
      assert.ok(STORE_MIGRATIONS.every((m) => m.version < CLUSTER_MIGRATIONS_FIRST_VERSION));
      assert.equal(await migratePostgres(pool, STORE_MIGRATIONS), 2);
      const appended = { version: CLUSTER_MIGRATIONS_FIRST_VERSION, description: "a table of a later feature", sql: "CREATE TABLE later_feature (id text PRIMARY KEY)" };
      const broken = { version: CLUSTER_MIGRATIONS_FIRST_VERSION + 1, description: "broken", sql: "CREATE TABLE half_done (id text); SELECT no_such_function()" };
      await assert.rejects(migratePostgres(pool, [...STORE_MIGRATIONS, appended, broken]), /no_such_function/);
      // One transaction: neither the good appended migration nor the half of the broken one stayed.
      const tables = (await pool.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE tablename IN ('later_feature', 'half_done')")).rows;
      assert.deepEqual(tables, []);
      assert.equal(await migratePostgres(pool, [...STORE_MIGRATIONS, appended]), CLUSTER_MIGRATIONS_FIRST_VERSION);
      assert.equal(await migratePostgres(pool, [...STORE_MIGRATIONS, appended]), CLUSTER_MIGRATIONS_FIRST_VERSION);
      await assert.rejects(migratePostgres(pool, [appended, STORE_MIGRATIONS[0]!]), /increasing order/);
    } finally {
      await pool.end();
    }
  });
});
