// The cluster's coordination in PostgreSQL: nodes register and heartbeat, StartChannel and
// StopChannel record which pipelines are wanted in which zone, workers claim, renew and release
// leases on them, and holders write their reports fenced by epoch. Every time that decides
// ownership is the database's now(), so no two nodes' clocks are ever compared.
//
// Claims lock candidate rows with FOR UPDATE SKIP LOCKED (PostgreSQL docs §SELECT, "The
// Locking Clause"): two workers polling at once each get different pipelines and neither waits.

import { inTransaction } from "../shared/postgres-transaction.ts";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { placePipelines, type Placement, type ZoneLoad } from "./placement.ts";
import type {
  ClaimedPipeline,
  HeldPipeline,
  NodeRegistration,
  NodeView,
  PipelineReport,
  PipelineView,
  WantedPipeline,
  ZoneConfig,
  ZoneView,
} from "./cluster-types.ts";

export interface ClusterStoreOptions {
  /** Longest a statement may take before the caller treats the database as unreachable. */
  readonly statementTimeoutMs: number;
  /** Longest a new connection may take. */
  readonly connectTimeoutMs: number;
  readonly maxConnections: number;
  /** Called with errors of idle connections (a database restart); they are otherwise harmless. */
  readonly onIdleError?: (error: Error) => void;
}

export const DEFAULT_CLUSTER_STORE_OPTIONS: ClusterStoreOptions = { statementTimeoutMs: 1500, connectTimeoutMs: 1000, maxConnections: 4 };

export interface ClaimRequest {
  readonly leaseMs: number;
  /** Most pipelines taken by this call. */
  readonly maxClaims: number;
  /**
   * May take pipelines whose holder's lease expired (not only unheld ones). The worker loop
   * allows it only after it has itself seen the database for a full lease, so a database
   * outage that outlived every lease does not hand running pipelines to a peer before their
   * holders could renew.
   */
  readonly takeExpired: boolean;
}

/** What a claim took, and when nothing: how soon the zone's next lease held by another node expires. */
export interface ClaimOutcome {
  readonly claimed: ClaimedPipeline[];
  /**
   * Nothing taken: milliseconds (by the database's clock) until the earliest lease of the zone
   * held by another node, that this node could take, expires; absent when there is none or
   * expired ones may not be taken.
   */
  readonly nextExpiryInMs?: number;
}

export interface RenewResult {
  readonly renewed: readonly HeldPipeline[];
  /** Matched nothing: another epoch holds it, or the channel no longer wants it. */
  readonly lost: readonly HeldPipeline[];
}

const epochOf = (value: string | number): number => Number(value);
const samePipeline = (a: HeldPipeline) => (b: { channel_id: string; pipeline: number; epoch: string }) =>
  a.channelId === b.channel_id && a.pipeline === b.pipeline && a.epoch === epochOf(b.epoch);

/** Columns of a list of held pipelines, as unnest() takes them. */
function heldColumns(held: readonly HeldPipeline[]): [string[], number[], string[]] {
  return [held.map((h) => h.channelId), held.map((h) => h.pipeline), held.map((h) => String(h.epoch))];
}

export class ClusterStore {
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
  ) {}

  static open(url: string, options: Partial<ClusterStoreOptions> = {}): ClusterStore {
    const settings = { ...DEFAULT_CLUSTER_STORE_OPTIONS, ...options };
    const pool = new pg.Pool({
      connectionString: url,
      max: settings.maxConnections,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      // Client side: a statement stuck on a dead connection fails instead of waiting for TCP.
      query_timeout: settings.statementTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      application_name: "openlive-cluster",
    });
    // An idle connection dropped by a restarting server emits here; unhandled, it would end the process.
    pool.on("error", (error) => settings.onIdleError?.(error));
    return new ClusterStore(pool, true);
  }

  /** Uses a pool someone else owns (and closes). */
  static onPool(pool: pg.Pool): ClusterStore {
    return new ClusterStore(pool, false);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }

  /** One round trip (within the statement timeout): what a worker checks before answering the failsafe probe. */
  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  // ---- zones and nodes ----

  /** Makes the zones table say what the configuration says (zones still in use are kept). */
  async syncZones(zones: readonly ZoneConfig[]): Promise<void> {
    await this.transaction(async (client) => {
      for (const zone of zones) {
        await client.query(
          `INSERT INTO cluster_zone (name, push_addresses) VALUES ($1, $2::inet[])
           ON CONFLICT (name) DO UPDATE SET push_addresses = excluded.push_addresses, updated_at = now()`,
          [zone.name, zone.pushAddresses],
        );
      }
    });
  }

  async listZones(): Promise<ZoneView[]> {
    const { rows } = await this.pool.query<{ name: string; push_addresses: string[] }>(`SELECT name, ARRAY(SELECT host(address) FROM unnest(push_addresses) AS address) AS push_addresses FROM cluster_zone ORDER BY name`);
    return rows.map((row) => ({ name: row.name, pushAddresses: row.push_addresses }));
  }

  /**
   * Registers this process as the node (a new incarnation). Leases the node id still holds
   * belong to a previous process that no longer runs them, so they are let go at once.
   */
  async registerNode(node: NodeRegistration): Promise<{ incarnation: string }> {
    const incarnation = randomUUID();
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO cluster_node (node_id, role, zone, capacity_units, incarnation, control_url, state)
         VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE')
         ON CONFLICT (node_id) DO UPDATE SET role = excluded.role, zone = excluded.zone, capacity_units = excluded.capacity_units,
           incarnation = excluded.incarnation, control_url = excluded.control_url, state = 'ACTIVE', started_at = now(), heartbeat_at = now()`,
        [node.nodeId, node.role, node.zone ?? null, node.capacityUnits, incarnation, node.controlUrl ?? ""],
      );
      await client.query(`UPDATE cluster_pipeline SET holder = NULL, expires_at = NULL, reported_at = now() WHERE holder = $1`, [node.nodeId]);
    });
    return { incarnation };
  }

  /** False when another process registered the same node id since (this one must stop its pipelines). */
  async heartbeat(nodeId: string, incarnation: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE cluster_node SET heartbeat_at = now() WHERE node_id = $1 AND incarnation = $2 AND state = 'ACTIVE'`, [nodeId, incarnation]);
    return rowCount === 1;
  }

  async leaveNode(nodeId: string, incarnation: string): Promise<void> {
    await this.pool.query(`UPDATE cluster_node SET state = 'LEFT' WHERE node_id = $1 AND incarnation = $2`, [nodeId, incarnation]);
  }

  async listNodes(): Promise<NodeView[]> {
    const { rows } = await this.pool.query<{
      node_id: string; role: NodeView["role"]; zone: string | null; capacity_units: number; state: NodeView["state"];
      heartbeat_age_ms: string; control_url: string; held_units: string; held_pipelines: string;
    }>(
      `SELECT n.node_id, n.role, n.zone, n.capacity_units, n.state, n.control_url,
              floor(extract(epoch FROM now() - n.heartbeat_at) * 1000)::bigint AS heartbeat_age_ms,
              coalesce(sum(p.cost_units), 0) AS held_units, count(p.channel_id) AS held_pipelines
       FROM cluster_node n LEFT JOIN cluster_pipeline p ON p.holder = n.node_id
       GROUP BY n.node_id ORDER BY n.zone NULLS FIRST, n.node_id`,
    );
    return rows.map((row) => ({
      nodeId: row.node_id,
      role: row.role,
      ...(row.zone === null ? {} : { zone: row.zone }),
      capacityUnits: row.capacity_units,
      heldUnits: Number(row.held_units),
      heldPipelines: Number(row.held_pipelines),
      state: row.state,
      heartbeatAgeMs: Number(row.heartbeat_age_ms),
      controlUrl: row.control_url,
    }));
  }

  /** The other active nodes of a zone that heartbeated within `freshMs`: who the failsafe probe asks. */
  async zonePeers(nodeId: string, zone: string, freshMs: number): Promise<{ nodeId: string; controlUrl: string }[]> {
    const { rows } = await this.pool.query<{ node_id: string; control_url: string }>(
      `SELECT node_id, control_url FROM cluster_node
       WHERE zone = $1 AND node_id <> $2 AND role <> 'api' AND state = 'ACTIVE' AND heartbeat_at > now() - $3 * interval '1 millisecond'
       ORDER BY node_id`,
      [zone, nodeId, freshMs],
    );
    return rows.map((row) => ({ nodeId: row.node_id, controlUrl: row.control_url }));
  }

  // ---- wanted pipelines (StartChannel / StopChannel) ----

  /** Per zone: capacity of its workers that heartbeated within `freshMs`, and the units placed there. */
  async zoneLoads(freshMs: number): Promise<ZoneLoad[]> {
    const { rows } = await this.pool.query<{ zone: string; capacity_units: string; placed_units: string }>(
      `SELECT z.name AS zone,
              (SELECT coalesce(sum(capacity_units), 0) FROM cluster_node n
                WHERE n.zone = z.name AND n.role <> 'api' AND n.state = 'ACTIVE' AND n.heartbeat_at > now() - $1 * interval '1 millisecond') AS capacity_units,
              (SELECT coalesce(sum(cost_units), 0) FROM cluster_pipeline p WHERE p.zone = z.name) AS placed_units
       FROM cluster_zone z ORDER BY z.name`,
      [freshMs],
    );
    return rows.map((row) => ({ zone: row.zone, capacityUnits: Number(row.capacity_units), placedUnits: Number(row.placed_units) }));
  }

  /** Records the pipelines a channel wants; a pipeline already wanted keeps its zone, holder and epoch. */
  async desireChannel(channelId: string, pipelines: readonly WantedPipeline[]): Promise<void> {
    await this.transaction(async (client) => {
      for (const wanted of pipelines) {
        await client.query(
          `INSERT INTO cluster_pipeline (channel_id, pipeline, zone, cost_units) VALUES ($1, $2, $3, $4)
           ON CONFLICT (channel_id, pipeline) DO UPDATE SET cost_units = excluded.cost_units`,
          [channelId, wanted.pipeline, wanted.zone, wanted.costUnits],
        );
      }
    });
  }

  /** Places a channel's pipelines (placement.ts) on today's zone loads and records them. */
  async placeChannel(
    channelId: string,
    request: { pipelineCount: 1 | 2; costUnits: number; endpointZones?: readonly (string | undefined)[]; freshMs: number },
  ): Promise<Placement> {
    const placement = placePipelines({ pipelineCount: request.pipelineCount, zones: await this.zoneLoads(request.freshMs), ...(request.endpointZones ? { endpointZones: request.endpointZones } : {}) });
    if (placement.ok) {
      await this.desireChannel(channelId, placement.zones.map((zone, pipeline) => ({ pipeline: pipeline as 0 | 1, zone, costUnits: request.costUnits })));
    }
    return placement;
  }

  /** StopChannel: the pipelines are no longer wanted; their holders learn it at their next renewal. */
  async undesireChannel(channelId: string): Promise<void> {
    await this.pool.query(`DELETE FROM cluster_pipeline WHERE channel_id = $1`, [channelId]);
  }

  // ---- leases ----

  /**
   * Takes up to `maxClaims` pipelines of the node's zone that nobody holds (or, with
   * takeExpired, whose lease expired), each with a new epoch, never beyond the node's capacity.
   */
  async claim(nodeId: string, request: ClaimRequest): Promise<ClaimedPipeline[]> {
    return (await this.claimOrNextExpiry(nodeId, request)).claimed;
  }

  /**
   * claim(), and when it takes nothing, when to try again: the worker loop polls at that
   * instant instead of up to a poll interval after it (a dead holder's pipeline moves sooner).
   */
  async claimOrNextExpiry(nodeId: string, request: ClaimRequest): Promise<ClaimOutcome> {
    return this.transaction(async (client) => {
      const node = await client.query<{ zone: string | null; capacity_units: number; held_units: string }>(
        `SELECT zone, capacity_units, (SELECT coalesce(sum(cost_units), 0) FROM cluster_pipeline WHERE holder = $1) AS held_units
         FROM cluster_node WHERE node_id = $1 AND state = 'ACTIVE' AND role <> 'api'`,
        [nodeId],
      );
      const me = node.rows[0];
      if (!me || me.zone === null) return { claimed: [] };
      let freeUnits = me.capacity_units - Number(me.held_units);
      const candidates = await client.query<{ channel_id: string; pipeline: number; cost_units: number }>(
        `SELECT channel_id, pipeline, cost_units FROM cluster_pipeline
         WHERE zone = $1 AND cost_units <= $2
           AND (holder IS NULL OR ($3 AND expires_at < now()))
         ORDER BY desired_at, channel_id, pipeline
         LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [me.zone, freeUnits, request.takeExpired, Math.max(16, request.maxClaims * 4)],
      );
      const chosen: { channel_id: string; pipeline: number }[] = [];
      for (const candidate of candidates.rows) {
        if (chosen.length >= request.maxClaims) break;
        if (candidate.cost_units > freeUnits) continue;
        freeUnits -= candidate.cost_units;
        chosen.push(candidate);
      }
      if (chosen.length === 0) {
        if (!request.takeExpired) return { claimed: [] };
        const next = await client.query<{ in_ms: number | null }>(
          `SELECT ceil(extract(epoch FROM min(expires_at) - now()) * 1000)::int AS in_ms FROM cluster_pipeline
           WHERE zone = $1 AND holder IS NOT NULL AND holder <> $2 AND cost_units <= $3 AND expires_at >= now()`,
          [me.zone, nodeId, freeUnits],
        );
        const inMs = next.rows[0]?.in_ms;
        return inMs === null || inMs === undefined ? { claimed: [] } : { claimed: [], nextExpiryInMs: inMs };
      }
      const claimed = await client.query<{ channel_id: string; pipeline: number; epoch: string; zone: string; cost_units: number }>(
        `UPDATE cluster_pipeline p
         SET holder = $1, epoch = nextval('cluster_epoch'), expires_at = now() + $2 * interval '1 millisecond', report = NULL, reported_at = NULL
         FROM unnest($3::text[], $4::smallint[]) AS c (channel_id, pipeline)
         WHERE p.channel_id = c.channel_id AND p.pipeline = c.pipeline
         RETURNING p.channel_id, p.pipeline, p.epoch, p.zone, p.cost_units`,
        [nodeId, request.leaseMs, chosen.map((c) => c.channel_id), chosen.map((c) => c.pipeline)],
      );
      return { claimed: claimed.rows.map((row) => ({ channelId: row.channel_id, pipeline: row.pipeline as 0 | 1, epoch: epochOf(row.epoch), zone: row.zone, costUnits: row.cost_units })) };
    });
  }

  /**
   * Extends the leases still held under these epochs to now() + leaseMs. A lease that expired
   * but that nobody took is renewed too: its holder kept it on air (failsafe) and still owns it.
   */
  async renew(nodeId: string, held: readonly HeldPipeline[], leaseMs: number): Promise<RenewResult> {
    if (held.length === 0) return { renewed: [], lost: [] };
    const { rows } = await this.pool.query<{ channel_id: string; pipeline: number; epoch: string }>(
      `UPDATE cluster_pipeline p SET expires_at = now() + $2 * interval '1 millisecond'
       FROM unnest($3::text[], $4::smallint[], $5::bigint[]) AS c (channel_id, pipeline, epoch)
       WHERE p.channel_id = c.channel_id AND p.pipeline = c.pipeline AND p.epoch = c.epoch AND p.holder = $1
       RETURNING p.channel_id, p.pipeline, p.epoch`,
      [nodeId, leaseMs, ...heldColumns(held)],
    );
    return { renewed: held.filter((h) => rows.some(samePipeline(h))), lost: held.filter((h) => !rows.some(samePipeline(h))) };
  }

  /** Lets go of leases (stop, drain): another worker of the zone may claim them at once. */
  async release(nodeId: string, held: readonly HeldPipeline[]): Promise<number> {
    if (held.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `UPDATE cluster_pipeline p SET holder = NULL, expires_at = NULL, reported_at = now()
       FROM unnest($2::text[], $3::smallint[], $4::bigint[]) AS c (channel_id, pipeline, epoch)
       WHERE p.channel_id = c.channel_id AND p.pipeline = c.pipeline AND p.epoch = c.epoch AND p.holder = $1`,
      [nodeId, ...heldColumns(held)],
    );
    return rowCount ?? 0;
  }

  // ---- fenced reports ----

  /** Writes a holder's report only under its epoch; false means it was replaced and must stop. */
  async writeReport(nodeId: string, held: HeldPipeline, report: PipelineReport): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE cluster_pipeline SET report = $5, reported_at = now()
       WHERE channel_id = $2 AND pipeline = $3 AND holder = $1 AND epoch = $4`,
      [nodeId, held.channelId, held.pipeline, String(held.epoch), JSON.stringify(report)],
    );
    return rowCount === 1;
  }

  /** Stores a holder's latest thumbnail only under its epoch; false means it was replaced (or the channel stopped). */
  async writeThumbnail(nodeId: string, held: HeldPipeline, jpeg: Uint8Array, takenAtMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO cluster_thumbnail (channel_id, pipeline, epoch, jpeg, taken_at)
       SELECT channel_id, pipeline, epoch, $5, to_timestamp($6 / 1000.0) FROM cluster_pipeline
       WHERE channel_id = $2 AND pipeline = $3 AND holder = $1 AND epoch = $4
       ON CONFLICT (channel_id, pipeline) DO UPDATE SET epoch = excluded.epoch, jpeg = excluded.jpeg, taken_at = excluded.taken_at`,
      [nodeId, held.channelId, held.pipeline, String(held.epoch), Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), takenAtMs],
    );
    return rowCount === 1;
  }

  /** The latest thumbnail of a wanted pipeline, whoever took it. */
  async readThumbnail(channelId: string, pipeline: 0 | 1): Promise<{ jpeg: Buffer; atMs: number } | undefined> {
    const { rows } = await this.pool.query<{ jpeg: Buffer; taken_ms: string }>(
      `SELECT jpeg, floor(extract(epoch FROM taken_at) * 1000)::bigint AS taken_ms FROM cluster_thumbnail WHERE channel_id = $1 AND pipeline = $2`,
      [channelId, pipeline],
    );
    return rows[0] === undefined ? undefined : { jpeg: rows[0].jpeg, atMs: Number(rows[0].taken_ms) };
  }

  /**
   * The epoch of the pipeline's current claim (the last one, while a released pipeline waits
   * for its next holder); undefined when the pipeline is not wanted. What openlive's origin
   * checks a publishing writer's epoch against.
   */
  async currentEpoch(channelId: string, pipeline: 0 | 1): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ epoch: string }>(`SELECT epoch FROM cluster_pipeline WHERE channel_id = $1 AND pipeline = $2`, [channelId, pipeline]);
    return rows[0] === undefined ? undefined : epochOf(rows[0].epoch);
  }

  /**
   * The wanted pipelines (of one channel, or all), with holders and reports: what any API node
   * reads. A pipeline without a live lease says for how long (by the database clock): since
   * its lease expired, since its holder let go (release and registerNode stamp reported_at),
   * or since it was wanted.
   */
  async readPipelines(channelId?: string): Promise<PipelineView[]> {
    const { rows } = await this.pool.query<{
      channel_id: string; pipeline: number; zone: string; cost_units: number; holder: string | null; epoch: string; lease_live: boolean; report: PipelineReport | null; unheld_ms: string | null;
    }>(
      `SELECT channel_id, pipeline, zone, cost_units, holder, epoch, coalesce(expires_at > now(), false) AS lease_live, report,
              CASE WHEN holder IS NULL THEN floor(extract(epoch FROM now() - coalesce(reported_at, desired_at)) * 1000)::bigint
                   WHEN expires_at <= now() THEN floor(extract(epoch FROM now() - expires_at) * 1000)::bigint END AS unheld_ms
       FROM cluster_pipeline WHERE $1::text IS NULL OR channel_id = $1 ORDER BY channel_id, pipeline`,
      [channelId ?? null],
    );
    return rows.map((row) => ({
      channelId: row.channel_id,
      pipeline: row.pipeline as 0 | 1,
      zone: row.zone,
      costUnits: row.cost_units,
      ...(row.holder === null ? {} : { holder: row.holder }),
      epoch: epochOf(row.epoch),
      leaseLive: row.lease_live,
      ...(row.report === null ? {} : { report: row.report }),
      ...(row.unheld_ms === null ? {} : { unheldMs: Math.max(0, Number(row.unheld_ms)) }),
    }));
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }
}
