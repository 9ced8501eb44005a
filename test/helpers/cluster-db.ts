// Cluster tests' database: one fresh database per test migrated as a node migrates it (the
// store's versions, then the cluster's, by the store's runner), and
// a TCP gate in front of the server that a test closes to cut chosen workers off the database.

import net from "node:net";
import pg from "pg";
import { CLUSTER_MIGRATIONS } from "../../src/cluster/cluster-migrations.ts";
import { migratePostgres } from "../../src/store/postgres/migrate.ts";
import { STORE_MIGRATIONS } from "../../src/store/postgres/migrations.ts";
import type { PostgresServer } from "./postgres-server.ts";

let databases = 0;

/** A new database on `server` holding the cluster tables; returns its URL. */
export async function createClusterDatabase(server: PostgresServer): Promise<string> {
  const url = await server.createDatabase(`cluster_${process.pid}_${++databases}`);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migratePostgres(pool, [...STORE_MIGRATIONS, ...CLUSTER_MIGRATIONS]);
  } finally {
    await pool.end();
  }
  return url;
}

export interface DatabaseGate {
  /** The database URL through the gate. */
  readonly url: string;
  /** Cuts every connection and leaves new ones hanging, as a network cut does. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

/** A TCP relay to the database in `url` that can be cut and restored. */
export async function openDatabaseGate(url: string): Promise<DatabaseGate> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    if (!open) return; // accepted but never answered: the client's own timeouts fire
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const gated = new URL(url);
  gated.port = String(port);
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: gated.toString(),
    cut() {
      open = false;
      dropAll();
    },
    restore() {
      open = true;
      dropAll(); // the hanging ones; clients reconnect
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
