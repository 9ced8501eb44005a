import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyScheduleBatch, type ScheduleContext } from "../../../../src/domain/channels/schedule-rules.ts";
import { parseId3TagBytes, pausedPipelines } from "../../../../src/domain/channels/schedule-metadata-rules.ts";
import type { ScheduleActionRecord } from "../../../../src/domain/records.ts";
import { textTag } from "../../../../src/media/id3/id3-tag.ts";

const NOW = Date.parse("2026-11-25T12:00:00.000Z");
const context: ScheduleContext = { nowMs: NOW, attachments: new Map([["live-a", { inputType: "RTP_PUSH", dynamic: false }]]) };
const immediate = { immediateModeScheduleActionStartSettings: {} };
const fixedIn = (ms: number) => ({ fixedModeScheduleActionStartSettings: { time: new Date(NOW + ms).toISOString() } });
const TIT2 = Buffer.from(textTag("TIT2", "Hello World")).toString("base64");

function action(name: string, settings: Record<string, unknown>, start: Record<string, unknown> = immediate): ScheduleActionRecord {
  return { actionName: name, scheduleActionStartSettings: start, scheduleActionSettings: settings };
}

function problemsOf(actions: ScheduleActionRecord[]): string[] {
  const result = applyScheduleBatch([], { creates: { scheduleActions: actions } }, context);
  return result.ok ? [] : result.problems.map((p) => `${p.elementPath}: ${p.errorMessage}`);
}

describe("schedule ID3 and pause actions", () => {
  it("accepts the four ID3 actions and pause/unpause, fixed and immediate, as the MediaLive user guide writes them", () => {
    const result = applyScheduleBatch([], {
      creates: {
        scheduleActions: [
          action("hls-id3", { hlsTimedMetadataSettings: { id3: "SUQzBAAAAAAAF1RJVDIAAAANAAADSGVsbG8gV29ybGQA" } }),
          action("id3", { timedMetadataSettings: { id3: TIT2 } }, fixedIn(60_000)),
          action("seg-tag", { hlsId3SegmentTaggingSettings: { tag: "$dt$-$sn$" } }),
          action("seg-id3", { id3SegmentTaggingSettings: { id3: TIT2 } }),
          action("pause-0", { pauseStateSettings: { pipelines: [{ pipelineId: "PIPELINE_0" }] } }, fixedIn(30_000)),
          action("unpause", { pauseStateSettings: { pipelines: [{}] } }, fixedIn(90_000)),
          action("unpause-empty", { pauseStateSettings: {} }, fixedIn(120_000)),
        ],
      },
    }, context);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.created.length, 7);
  });

  it("refuses follow starts, bad base64, non-ID3 payloads, tagging without exactly one of tag/id3, far starts and unknown or repeated pipelines", () => {
    const problems = problemsOf([
      action("switch", { inputSwitchSettings: { inputAttachmentNameReference: "live-a" } }),
      action("follows", { hlsTimedMetadataSettings: { id3: TIT2 } }, { followModeScheduleActionStartSettings: { followPoint: "START", referenceActionName: "switch" } }),
      action("not-b64", { hlsTimedMetadataSettings: { id3: "not base64!" } }),
      action("not-id3", { timedMetadataSettings: { id3: Buffer.from("hello world, no tag").toString("base64") } }),
      action("missing", { hlsTimedMetadataSettings: {} }),
      action("both", { hlsId3SegmentTaggingSettings: { tag: "x", id3: TIT2 } }),
      action("neither", { id3SegmentTaggingSettings: {} }),
      action("far", { hlsTimedMetadataSettings: { id3: TIT2 } }, fixedIn(15 * 24 * 3600_000)),
      action("bad-pipe", { pauseStateSettings: { pipelines: [{ pipelineId: "PIPELINE_2" }, { pipelineId: "PIPELINE_0" }, { pipelineId: "PIPELINE_0" }] } }),
    ]);
    const at = (i: number) => `creates.scheduleActions[${i}]`;
    assert.deepEqual(problems, [
      `${at(1)}.scheduleActionStartSettings.followModeScheduleActionStartSettings: hlsTimedMetadataSettings starts fixed or immediately; it cannot follow another action (use fixedModeScheduleActionStartSettings or immediateModeScheduleActionStartSettings)`,
      `${at(2)}.scheduleActionSettings.hlsTimedMetadataSettings.id3: is not base64`,
      `${at(3)}.scheduleActionSettings.timedMetadataSettings.id3: is not a whole ID3v2 tag (a 10-byte header "ID3" and its frames, ID3v2.4 §3.1)`,
      `${at(4)}.scheduleActionSettings.hlsTimedMetadataSettings.id3: is required: a base64 ID3 tag (header and frames, ID3v2.4)`,
      `${at(5)}.scheduleActionSettings.hlsId3SegmentTaggingSettings: give exactly one of tag (the text of a TXXX frame) and id3 (a whole base64 ID3 tag)`,
      `${at(6)}.scheduleActionSettings.id3SegmentTaggingSettings: give exactly one of tag (the text of a TXXX frame) and id3 (a whole base64 ID3 tag)`,
      `${at(7)}.scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time: an ID3 action starts at most 14 days in the future`,
      `${at(8)}.scheduleActionSettings.pauseStateSettings.pipelines[0].pipelineId: "PIPELINE_2" is not a pipeline; use PIPELINE_0 or PIPELINE_1`,
      `${at(8)}.scheduleActionSettings.pauseStateSettings.pipelines[2].pipelineId: PIPELINE_0 is listed twice`,
      `${at(1)}.scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName: "switch" is not a switch to a file input (MP4_FILE, TS_FILE); live inputs never end, so nothing can follow them`,
    ]);
  });

  it("refuses a segment tag whose zero-padding is wider than 255 characters (a string that size per segment)", () => {
    assert.deepEqual(problemsOf([action("seg", { hlsId3SegmentTaggingSettings: { tag: "$sn%0999999999$" } })]), [
      "creates.scheduleActions[0].scheduleActionSettings.hlsId3SegmentTaggingSettings.tag: zero-padding %0999999999 is wider than 255 characters",
    ]);
    assert.deepEqual(problemsOf([action("seg", { id3SegmentTaggingSettings: { tag: "$sn%0255$" } })]), []);
  });

  it("still refuses a fixed pause less than 15 s ahead", () => {
    assert.deepEqual(problemsOf([action("soon", { pauseStateSettings: { pipelines: [{ pipelineId: "PIPELINE_1" }] } }, fixedIn(5_000))]), [
      "creates.scheduleActions[0].scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time: a fixed start time must be at least 15 s in the future",
    ]);
  });

  it("reads which pipelines a pause action pauses", () => {
    assert.deepEqual([...pausedPipelines({ pipelines: [{ pipelineId: "PIPELINE_1" }] })], [1]);
    assert.deepEqual([...pausedPipelines({ pipelines: [{}] })], []);
    assert.deepEqual([...pausedPipelines({ pipelines: [{ pipelineId: "PIPELINE_0" }, { pipelineId: "PIPELINE_1" }] })].sort(), [0, 1]);
  });

  it("measures a whole ID3 tag and refuses a truncated one", () => {
    const tag = textTag("TIT2", "x");
    assert.equal(parseId3TagBytes(tag), tag.length);
    assert.equal(parseId3TagBytes(tag.subarray(0, tag.length - 1)), undefined);
  });
});
