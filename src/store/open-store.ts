// Picks the store from the configuration: the embedded SQLite file in the data dir (the
// default), or a PostgreSQL database named by a postgres:// URL (cluster mode). A store
// that cannot be opened stops the start with one line naming where and why.

import path from "node:path";
import { CLUSTER_MIGRATIONS } from "../cluster/cluster-migrations.ts";
import { ConfigError } from "../config/config.ts";
import type { Repository } from "../domain/repository.ts";
import { describeStoreFailure, postgresTarget } from "./postgres/postgres-target.ts";
import { STORE_MIGRATIONS } from "./postgres/migrations.ts";
import { PostgresRepository } from "./postgres/postgres-repository.ts";
import { SqliteRepository } from "./sqlite/sqlite-repository.ts";

export const DATABASE_FILE = "openlive.db";

export interface OpenedStore {
  readonly repository: Repository;
  /** For the start-up log: "sqlite <file>" or "postgres host:port/database" (no credentials). */
  readonly description: string;
  schemaVersion(): Promise<number>;
}

export interface StoreOptions {
  /** config.store: "" or a postgres:// URL. */
  readonly store: string;
  readonly dataDir: string;
  /** An idle PostgreSQL connection failed (the pool reconnects on the next call). */
  readonly onConnectionError?: (error: Error) => void;
}

export async function openStore(options: StoreOptions): Promise<OpenedStore> {
  if (options.store === "") {
    const file = path.join(options.dataDir, DATABASE_FILE);
    const repository = new SqliteRepository(file);
    return { repository, description: `sqlite ${file}`, schemaVersion: async () => repository.schemaVersion() };
  }
  let repository: PostgresRepository;
  try {
    // Every node applies the store's versions and then the cluster's (100 and up), so no
    // node meets a database newer than its own list.
    repository = await PostgresRepository.open({ connectionString: options.store, migrations: [...STORE_MIGRATIONS, ...CLUSTER_MIGRATIONS], ...(options.onConnectionError ? { onIdleError: options.onConnectionError } : {}) });
  } catch (error) {
    throw new ConfigError(describeStoreFailure(options.store, error));
  }
  const target = postgresTarget(options.store);
  return { repository, description: `postgres ${target.hostPort}/${target.database}`, schemaVersion: () => repository.schemaVersion() };
}
