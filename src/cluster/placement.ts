// Which zone runs each pipeline of a channel. A push input's endpoint N lives in one zone and
// only a worker of that zone can receive on it, so when the channel's inputs name their
// endpoints' zones, pipeline N goes there; otherwise (pull inputs, endpoints without a zone)
// the least loaded zones are chosen. MediaLive's own guidance is the reason for two zones:
// "MediaLive runs each source on different encoders in different Availability Zones"
// (MediaLive User Guide, "Redundancy"). Pure: loads come in as data.

export interface ZoneLoad {
  readonly zone: string;
  /** Capacity of the zone's live workers, in cost units. */
  readonly capacityUnits: number;
  /** Cost units of the pipelines already placed in the zone. */
  readonly placedUnits: number;
}

export interface PlacementRequest {
  /** 2 for a STANDARD channel, 1 for SINGLE_PIPELINE. */
  readonly pipelineCount: 1 | 2;
  /** The zone of each pipeline's push endpoints, per pipeline index, where the inputs fix it. */
  readonly endpointZones?: readonly (string | undefined)[];
  readonly zones: readonly ZoneLoad[];
}

export type Placement = { readonly ok: true; readonly zones: readonly string[] } | { readonly ok: false; readonly reason: string };

/** Free capacity first, then the fewest placed units, then the name, so equal zones fill in a stable order. */
function byLeastLoaded(a: ZoneLoad, b: ZoneLoad): number {
  const free = b.capacityUnits - b.placedUnits - (a.capacityUnits - a.placedUnits);
  if (free !== 0) return free;
  if (a.placedUnits !== b.placedUnits) return a.placedUnits - b.placedUnits;
  return a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0;
}

export function placePipelines(request: PlacementRequest): Placement {
  const known = new Set(request.zones.map((load) => load.zone));
  const chosen: (string | undefined)[] = [];
  for (let pipeline = 0; pipeline < request.pipelineCount; pipeline++) {
    const zone = request.endpointZones?.[pipeline];
    if (zone === undefined) {
      chosen.push(undefined);
      continue;
    }
    if (!known.has(zone)) return { ok: false, reason: `pipeline ${pipeline}'s endpoints are in zone "${zone}", which is not configured` };
    if (chosen.includes(zone)) return { ok: false, reason: `both pipelines' endpoints are in zone "${zone}"; a STANDARD channel needs two zones` };
    chosen.push(zone);
  }
  const spare = [...request.zones].filter((load) => !chosen.includes(load.zone)).sort(byLeastLoaded);
  const zones: string[] = [];
  for (const zone of chosen) {
    const next = zone ?? spare.shift()?.zone;
    if (next === undefined) {
      return { ok: false, reason: `${request.pipelineCount} pipelines need ${request.pipelineCount} zones; ${request.zones.length} ${request.zones.length === 1 ? "is" : "are"} configured` };
    }
    zones.push(next);
  }
  return { ok: true, zones };
}
