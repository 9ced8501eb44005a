// The input-endpoint-zones port on the cluster's database: the zones' pools come from
// cluster_zone (written by `openlive cluster zones`), the choice from endpoint-zones.ts, and
// every allocated endpoint is recorded in cluster_input_endpoint, whose partial unique index
// refuses one live address+port twice whichever API node allocates (the store's own
// port_reservations key already refuses it too; this one holds on the normalised inet value).

import pg from "pg";
import type { InputEndpointZonesPort, PlannedEndpoint, ZonedEndpoint } from "../domain/input-endpoint-zones-port.ts";
import { ApiError } from "../shared/errors.ts";
import { DEFAULT_CLUSTER_STORE_OPTIONS } from "./cluster-store.ts";
import { planEndpoints, type ZonePool } from "./endpoint-zones.ts";

export class ClusterEndpoints implements InputEndpointZonesPort {
  #closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
  ) {}

  static open(url: string, onIdleError?: (error: Error) => void): ClusterEndpoints {
    const settings = DEFAULT_CLUSTER_STORE_OPTIONS;
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: settings.connectTimeoutMs, query_timeout: settings.statementTimeoutMs });
    pool.on("error", (error) => onIdleError?.(error));
    return new ClusterEndpoints(pool, true);
  }

  /** On a pool the caller owns (tests). */
  static onPool(pool: pg.Pool): ClusterEndpoints {
    return new ClusterEndpoints(pool, false);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.ownsPool) await this.pool.end();
  }

  async plan(endpointCount: 1 | 2): Promise<readonly PlannedEndpoint[]> {
    const plan = planEndpoints(await this.pools(), endpointCount);
    if (!plan.ok) throw new ApiError("OL_INPUT_ZONES_UNAVAILABLE", { reason: plan.reason });
    return plan.endpoints;
  }

  async record(inputId: string, endpoints: readonly ZonedEndpoint[]): Promise<void> {
    // Only an address still in its zone's pool is recorded: a pool edited between plan and
    // record fails the call rather than recording an endpoint no worker of the zone will hold.
    const result = await this.pool.query(
      `INSERT INTO cluster_input_endpoint (input_id, pipeline, zone, address, port)
       SELECT $1, e.pipeline, e.zone, e.address, e.port
       FROM unnest($2::smallint[], $3::text[], $4::inet[], $5::integer[]) AS e (pipeline, zone, address, port)
       JOIN cluster_zone z ON z.name = e.zone AND e.address = ANY (z.push_addresses)`,
      [inputId, endpoints.map((e) => e.pipeline), endpoints.map((e) => e.zone), endpoints.map((e) => e.address), endpoints.map((e) => e.port)],
    );
    if (result.rowCount !== endpoints.length) {
      throw new Error(`cluster: the endpoints of input ${inputId} left their zones' pools while it was created (${endpoints.map((e) => `${e.address} in "${e.zone}"`).join(", ")})`);
    }
  }

  async zonesOf(inputIds: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<0 | 1, string>>> {
    const zones = new Map<string, Map<0 | 1, string>>();
    if (inputIds.length === 0) return zones;
    const { rows } = await this.pool.query<{ input_id: string; pipeline: number; zone: string }>(
      `SELECT input_id, pipeline, zone FROM cluster_input_endpoint WHERE input_id = ANY ($1::text[])`,
      [inputIds],
    );
    for (const row of rows) {
      const perInput = zones.get(row.input_id) ?? new Map<0 | 1, string>();
      perInput.set(row.pipeline === 0 ? 0 : 1, row.zone);
      zones.set(row.input_id, perInput);
    }
    return zones;
  }

  async release(inputId: string): Promise<void> {
    await this.pool.query(`UPDATE cluster_input_endpoint SET released_at = now() WHERE input_id = $1 AND released_at IS NULL`, [inputId]);
  }

  /** Every zone with its addresses (in pool order) and the live endpoints on each. */
  async pools(): Promise<ZonePool[]> {
    const { rows } = await this.pool.query<{ zone: string; address: string | null; used: string }>(
      `SELECT z.name AS zone, host(a.address) AS address,
              (SELECT count(*) FROM cluster_input_endpoint e WHERE e.address = a.address AND e.released_at IS NULL) AS used
       FROM cluster_zone z
       LEFT JOIN LATERAL unnest(z.push_addresses) WITH ORDINALITY AS a (address, ord) ON true
       ORDER BY z.name, a.ord`,
    );
    const pools = new Map<string, { zone: string; addresses: { address: string; usedEndpoints: number }[] }>();
    for (const row of rows) {
      const pool = pools.get(row.zone) ?? { zone: row.zone, addresses: [] };
      if (row.address !== null) pool.addresses.push({ address: row.address, usedEndpoints: Number(row.used) });
      pools.set(row.zone, pool);
    }
    return [...pools.values()];
  }
}
