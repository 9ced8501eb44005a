// openStore: the default SQLite file, and the one-line start-up error of a PostgreSQL store
// that cannot be used (nothing listening, no such database), never showing the password.

import { CLUSTER_MIGRATIONS } from "../../../src/cluster/cluster-migrations.ts";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ConfigError } from "../../../src/config/config.ts";
import { openStore } from "../../../src/store/open-store.ts";
import { freeTcpPort } from "../../helpers/media-fixtures.ts";
import { startPostgresServer, type PostgresServer } from "../../helpers/postgres-server.ts";

let server: PostgresServer;
before(async () => {
  server = await startPostgresServer();
});
after(async () => {
  await server.stop();
});

const dataDir = (): string => mkdtempSync(path.join(tmpdir(), "openlive-open-store-"));

function refusal(pattern: RegExp, secret: string) {
  return (error: Error): boolean => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, new RegExp(secret));
    assert.doesNotMatch(error.message, /\n/);
    return true;
  };
}

describe("openStore", () => {
  it("opens the SQLite file in the data dir by default", async () => {
    const dir = dataDir();
    const store = await openStore({ store: "", dataDir: dir });
    assert.equal(store.description, `sqlite ${path.join(dir, "openlive.db")}`);
    assert.equal(await store.schemaVersion(), 2);
    await store.repository.close();
  });

  it("opens a PostgreSQL database named by URL and describes it without credentials", async () => {
    const url = (await server.createDatabase("open_store")).replace("postgres@", "postgres:hunter2@");
    const store = await openStore({ store: url, dataDir: dataDir() });
    assert.equal(store.description, `postgres 127.0.0.1:${server.port}/open_store`);
    // The store's versions, then the cluster's: the newest is the cluster's last.
    assert.equal(await store.schemaVersion(), CLUSTER_MIGRATIONS.at(-1)!.version);
    await store.repository.close();
  });

  it("refuses a server that is not listening, naming host:port and the cause", async () => {
    const port = await freeTcpPort();
    await assert.rejects(
      openStore({ store: `postgres://ol:Sup3r-Secret@127.0.0.1:${port}/live`, dataDir: dataDir() }),
      refusal(new RegExp(`^cannot use the PostgreSQL store at 127\\.0\\.0\\.1:${port} \\(database "live"\\): connect ECONNREFUSED`), "Sup3r-Secret"),
    );
  });

  it("refuses a database that does not exist", async () => {
    await assert.rejects(
      openStore({ store: `postgres://postgres:Sup3r-Secret@127.0.0.1:${server.port}/missing_db`, dataDir: dataDir() }),
      refusal(new RegExp(`^cannot use the PostgreSQL store at 127\\.0\\.0\\.1:${server.port} \\(database "missing_db"\\): database "missing_db" does not exist$`), "Sup3r-Secret"),
    );
  });
});
