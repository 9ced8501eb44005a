// StartChannel, StopChannel, RestartChannelPipelines, BatchStart, BatchStop,
// DescribeThumbnails and ListAlerts: the operations on running channels (docs/api.md).

import { pipelineCountOf, wrongState } from "../../domain/channels/channel-states.ts";
import { ApiError } from "../../shared/errors.ts";
import type { ChannelRecord } from "../../domain/channels/channel-record.ts";
import type { ApiContext, OperationHandler } from "../handler-types.ts";
import { pageOfList } from "../pagination.ts";
import { channelToWire } from "../wire/channel-wire.ts";
import { runBatch } from "./batch.ts";

const ALERT_STATE_FILTERS = ["SET", "CLEARED", "ALL"];
const PIPELINE_IDS: Readonly<Record<string, number>> = { PIPELINE_0: 0, PIPELINE_1: 1 };

/** A channel starts only where no running channel already publishes. */
async function startChannel(record: ChannelRecord, context: ApiContext): Promise<ChannelRecord> {
  if (record.state === "IDLE") await context.channels.checkDestinationsFree(record);
  return context.runtime.start(record);
}

export const channelRunHandlers: Record<string, OperationHandler> = {
  async StartChannel(input, context) {
    const record = await context.channels.live(String(input.channelId));
    const started = await startChannel(record, context);
    return channelToWire(started, context.scope, await context.runtime.view(record.id));
  },
  async StopChannel(input, context) {
    const record = await context.channels.live(String(input.channelId));
    const stopping = await context.runtime.stop(record);
    return channelToWire(stopping, context.scope, await context.runtime.view(record.id));
  },
  async RestartChannelPipelines(input, context) {
    const record = await context.channels.live(String(input.channelId));
    const names = Array.isArray(input.pipelineIds) && input.pipelineIds.length ? input.pipelineIds.map(String) : Object.keys(PIPELINE_IDS);
    const pipelineCount = pipelineCountOf(record);
    const indices = names.map((name) => {
      const index = PIPELINE_IDS[name];
      if (index === undefined || index >= pipelineCount) throw new ApiError("OL_REQUEST_INVALID", { detail: `pipelineIds: ${name} is not a pipeline of channel ${record.id}` });
      return index;
    });
    await context.runtime.restartPipelines(record, indices);
    const restarted = await context.channels.live(record.id);
    return channelToWire(restarted, context.scope, await context.runtime.view(record.id));
  },
  async BatchStart(input, context) {
    return runBatch(input, context.scope, [{ type: "channel", member: "channelIds", act: async (id) => (await startChannel(await context.channels.live(id), context)).state }]);
  },
  async BatchStop(input, context) {
    return runBatch(input, context.scope, [{ type: "channel", member: "channelIds", act: async (id) => (await context.runtime.stop(await context.channels.live(id))).state }]);
  },
  async DescribeThumbnails(input, context) {
    const record = await context.channels.live(String(input.channelId));
    const pipelineIndex = PIPELINE_IDS[`PIPELINE_${String(input.pipelineId)}`] ?? PIPELINE_IDS[String(input.pipelineId)];
    if (pipelineIndex === undefined) throw new ApiError("OL_REQUEST_INVALID", { detail: `pipelineId: ${String(input.pipelineId)} is not 0 or 1` });
    if (String(input.thumbnailType) !== "CURRENT_ACTIVE") throw new ApiError("OL_REQUEST_INVALID", { detail: `thumbnailType: only CURRENT_ACTIVE is supported` });
    if (!(await context.runtime.view(record.id))) throw wrongState("take thumbnails of", record);
    // Thumbnails switched off (thumbnailConfiguration.state DISABLED): MediaLive answers an empty list.
    if (record.config.encoderSettings?.thumbnailConfiguration?.state === "DISABLED") return { thumbnailDetails: [] };
    // No picture yet: the encoder writes the first one within seconds of starting.
    const thumbnail = await context.runtime.thumbnail(record.id, pipelineIndex);
    const thumbnails = thumbnail
      ? [{ body: Buffer.from(thumbnail.jpeg.buffer, thumbnail.jpeg.byteOffset, thumbnail.jpeg.byteLength).toString("base64"), contentType: "image/jpeg", thumbnailType: "CURRENT_ACTIVE", timeStamp: new Date(thumbnail.atMs).toISOString() }]
      : [];
    return { thumbnailDetails: [{ pipelineId: String(pipelineIndex), thumbnails }] };
  },
  async ListAlerts(input, context) {
    const stateFilter = input.stateFilter === undefined ? "ALL" : String(input.stateFilter);
    if (!ALERT_STATE_FILTERS.includes(stateFilter)) throw new ApiError("OL_ALERTS_BAD_STATE_FILTER", { value: stateFilter });
    const record = await context.channels.live(String(input.channelId));
    const all = (await context.runtime.alerts(record.id)).filter((alert) => stateFilter === "ALL" || alert.state === stateFilter);
    const { items, nextToken } = pageOfList("ListAlerts", input, all);
    return {
      alerts: items.map((alert) => ({
        alertType: alert.alertType,
        id: alert.id,
        message: alert.message,
        pipelineId: alert.pipelineId,
        setTimestamp: new Date(alert.setAtMs).toISOString(),
        state: alert.state,
        ...(alert.clearedAtMs !== undefined ? { clearedTimestamp: new Date(alert.clearedAtMs).toISOString() } : {}),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
