import type { ChannelRecord } from "../../domain/channels/channel-record.ts";
import type { ChannelRunView } from "../../domain/channels/channel-runtime-port.ts";
import { NOT_HONOURED_MEMBER, notHonouredSettings } from "../../domain/channels/not-honoured.ts";
import type { StoredScheduleAction } from "../../domain/records.ts";
import type { Channel, ChannelSummary, ScheduleAction } from "../../model/generated/medialive-types.ts";
import { makeArn, type ArnScope } from "../../shared/ids.ts";

/**
 * A channel in MediaLive's wire shape (Channel / DescribeChannelResponse): the stored
 * configuration exactly as the user sent it, plus what openlive derives and, while it
 * runs, what its pipelines report (pipelineDetails, pipelinesRunningCount), and the
 * settings openlive accepted without reproducing them (openliveNotHonoured).
 */
export function channelToWire(record: ChannelRecord, scope: ArnScope, runtime?: ChannelRunView): Channel {
  const config = record.config;
  const wire: Channel = {
    arn: makeArn(scope, "channel", record.id),
    id: record.id,
    state: runtime?.state ?? record.state,
    egressEndpoints: [],
    pipelineDetails: (runtime?.pipelineDetails ?? []).map((pipeline) => ({
      pipelineId: pipeline.pipelineId,
      ...(pipeline.activeInputAttachmentName !== undefined ? { activeInputAttachmentName: pipeline.activeInputAttachmentName } : {}),
      ...(pipeline.activeInputSwitchActionName !== undefined ? { activeInputSwitchActionName: pipeline.activeInputSwitchActionName } : {}),
      ...(pipeline.activeMotionGraphicsActionName !== undefined ? { activeMotionGraphicsActionName: pipeline.activeMotionGraphicsActionName } : {}),
      ...(pipeline.activeMotionGraphicsUri !== undefined ? { activeMotionGraphicsUri: pipeline.activeMotionGraphicsUri } : {}),
    })),
    pipelinesRunningCount: runtime?.pipelinesRunningCount ?? 0,
    tags: { ...record.tags },
    ...(config as unknown as Partial<Channel>),
  };
  // openlive's extension: what the channel asks for that openlive accepts but does not reproduce (docs/api.md).
  return Object.assign(wire, { [NOT_HONOURED_MEMBER]: notHonouredSettings(config) });
}

/** ChannelSummary (ListChannels): the channel without encoderSettings and pipelineDetails. */
export function channelSummaryToWire(record: ChannelRecord, scope: ArnScope, runtime?: ChannelRunView): ChannelSummary {
  const { encoderSettings: _encoderSettings, pipelineDetails: _pipelineDetails, ...summary } = channelToWire(record, scope, runtime);
  return summary as ChannelSummary;
}

export function scheduleActionToWire(stored: StoredScheduleAction): ScheduleAction {
  return stored.action as unknown as ScheduleAction;
}

/** A channel's record with its runtime view: one object per pair, so serialized JSON can be cached by identity. */
export interface ChannelWireKey {
  readonly record: ChannelRecord;
  readonly runtime?: ChannelRunView;
}

const wireKeys = new WeakMap<ChannelRecord, Map<ChannelRunView | undefined, ChannelWireKey>>();

export function channelWireKey(record: ChannelRecord, runtime: ChannelRunView | undefined): ChannelWireKey {
  let byView = wireKeys.get(record);
  if (!byView) wireKeys.set(record, (byView = new Map()));
  let key = byView.get(runtime);
  if (!key) {
    // Only the latest view of a record is worth keeping.
    byView.clear();
    byView.set(runtime, (key = runtime ? { record, runtime } : { record }));
  }
  return key;
}
