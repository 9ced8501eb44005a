import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alertEvent, eventTime, inputChangeEvent, stateChangeEvent } from "../../../src/events/event-mapper.ts";

const scope = { region: "eu-west-1", accountId: "111122223333" };
const ARN = "arn:aws:medialive:eu-west-1:111122223333:channel:1234567";
const AT = Date.UTC(2026, 10, 25, 7, 30, 53, 456);

describe("event mapper", () => {
  it("writes EventBridge's time: UTC to the second", () => {
    assert.equal(eventTime(AT), "2026-11-25T07:30:53Z");
  });

  it("maps a channel state to a MediaLive Channel State Change", () => {
    const { channelId, event } = stateChangeEvent(scope, "id-1", AT, { channelId: "1234567", state: "RUNNING", pipelinesRunningCount: 2 });
    assert.equal(channelId, "1234567");
    assert.deepEqual(event, {
      version: "0",
      id: "id-1",
      "detail-type": "MediaLive Channel State Change",
      source: "aws.medialive",
      account: "111122223333",
      time: "2026-11-25T07:30:53Z",
      region: "eu-west-1",
      resources: [ARN],
      detail: { channel_arn: ARN, state: "RUNNING", message: "Channel is running", pipelines_running_count: 2 },
    });
    assert.deepEqual(Object.keys(event), ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"], "EventBridge's member order");
    assert.equal(stateChangeEvent(scope, "id-2", AT, { channelId: "1234567", state: "DELETED", pipelinesRunningCount: 0 }).event.detail.message, "Deleted channel");
  });

  it("maps a SET alert, timed when it was set, and a CLEARED one, timed when it cleared", () => {
    const alert = { id: "abc123", alertType: "Video Not Detected", message: "no video on input attachment \"main\"", pipelineId: "1", state: "SET" as const, setAtMs: AT };
    const set = alertEvent(scope, "id-3", { channelId: "1234567", alert });
    assert.equal(set.event["detail-type"], "MediaLive Channel Alert");
    assert.equal(set.event.time, "2026-11-25T07:30:53Z");
    assert.deepEqual(set.event.resources, [ARN]);
    assert.deepEqual(set.event.detail, { alarm_state: "SET", alarm_id: "abc123", alert_type: "Video Not Detected", message: alert.message, pipeline: "1", channel_arn: ARN });
    const cleared = alertEvent(scope, "id-4", { channelId: "1234567", alert: { ...alert, state: "CLEARED", clearedAtMs: AT + 61_000 } });
    assert.equal(cleared.event.time, "2026-11-25T07:31:54Z");
    assert.equal((cleared.event.detail as { alarm_state: string }).alarm_state, "CLEARED");
  });

  it("maps an input change, with the switch action's name when a schedule action made it", () => {
    const switched = inputChangeEvent(scope, "id-5", { channelId: "1234567", pipelineId: "0", activeInputAttachmentName: "backup", activeInputSwitchActionName: "go-backup", previousInputAttachmentName: "main", atMs: AT });
    assert.equal(switched.event["detail-type"], "MediaLive Channel Input Change");
    assert.deepEqual(switched.event.detail, {
      active_input_attachment_name: "backup",
      active_input_switch_action_name: "go-backup",
      message: 'Pipeline 0 switched from input attachment "main" to "backup" (schedule action "go-backup")',
      pipeline: "0",
      channel_arn: ARN,
    });
    const first = inputChangeEvent(scope, "id-6", { channelId: "1234567", pipelineId: "1", activeInputAttachmentName: "main", atMs: AT });
    assert.deepEqual(first.event.detail, { active_input_attachment_name: "main", message: 'Pipeline 1 is on input attachment "main"', pipeline: "1", channel_arn: ARN });
  });
});
