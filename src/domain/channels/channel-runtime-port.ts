// The channel-runtime port: how the API and the services reach running channels. The
// single-node implementation (src/runtime/) runs each pipeline as a local process; a cluster
// implementation leases pipelines to worker nodes and reads what they report from the
// database (docs/architecture.md). Everything a worker reports is therefore read through a
// promise, and everything the port hands out is plain data: state, active input, alerts,
// detected input properties and thumbnail bytes, never a file path or a process.

import type { StreamInfo } from "../../media/types.ts";
import type { ChannelRecord } from "./channel-record.ts";

/** One pipeline of a started channel as DescribeChannel's pipelineDetails shows it. */
export interface PipelineDetail {
  readonly pipelineId: string;
  /** Whether the pipeline's encoder produces output. */
  readonly running: boolean;
  readonly activeInputAttachmentName?: string;
  readonly activeInputSwitchActionName?: string;
  /** The motion graphics page shown now: the activate action that put it there and its URL. */
  readonly activeMotionGraphicsActionName?: string;
  readonly activeMotionGraphicsUri?: string;
  /** Times the pipeline was restarted in this run. */
  readonly restarts: number;
  /** The pipeline's process id where it runs (diagnostics; absent while it is down). */
  readonly pid?: number;
}

/** What DescribeChannel shows of a started channel. An unchanged view is the same object, so answers can be cached by identity. */
export interface ChannelRunView {
  /**
   * The channel's state as its pipelines make it, when the runtime knows better than the stored
   * record (a cluster, where workers on other nodes report); absent: the record's state.
   */
  readonly state?: ChannelRecord["state"];
  readonly pipelinesRunningCount: number;
  readonly pipelineDetails: readonly PipelineDetail[];
}

/** One alert of a started channel as ListAlerts returns it. */
export interface ChannelAlert {
  readonly id: string;
  readonly alertType: string;
  readonly message: string;
  readonly pipelineId: string;
  readonly state: "SET" | "CLEARED";
  readonly setAtMs: number;
  readonly clearedAtMs?: number;
}

/** A pipeline's current picture (DescribeThumbnails). */
export interface Thumbnail {
  readonly jpeg: Uint8Array;
  /** When the picture was taken. */
  readonly atMs: number;
}

/** What one pipeline last detected on an input's source (DescribeInput's detectedProperties). */
export interface DetectedInputProperties {
  readonly pipelineIndex: number;
  readonly streamInfo: StreamInfo;
  readonly atMs: number;
}

export interface ChannelRuntimePort {
  /** StartChannel: IDLE → STARTING (channel-states.ts); resolves with the stored record once the start is recorded. */
  start(record: ChannelRecord): Promise<ChannelRecord>;
  /** StopChannel: → STOPPING at once, IDLE when every pipeline has stopped; resolves with the STOPPING record. */
  stop(record: ChannelRecord): Promise<ChannelRecord>;
  /** RestartChannelPipelines: restarts the named pipelines (indices 0, 1) of a started channel only. */
  restartPipelines(record: ChannelRecord, pipelineIndices: readonly number[]): Promise<void>;
  /** The pipelines of a started channel, or undefined when it does not run. */
  view(channelId: string): Promise<ChannelRunView | undefined>;
  /** The alerts of the channel's current and last run, oldest first. */
  alerts(channelId: string): Promise<readonly ChannelAlert[]>;
  /** The current picture of one pipeline, or undefined while it has none. */
  thumbnail(channelId: string, pipelineIndex: number): Promise<Thumbnail | undefined>;
  /** What each pipeline reading the input last detected on it, by pipeline; empty when no started channel reads it. */
  detectedProperties(inputId: string): Promise<readonly DetectedInputProperties[]>;
}
