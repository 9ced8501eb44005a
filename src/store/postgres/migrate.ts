// Applies a list of versioned migrations to a PostgreSQL database: every missing version,
// in order, in ONE transaction that first takes a transaction-level advisory lock
// (PostgreSQL docs §9.27.10 "Advisory Lock Functions"). Two nodes starting at once
// therefore never both migrate: the second waits for the first to commit and then finds
// nothing left to do. A database migrated by a newer openlive is refused.

import type pg from "pg";
import type { Migration } from "../migration.ts";
import { inTransaction } from "../../shared/postgres-transaction.ts";

/** The advisory lock key of schema migrations (any constant no other lock of openlive uses). */
export const MIGRATION_LOCK_KEY = 0x6f6c6d67; // "olmg"

export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly knownVersion: number) {
    super(`database schema version ${databaseVersion} is newer than this openlive (${knownVersion}); upgrade openlive`);
    this.name = "SchemaTooNewError";
  }
}

/** Migrates and returns the schema version afterwards (the highest applied). */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<number> {
  checkOrder(migrations);
  const newest = migrations.at(-1)?.version ?? 0;
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const applied = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    const newestApplied = Math.max(0, ...applied);
    if (newestApplied > newest) throw new SchemaTooNewError(newestApplied, newest);
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [migration.version, migration.description]);
    }
    return Math.max(newestApplied, newest);
  });
}

/** The schema version of a database that migratePostgres has migrated. */
export async function schemaVersionOf(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
  return result.rows[0]?.v ?? 0;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isInteger(migration.version) || migration.version <= 0 || (previous && migration.version <= previous.version)) {
      throw new Error(`migration versions must be positive integers in increasing order; ${migration.version} ("${migration.description}") is not`);
    }
  });
}
