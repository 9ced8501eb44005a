// CreateChannel, DescribeChannel, ListChannels, UpdateChannel, UpdateChannelClass,
// DeleteChannel, BatchDelete. Running a channel is in channel-run-routes.ts.

import type { ChannelRequestFields } from "../../domain/channels/channel-service.ts";
import type { ChannelClass, ChannelConfig } from "../../domain/channels/channel-config.ts";
import { runBatch } from "./batch.ts";
import { channelRunHandlers } from "./channel-run-routes.ts";
import type { ArnScope } from "../../shared/ids.ts";
import type { OperationHandler } from "../handler-types.ts";
import { encodeNextToken, pageRequest } from "../pagination.ts";
import { channelSummaryToWire, channelToWire, channelWireKey, type ChannelWireKey } from "../wire/channel-wire.ts";
import { memoizeJson } from "../wire/serialized-json.ts";

/** DescribeChannel's answer depends only on the record and the runtime view (and the fixed ARN scope): serialized once per pair. */
const describeChannelJson = memoizeJson((key: ChannelWireKey, scope: ArnScope) => channelToWire(key.record, scope, key.runtime));

export const channelHandlers: Record<string, OperationHandler> = {
  async CreateChannel(input, context, modelProblems) {
    const record = await context.channels.create(input as ChannelRequestFields, modelProblems);
    return { channel: channelToWire(record, context.scope) };
  },
  async DescribeChannel(input, context) {
    const record = await context.channels.describe(String(input.channelId));
    return describeChannelJson(channelWireKey(record, await context.runtime.view(record.id)), context.scope);
  },
  async ListChannels(input, context) {
    const page = await context.channels.list(pageRequest("ListChannels", input));
    const nextToken = encodeNextToken("ListChannels", page.nextAfter);
    const views = await Promise.all(page.items.map((record) => context.runtime.view(record.id)));
    return { channels: page.items.map((record, index) => channelSummaryToWire(record, context.scope, views[index])), ...(nextToken ? { nextToken } : {}) };
  },
  async UpdateChannel(input, context, modelProblems) {
    const { channelId, ...fields } = input;
    const record = await context.channels.update(String(channelId), fields as ChannelRequestFields, modelProblems);
    return { channel: channelToWire(record, context.scope) };
  },
  async UpdateChannelClass(input, context, modelProblems) {
    const record = await context.channels.updateClass(String(input.channelId), input.channelClass as ChannelClass, input.destinations as ChannelConfig["destinations"] | undefined, modelProblems);
    return { channel: channelToWire(record, context.scope) };
  },
  async DeleteChannel(input, context) {
    return channelToWire(await context.channels.delete(String(input.channelId)), context.scope);
  },
  async BatchDelete(input, context) {
    // Channels first, then inputs, then security groups, so one batch can remove a whole set.
    return runBatch(input, context.scope, [
      { type: "channel", member: "channelIds", act: async (id) => (await context.channels.delete(id)).state },
      { type: "input", member: "inputIds", act: async (id) => (await context.inputs.delete(id), "DELETED") },
      { type: "inputSecurityGroup", member: "inputSecurityGroupIds", act: async (id) => (await context.isgs.delete(id), "DELETED") },
    ]);
  },
  ...channelRunHandlers,
};
