// PipelineReports (pipeline-reports.ts): a holder's reports written on change, the latest
// winning, a failed write retried, and a fenced write that matches nothing reported as lost.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HeldPipeline, PipelineReport } from "../../../src/cluster/cluster-types.ts";
import { PipelineReports } from "../../../src/cluster/pipeline-reports.ts";

const HELD: HeldPipeline = { channelId: "c", pipeline: 0, epoch: 7 };
const report = (state: string): PipelineReport => ({ state, alerts: [] });

/** A writeReport that answers what `answer` says, recording what it was given. */
function fakeStore(answer: () => boolean | Error) {
  const written: { nodeId: string; epoch: number; state: string }[] = [];
  return {
    written,
    writeReport: async (nodeId: string, held: HeldPipeline, next: PipelineReport) => {
      const result = answer();
      if (result instanceof Error) throw result;
      written.push({ nodeId, epoch: held.epoch, state: next.state });
      return result;
    },
  };
}

describe("PipelineReports", () => {
  it("writes a report when it changes, under the holder's epoch, and not again while it is the same", async () => {
    const store = fakeStore(() => true);
    const reports = new PipelineReports(store, "a1", () => assert.fail("not lost"), 10_000);
    try {
      reports.update(HELD, report("STARTING"));
      await reports.settled();
      reports.update(HELD, report("STARTING"));
      reports.update(HELD, report("RUNNING"));
      await reports.settled();
      assert.deepEqual(store.written, [{ nodeId: "a1", epoch: 7, state: "STARTING" }, { nodeId: "a1", epoch: 7, state: "RUNNING" }]);
    } finally {
      reports.close();
    }
  });

  it("retries a write that failed (database away) on the next tick with the latest report", async () => {
    let fail = true;
    const store = fakeStore(() => (fail ? new Error("connection refused") : true));
    const reports = new PipelineReports(store, "a1", () => assert.fail("not lost"), 20);
    try {
      reports.update(HELD, report("STARTING"));
      await reports.settled();
      reports.update(HELD, report("RUNNING"));
      await reports.settled();
      assert.deepEqual(store.written, []);
      fail = false;
      await new Promise((resolve) => setTimeout(resolve, 60));
      await reports.settled();
      assert.deepEqual(store.written, [{ nodeId: "a1", epoch: 7, state: "RUNNING" }]);
    } finally {
      reports.close();
    }
  });

  it("tells the holder a pipeline is lost when a fenced write matches nothing, and writes nothing more for it", async () => {
    const store = fakeStore(() => false);
    const lost: HeldPipeline[] = [];
    const reports = new PipelineReports(store, "a1", (pipeline) => lost.push(pipeline), 20);
    try {
      reports.update(HELD, report("RUNNING"));
      await reports.settled();
      assert.deepEqual(lost, [HELD]);
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(store.written.length, 1, "no retry of a lost pipeline");
    } finally {
      reports.close();
    }
  });
});
