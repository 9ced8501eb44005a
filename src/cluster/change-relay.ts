// Control-plane changes across the nodes of a cluster. Each process has its own change feed
// (domain/change-feed.ts): a BatchUpdateSchedule or an input security group edit answered by
// one API node must also reach the worker that runs the channel's pipeline, whose feed never
// saw it. The relay forwards the changes running pipelines act on through PostgreSQL's
// LISTEN/NOTIFY (PostgreSQL docs, "NOTIFY": delivered to every listening session after the
// sending transaction commits; payload under 8000 bytes) and re-emits the other nodes' changes
// on the local feed.
//
// NOTIFY is not durable: a node whose listening connection was down missed what was sent
// meanwhile, so after every reconnection it resynchronises (`onResync`: re-read the schedules
// and allow-lists it runs with); what it emitted itself while down is queued and sent then.

import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Logger } from "pino";
import type { ChangeFeed, ChangeFeedEvents } from "../domain/change-feed.ts";
import { Backoff, type BackoffOptions } from "../shared/backoff.ts";

/** The changes a running pipeline acts on; channel states and alerts travel through the cluster's tables instead. */
export const RELAYED_CHANGES = ["scheduleChanged", "isgChanged", "inputChanged", "pipelinesRestartRequested"] as const;
type RelayedChange = (typeof RELAYED_CHANGES)[number];

const NOTIFY_CHANNEL = "openlive_changes";
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;
/** Changes kept while the connection is down; past this the oldest go (the other nodes then miss them until their own resync). */
const MAX_QUEUED = 1_000;

export interface ChangeRelayOptions {
  readonly url: string;
  readonly nodeId: string;
  readonly changes: ChangeFeed;
  readonly logger: Logger;
  /** After a reconnection: whatever was missed must be re-read (the relay does not forward what this emits). */
  readonly onResync: () => void;
  readonly connectTimeoutMs?: number;
  /** A silent connection is checked this often (a listening session sends nothing by itself). */
  readonly pingIntervalMs?: number;
  readonly backoff?: BackoffOptions;
}

interface RelayedMessage {
  readonly origin: string;
  readonly event: RelayedChange;
  readonly payload: unknown;
}

export class ClusterChangeRelay {
  readonly #options: ChangeRelayOptions;
  /** This process's incarnation: its own notifications come back to it and are dropped. */
  readonly #origin: string;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #queued: string[] = [];
  readonly #backoff: Backoff;
  #client: pg.Client | undefined;
  #listening = false;
  #connectedOnce = false;
  /** Set while the relay itself emits on the local feed: those changes are not forwarded back. */
  #relaying = false;
  #timer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(options: ChangeRelayOptions) {
    this.#options = options;
    this.#origin = `${options.nodeId}/${randomUUID()}`;
    this.#backoff = new Backoff(options.backoff ?? { initialMs: 250, maxMs: 5_000, healthyAfterMs: 10_000 });
    for (const event of RELAYED_CHANGES) {
      this.#unsubscribe.push(options.changes.on(event, (payload) => this.#forward(event, payload)));
    }
  }

  /** Starts listening at once (in the background: a database that is down now is retried). */
  static start(options: ChangeRelayOptions): ClusterChangeRelay {
    const relay = new ClusterChangeRelay(options);
    relay.#connect();
    return relay;
  }

  /** Whether the listening session is up (tests wait on it). */
  get listening(): boolean {
    return this.#listening;
  }

  #forward(event: RelayedChange, payload: ChangeFeedEvents[RelayedChange]): void {
    if (this.#relaying || this.#closed) return;
    const text = JSON.stringify({ origin: this.#origin, event, payload } satisfies RelayedMessage);
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
      this.#options.logger.warn({ event, bytes: Buffer.byteLength(text) }, "cluster: a change too large to relay; other nodes see it at their next resync");
      return;
    }
    if (this.#listening && this.#client) this.#send(this.#client, text);
    else this.#queue(text);
  }

  #queue(text: string): void {
    this.#queued.push(text);
    if (this.#queued.length > MAX_QUEUED) this.#queued.shift();
  }

  #send(client: pg.Client, text: string): void {
    client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, text]).catch((error: unknown) => {
      this.#queue(text);
      this.#lost(client, error);
    });
  }

  #connect(): void {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#options.url,
      connectionTimeoutMillis: this.#options.connectTimeoutMs ?? 2_000,
      query_timeout: this.#options.connectTimeoutMs ?? 2_000,
      application_name: "openlive-change-relay",
    });
    this.#client = client;
    client.on("notification", (message) => {
      if (message.channel === NOTIFY_CHANNEL && message.payload !== undefined) this.#receive(message.payload);
    });
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, new Error("connection ended")));
    client
      .connect()
      .then(() => client.query(`LISTEN ${NOTIFY_CHANNEL}`))
      .then(() => {
        if (this.#client !== client || this.#closed) return;
        this.#listening = true;
        this.#backoff.healthy(Date.now());
        this.#pingTimer = setInterval(() => void client.query("SELECT 1").catch((error: unknown) => this.#lost(client, error)), this.#options.pingIntervalMs ?? 5_000);
        this.#pingTimer.unref();
        if (this.#connectedOnce) {
          this.#options.logger.info("cluster: change relay listening again; re-reading schedules and allow-lists");
          this.#emitLocally(() => this.#options.onResync());
        }
        this.#connectedOnce = true;
        for (const text of this.#queued.splice(0)) this.#send(client, text);
      })
      .catch((error: unknown) => this.#lost(client, error));
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    this.#listening = false;
    clearInterval(this.#pingTimer);
    client.removeAllListeners("notification");
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    const delayMs = this.#backoff.failed(Date.now());
    this.#options.logger.warn({ err: error, retryInMs: delayMs }, "cluster: change relay lost its database connection");
    this.#timer = setTimeout(() => this.#connect(), delayMs);
    this.#timer.unref();
  }

  #receive(text: string): void {
    let message: Partial<RelayedMessage>;
    try {
      message = JSON.parse(text) as Partial<RelayedMessage>;
    } catch {
      return;
    }
    if (message.origin === this.#origin || !(RELAYED_CHANGES as readonly unknown[]).includes(message.event) || typeof message.payload !== "object" || message.payload === null) return;
    const event = message.event as RelayedChange;
    const payload = message.payload as ChangeFeedEvents[RelayedChange];
    this.#emitLocally(() => this.#options.changes.emit(event, payload));
  }

  #emitLocally(emit: () => void): void {
    this.#relaying = true;
    try {
      emit();
    } finally {
      this.#relaying = false;
    }
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    clearTimeout(this.#timer);
    clearInterval(this.#pingTimer);
    const client = this.#client;
    this.#client = undefined;
    this.#listening = false;
    if (client) {
      client.on("error", () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
