// The pipeline-placement port on the cluster's database: a channel's pipelines are placed in
// zones (placement.ts) with the cost of its encoder plan (capacity-cost.ts) and recorded for
// the workers of those zones to claim.

import type { ChannelRecord } from "../domain/channels/channel-record.ts";
import type { PipelinePlacementPort } from "../domain/channels/pipeline-placement-port.ts";
import { ApiError } from "../shared/errors.ts";
import { pipelineCostUnits } from "./capacity-cost.ts";
import type { ClusterStore } from "./cluster-store.ts";

export class ClusterPlacement implements PipelinePlacementPort {
  constructor(
    private readonly store: ClusterStore,
    /** Workers that heartbeated within this long count towards their zone's capacity. */
    private readonly freshMs: number,
  ) {}

  async desire(record: ChannelRecord): Promise<void> {
    const { config } = record;
    const costUnits = config.encoderSettings ? pipelineCostUnits(config.encoderSettings, config.inputSpecification) : 1;
    const placement = await this.store.placeChannel(record.id, { pipelineCount: config.channelClass === "SINGLE_PIPELINE" ? 1 : 2, costUnits, freshMs: this.freshMs });
    if (!placement.ok) throw new ApiError("OL_CHANNEL_PLACEMENT_REFUSED", { id: record.id, reason: placement.reason });
  }

  async undesire(channelId: string): Promise<void> {
    await this.store.undesireChannel(channelId);
  }
}
