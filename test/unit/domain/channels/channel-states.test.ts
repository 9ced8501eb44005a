import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelRecord } from "../../../../src/domain/channels/channel-record.ts";
import { checkMayStart, checkMayStopIdle, pipelineCountOf, resumeStep, shouldRun, stateOfPipelines } from "../../../../src/domain/channels/channel-states.ts";
import type { ChannelState } from "../../../../src/domain/records.ts";
import { ApiError } from "../../../../src/shared/errors.ts";

const channel = (state: ChannelState, channelClass = "STANDARD"): ChannelRecord => ({ id: "1234567", state, tags: {}, config: { channelClass } as unknown as ChannelRecord["config"] });
const wrongState = (error: unknown) => error instanceof ApiError && error.code === "OL_CHANNEL_WRONG_STATE";

describe("channel states", () => {
  it("starts only an IDLE channel whose pipelines do not run", () => {
    assert.doesNotThrow(() => checkMayStart(channel("IDLE"), false));
    assert.throws(() => checkMayStart(channel("IDLE"), true), wrongState);
    for (const state of ["STARTING", "RUNNING", "RECOVERING", "STOPPING", "DELETED"] as const) assert.throws(() => checkMayStart(channel(state), false), wrongState, state);
    assert.throws(() => checkMayStart(channel("RUNNING"), false), /Cannot start channel 1234567 while it is RUNNING/);
  });

  it("refuses to stop an IDLE channel and answers any other stopped channel as it is", () => {
    assert.throws(() => checkMayStopIdle(channel("IDLE")), /Cannot stop channel 1234567 while it is IDLE/);
    for (const state of ["STOPPING", "RUNNING", "STARTING"] as const) assert.doesNotThrow(() => checkMayStopIdle(channel(state)), state);
  });

  it("runs again what should run and settles a stop cut short, at service start", () => {
    assert.deepEqual(
      (["IDLE", "STARTING", "RUNNING", "RECOVERING", "STOPPING", "DELETED"] as const).map((state) => [state, resumeStep(state), shouldRun(state)]),
      [["IDLE", "none", false], ["STARTING", "run", true], ["RUNNING", "run", true], ["RECOVERING", "run", true], ["STOPPING", "settle-idle", false], ["DELETED", "none", false]],
    );
  });

  it("derives the state of a started channel from its pipelines", () => {
    assert.equal(stateOfPipelines(0, 2, false), "STARTING");
    assert.equal(stateOfPipelines(1, 2, false), "STARTING");
    assert.equal(stateOfPipelines(2, 2, false), "RUNNING");
    assert.equal(stateOfPipelines(1, 2, true), "RECOVERING");
    assert.equal(stateOfPipelines(0, 2, true), "RECOVERING");
    assert.equal(stateOfPipelines(1, 1, true), "RUNNING");
  });

  it("runs two pipelines for STANDARD and one for SINGLE_PIPELINE", () => {
    assert.equal(pipelineCountOf(channel("IDLE")), 2);
    assert.equal(pipelineCountOf(channel("IDLE", "SINGLE_PIPELINE")), 1);
  });
});
