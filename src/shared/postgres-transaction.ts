// Runs a function in one transaction on one pooled connection: COMMIT when it returns,
// ROLLBACK when it throws, and the connection goes back to the pool either way (a broken
// one is destroyed rather than handed to the next caller).

import type pg from "pg";

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out connection that drops between two statements emits "error" on the client
  // (the pool listens only while it is idle); the next statement fails with it, so the event
  // needs no action, but unheard it would stop the process.
  const ignore = (): void => undefined;
  client.on("error", ignore);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError as Error;
    });
    throw error;
  } finally {
    client.off("error", ignore);
    client.release(broken);
  }
}

/** PostgreSQL's SQLSTATE of a failed statement (Appendix A "PostgreSQL Error Codes"). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
