// The PipelineHost of a serving node: a claimed pipeline runs as the local pipeline process of
// the channel runtime (one pipeline index of the stored channel, with the claim's epoch), and
// its view and alerts become the report the API nodes read.

import type { ChannelAlert, ChannelRunView, DetectedInputProperties } from "../domain/channels/channel-runtime-port.ts";
import { REPORTED_STATES, type PipelineReport, type ReportedDetection, type ReportedState } from "./cluster-types.ts";
import type { PipelineHost } from "./cluster-worker.ts";

/** The part of the channel runtime a worker uses (ChannelRuntime's runPipeline and stopPipeline). */
export interface PipelineRuntime {
  runPipeline(channelId: string, run: { readonly pipelineIndex: 0 | 1; readonly clusterEpoch: number; readonly onChange: () => void }): Promise<void>;
  stopPipeline(channelId: string): Promise<void>;
  view(channelId: string): Promise<ChannelRunView | undefined>;
  alerts(channelId: string): Promise<readonly ChannelAlert[]>;
  detectedOfChannel(channelId: string): Readonly<Record<string, readonly DetectedInputProperties[]>>;
}

/** Each input's detection by one pipeline, keeping the time it was first seen as it is now. */
function detectionsOf(detected: Readonly<Record<string, readonly DetectedInputProperties[]>>, pipelineIndex: number, previous: Readonly<Record<string, ReportedDetection>>): Record<string, ReportedDetection> {
  const reported: Record<string, ReportedDetection> = {};
  for (const [inputId, entries] of Object.entries(detected)) {
    const entry = entries.find((candidate) => candidate.pipelineIndex === pipelineIndex);
    if (!entry) continue;
    const { bitrateBps: _measured, ...streamInfo } = entry.streamInfo;
    const before = previous[inputId];
    reported[inputId] = before && JSON.stringify(before.streamInfo) === JSON.stringify(streamInfo) ? before : { streamInfo, sinceMs: entry.atMs };
  }
  return reported;
}

/** A report row holds at most this many alerts (the newest); ListAlerts pages over what is there. */
const MAX_REPORTED_ALERTS = 50;

/** The report of one pipeline from the local view; `everRunning` tells RECOVERING from STARTING. */
export function reportOf(view: ChannelRunView | undefined, alerts: readonly ChannelAlert[], everRunning: boolean): PipelineReport {
  const detail = view?.pipelineDetails[0];
  const state: ReportedState = detail?.running ? REPORTED_STATES.RUNNING : everRunning ? REPORTED_STATES.RECOVERING : REPORTED_STATES.STARTING;
  return {
    state,
    restarts: detail?.restarts ?? 0,
    ...(detail?.activeInputAttachmentName !== undefined ? { activeInputAttachmentName: detail.activeInputAttachmentName } : {}),
    ...(detail?.activeInputSwitchActionName !== undefined ? { activeInputSwitchActionName: detail.activeInputSwitchActionName } : {}),
    ...(detail?.activeMotionGraphicsActionName !== undefined ? { activeMotionGraphicsActionName: detail.activeMotionGraphicsActionName } : {}),
    ...(detail?.activeMotionGraphicsUri !== undefined ? { activeMotionGraphicsUri: detail.activeMotionGraphicsUri } : {}),
    alerts: alerts.slice(-MAX_REPORTED_ALERTS).map((alert) => ({
      id: alert.id,
      alertType: alert.alertType,
      message: alert.message,
      state: alert.state,
      setAtMs: alert.setAtMs,
      ...(alert.clearedAtMs !== undefined ? { clearedAtMs: alert.clearedAtMs } : {}),
    })),
  };
}

export function runtimePipelineHost(runtime: PipelineRuntime, nowMs: () => number = Date.now): PipelineHost {
  return {
    async start(pipeline, onReport) {
      const { channelId } = pipeline;
      // The alert book keeps an earlier run's cleared alerts; this run reports its own.
      const startedAtMs = nowMs();
      let everRunning = false;
      let detections: Readonly<Record<string, ReportedDetection>> = {};
      let reporting = Promise.resolve();
      const report = (): void => {
        reporting = reporting.then(async () => {
          const [view, alerts] = await Promise.all([runtime.view(channelId), runtime.alerts(channelId)]);
          detections = detectionsOf(runtime.detectedOfChannel(channelId), pipeline.pipeline, detections);
          const next = { ...reportOf(view, alerts.filter((alert) => alert.setAtMs >= startedAtMs), everRunning), ...(Object.keys(detections).length ? { detectedInputs: detections } : {}) };
          everRunning ||= next.state === REPORTED_STATES.RUNNING;
          onReport(next);
        });
      };
      await runtime.runPipeline(channelId, { pipelineIndex: pipeline.pipeline, clusterEpoch: pipeline.epoch, onChange: report });
      report();
    },
    stop: (pipeline) => runtime.stopPipeline(pipeline.channelId),
  };
}
