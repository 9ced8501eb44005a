// What DescribeChannel and ListAlerts show of a channel whose pipelines run on cluster workers,
// computed from the wanted pipelines' rows (holder, lease, report) that any API node reads.
// Pure: the rows, the stored state and the time come in as arguments.
//
// State: STARTING until every wanted pipeline is held under a live lease and its holder
// reports RUNNING; RUNNING then; RECOVERING once the channel has run (the stored state says
// RUNNING or RECOVERING) while a pipeline is unheld, its lease expired, or its holder reports
// it down. STOPPING and IDLE stay what StopChannel stored.

import type { ChannelAlert, ChannelRunView, PipelineDetail } from "../domain/channels/channel-runtime-port.ts";
import type { ChannelState } from "../domain/records.ts";
import { AlertCatalogue } from "../shared/alerts.ts";
import { REPORTED_STATES, type PipelineView } from "./cluster-types.ts";

/** A pipeline counts as running when its lease is live and its holder says its encoder produces output. */
export function pipelineUp(view: PipelineView): boolean {
  return view.leaseLive && view.report?.state === REPORTED_STATES.RUNNING;
}

/** The derived state of a started channel; undefined when the stored state is not a running one (STOPPING, IDLE). */
export function clusterChannelState(views: readonly PipelineView[], storedState: ChannelState): "STARTING" | "RUNNING" | "RECOVERING" | undefined {
  if (storedState !== "STARTING" && storedState !== "RUNNING" && storedState !== "RECOVERING") return undefined;
  if (views.length > 0 && views.every(pipelineUp)) return "RUNNING";
  return storedState === "STARTING" ? "STARTING" : "RECOVERING";
}

/** DescribeChannel's runtime part; undefined when no pipeline is wanted (the channel does not run). */
export function clusterRunView(views: readonly PipelineView[], storedState: ChannelState): ChannelRunView | undefined {
  if (views.length === 0) return undefined;
  const state = clusterChannelState(views, storedState);
  const pipelineDetails = views.map((view): PipelineDetail => {
    // A report of a lease that expired is the last word of a holder that may be gone.
    const report = view.leaseLive ? view.report : undefined;
    return {
      pipelineId: String(view.pipeline),
      running: pipelineUp(view),
      restarts: report?.restarts ?? 0,
      ...(report?.activeInputAttachmentName !== undefined ? { activeInputAttachmentName: report.activeInputAttachmentName } : {}),
      ...(report?.activeInputSwitchActionName !== undefined ? { activeInputSwitchActionName: report.activeInputSwitchActionName } : {}),
      ...(report?.activeMotionGraphicsActionName !== undefined ? { activeMotionGraphicsActionName: report.activeMotionGraphicsActionName } : {}),
      ...(report?.activeMotionGraphicsUri !== undefined ? { activeMotionGraphicsUri: report.activeMotionGraphicsUri } : {}),
    };
  });
  return { ...(state !== undefined ? { state } : {}), pipelinesRunningCount: pipelineDetails.filter((detail) => detail.running).length, pipelineDetails };
}

/**
 * ListAlerts: every holder's reported alerts, plus a Pipeline Has No Worker alert for each
 * pipeline without a live lease for longer than `leaseMs` (a worker that dies is replaced within
 * about a lease; longer means nobody of the zone can take it).
 */
export function clusterAlerts(views: readonly PipelineView[], options: { channelId: string; leaseMs: number; nowMs: number }): ChannelAlert[] {
  const alerts: ChannelAlert[] = [];
  for (const view of views) {
    const pipelineId = String(view.pipeline);
    for (const [index, alert] of (view.report?.alerts ?? []).entries()) {
      alerts.push({
        id: alert.id ?? `${options.channelId}-${pipelineId}-${view.epoch}-${index}`,
        alertType: alert.alertType,
        message: alert.message,
        pipelineId,
        state: alert.state,
        setAtMs: alert.setAtMs,
        ...(alert.clearedAtMs !== undefined ? { clearedAtMs: alert.clearedAtMs } : {}),
      });
    }
    if (view.unheldMs !== undefined && view.unheldMs > options.leaseMs) {
      // Whole seconds: two reads a few milliseconds apart show the same set time.
      const setAtMs = Math.floor((options.nowMs - view.unheldMs) / 1000) * 1000;
      alerts.push({
        id: `${options.channelId}-${pipelineId}-unheld-${view.epoch}`,
        alertType: AlertCatalogue.PIPELINE_UNHELD.alertType,
        message: `pipeline ${pipelineId} has had no worker for ${Math.round(view.unheldMs / 1000)} s: no live worker of zone ${view.zone} has room for it (${view.costUnits} capacity units)`,
        pipelineId,
        state: "SET",
        setAtMs,
      });
    }
  }
  return alerts.sort((a, b) => a.setAtMs - b.setAtMs);
}
