// The repository contract: the same cases against the SQLite store and the PostgreSQL store
// (one PostgreSQL server for this file, one database per test), then what only one of the
// two stores has (WAL mode; PostgreSQL's schema check).

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import type { InputRecord } from "../../../src/domain/records.ts";
import type { Repository } from "../../../src/domain/repository.ts";
import { STORE_MIGRATIONS } from "../../../src/store/postgres/migrations.ts";
import { PostgresRepository } from "../../../src/store/postgres/postgres-repository.ts";
import { MIGRATIONS } from "../../../src/store/sqlite/migrations.ts";
import { SqliteRepository } from "../../../src/store/sqlite/sqlite-repository.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

/** A fresh, empty database of one store; open() may be called again after close() (a restart). */
interface StoreDatabase {
  open(): Promise<Repository>;
}

interface StoreUnderTest {
  readonly name: string;
  newDatabase(): Promise<StoreDatabase>;
}

function tempDb(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "openlive-store-")), "openlive.db");
}

let server: PostgresServer;
let databases = 0;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

const STORES: readonly StoreUnderTest[] = [
  {
    name: "SqliteRepository",
    async newDatabase() {
      const file = tempDb();
      return { open: async () => new SqliteRepository(file) };
    },
  },
  {
    name: "PostgresRepository",
    async newDatabase() {
      const connectionString = await server.createDatabase(`contract_${++databases}`);
      return { open: () => PostgresRepository.open({ connectionString }) };
    },
  },
];

function rtpInput(id: string, isgs: string[] = []): Omit<InputRecord, "endpoints"> {
  return { id, name: `in-${id}`, type: "RTP_PUSH", inputClass: "STANDARD", streamNames: [], sources: [], securityGroupIds: isgs, srtCallerSources: [], tags: {}, attachedChannelIds: [] };
}

const RANGE = { first: 5000, last: 5023 };
const rtpEndpoints = [
  { pipeline: 0 as const, address: "127.0.0.1", span: 5, alignment: 2 },
  { pipeline: 1 as const, address: "127.0.0.1", span: 5, alignment: 2 },
];

for (const store of STORES) {
describe(`${store.name} (repository contract)`, () => {
  it("allocates non-overlapping port spans and frees them on delete", async () => {
    const repository = await (await store.newDatabase()).open();
    const first = await repository.insertInput(rtpInput("1000001"), rtpEndpoints, RANGE);
    assert.deepEqual(first?.endpoints.map((e) => e.port), [5000, 5006]);
    const rtmp = await repository.insertInput({ ...rtpInput("1000002"), type: "RTMP_PUSH" }, [{ pipeline: 0, address: "127.0.0.1", span: 1, alignment: 1 }], RANGE);
    assert.deepEqual(rtmp?.endpoints.map((e) => e.port), [5005]);
    const second = await repository.insertInput(rtpInput("1000003"), rtpEndpoints, RANGE);
    assert.deepEqual(second?.endpoints.map((e) => e.port), [5012, 5018]);
    // The range (24 ports) cannot hold a third RTP pair: refused with nothing written.
    const before = await repository.listInputs({ limit: 100 });
    const refused = await repository.insertInput(rtpInput("1000004"), rtpEndpoints, RANGE);
    assert.equal(refused, undefined);
    assert.equal((await repository.listInputs({ limit: 100 })).items.length, before.items.length);
    assert.equal(await repository.idExists("1000004"), false);
    // Deleting frees the ports for the next input, and a read after it sees the tombstone.
    assert.equal((await repository.getInput("1000001"))?.deletedAtMs, undefined);
    assert.deepEqual(await repository.deleteInput("1000001", 1), { kind: "deleted" });
    assert.equal((await repository.getInput("1000001"))?.deletedAtMs, 1);
    const reused = await repository.insertInput(rtpInput("1000005"), rtpEndpoints, RANGE);
    assert.deepEqual(reused?.endpoints.map((e) => e.port), [5000, 5006]);
    const ports = (await repository.allEndpoints()).map((e) => `${e.address}:${e.port}`);
    assert.equal(new Set(ports).size, ports.length);
    await repository.close();
  });

  it("derives ISG use from inputs and refuses to delete an ISG in use", async () => {
    const repository = await (await store.newDatabase()).open();
    await repository.insertIsg({ id: "2000001", cidrs: ["10.0.0.0/8"], tags: {} });
    await repository.insertInput(rtpInput("2000002", ["2000001"]), rtpEndpoints, RANGE);
    assert.deepEqual(await repository.inputsUsingIsg("2000001"), ["2000002"]);
    assert.deepEqual(await repository.deleteIsg("2000001", 5), { kind: "in-use", inputIds: ["2000002"] });
    await repository.deleteInput("2000002", 6);
    assert.deepEqual(await repository.inputsUsingIsg("2000001"), []);
    assert.deepEqual(await repository.deleteIsg("2000001", 7), { kind: "deleted" });
    assert.equal((await repository.getIsg("2000001"))?.deletedAtMs, 7);
    assert.deepEqual(await repository.deleteIsg("2000001", 8), { kind: "not-found" });
    assert.equal(await repository.updateIsg({ id: "2000001", cidrs: [], tags: {} }), false);
    await repository.close();
  });

  it("pages in creation order", async () => {
    const repository = await (await store.newDatabase()).open();
    for (let i = 0; i < 5; i++) await repository.insertIsg({ id: `300000${i}`, cidrs: ["10.0.0.0/8"], tags: {} });
    const seen: string[] = [];
    let after: number | undefined;
    do {
      const page = await repository.listIsgs(after === undefined ? { limit: 2 } : { after, limit: 2 });
      seen.push(...page.items.map((i) => i.id));
      after = page.nextAfter;
    } while (after !== undefined);
    assert.deepEqual(seen, ["3000000", "3000001", "3000002", "3000003", "3000004"]);
    await repository.close();
  });

  it("keeps everything across a reopen, including request IDs and endpoints", async () => {
    const database = await store.newDatabase();
    const repository = await database.open();
    await repository.insertIsg({ id: "4000001", cidrs: ["2001:db8::/32"], tags: { env: "test" } });
    const stored = await repository.insertInput({ ...rtpInput("4000002", ["4000001"]), requestId: "req-1", requestFingerprint: "f" }, rtpEndpoints, RANGE);
    await repository.close();
    const reopened = await database.open();
    // The same request again (a concurrent retry) returns the stored input and stores nothing.
    assert.deepEqual(await reopened.insertInput({ ...rtpInput("4000003", ["4000001"]), requestId: "req-1", requestFingerprint: "f" }, rtpEndpoints, RANGE), stored);
    assert.equal(await reopened.idExists("4000003"), false);
    assert.deepEqual(await reopened.getIsg("4000001"), { id: "4000001", cidrs: ["2001:db8::/32"], tags: { env: "test" } });
    assert.deepEqual(await reopened.getInputByRequestId("req-1"), stored);
    assert.deepEqual(await reopened.getInput("4000002"), stored);
    await reopened.close();
  });

  it("attaches inputs to one channel at most, detaches on update and delete, and keeps schedules", async () => {
    const database = await store.newDatabase();
    const repository = await database.open();
    await repository.insertInput(rtpInput("5000001"), [], RANGE);
    await repository.insertInput(rtpInput("5000002"), [], RANGE);
    const channel = { id: "5000010", config: { channelClass: "STANDARD" as const, inputAttachments: [], destinations: [] }, state: "IDLE" as const, tags: {} };
    assert.deepEqual(await repository.insertChannel(channel, ["5000001"]), { kind: "ok" });
    assert.deepEqual((await repository.getInput("5000001"))?.attachedChannelIds, ["5000010"]);
    // A second channel cannot take the same input; nothing of it is stored.
    const other = { ...channel, id: "5000011" };
    assert.deepEqual(await repository.insertChannel(other, ["5000002", "5000001"]), { kind: "inputs-taken", inputIds: ["5000001"] });
    assert.equal(await repository.getChannel("5000011"), undefined);
    assert.equal(await repository.idExists("5000011"), false);
    assert.deepEqual((await repository.getInput("5000002"))?.attachedChannelIds, []);
    // The same request stored again (a concurrent retry) answers the stored channel and stores nothing.
    const requested = { ...channel, id: "5000012", requestId: "req-c", requestFingerprint: "f" };
    assert.deepEqual(await repository.insertChannel(requested, []), { kind: "ok" });
    assert.deepEqual(await repository.insertChannel({ ...requested, id: "5000013" }, []), { kind: "request-replayed", record: requested });
    assert.equal(await repository.idExists("5000013"), false);
    await repository.deleteChannel("5000012", 1);
    // An attached input cannot be deleted.
    assert.deepEqual(await repository.deleteInput("5000001", 1), { kind: "attached", channelIds: ["5000010"] });
    // Update moves the attachment.
    assert.deepEqual(await repository.updateChannel(channel, ["5000002"]), { kind: "ok" });
    assert.deepEqual((await repository.getInput("5000001"))?.attachedChannelIds, []);
    assert.deepEqual((await repository.getInput("5000002"))?.attachedChannelIds, ["5000010"]);
    const action = { action: { actionName: "a", scheduleActionStartSettings: {}, scheduleActionSettings: {} }, createdAtMs: 1, startAtMs: 2 };
    await repository.replaceSchedule("5000010", [action]);
    await repository.close();
    // Everything survives a reopen.
    const reopened = await database.open();
    assert.deepEqual(await reopened.getChannel("5000010"), channel);
    assert.deepEqual(await reopened.getSchedule("5000010"), [action]);
    assert.deepEqual((await reopened.getInput("5000002"))?.attachedChannelIds, ["5000010"]);
    // Delete detaches and drops the schedule; the record stays as a DELETED tombstone.
    const deleted = await reopened.deleteChannel("5000010", 99);
    assert.equal(deleted.kind, "deleted");
    assert.equal((await reopened.getChannel("5000010"))?.state, "DELETED");
    assert.deepEqual((await reopened.getInput("5000002"))?.attachedChannelIds, []);
    assert.deepEqual(await reopened.getSchedule("5000010"), []);
    assert.deepEqual((await reopened.listChannels({ limit: 10 })).items, []);
    assert.deepEqual(await reopened.deleteChannel("5000010", 100), { kind: "not-found" });
    await reopened.close();
  });
});
}

describe("SqliteRepository (its own)", () => {
  it("migrates a new database in WAL mode and refuses a newer schema", async () => {
    const file = tempDb();
    const repository = new SqliteRepository(file);
    assert.equal(repository.schemaVersion(), MIGRATIONS.at(-1)!.version);
    await repository.close();
    await repository.close(); // idempotent
    const db = new Database(file);
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 'now')").run();
    db.close();
    assert.throws(() => new SqliteRepository(file), /schema version 999 is newer/);
  });

});

describe("PostgresRepository (its own)", () => {
  it("migrates a new database, records each version once and refuses a newer schema", async () => {
    const connectionString = await server.createDatabase("own_schema");
    const repository = await PostgresRepository.open({ connectionString });
    assert.equal(await repository.schemaVersion(), STORE_MIGRATIONS.at(-1)!.version);
    await repository.close();
    await repository.close(); // idempotent
    const again = await PostgresRepository.open({ connectionString });
    await again.close();
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      const versions = (await client.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version")).rows.map((r) => r.version);
      assert.deepEqual(versions, STORE_MIGRATIONS.map((m) => m.version));
      await client.query("INSERT INTO schema_migrations (version, description) VALUES (999, 'future')");
    } finally {
      await client.end();
    }
    await assert.rejects(PostgresRepository.open({ connectionString }), /schema version 999 is newer than this openlive \(2\)/);
  });

  it("keeps documents as written: key order and nested values read back unchanged", async () => {
    const repository = await PostgresRepository.open({ connectionString: await server.createDatabase("own_documents") });
    const isg = { id: "6000001", tags: { zeta: "1", alpha: "2", "é": "ü" }, cidrs: ["10.0.0.0/8"] };
    await repository.insertIsg(isg);
    const stored = await repository.getIsg("6000001");
    assert.equal(JSON.stringify(stored), JSON.stringify(isg));
    await repository.close();
  });
});
