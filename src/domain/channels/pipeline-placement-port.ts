// The pipeline-placement port: in a cluster, StartChannel records which zone runs each of the
// channel's pipelines (workers of that zone then claim them) and StopChannel removes them
// (src/cluster/cluster-channel-runtime.ts). A single node has no placement.

import type { ChannelRecord } from "./channel-record.ts";

export interface PipelinePlacementPort {
  /** Records the channel's wanted pipelines; rejects with an ApiError when they cannot be placed. */
  desire(record: ChannelRecord): Promise<void>;
  /** The channel's pipelines are no longer wanted. */
  undesire(channelId: string): Promise<void>;
}
