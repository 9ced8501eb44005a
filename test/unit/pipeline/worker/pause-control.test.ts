import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import { ProgramTimeline } from "../../../../src/pipeline/program/program-timeline.ts";
import { PauseControl } from "../../../../src/pipeline/worker/pause-control.ts";

const logger = pino({ level: "silent" });
const fill = { black: new Uint8Array([0xb1]), image: new Uint8Array([0x1a]), silence: [] };
const timeline = (): ProgramTimeline => new ProgramTimeline({ startMs: 0, videoFrameTicks90k: 3000, fill, inputLossThresholdMs: 1000, repeatFrameMs: 1000, blackFrameMs: 1000 });
const pause = (...pipelineIds: string[]) => ({ actionName: "p", type: "pauseStateSettings", settings: { pipelines: pipelineIds.map((pipelineId) => ({ pipelineId })) } });

describe("PauseControl", () => {
  it("holds the timeline of a listed pipeline, and resumes it when a later action leaves it out", () => {
    const control = new PauseControl({ pipelineIndex: 1, workDir: "/nonexistent", logger });
    const t = timeline();
    control.apply(pause("PIPELINE_0"), t, undefined, 0);
    assert.equal(t.held, false, "pausing pipeline 0 leaves pipeline 1 running");
    control.apply(pause("PIPELINE_0", "PIPELINE_1"), t, undefined, 0);
    assert.equal(t.held, true);
    control.apply(pause(), t, undefined, 100);
    // Resumed: the hold ends at the input's next keyframe, or after the input-loss threshold.
    t.tick(1100);
    assert.equal(t.held, false);
  });

  it("only pauseStateSettings is its business", () => {
    assert.equal(PauseControl.handles(pause()), true);
    assert.equal(PauseControl.handles({ actionName: "x", type: "hlsTimedMetadataSettings", settings: {} }), false);
  });
});
