import type { ChannelRecord } from "../../domain/channels/channel-record.ts";
import type { StoredScheduleAction } from "../../domain/records.ts";
import type { Channel, ChannelSummary, ScheduleAction } from "../../model/generated/medialive-types.ts";
import { makeArn, type ArnScope } from "../../shared/ids.ts";

/**
 * A channel in MediaLive's wire shape (Channel / DescribeChannelResponse): the stored
 * configuration exactly as the user sent it, plus what openlive derives. Pipelines are
 * not running yet (running-channels issue), so none are reported.
 */
export function channelToWire(record: ChannelRecord, scope: ArnScope): Channel {
  const config = record.config;
  const wire: Channel = {
    arn: makeArn(scope, "channel", record.id),
    id: record.id,
    state: record.state,
    egressEndpoints: [],
    pipelineDetails: [],
    pipelinesRunningCount: 0,
    tags: { ...record.tags },
    ...(config as unknown as Partial<Channel>),
  };
  return wire;
}

/** ChannelSummary (ListChannels): the channel without encoderSettings and pipelineDetails. */
export function channelSummaryToWire(record: ChannelRecord, scope: ArnScope): ChannelSummary {
  const { encoderSettings: _encoderSettings, pipelineDetails: _pipelineDetails, ...summary } = channelToWire(record, scope);
  return summary as ChannelSummary;
}

export function scheduleActionToWire(stored: StoredScheduleAction): ScheduleAction {
  return stored.action as unknown as ScheduleAction;
}
