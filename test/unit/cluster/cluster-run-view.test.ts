// The channel state, pipeline details and alerts an API node derives from the wanted
// pipelines' rows (cluster-run-view.ts), and what a holder reports of its local view
// (runtime-pipeline-host.ts reportOf): pure, time passed in.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clusterAlerts, clusterChannelState, clusterRunView } from "../../../src/cluster/cluster-run-view.ts";
import type { PipelineView } from "../../../src/cluster/cluster-types.ts";
import { reportOf } from "../../../src/cluster/runtime-pipeline-host.ts";
import { AlertCatalogue } from "../../../src/shared/alerts.ts";

const up = (pipeline: 0 | 1, zone: string): PipelineView => ({
  channelId: "c", pipeline, zone, costUnits: 14, holder: `${zone}1`, epoch: 10 + pipeline, leaseLive: true,
  report: { state: "RUNNING", activeInputAttachmentName: "main", restarts: 1, alerts: [] },
});

describe("cluster run view", () => {
  it("is STARTING until every wanted pipeline is held and reports RUNNING, then RUNNING", () => {
    const unheld: PipelineView = { channelId: "c", pipeline: 1, zone: "b", costUnits: 14, epoch: 0, leaseLive: false, unheldMs: 100 };
    assert.equal(clusterChannelState([up(0, "a"), unheld], "STARTING"), "STARTING");
    assert.equal(clusterChannelState([up(0, "a"), { ...up(1, "b"), report: { state: "STARTING", alerts: [] } }], "STARTING"), "STARTING");
    assert.equal(clusterChannelState([up(0, "a"), up(1, "b")], "STARTING"), "RUNNING");
  });

  it("is RECOVERING once the channel ran while a pipeline's lease expired or its holder reports it down; STOPPING and IDLE stay stored", () => {
    assert.equal(clusterChannelState([up(0, "a"), { ...up(1, "b"), leaseLive: false }], "RUNNING"), "RECOVERING");
    assert.equal(clusterChannelState([up(0, "a"), { ...up(1, "b"), report: { state: "RECOVERING", alerts: [] } }], "RECOVERING"), "RECOVERING");
    assert.equal(clusterChannelState([up(0, "a"), up(1, "b")], "STOPPING"), undefined);
    assert.equal(clusterChannelState([up(0, "a"), up(1, "b")], "IDLE"), undefined);
  });

  it("shows each pipeline's active input from a live lease only, and no view without wanted pipelines", () => {
    assert.equal(clusterRunView([], "IDLE"), undefined);
    const view = clusterRunView([up(0, "a"), { ...up(1, "b"), leaseLive: false }], "RUNNING")!;
    assert.deepEqual(view, {
      state: "RECOVERING",
      pipelinesRunningCount: 1,
      pipelineDetails: [{ pipelineId: "0", running: true, restarts: 1, activeInputAttachmentName: "main" }, { pipelineId: "1", running: false, restarts: 0 }],
    });
  });

  it("carries the motion graphics page a holder reports (from its local view) into the pipeline details", () => {
    const local = { pipelinesRunningCount: 1, pipelineDetails: [{ pipelineId: "0", running: true, restarts: 0, activeMotionGraphicsActionName: "ticker", activeMotionGraphicsUri: "https://graphics.example/ticker.html" }] };
    const report = reportOf(local, [], true);
    assert.deepEqual([report.activeMotionGraphicsActionName, report.activeMotionGraphicsUri], ["ticker", "https://graphics.example/ticker.html"]);
    const view = clusterRunView([{ ...up(0, "a"), report }], "RUNNING")!;
    assert.deepEqual(view.pipelineDetails[0], { pipelineId: "0", running: true, restarts: 0, activeMotionGraphicsActionName: "ticker", activeMotionGraphicsUri: "https://graphics.example/ticker.html" });
    assert.equal(reportOf({ ...local, pipelineDetails: [{ pipelineId: "0", running: true, restarts: 0 }] }, [], true).activeMotionGraphicsActionName, undefined);
  });

  it("lists the holders' alerts and raises Pipeline Has No Worker only after a pipeline went unheld for longer than a lease", () => {
    const reported: PipelineView = { ...up(0, "a"), report: { state: "RUNNING", alerts: [{ id: "r1", alertType: "Encoder Failed", message: "m", state: "CLEARED", setAtMs: 1000, clearedAtMs: 2000 }] } };
    const options = { channelId: "c", leaseMs: 6000, nowMs: 100_000 };
    const unheld = (unheldMs: number): PipelineView => ({ channelId: "c", pipeline: 1, zone: "b", costUnits: 14, epoch: 11, leaseLive: false, unheldMs });
    assert.deepEqual(clusterAlerts([reported, unheld(6000)], options).map((alert) => alert.alertType), ["Encoder Failed"]);
    const alerts = clusterAlerts([reported, unheld(8500)], options);
    assert.deepEqual(alerts[0], { id: "r1", alertType: "Encoder Failed", message: "m", pipelineId: "0", state: "CLEARED", setAtMs: 1000, clearedAtMs: 2000 });
    assert.deepEqual({ ...alerts[1], message: undefined }, { id: "c-1-unheld-11", alertType: AlertCatalogue.PIPELINE_UNHELD.alertType, message: undefined, pipelineId: "1", state: "SET", setAtMs: 91_000 });
    assert.match(alerts[1]!.message, /pipeline 1 has had no worker for 9 s: no live worker of zone b/);
  });
});
