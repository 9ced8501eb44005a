// StartChannel, StopChannel, RestartChannelPipelines, BatchStart, BatchStop,
// DescribeThumbnails and ListAlerts: the operations on running channels (docs/api.md).

import { readFile, stat } from "node:fs/promises";
import { ApiError } from "../../shared/errors.ts";
import { makeArn } from "../../shared/ids.ts";
import type { ApiContext, OperationHandler } from "../handler-types.ts";
import { encodeNextToken, pageRequest } from "../pagination.ts";
import { channelToWire } from "../wire/channel-wire.ts";

const ALERT_STATE_FILTERS = ["SET", "CLEARED", "ALL"];
const PIPELINE_IDS: Readonly<Record<string, number>> = { PIPELINE_0: 0, PIPELINE_1: 1 };

export const channelRunHandlers: Record<string, OperationHandler> = {
  async StartChannel(input, context) {
    const record = await context.channels.live(String(input.channelId));
    return channelToWire(await context.runtime.start(record), context.scope, context.runtime.view(record.id));
  },
  async StopChannel(input, context) {
    const record = await context.channels.live(String(input.channelId));
    return channelToWire(await context.runtime.stop(record), context.scope, context.runtime.view(record.id));
  },
  async RestartChannelPipelines(input, context) {
    const record = await context.channels.live(String(input.channelId));
    const names = Array.isArray(input.pipelineIds) && input.pipelineIds.length ? input.pipelineIds.map(String) : Object.keys(PIPELINE_IDS);
    const pipelineCount = record.config.channelClass === "SINGLE_PIPELINE" ? 1 : 2;
    const indices = names.map((name) => {
      const index = PIPELINE_IDS[name];
      if (index === undefined || index >= pipelineCount) throw new ApiError("OL_REQUEST_INVALID", { detail: `pipelineIds: ${name} is not a pipeline of channel ${record.id}` });
      return index;
    });
    context.runtime.restartPipelines(record, indices);
    return channelToWire(await context.channels.live(record.id), context.scope, context.runtime.view(record.id));
  },
  async BatchStart(input, context) {
    return batch(input, context, async (id) => (await context.runtime.start(await context.channels.live(id))).state);
  },
  async BatchStop(input, context) {
    return batch(input, context, async (id) => (await context.runtime.stop(await context.channels.live(id))).state);
  },
  async DescribeThumbnails(input, context) {
    const record = await context.channels.live(String(input.channelId));
    const pipelineIndex = PIPELINE_IDS[`PIPELINE_${String(input.pipelineId)}`] ?? PIPELINE_IDS[String(input.pipelineId)];
    if (pipelineIndex === undefined) throw new ApiError("OL_REQUEST_INVALID", { detail: `pipelineId: ${String(input.pipelineId)} is not 0 or 1` });
    if (String(input.thumbnailType) !== "CURRENT_ACTIVE") throw new ApiError("OL_REQUEST_INVALID", { detail: `thumbnailType: only CURRENT_ACTIVE is supported` });
    if (!context.runtime.view(record.id)) throw new ApiError("OL_CHANNEL_WRONG_STATE", { action: "take thumbnails of", id: record.id, state: record.state });
    const file = context.runtime.thumbnailFile(record.id, pipelineIndex);
    const thumbnails = [];
    try {
      const [body, info] = await Promise.all([readFile(file), stat(file)]);
      if (body.length > 0) thumbnails.push({ body: body.toString("base64"), contentType: "image/jpeg", thumbnailType: "CURRENT_ACTIVE", timeStamp: info.mtime.toISOString() });
    } catch {
      // No picture yet: the encoder writes the first one within seconds of starting.
    }
    return { thumbnailDetails: [{ pipelineId: String(pipelineIndex), thumbnails }] };
  },
  async ListAlerts(input, context) {
    const stateFilter = input.stateFilter === undefined ? "ALL" : String(input.stateFilter);
    if (!ALERT_STATE_FILTERS.includes(stateFilter)) throw new ApiError("OL_ALERTS_BAD_STATE_FILTER", { value: stateFilter });
    const record = await context.channels.live(String(input.channelId));
    const page = pageRequest("ListAlerts", input);
    const all = context.runtime.alerts(record.id).filter((alert) => stateFilter === "ALL" || alert.state === stateFilter);
    const start = page.after ?? 0;
    const items = all.slice(start, start + page.limit);
    const nextToken = start + page.limit < all.length ? encodeNextToken("ListAlerts", start + page.limit) : undefined;
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

async function batch(input: Record<string, unknown>, context: ApiContext, act: (id: string) => Promise<string>): Promise<unknown> {
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  if (strings(input.multiplexIds).length) throw new ApiError("OL_REQUEST_INVALID", { detail: "multiplexIds: openlive has no multiplexes" });
  const successful: { arn: string; id: string; state: string }[] = [];
  const failed: { arn: string; id: string; code: string; message: string }[] = [];
  for (const id of strings(input.channelIds)) {
    const arn = makeArn(context.scope, "channel", id);
    try {
      successful.push({ arn, id, state: await act(id) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failed.push({ arn, id, code: error.shape, message: error.message });
    }
  }
  return { successful, failed };
}
