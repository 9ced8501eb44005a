// Where a postgres:// URL points, for messages: host:port and database, never the user's
// password. Parts the URL leaves out come from the PG* environment variables, as libpq
// and `pg` fill them (PostgreSQL docs §34.15 "Environment Variables").

import { redactSecrets, urlSecretForms } from "../../shared/redact-secrets.ts";

export interface PostgresTarget {
  /** "host:port" ([v6]:port for an IPv6 address). */
  readonly hostPort: string;
  readonly database: string;
}

export function postgresTarget(url: string, env: Readonly<Record<string, string | undefined>> = process.env): PostgresTarget {
  const parsed = new URL(url);
  const host = decodeURIComponent(parsed.hostname) || new URLSearchParams(parsed.search).get("host") || env.PGHOST || "localhost";
  const port = parsed.port || env.PGPORT || "5432";
  const user = decodeURIComponent(parsed.username) || env.PGUSER || "";
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || env.PGDATABASE || user || "postgres";
  return { hostPort: `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`, database };
}

/** One line naming the server and the cause, with any spelling of the password removed. */
export function describeStoreFailure(url: string, error: unknown, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const target = postgresTarget(url, env);
  const cause = error instanceof AggregateError && error.errors.length ? error.errors.map((e: Error) => e.message).join("; ") : (error as Error).message || String(error);
  const secrets = [...urlSecretForms(new URL(url)), ...(env.PGPASSWORD ? [env.PGPASSWORD] : [])];
  return `cannot use the PostgreSQL store at ${target.hostPort} (database "${target.database}"): ${redactSecrets(cause.replace(/\s+/g, " ").trim(), secrets)}`;
}
