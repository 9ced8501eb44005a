// The pipeline-placement port: in a cluster, StartChannel records which zone runs each of the
// channel's pipelines (workers of that zone then claim them) and StopChannel removes them. A
// single node has no placement; the runtime is used as it is.

import type { ChannelRecord } from "./channel-record.ts";
import type { ChannelRuntimePort } from "./channel-runtime-port.ts";

export interface PipelinePlacementPort {
  /** Records the channel's wanted pipelines; rejects with an ApiError when they cannot be placed. */
  desire(record: ChannelRecord): Promise<void>;
  /** The channel's pipelines are no longer wanted. */
  undesire(channelId: string): Promise<void>;
}

/**
 * The runtime, with StartChannel recording the placement once the start is recorded (a refused
 * placement stops the channel again and is the answer) and StopChannel removing it. Every
 * other member is the runtime's own.
 */
export function withPlacement(runtime: ChannelRuntimePort, placement: PipelinePlacementPort): ChannelRuntimePort {
  return {
    async start(record) {
      const started = await runtime.start(record);
      try {
        await placement.desire(started);
      } catch (error) {
        await runtime.stop(started);
        throw error;
      }
      return started;
    },
    async stop(record) {
      const stopping = await runtime.stop(record);
      await placement.undesire(record.id);
      return stopping;
    },
    restartPipelines: (record, pipelineIndices) => runtime.restartPipelines(record, pipelineIndices),
    view: (channelId) => runtime.view(channelId),
    alerts: (channelId) => runtime.alerts(channelId),
    thumbnail: (channelId, pipelineIndex) => runtime.thumbnail(channelId, pipelineIndex),
    detectedProperties: (inputId) => runtime.detectedProperties(inputId),
  };
}
