// What the metrics read from whatever runs the pipelines: counters as they arrive, and the
// running pipelines at scrape time. The runtime implements it; the metrics know no runtime.

import type { PipelineStats } from "../pipeline/worker/messages.ts";

/** A pipeline worker's counters as they arrive (once a second). */
export interface PipelineStatsReport {
  readonly channelId: string;
  readonly pipelineIndex: number;
  /** Changes when the channel is stopped and started again. */
  readonly runId: number;
  /** Worker restarts of this pipeline in this run. */
  readonly restarts: number;
  readonly stats: PipelineStats;
}

/** One pipeline as /metrics reads it at scrape time. */
export interface PipelineMetricsView {
  readonly pipelineIndex: number;
  readonly running: boolean;
  readonly activeInputAttachmentName?: string;
  readonly restarts: number;
  /** The worker's last counters; undefined before its first report and while it is down. */
  readonly stats?: PipelineStats;
}

/** A running channel's pipelines as /metrics reads them at scrape time. */
export interface ChannelMetricsView {
  readonly channelId: string;
  readonly pipelines: readonly PipelineMetricsView[];
}

export interface MetricsSource {
  /** Every running channel's pipelines: state, active input, restarts and last counters. */
  metricsView(): readonly ChannelMetricsView[];
  /** Calls `listener` with every pipeline's counters as they arrive; returns the unsubscribe function. */
  onStats(listener: (report: PipelineStatsReport) => void): () => void;
}
