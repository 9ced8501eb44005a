// Notifications of committed control-plane changes. The push ingest edges subscribe to
// `isgChanged` to apply new allow-lists to running endpoints within a second, without a
// restart; nothing here knows who listens.

import { TypedEmitter } from "../shared/typed-emitter.ts";
import type { ChannelAlert } from "./channels/channel-runtime-port.ts";

export interface ChangeFeedEvents {
  [event: string]: unknown;
  /** An ISG's rules changed (or it was deleted: `cidrs` empty, `deleted` true). */
  isgChanged: { readonly isgId: string; readonly cidrs: readonly string[]; readonly deleted: boolean };
  /** An input was created, updated or deleted. */
  inputChanged: { readonly inputId: string; readonly deleted: boolean };
  /** A channel's state or what its pipelines report changed (running channels). */
  channelChanged: { readonly channelId: string };
  /** A channel was deleted (channelChanged fires too); what kept per-channel state lets it go. */
  channelDeleted: { readonly channelId: string };
  /** A channel's schedule changed (BatchUpdateSchedule, DeleteSchedule): running pipelines execute the new one. */
  scheduleChanged: { readonly channelId: string };
  /**
   * RestartChannelPipelines answered by a cluster node: whichever node holds one of these pipelines
   * restarts it (the request travels to the holders with the cluster's change relay).
   */
  pipelinesRestartRequested: { readonly channelId: string; readonly pipelineIndices: readonly number[] };
  /** An alert of a running channel was SET or CLEARED (ListAlerts' entry as it is now). */
  alertChanged: {
    readonly channelId: string;
    readonly alert: ChannelAlert;
  };
  /** A pipeline's input on air changed (MediaLive's "MediaLive Channel Input Change" event). */
  activeInputChanged: { readonly channelId: string; readonly pipelineId: string; readonly activeInputAttachmentName: string; readonly activeInputSwitchActionName?: string; readonly previousInputAttachmentName?: string; readonly atMs: number };
}

export class ChangeFeed extends TypedEmitter<ChangeFeedEvents> {}
