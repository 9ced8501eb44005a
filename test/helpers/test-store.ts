// Which store the tests' services use: SQLite (the default) or, with
// OPENLIVE_TEST_STORE=postgres, a PostgreSQL database on a server this test file starts
// (one server per file, started on first use and stopped after the file's last test; one
// database per service). tools/run-tests.ts sets the variable for its second pass.

import { after } from "node:test";
import { startPostgresServer, type PostgresServer } from "./postgres-server.ts";

export const TEST_STORE_VARIABLE = "OPENLIVE_TEST_STORE";

export const TEST_STORE: "sqlite" | "postgres" = process.env[TEST_STORE_VARIABLE] === "postgres" ? "postgres" : "sqlite";

let server: Promise<PostgresServer> | undefined;
let databases = 0;
const beforeStop: (() => Promise<void>)[] = [];

if (TEST_STORE === "postgres") {
  after(async () => {
    // Services and repositories first: a pool whose server vanishes only logs errors.
    await Promise.allSettled(beforeStop.splice(0).map((close) => close()));
    await (await server?.catch(() => undefined))?.stop();
  });
}

/** A new, empty database on this file's PostgreSQL server (started on first call). */
export async function newTestDatabase(): Promise<string> {
  server ??= startPostgresServer();
  return (await server).createDatabase(`openlive_test_${process.pid}_${++databases}`);
}

/** Runs `close` after the file's tests, before the server stops (for helpers whose callers do not close what they get). */
export function closeBeforeServerStops(close: () => Promise<void>): void {
  beforeStop.push(close);
}
