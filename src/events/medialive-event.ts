// The EventBridge events MediaLive sends, as openlive sends them on /events and to
// webhooks: the EventBridge envelope (version "0", source "aws.medialive", the channel
// ARN in `resources`) around a snake_case `detail` with MediaLive's member names.
// Channel state change: channel_arn, state, message, pipelines_running_count.
// Channel alert: alarm_state, alarm_id, alert_type, message, pipeline, channel_arn.
// Channel input change: active_input_attachment_name, active_input_switch_action_name,
// message, pipeline, channel_arn. docs/events.md shows one of each.

export const DetailTypes = {
  channelStateChange: "MediaLive Channel State Change",
  channelAlert: "MediaLive Channel Alert",
  channelInputChange: "MediaLive Channel Input Change",
} as const;
export type DetailType = (typeof DetailTypes)[keyof typeof DetailTypes];

export interface ChannelStateChangeDetail {
  readonly channel_arn: string;
  readonly state: string;
  readonly message: string;
  readonly pipelines_running_count: number;
}

export interface ChannelAlertDetail {
  readonly alarm_state: "SET" | "CLEARED";
  readonly alarm_id: string;
  readonly alert_type: string;
  readonly message: string;
  readonly pipeline: string;
  readonly channel_arn: string;
}

export interface ChannelInputChangeDetail {
  readonly active_input_attachment_name: string;
  /** Present when a schedule action (input switch) made the change; absent for the initial input or a failover. */
  readonly active_input_switch_action_name?: string;
  readonly message: string;
  readonly pipeline: string;
  readonly channel_arn: string;
}

interface Envelope<T extends DetailType, D> {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": T;
  readonly source: "aws.medialive";
  readonly account: string;
  /** ISO 8601 to the second, as EventBridge: 2026-11-25T07:30:53Z. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: D;
}

export type MediaLiveEvent =
  | Envelope<typeof DetailTypes.channelStateChange, ChannelStateChangeDetail>
  | Envelope<typeof DetailTypes.channelAlert, ChannelAlertDetail>
  | Envelope<typeof DetailTypes.channelInputChange, ChannelInputChangeDetail>;

/** An event with the channel it concerns (for the `?channelId=` filter). */
export interface ChannelEvent {
  readonly channelId: string;
  readonly event: MediaLiveEvent;
}
