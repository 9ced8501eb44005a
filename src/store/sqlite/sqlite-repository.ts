// The embedded store: SQLite through better-sqlite3, in WAL mode with synchronous=FULL
// so a committed change survives a crash or power loss before the API answers.
// better-sqlite3 is synchronous; each method runs in one transaction and the promise
// resolves after COMMIT.

import Database from "better-sqlite3";
import { restrictFiles, sqliteFiles } from "../../config/data-dir.ts";
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
import { inputDoc, toPage } from "../store-rows.ts";
import { MIGRATIONS } from "./migrations.ts";

type Row = Record<string, unknown>;

export class SqliteRepository implements Repository {
  readonly #db: Database.Database;
  /** Statements are compiled once: preparing costs more than running them. */
  readonly #statements = new Map<string, Database.Statement>();
  // Read caches. This process is the only writer of its database, so a record read once
  // stays true until this class writes it; every write drops what it may have changed.
  readonly #inputCache = new Map<string, InputRecord>();
  readonly #isgCache = new Map<string, IsgRecord>();
  readonly #isgUsageCache = new Map<string, string[]>();
  /** ListInputs pages by (after, limit): the same page object until an input changes. */
  readonly #inputPageCache = new Map<string, Page<InputRecord>>();
  readonly #channelCache = new Map<string, ChannelRecord>();
  #closed = false;

  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.pragma("foreign_keys = ON");
    this.#db.pragma("busy_timeout = 5000");
    migrate(this.#db);
    // The database holds every resource (passwordParam names, destinations): owner only,
    // whatever the umask. SQLite creates later -wal/-shm files with the database's mode.
    restrictFiles(sqliteFiles(file));
  }

  #stmt(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }

  /** Schema version after migrations (for tests and `openlive status`). */
  schemaVersion(): number {
    return (this.#stmt("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number }).v;
  }

  async idExists(id: string): Promise<boolean> {
    return this.#stmt("SELECT 1 FROM resource_ids WHERE id = ?").get(id) !== undefined;
  }

  async insertIsg(isg: IsgRecord): Promise<void> {
    this.#isgCache.delete(isg.id);
    this.#db.transaction(() => {
      this.#stmt("INSERT INTO resource_ids (id, kind) VALUES (?, 'inputSecurityGroup')").run(isg.id);
      this.#stmt("INSERT INTO input_security_groups (id, doc) VALUES (?, ?)").run(isg.id, JSON.stringify(isg));
    })();
  }

  async getIsg(id: string): Promise<IsgRecord | undefined> {
    const cached = this.#isgCache.get(id);
    if (cached) return cached;
    const row = this.#stmt("SELECT doc, deleted_at_ms FROM input_security_groups WHERE id = ?").get(id) as Row | undefined;
    if (!row) return undefined;
    const record = isgFromRow(row);
    this.#isgCache.set(id, record);
    return record;
  }

  async listIsgs(page: PageRequest): Promise<Page<IsgRecord>> {
    const rows = this.#stmt("SELECT seq, doc, deleted_at_ms FROM input_security_groups WHERE deleted_at_ms IS NULL AND seq > ? ORDER BY seq LIMIT ?")
      .all(page.after ?? 0, page.limit + 1) as Row[];
    return toPage(rows, page.limit, isgFromRow);
  }

  async updateIsg(isg: IsgRecord): Promise<boolean> {
    this.#isgCache.delete(isg.id);
    const result = this.#stmt("UPDATE input_security_groups SET doc = ? WHERE id = ? AND deleted_at_ms IS NULL").run(JSON.stringify(isg), isg.id);
    return result.changes === 1;
  }

  async deleteIsg(id: string, nowMs: number): Promise<DeleteIsgOutcome> {
    this.#isgCache.delete(id);
    return this.#db.transaction((): DeleteIsgOutcome => {
      const row = this.#stmt("SELECT doc FROM input_security_groups WHERE id = ? AND deleted_at_ms IS NULL").get(id) as Row | undefined;
      if (!row) return { kind: "not-found" };
      const inputIds = this.#isgInputs(id);
      if (inputIds.length) return { kind: "in-use", inputIds };
      const doc = { ...(JSON.parse(String(row.doc)) as IsgRecord), deletedAtMs: nowMs };
      this.#stmt("UPDATE input_security_groups SET doc = ?, deleted_at_ms = ? WHERE id = ?").run(JSON.stringify(doc), nowMs, id);
      return { kind: "deleted" };
    })();
  }

  async inputsUsingIsg(id: string): Promise<readonly string[]> {
    return this.#isgInputs(id);
  }

  #isgInputs(isgId: string): string[] {
    const cached = this.#isgUsageCache.get(isgId);
    if (cached) return [...cached];
    const rows = this.#stmt("SELECT u.input_id AS id FROM input_security_group_uses u JOIN inputs i ON i.id = u.input_id WHERE u.isg_id = ? ORDER BY i.seq")
      .all(isgId) as Row[];
    const inputIds = rows.map((r) => String(r.id));
    this.#isgUsageCache.set(isgId, inputIds);
    return [...inputIds];
  }

  /** Drops cached inputs (all of them when no IDs are given) and the ISG usage derived from them. */
  #forgetInputs(ids?: readonly string[]): void {
    if (ids) for (const id of ids) this.#inputCache.delete(id);
    else this.#inputCache.clear();
    this.#isgUsageCache.clear();
    this.#inputPageCache.clear();
  }

  async insertInput(input: Omit<InputRecord, "endpoints">, endpointRequests: readonly EndpointRequest[], range: PortRangeSpec): Promise<InputRecord | undefined> {
    this.#forgetInputs([input.id]);
    // A request stored meanwhile: that input (read synchronously, so nothing runs between this check and the insert).
    const earlier = input.requestId === undefined ? undefined : (this.#stmt("SELECT id, doc, deleted_at_ms FROM inputs WHERE request_id = ?").get(input.requestId) as Row | undefined);
    if (earlier) return this.#inputFromRow(earlier);
    const insert = this.#db.transaction((): InputRecord => {
      this.#stmt("INSERT INTO resource_ids (id, kind) VALUES (?, 'input')").run(input.id);
      this.#stmt("INSERT INTO inputs (id, doc, request_id) VALUES (?, ?, ?)").run(input.id, inputDoc(input), input.requestId ?? null);
      for (const isgId of input.securityGroupIds) {
        this.#stmt("INSERT OR IGNORE INTO input_security_group_uses (input_id, isg_id) VALUES (?, ?)").run(input.id, isgId);
      }
      const endpoints: EndpointRecord[] = [];
      for (const request of endpointRequests) {
        const port = this.#findFreePort(request, range);
        if (port === undefined) throw new NoFreePorts();
        for (let offset = 0; offset < request.span; offset++) {
          this.#stmt("INSERT INTO port_reservations (address, port, input_id) VALUES (?, ?, ?)").run(request.address, port + offset, input.id);
        }
        this.#stmt("INSERT INTO endpoints (input_id, pipeline, address, port) VALUES (?, ?, ?, ?)").run(input.id, request.pipeline, request.address, port);
        endpoints.push({ pipeline: request.pipeline, address: request.address, port });
      }
      return { ...input, endpoints };
    });
    try {
      return insert();
    } catch (error) {
      if (error instanceof NoFreePorts) return undefined;
      throw error;
    }
  }

  #findFreePort(request: EndpointRequest, range: PortRangeSpec): number | undefined {
    const taken = new Set(
      (this.#stmt("SELECT port FROM port_reservations WHERE address = ? AND port BETWEEN ? AND ?").all(request.address, range.first, range.last) as Row[]).map((r) => Number(r.port)),
    );
    const start = Math.ceil(range.first / request.alignment) * request.alignment;
    for (let port = start; port + request.span - 1 <= range.last; port += request.alignment) {
      let free = true;
      for (let offset = 0; offset < request.span && free; offset++) free = !taken.has(port + offset);
      if (free) return port;
    }
    return undefined;
  }

  async getInput(id: string): Promise<InputRecord | undefined> {
    const cached = this.#inputCache.get(id);
    if (cached) return cached;
    const row = this.#stmt("SELECT id, doc, deleted_at_ms FROM inputs WHERE id = ?").get(id) as Row | undefined;
    return row ? this.#inputFromRow(row) : undefined;
  }

  async getInputByRequestId(requestId: string): Promise<InputRecord | undefined> {
    const row = this.#stmt("SELECT id, doc, deleted_at_ms FROM inputs WHERE request_id = ?").get(requestId) as Row | undefined;
    return row ? this.#inputFromRow(row) : undefined;
  }

  async listInputs(page: PageRequest): Promise<Page<InputRecord>> {
    const key = `${page.after ?? 0}/${page.limit}`;
    const cached = this.#inputPageCache.get(key);
    if (cached) return cached;
    const rows = this.#stmt("SELECT seq, id, doc, deleted_at_ms FROM inputs WHERE deleted_at_ms IS NULL AND seq > ? ORDER BY seq LIMIT ?")
      .all(page.after ?? 0, page.limit + 1) as Row[];
    const result = toPage(rows, page.limit, (row) => this.#inputFromRow(row));
    // Bounded: clients page with few distinct (after, limit) pairs between two writes.
    if (this.#inputPageCache.size >= 256) this.#inputPageCache.clear();
    this.#inputPageCache.set(key, result);
    return result;
  }

  async updateInput(input: InputRecord): Promise<boolean> {
    this.#forgetInputs([input.id]);
    return this.#db.transaction((): boolean => {
      const result = this.#stmt("UPDATE inputs SET doc = ? WHERE id = ? AND deleted_at_ms IS NULL").run(inputDoc(input), input.id);
      if (result.changes !== 1) return false;
      this.#stmt("DELETE FROM input_security_group_uses WHERE input_id = ?").run(input.id);
      for (const isgId of input.securityGroupIds) {
        this.#stmt("INSERT OR IGNORE INTO input_security_group_uses (input_id, isg_id) VALUES (?, ?)").run(input.id, isgId);
      }
      return true;
    })();
  }

  async deleteInput(id: string, nowMs: number): Promise<DeleteInputOutcome> {
    this.#forgetInputs([id]);
    try {
      return this.#deleteInputTransaction(id, nowMs);
    } finally {
      // The transaction read the record before marking it deleted: forget that copy too.
      this.#forgetInputs([id]);
    }
  }

  #deleteInputTransaction(id: string, nowMs: number): DeleteInputOutcome {
    return this.#db.transaction((): DeleteInputOutcome => {
      const row = this.#stmt("SELECT id, doc, deleted_at_ms FROM inputs WHERE id = ? AND deleted_at_ms IS NULL").get(id) as Row | undefined;
      if (!row) return { kind: "not-found" };
      const input = this.#inputFromRow(row);
      if (input.attachedChannelIds.length) return { kind: "attached", channelIds: input.attachedChannelIds };
      this.#stmt("UPDATE inputs SET doc = ?, deleted_at_ms = ? WHERE id = ?").run(inputDoc({ ...input, deletedAtMs: nowMs }), nowMs, id);
      this.#stmt("DELETE FROM input_security_group_uses WHERE input_id = ?").run(id);
      this.#stmt("DELETE FROM port_reservations WHERE input_id = ?").run(id);
      return { kind: "deleted" };
    })();
  }

  async allEndpoints(): Promise<readonly (EndpointRecord & { readonly inputId: string })[]> {
    const rows = this.#stmt("SELECT e.input_id, e.pipeline, e.address, e.port FROM endpoints e JOIN inputs i ON i.id = e.input_id WHERE i.deleted_at_ms IS NULL ORDER BY i.seq, e.pipeline")
      .all() as Row[];
    return rows.map((r) => ({ inputId: String(r.input_id), pipeline: Number(r.pipeline) as 0 | 1, address: String(r.address), port: Number(r.port) }));
  }

  #inputFromRow(row: Row): InputRecord {
    const id = String(row.id);
    const cached = this.#inputCache.get(id);
    if (cached) return cached;
    const doc = JSON.parse(String(row.doc)) as InputRecord;
    const endpoints = (this.#stmt("SELECT pipeline, address, port FROM endpoints WHERE input_id = ? ORDER BY pipeline").all(id) as Row[]).map(
      (r): EndpointRecord => ({ pipeline: Number(r.pipeline) as 0 | 1, address: String(r.address), port: Number(r.port) }),
    );
    const attachedChannelIds = (this.#stmt("SELECT channel_id FROM channel_attachments WHERE input_id = ?").all(id) as Row[]).map((r) => String(r.channel_id));
    const record = { ...doc, endpoints, attachedChannelIds };
    this.#inputCache.set(id, record);
    return record;
  }

  async insertChannel(channel: ChannelRecord, inputIds: readonly string[]): Promise<InsertChannelOutcome> {
    this.#forgetChannel(channel.id);
    // A request stored meanwhile (its creation awaited between lookup and insert): a retry.
    // Read synchronously, so nothing runs between this check and the insert.
    const earlier = channel.requestId === undefined ? undefined : (this.#stmt("SELECT doc FROM channels WHERE request_id = ?").get(channel.requestId) as Row | undefined);
    if (earlier) return { kind: "request-replayed", record: JSON.parse(String(earlier.doc)) as ChannelRecord };
    return this.#writeChannel(() => {
      this.#stmt("INSERT INTO resource_ids (id, kind) VALUES (?, 'channel')").run(channel.id);
      this.#stmt("INSERT INTO channels (id, doc, request_id) VALUES (?, ?, ?)").run(channel.id, JSON.stringify(channel), channel.requestId ?? null);
      return this.#attach(channel.id, inputIds);
    });
  }

  async getChannel(id: string): Promise<ChannelRecord | undefined> {
    const cached = this.#channelCache.get(id);
    if (cached) return cached;
    const row = this.#stmt("SELECT doc FROM channels WHERE id = ?").get(id) as Row | undefined;
    if (!row) return undefined;
    const record = JSON.parse(String(row.doc)) as ChannelRecord;
    this.#channelCache.set(id, record);
    return record;
  }

  async getChannelByRequestId(requestId: string): Promise<ChannelRecord | undefined> {
    const row = this.#stmt("SELECT doc FROM channels WHERE request_id = ?").get(requestId) as Row | undefined;
    return row ? (JSON.parse(String(row.doc)) as ChannelRecord) : undefined;
  }

  async listChannels(page: PageRequest): Promise<Page<ChannelRecord>> {
    const rows = this.#stmt("SELECT seq, doc FROM channels WHERE deleted_at_ms IS NULL AND seq > ? ORDER BY seq LIMIT ?")
      .all(page.after ?? 0, page.limit + 1) as Row[];
    return toPage(rows, page.limit, (row) => JSON.parse(String(row.doc)) as ChannelRecord);
  }

  async updateChannel(channel: ChannelRecord, inputIds: readonly string[]): Promise<ChannelWriteOutcome> {
    this.#forgetChannel(channel.id);
    return this.#writeChannel(() => {
      const result = this.#stmt("UPDATE channels SET doc = ? WHERE id = ? AND deleted_at_ms IS NULL").run(JSON.stringify(channel), channel.id);
      if (result.changes !== 1) return { kind: "not-found" };
      this.#stmt("DELETE FROM channel_attachments WHERE channel_id = ?").run(channel.id);
      return this.#attach(channel.id, inputIds);
    });
  }

  async setChannelState(id: string, state: ChannelState): Promise<ChannelRecord | undefined> {
    this.#forgetChannel(id);
    return this.#db.transaction((): ChannelRecord | undefined => {
      const row = this.#stmt("SELECT doc FROM channels WHERE id = ? AND deleted_at_ms IS NULL").get(id) as Row | undefined;
      if (!row) return undefined;
      const record: ChannelRecord = { ...(JSON.parse(String(row.doc)) as ChannelRecord), state };
      this.#stmt("UPDATE channels SET doc = ? WHERE id = ?").run(JSON.stringify(record), id);
      return record;
    })();
  }

  async deleteChannel(id: string, nowMs: number): Promise<DeleteChannelOutcome> {
    this.#forgetChannel(id);
    return this.#db.transaction((): DeleteChannelOutcome => {
      const row = this.#stmt("SELECT doc FROM channels WHERE id = ? AND deleted_at_ms IS NULL").get(id) as Row | undefined;
      if (!row) return { kind: "not-found" };
      const record: ChannelRecord = { ...(JSON.parse(String(row.doc)) as ChannelRecord), state: "DELETED", deletedAtMs: nowMs };
      this.#stmt("UPDATE channels SET doc = ?, deleted_at_ms = ? WHERE id = ?").run(JSON.stringify(record), nowMs, id);
      this.#stmt("DELETE FROM channel_attachments WHERE channel_id = ?").run(id);
      this.#stmt("DELETE FROM schedule_actions WHERE channel_id = ?").run(id);
      return { kind: "deleted", record };
    })();
  }

  async getSchedule(channelId: string): Promise<readonly StoredScheduleAction[]> {
    const rows = this.#stmt("SELECT doc FROM schedule_actions WHERE channel_id = ? ORDER BY position").all(channelId) as Row[];
    return rows.map((r) => JSON.parse(String(r.doc)) as StoredScheduleAction);
  }

  async replaceSchedule(channelId: string, actions: readonly StoredScheduleAction[]): Promise<void> {
    this.#db.transaction(() => {
      this.#stmt("DELETE FROM schedule_actions WHERE channel_id = ?").run(channelId);
      const insert = this.#stmt("INSERT INTO schedule_actions (channel_id, position, doc) VALUES (?, ?, ?)");
      actions.forEach((action, position) => insert.run(channelId, position, JSON.stringify(action)));
    })();
  }

  /** A channel write changes its record and the attachments shown on inputs. */
  #forgetChannel(id: string): void {
    this.#channelCache.delete(id);
    this.#forgetInputs();
  }

  /** Attaches inputs inside the caller's transaction; reports inputs another channel holds. */
  #attach(channelId: string, inputIds: readonly string[]): ChannelWriteOutcome {
    const taken = inputIds.filter((inputId) => {
      const holder = this.#stmt("SELECT channel_id FROM channel_attachments WHERE input_id = ?").get(inputId) as Row | undefined;
      return holder !== undefined && String(holder.channel_id) !== channelId;
    });
    if (taken.length) throw new InputsTaken(taken);
    const insert = this.#stmt("INSERT OR IGNORE INTO channel_attachments (channel_id, input_id) VALUES (?, ?)");
    for (const inputId of inputIds) insert.run(channelId, inputId);
    return { kind: "ok" };
  }

  #writeChannel(write: () => ChannelWriteOutcome): ChannelWriteOutcome {
    try {
      return this.#db.transaction(write)();
    } catch (error) {
      if (error instanceof InputsTaken) return { kind: "inputs-taken", inputIds: error.inputIds };
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/** Thrown inside a transaction to roll it back when the port range is full. */
class NoFreePorts extends Error {}

/** Thrown inside a transaction to roll it back when another channel holds an input. */
class InputsTaken extends Error {
  constructor(readonly inputIds: readonly string[]) {
    super(`inputs attached to another channel: ${inputIds.join(", ")}`);
  }
}

function isgFromRow(row: Row): IsgRecord {
  return JSON.parse(String(row.doc)) as IsgRecord;
}


function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT");
  const applied = new Set((db.prepare("SELECT version FROM schema_migrations").all() as Row[]).map((r) => Number(r.version)));
  const newest = MIGRATIONS.at(-1)?.version ?? 0;
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length) throw new Error(`database schema version ${Math.max(...unknown)} is newer than this openlive (${newest}); upgrade openlive`);
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)").run(migration.version, migration.description, new Date().toISOString());
    })();
  }
}
