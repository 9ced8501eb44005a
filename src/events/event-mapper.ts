// ChangeFeed notifications → MediaLive-shaped EventBridge events. Pure: the event id and,
// for state changes, the time come from the caller, so the same input gives the same event.

import type { ChangeFeedEvents } from "../domain/change-feed.ts";
import { ArnResourceTypes, makeArn, type ArnScope } from "../shared/ids.ts";
import { DetailTypes, type ChannelEvent, type DetailType } from "./medialive-event.ts";

/** What a state change event needs: the channel's state as stored, and how many pipelines run. */
export interface ChannelStateSnapshot {
  readonly channelId: string;
  readonly state: string;
  readonly pipelinesRunningCount: number;
}

const STATE_MESSAGES: Readonly<Record<string, string>> = {
  CREATING: "Creating channel",
  CREATE_FAILED: "Failed to create channel",
  IDLE: "Channel is idle",
  STARTING: "Starting channel",
  RUNNING: "Channel is running",
  RECOVERING: "Recovering channel: a pipeline failed and is restarting",
  STOPPING: "Stopping channel",
  DELETING: "Deleting channel",
  DELETED: "Deleted channel",
  UPDATING: "Updating channel",
  UPDATE_FAILED: "Failed to update channel",
};

/** EventBridge's `time`: ISO 8601 in UTC to the second. */
export function eventTime(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 19)}Z`;
}

/** The EventBridge members, in EventBridge's order. */
function envelope<T extends DetailType>(scope: ArnScope, id: string, detailType: T, atMs: number, channelArn: string) {
  return { version: "0", id, "detail-type": detailType, source: "aws.medialive", account: scope.accountId, time: eventTime(atMs), region: scope.region, resources: [channelArn] } as const;
}

export function stateChangeEvent(scope: ArnScope, id: string, atMs: number, snapshot: ChannelStateSnapshot): ChannelEvent {
  const channelArn = makeArn(scope, ArnResourceTypes.channel, snapshot.channelId);
  return {
    channelId: snapshot.channelId,
    event: {
      ...envelope(scope, id, DetailTypes.channelStateChange, atMs, channelArn),
      detail: {
        channel_arn: channelArn,
        state: snapshot.state,
        message: STATE_MESSAGES[snapshot.state] ?? `Channel is ${snapshot.state}`,
        pipelines_running_count: snapshot.pipelinesRunningCount,
      },
    },
  };
}

/** A SET alert carries the time it was set; a CLEARED one the time it cleared. */
export function alertEvent(scope: ArnScope, id: string, change: ChangeFeedEvents["alertChanged"]): ChannelEvent {
  const { channelId, alert } = change;
  const channelArn = makeArn(scope, ArnResourceTypes.channel, channelId);
  const atMs = alert.state === "CLEARED" ? (alert.clearedAtMs ?? alert.setAtMs) : alert.setAtMs;
  return {
    channelId,
    event: {
      ...envelope(scope, id, DetailTypes.channelAlert, atMs, channelArn),
      detail: { alarm_state: alert.state, alarm_id: alert.id, alert_type: alert.alertType, message: alert.message, pipeline: alert.pipelineId, channel_arn: channelArn },
    },
  };
}

export function inputChangeEvent(scope: ArnScope, id: string, change: ChangeFeedEvents["activeInputChanged"]): ChannelEvent {
  const channelArn = makeArn(scope, ArnResourceTypes.channel, change.channelId);
  const action = change.activeInputSwitchActionName;
  const message =
    (change.previousInputAttachmentName !== undefined
      ? `Pipeline ${change.pipelineId} switched from input attachment "${change.previousInputAttachmentName}" to "${change.activeInputAttachmentName}"`
      : `Pipeline ${change.pipelineId} is on input attachment "${change.activeInputAttachmentName}"`) + (action !== undefined ? ` (schedule action "${action}")` : "");
  return {
    channelId: change.channelId,
    event: {
      ...envelope(scope, id, DetailTypes.channelInputChange, change.atMs, channelArn),
      detail: {
        active_input_attachment_name: change.activeInputAttachmentName,
        ...(action !== undefined ? { active_input_switch_action_name: action } : {}),
        message,
        pipeline: change.pipelineId,
        channel_arn: channelArn,
      },
    },
  };
}
