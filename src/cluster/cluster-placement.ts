// The pipeline-placement port on the cluster's database: a channel's pipelines are placed in
// zones (placement.ts) with the cost of its encoder plan (capacity-cost.ts) and recorded for
// the workers of those zones to claim.

import type { ChannelRecord } from "../domain/channels/channel-record.ts";
import type { PipelinePlacementPort } from "../domain/channels/pipeline-placement-port.ts";
import type { InputEndpointZonesPort } from "../domain/input-endpoint-zones-port.ts";
import { ApiError } from "../shared/errors.ts";
import { pipelineCostUnits } from "./capacity-cost.ts";
import type { ClusterStore } from "./cluster-store.ts";
import { pipelineZonesOf } from "./endpoint-zones.ts";

export class ClusterPlacement implements PipelinePlacementPort {
  constructor(
    private readonly store: ClusterStore,
    /** Workers that heartbeated within this long count towards their zone's capacity. */
    private readonly freshMs: number,
    /** The zones of the inputs' push endpoints: pipeline N is placed where endpoint N is. */
    private readonly endpointZones?: Pick<InputEndpointZonesPort, "zonesOf">,
  ) {}

  async desire(record: ChannelRecord): Promise<void> {
    const { config } = record;
    const costUnits = config.encoderSettings ? pipelineCostUnits(config.encoderSettings, config.inputSpecification) : 1;
    const pipelineCount = config.channelClass === "SINGLE_PIPELINE" ? 1 : 2;
    const inputIds = (config.inputAttachments ?? []).flatMap((attachment) => (attachment.inputId !== undefined ? [attachment.inputId] : []));
    const zones = this.endpointZones ? pipelineZonesOf(inputIds, await this.endpointZones.zonesOf(inputIds), pipelineCount) : { ok: true as const, endpointZones: [] };
    if (!zones.ok) throw new ApiError("OL_CHANNEL_PLACEMENT_REFUSED", { id: record.id, reason: zones.reason });
    const placement = await this.store.placeChannel(record.id, { pipelineCount, costUnits, endpointZones: zones.endpointZones, freshMs: this.freshMs });
    if (!placement.ok) throw new ApiError("OL_CHANNEL_PLACEMENT_REFUSED", { id: record.id, reason: placement.reason });
  }

  async undesire(channelId: string): Promise<void> {
    await this.store.undesireChannel(channelId);
  }
}
