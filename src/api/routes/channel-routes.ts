// CreateChannel, DescribeChannel, ListChannels, UpdateChannel, UpdateChannelClass,
// DeleteChannel, BatchDelete. Running a channel is in channel-run-routes.ts.

import type { ChannelRequestFields } from "../../domain/channels/channel-service.ts";
import type { ChannelClass, ChannelConfig } from "../../domain/channels/channel-config.ts";
import { channelRunHandlers } from "./channel-run-routes.ts";
import { ApiError } from "../../shared/errors.ts";
import { makeArn, type ArnResourceType, type ArnScope } from "../../shared/ids.ts";
import type { ApiContext, OperationHandler } from "../handler-types.ts";
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
    return describeChannelJson(channelWireKey(record, context.runtime.view(record.id)), context.scope);
  },
  async ListChannels(input, context) {
    const page = await context.channels.list(pageRequest("ListChannels", input));
    const nextToken = encodeNextToken("ListChannels", page.nextAfter);
    return { channels: page.items.map((record) => channelSummaryToWire(record, context.scope, context.runtime.view(record.id))), ...(nextToken ? { nextToken } : {}) };
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
    return batchDelete(input, context);
  },
  ...channelRunHandlers,
};

interface BatchTarget {
  readonly type: ArnResourceType;
  readonly ids: readonly string[];
  readonly remove: (id: string) => Promise<string>;
}

/** Deletes channels first, then inputs, then security groups, so one batch can remove a whole set. */
async function batchDelete(input: Record<string, unknown>, context: ApiContext): Promise<unknown> {
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  if (strings(input.multiplexIds).length) throw new ApiError("OL_REQUEST_INVALID", { detail: "multiplexIds: openlive has no multiplexes" });
  const targets: BatchTarget[] = [
    { type: "channel", ids: strings(input.channelIds), remove: async (id) => (await context.channels.delete(id)).state },
    { type: "input", ids: strings(input.inputIds), remove: async (id) => (await context.inputs.delete(id), "DELETED") },
    { type: "inputSecurityGroup", ids: strings(input.inputSecurityGroupIds), remove: async (id) => (await context.isgs.delete(id), "DELETED") },
  ];
  const successful: { arn: string; id: string; state: string }[] = [];
  const failed: { arn: string; id: string; code: string; message: string }[] = [];
  for (const target of targets) {
    for (const id of target.ids) {
      const arn = makeArn(context.scope, target.type, id);
      try {
        successful.push({ arn, id, state: await target.remove(id) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failed.push({ arn, id, code: error.shape, message: error.message });
      }
    }
  }
  return { successful, failed };
}
