// BatchUpdateSchedule, DescribeSchedule, DeleteSchedule.

import type { ScheduleBatch } from "../../domain/channels/schedule-rules.ts";
import type { OperationHandler } from "../handler-types.ts";
import { encodeNextToken, pageRequest } from "../pagination.ts";
import { scheduleActionToWire } from "../wire/channel-wire.ts";

export const scheduleHandlers: Record<string, OperationHandler> = {
  async BatchUpdateSchedule(input, context, modelProblems) {
    const result = await context.channels.updateSchedule(String(input.channelId), input as ScheduleBatch, modelProblems);
    return { creates: { scheduleActions: result.created }, deletes: { scheduleActions: result.deleted } };
  },
  async DescribeSchedule(input, context) {
    const actions = await context.channels.schedule(String(input.channelId));
    const page = pageRequest("DescribeSchedule", input);
    const start = page.after ?? 0;
    const slice = actions.slice(start, start + page.limit);
    const nextToken = start + page.limit < actions.length ? encodeNextToken("DescribeSchedule", start + page.limit) : undefined;
    return { scheduleActions: slice.map(scheduleActionToWire), ...(nextToken ? { nextToken } : {}) };
  },
  async DeleteSchedule(input, context) {
    await context.channels.deleteSchedule(String(input.channelId));
    return {};
  },
};
