// The PostgreSQL store (cluster mode): the Repository port on a `pg` pool, with the SQLite
// store's behaviour method by method. Several API nodes write the same database, so this
// class keeps no read cache: every read asks the database, and every write is one
// transaction whose constraints (primary keys on ports, UNIQUE input_id on attachments)
// hold whichever node writes. A method's promise resolves after COMMIT.

import pg from "pg";
import type { ChannelRecord } from "../../domain/channels/channel-record.ts";
import type {
  ChannelWriteOutcome,
  DeleteChannelOutcome,
  DeleteInputOutcome,
  DeleteIsgOutcome,
  EndpointRequest,
  InsertChannelOutcome,
  PageRequest,
  PortRangeSpec,
  Repository,
} from "../../domain/repository.ts";
import type { ChannelState, EndpointRecord, InputRecord, IsgRecord, Page, StoredScheduleAction } from "../../domain/records.ts";
import type { Migration } from "../migration.ts";
import { migratePostgres, schemaVersionOf } from "./migrate.ts";
import { STORE_MIGRATIONS } from "./migrations.ts";
import { inputDoc, pageOf, toPage } from "../store-rows.ts";
import { inTransaction } from "../../shared/postgres-transaction.ts";

type Queryable = pg.Pool | pg.PoolClient;
type Row = Record<string, unknown>;

/** The advisory lock class of port allocation; the second key is the address's hash. */
const PORT_LOCK_CLASS = 0x6f6c7074; // "olpt"

export interface PostgresRepositoryOptions {
  /** postgres:// URL; parts it leaves out come from the PG* environment variables, as libpq's do. */
  readonly connectionString: string;
  /** Defaults to the store's own; cluster mode passes the store's followed by its own. */
  readonly migrations?: readonly Migration[];
  /** Most connections this process holds. */
  readonly maxConnections?: number;
  /** How long to wait for a new connection before failing the call. */
  readonly connectTimeoutMs?: number;
  /** An idle pooled connection failed (server restart, network): the pool drops it and reconnects on demand. */
  readonly onIdleError?: (error: Error) => void;
}

export class PostgresRepository implements Repository {
  readonly #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Connects, migrates (see migrate.ts) and returns the store; rejects when the server cannot be reached. */
  static async open(options: PostgresRepositoryOptions): Promise<PostgresRepository> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    });
    // Without a listener an idle connection's error would be an uncaught exception.
    pool.on("error", (error) => options.onIdleError?.(error));
    try {
      await migratePostgres(pool, options.migrations ?? STORE_MIGRATIONS);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresRepository(pool);
  }

  /** Schema version (for tests and `openlive status`). */
  schemaVersion(): Promise<number> {
    return schemaVersionOf(this.#pool);
  }

  async idExists(id: string): Promise<boolean> {
    return (await this.#pool.query("SELECT 1 FROM resource_ids WHERE id = $1", [id])).rowCount === 1;
  }

  async insertIsg(isg: IsgRecord): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query("INSERT INTO resource_ids (id, kind) VALUES ($1, 'inputSecurityGroup')", [isg.id]);
      await client.query("INSERT INTO input_security_groups (id, doc) VALUES ($1, $2)", [isg.id, JSON.stringify(isg)]);
    });
  }

  async getIsg(id: string): Promise<IsgRecord | undefined> {
    const row = (await this.#pool.query("SELECT doc FROM input_security_groups WHERE id = $1", [id])).rows[0] as Row | undefined;
    return row ? (row.doc as IsgRecord) : undefined;
  }

  async listIsgs(page: PageRequest): Promise<Page<IsgRecord>> {
    const rows = await this.#page("SELECT seq, doc FROM input_security_groups WHERE deleted_at_ms IS NULL AND seq > $1 ORDER BY seq LIMIT $2", page);
    return toPage(rows, page.limit, (row) => row.doc as IsgRecord);
  }

  async updateIsg(isg: IsgRecord): Promise<boolean> {
    const result = await this.#pool.query("UPDATE input_security_groups SET doc = $1 WHERE id = $2 AND deleted_at_ms IS NULL", [JSON.stringify(isg), isg.id]);
    return result.rowCount === 1;
  }

  async deleteIsg(id: string, nowMs: number): Promise<DeleteIsgOutcome> {
    return inTransaction(this.#pool, async (client): Promise<DeleteIsgOutcome> => {
      // FOR UPDATE: an input created meanwhile on another node waits (its use row references this one).
      const row = (await client.query("SELECT doc FROM input_security_groups WHERE id = $1 AND deleted_at_ms IS NULL FOR UPDATE", [id])).rows[0] as Row | undefined;
      if (!row) return { kind: "not-found" };
      const inputIds = await isgInputs(client, id);
      if (inputIds.length) return { kind: "in-use", inputIds };
      const doc = { ...(row.doc as IsgRecord), deletedAtMs: nowMs };
      await client.query("UPDATE input_security_groups SET doc = $1, deleted_at_ms = $2 WHERE id = $3", [JSON.stringify(doc), nowMs, id]);
      return { kind: "deleted" };
    });
  }

  async inputsUsingIsg(id: string): Promise<readonly string[]> {
    return isgInputs(this.#pool, id);
  }

  async insertInput(input: Omit<InputRecord, "endpoints">, endpointRequests: readonly EndpointRequest[], range: PortRangeSpec): Promise<InputRecord | undefined> {
    try {
      return await inTransaction(this.#pool, async (client): Promise<InputRecord> => {
        await client.query("INSERT INTO resource_ids (id, kind) VALUES ($1, 'input')", [input.id]);
        // A concurrent insert with this request_id makes this one wait for it, then skip.
        const inserted = await client.query("INSERT INTO inputs (id, doc, request_id) VALUES ($1, $2, $3) ON CONFLICT (request_id) DO NOTHING", [input.id, inputDoc(input), input.requestId ?? null]);
        if (inserted.rowCount !== 1) throw new RequestReplayed();
        await insertIsgUses(client, input.id, input.securityGroupIds);
        // Allocation reads the free ports and then takes them: two API nodes allocating on one
        // address at once would pick the same port and one would fail on the primary key. A
        // transaction-level advisory lock per address (sorted: no deadlock) makes them queue.
        for (const address of [...new Set(endpointRequests.map((r) => r.address))].sort()) {
          await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [PORT_LOCK_CLASS, address]);
        }
        const endpoints: EndpointRecord[] = [];
        for (const request of endpointRequests) {
          const port = await findFreePort(client, request, range);
          if (port === undefined) throw new NoFreePorts();
          await client.query("INSERT INTO port_reservations (address, port, input_id) SELECT $1, p, $2 FROM generate_series($3::integer, $4::integer) AS p", [
            request.address,
            input.id,
            port,
            port + request.span - 1,
          ]);
          await client.query("INSERT INTO endpoints (input_id, pipeline, address, port) VALUES ($1, $2, $3, $4)", [input.id, request.pipeline, request.address, port]);
          endpoints.push({ pipeline: request.pipeline, address: request.address, port });
        }
        return { ...input, endpoints };
      });
    } catch (error) {
      if (error instanceof NoFreePorts) return undefined;
      if (error instanceof RequestReplayed && input.requestId !== undefined) return this.getInputByRequestId(input.requestId);
      throw error;
    }
  }

  async getInput(id: string): Promise<InputRecord | undefined> {
    const row = (await this.#pool.query("SELECT id, doc FROM inputs WHERE id = $1", [id])).rows[0] as Row | undefined;
    return row ? inputFromRow(this.#pool, row) : undefined;
  }

  async getInputByRequestId(requestId: string): Promise<InputRecord | undefined> {
    const row = (await this.#pool.query("SELECT id, doc FROM inputs WHERE request_id = $1", [requestId])).rows[0] as Row | undefined;
    return row ? inputFromRow(this.#pool, row) : undefined;
  }

  async listInputs(page: PageRequest): Promise<Page<InputRecord>> {
    const rows = await this.#page("SELECT seq, id, doc FROM inputs WHERE deleted_at_ms IS NULL AND seq > $1 ORDER BY seq LIMIT $2", page);
    return pageOf(await inputsFromRows(this.#pool, rows.slice(0, page.limit)), rows, page.limit);
  }

  async updateInput(input: InputRecord): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const result = await client.query("UPDATE inputs SET doc = $1 WHERE id = $2 AND deleted_at_ms IS NULL", [inputDoc(input), input.id]);
      if (result.rowCount !== 1) return false;
      await client.query("DELETE FROM input_security_group_uses WHERE input_id = $1", [input.id]);
      await insertIsgUses(client, input.id, input.securityGroupIds);
      return true;
    });
  }

  async deleteInput(id: string, nowMs: number): Promise<DeleteInputOutcome> {
    return inTransaction(this.#pool, async (client): Promise<DeleteInputOutcome> => {
      // FOR UPDATE: an attachment being made on another node (FOR SHARE in #attach) finishes first.
      const row = (await client.query("SELECT id, doc FROM inputs WHERE id = $1 AND deleted_at_ms IS NULL FOR UPDATE", [id])).rows[0] as Row | undefined;
      if (!row) return { kind: "not-found" };
      const input = await inputFromRow(client, row);
      if (input.attachedChannelIds.length) return { kind: "attached", channelIds: input.attachedChannelIds };
      await client.query("UPDATE inputs SET doc = $1, deleted_at_ms = $2 WHERE id = $3", [inputDoc({ ...input, deletedAtMs: nowMs }), nowMs, id]);
      await client.query("DELETE FROM input_security_group_uses WHERE input_id = $1", [id]);
      await client.query("DELETE FROM port_reservations WHERE input_id = $1", [id]);
      return { kind: "deleted" };
    });
  }

  async allEndpoints(): Promise<readonly (EndpointRecord & { readonly inputId: string })[]> {
    const { rows } = await this.#pool.query("SELECT e.input_id, e.pipeline, e.address, e.port FROM endpoints e JOIN inputs i ON i.id = e.input_id WHERE i.deleted_at_ms IS NULL ORDER BY i.seq, e.pipeline");
    return (rows as Row[]).map((r) => ({ inputId: String(r.input_id), ...endpointFromRow(r) }));
  }

  async insertChannel(channel: ChannelRecord, inputIds: readonly string[]): Promise<InsertChannelOutcome> {
    const outcome = await this.#writeChannel(async (client) => {
      await client.query("INSERT INTO resource_ids (id, kind) VALUES ($1, 'channel')", [channel.id]);
      // A concurrent insert with this request_id makes this one wait for it, then skip.
      const inserted = await client.query("INSERT INTO channels (id, doc, request_id) VALUES ($1, $2, $3) ON CONFLICT (request_id) DO NOTHING", [channel.id, JSON.stringify(channel), channel.requestId ?? null]);
      if (inserted.rowCount !== 1) throw new RequestReplayed();
      return attach(client, channel.id, inputIds);
    }).catch((error: unknown) => {
      if (error instanceof RequestReplayed) return undefined;
      throw error;
    });
    if (outcome !== undefined) return outcome;
    const record = channel.requestId === undefined ? undefined : await this.getChannelByRequestId(channel.requestId);
    if (!record) throw new Error(`channel request ${channel.requestId} was stored and then vanished`);
    return { kind: "request-replayed", record };
  }

  async getChannel(id: string): Promise<ChannelRecord | undefined> {
    const row = (await this.#pool.query("SELECT doc FROM channels WHERE id = $1", [id])).rows[0] as Row | undefined;
    return row ? (row.doc as ChannelRecord) : undefined;
  }

  async getChannelByRequestId(requestId: string): Promise<ChannelRecord | undefined> {
    const row = (await this.#pool.query("SELECT doc FROM channels WHERE request_id = $1", [requestId])).rows[0] as Row | undefined;
    return row ? (row.doc as ChannelRecord) : undefined;
  }

  async listChannels(page: PageRequest): Promise<Page<ChannelRecord>> {
    const rows = await this.#page("SELECT seq, doc FROM channels WHERE deleted_at_ms IS NULL AND seq > $1 ORDER BY seq LIMIT $2", page);
    return toPage(rows, page.limit, (row) => row.doc as ChannelRecord);
  }

  async updateChannel(channel: ChannelRecord, inputIds: readonly string[]): Promise<ChannelWriteOutcome> {
    return this.#writeChannel(async (client) => {
      const result = await client.query("UPDATE channels SET doc = $1 WHERE id = $2 AND deleted_at_ms IS NULL", [JSON.stringify(channel), channel.id]);
      if (result.rowCount !== 1) return { kind: "not-found" };
      await client.query("DELETE FROM channel_attachments WHERE channel_id = $1", [channel.id]);
      return attach(client, channel.id, inputIds);
    });
  }

  async setChannelState(id: string, state: ChannelState): Promise<ChannelRecord | undefined> {
    return inTransaction(this.#pool, async (client): Promise<ChannelRecord | undefined> => {
      const row = (await client.query("SELECT doc FROM channels WHERE id = $1 AND deleted_at_ms IS NULL FOR UPDATE", [id])).rows[0] as Row | undefined;
      if (!row) return undefined;
      const record: ChannelRecord = { ...(row.doc as ChannelRecord), state };
      await client.query("UPDATE channels SET doc = $1 WHERE id = $2", [JSON.stringify(record), id]);
      return record;
    });
  }

  async deleteChannel(id: string, nowMs: number): Promise<DeleteChannelOutcome> {
    return inTransaction(this.#pool, async (client): Promise<DeleteChannelOutcome> => {
      const row = (await client.query("SELECT doc FROM channels WHERE id = $1 AND deleted_at_ms IS NULL FOR UPDATE", [id])).rows[0] as Row | undefined;
      if (!row) return { kind: "not-found" };
      const record: ChannelRecord = { ...(row.doc as ChannelRecord), state: "DELETED", deletedAtMs: nowMs };
      await client.query("UPDATE channels SET doc = $1, deleted_at_ms = $2 WHERE id = $3", [JSON.stringify(record), nowMs, id]);
      await client.query("DELETE FROM channel_attachments WHERE channel_id = $1", [id]);
      await client.query("DELETE FROM schedule_actions WHERE channel_id = $1", [id]);
      return { kind: "deleted", record };
    });
  }

  async getSchedule(channelId: string): Promise<readonly StoredScheduleAction[]> {
    const { rows } = await this.#pool.query("SELECT doc FROM schedule_actions WHERE channel_id = $1 ORDER BY position", [channelId]);
    return (rows as Row[]).map((r) => r.doc as StoredScheduleAction);
  }

  async replaceSchedule(channelId: string, actions: readonly StoredScheduleAction[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query("DELETE FROM schedule_actions WHERE channel_id = $1", [channelId]);
      if (actions.length === 0) return;
      await client.query("INSERT INTO schedule_actions (channel_id, position, doc) SELECT $1, ord - 1, doc FROM unnest($2::json[]) WITH ORDINALITY AS a(doc, ord)", [
        channelId,
        actions.map((action) => JSON.stringify(action)),
      ]);
    });
  }

  async #page(sql: string, page: PageRequest): Promise<Row[]> {
    return (await this.#pool.query(sql, [page.after ?? 0, page.limit + 1])).rows as Row[];
  }

  async #writeChannel(write: (client: pg.PoolClient) => Promise<ChannelWriteOutcome>): Promise<ChannelWriteOutcome> {
    try {
      return await inTransaction(this.#pool, write);
    } catch (error) {
      if (error instanceof InputsTaken) return { kind: "inputs-taken", inputIds: error.inputIds };
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

/** Thrown inside a transaction to roll it back when the port range is full. */
class NoFreePorts extends Error {}

/** Thrown inside a transaction to roll it back when another call stored the same request first. */
class RequestReplayed extends Error {}

/** Thrown inside a transaction to roll it back when another channel holds an input. */
class InputsTaken extends Error {
  constructor(readonly inputIds: readonly string[]) {
    super(`inputs attached to another channel: ${inputIds.join(", ")}`);
  }
}

/** The lowest aligned first port whose whole span is free on the address, inside the range. */
async function findFreePort(client: pg.PoolClient, request: EndpointRequest, range: PortRangeSpec): Promise<number | undefined> {
  const start = Math.ceil(range.first / request.alignment) * request.alignment;
  const { rows } = await client.query(
    `SELECT p FROM generate_series($1::integer, $2::integer, $3::integer) AS p
     WHERE NOT EXISTS (SELECT 1 FROM port_reservations r WHERE r.address = $4 AND r.port BETWEEN p AND p + $5::integer - 1)
     ORDER BY p LIMIT 1`,
    [start, range.last - request.span + 1, request.alignment, request.address, request.span],
  );
  const row = rows[0] as Row | undefined;
  return row ? Number(row.p) : undefined;
}

/**
 * Attaches inputs inside the caller's transaction; reports inputs another channel holds.
 * The UNIQUE on input_id decides: a concurrent attachment on another node makes this
 * insert wait for that transaction and then skip the row (ON CONFLICT DO NOTHING), and the
 * holder read afterwards names the winner.
 */
async function attach(client: pg.PoolClient, channelId: string, inputIds: readonly string[]): Promise<ChannelWriteOutcome> {
  const distinct = [...new Set(inputIds)];
  // FOR SHARE: an input being deleted on another node (FOR UPDATE) is not attached meanwhile.
  await client.query("SELECT 1 FROM inputs WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE", [distinct]);
  const taken: string[] = [];
  for (const inputId of distinct) {
    const inserted = await client.query("INSERT INTO channel_attachments (channel_id, input_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [channelId, inputId]);
    if (inserted.rowCount === 1) continue;
    const holder = (await client.query("SELECT channel_id FROM channel_attachments WHERE input_id = $1", [inputId])).rows[0] as Row | undefined;
    if (holder !== undefined && String(holder.channel_id) !== channelId) taken.push(inputId);
  }
  if (taken.length) throw new InputsTaken(taken);
  return { kind: "ok" };
}

async function isgInputs(db: Queryable, isgId: string): Promise<string[]> {
  const { rows } = await db.query("SELECT u.input_id AS id FROM input_security_group_uses u JOIN inputs i ON i.id = u.input_id WHERE u.isg_id = $1 ORDER BY i.seq", [isgId]);
  return (rows as Row[]).map((r) => String(r.id));
}

async function insertIsgUses(client: pg.PoolClient, inputId: string, isgIds: readonly string[]): Promise<void> {
  if (isgIds.length === 0) return;
  await client.query("INSERT INTO input_security_group_uses (input_id, isg_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING", [inputId, [...isgIds]]);
}

async function inputFromRow(db: Queryable, row: Row): Promise<InputRecord> {
  const [input] = await inputsFromRows(db, [row]);
  return input!;
}

/** Input records with their endpoints and attachments, read in two queries for all the rows. */
async function inputsFromRows(db: Queryable, rows: readonly Row[]): Promise<InputRecord[]> {
  const ids = rows.map((row) => String(row.id));
  if (ids.length === 0) return [];
  const endpointRows = (await db.query("SELECT input_id, pipeline, address, port FROM endpoints WHERE input_id = ANY($1::text[]) ORDER BY pipeline", [ids])).rows as Row[];
  const attachmentRows = (await db.query("SELECT input_id, channel_id FROM channel_attachments WHERE input_id = ANY($1::text[]) ORDER BY channel_id", [ids])).rows as Row[];
  return rows.map((row) => {
    const id = String(row.id);
    return {
      ...(row.doc as InputRecord),
      endpoints: endpointRows.filter((r) => r.input_id === id).map(endpointFromRow),
      attachedChannelIds: attachmentRows.filter((r) => r.input_id === id).map((r) => String(r.channel_id)),
    };
  });
}

function endpointFromRow(row: Row): EndpointRecord {
  return { pipeline: Number(row.pipeline) as 0 | 1, address: String(row.address), port: Number(row.port) };
}

