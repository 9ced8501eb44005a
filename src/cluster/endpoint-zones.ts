// Which zones and addresses a new push input's endpoints come from. Endpoint 0 and endpoint 1
// of a STANDARD input go to two different zones, as a STANDARD MediaLive VPC input's two
// endpoints lie in two Availability Zones (MediaLive User Guide, "vpc-out-caseA"), and stay
// there for the input's life ("fixed for the lifetime of the input", User Guide,
// "setup-result-rtmp-push"). Pure: the pools and how many live endpoints each address
// already carries come in as data.
//
// The pair is the zones with the fewest live endpoints, taken in name order, so that with two
// zones every input has endpoint 0 in the same zone and endpoint 1 in the other: a channel's
// pipeline N runs in endpoint N's zone, and all its inputs must agree on that.

import type { PlannedEndpoint } from "../domain/input-endpoint-zones-port.ts";

export interface PoolAddress {
  readonly address: string;
  /** Live endpoints already allocated on this address. */
  readonly usedEndpoints: number;
}

export interface ZonePool {
  readonly zone: string;
  /** In the order the cluster config lists them. */
  readonly addresses: readonly PoolAddress[];
}

export type EndpointPlan = { readonly ok: true; readonly endpoints: readonly PlannedEndpoint[] } | { readonly ok: false; readonly reason: string };

const usedIn = (pool: ZonePool): number => pool.addresses.reduce((sum, entry) => sum + entry.usedEndpoints, 0);
const byName = (a: ZonePool, b: ZonePool): number => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0);

export function planEndpoints(pools: readonly ZonePool[], endpointCount: 1 | 2): EndpointPlan {
  const usable = pools.filter((pool) => pool.addresses.length > 0);
  if (usable.length < endpointCount) return { ok: false, reason: missingZonesReason(pools, usable, endpointCount) };
  const chosen = [...usable]
    .sort((a, b) => usedIn(a) - usedIn(b) || byName(a, b))
    .slice(0, endpointCount)
    .sort(byName);
  return {
    ok: true,
    endpoints: chosen.map((pool, index): PlannedEndpoint => ({ pipeline: index === 0 ? 0 : 1, zone: pool.zone, address: leastUsedAddress(pool) })),
  };
}

/** The address with the fewest live endpoints; the pool's order breaks ties. */
function leastUsedAddress(pool: ZonePool): string {
  let best = pool.addresses[0]!;
  for (const entry of pool.addresses) if (entry.usedEndpoints < best.usedEndpoints) best = entry;
  return best.address;
}

function missingZonesReason(pools: readonly ZonePool[], usable: readonly ZonePool[], endpointCount: 1 | 2): string {
  const needs = endpointCount === 2 ? "a STANDARD push input needs its 2 endpoints in 2 zones with push addresses" : "a push input needs a zone with push addresses";
  if (pools.length === 0) return `${needs}; no zone is configured (write the zones and their pushAddresses in the cluster config and run \`openlive cluster zones\`)`;
  const empty = pools.filter((pool) => pool.addresses.length === 0).map((pool) => `"${pool.zone}"`);
  const have = usable.length === 0 ? "no zone has push addresses" : `only zone ${usable.map((pool) => `"${pool.zone}"`).join(", ")} has push addresses`;
  const emptyNote = empty.length ? `; the pushAddresses pool of zone ${empty.join(", ")} is empty` : `; ${pools.length} zone${pools.length === 1 ? " is" : "s are"} configured`;
  return `${needs}; ${have}${emptyNote}`;
}

export type PipelineZones = { readonly ok: true; readonly endpointZones: readonly (string | undefined)[] } | { readonly ok: false; readonly reason: string };

/**
 * The zone of each pipeline of a channel from its inputs' endpoint zones: pipeline N goes
 * where every input's endpoint N is, so inputs that disagree are refused, naming them.
 */
export function pipelineZonesOf(inputIds: readonly string[], zonesByInput: ReadonlyMap<string, ReadonlyMap<0 | 1, string>>, pipelineCount: 1 | 2): PipelineZones {
  const endpointZones: (string | undefined)[] = [];
  const decidedBy: string[] = [];
  for (let pipeline = 0; pipeline < pipelineCount; pipeline++) {
    for (const inputId of inputIds) {
      const zone = zonesByInput.get(inputId)?.get(pipeline === 0 ? 0 : 1);
      if (zone === undefined) continue;
      const earlier = endpointZones[pipeline];
      if (earlier !== undefined && earlier !== zone) {
        return { ok: false, reason: `input ${decidedBy[pipeline]} has endpoint ${pipeline} in zone "${earlier}" and input ${inputId} in zone "${zone}"; every input of a channel must have endpoint ${pipeline} in the same zone` };
      }
      endpointZones[pipeline] = zone;
      decidedBy[pipeline] ??= inputId;
    }
  }
  return { ok: true, endpointZones: Array.from({ length: pipelineCount }, (_, pipeline) => endpointZones[pipeline]) };
}
