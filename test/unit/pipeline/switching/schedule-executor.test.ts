import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ScheduleActionRecord, StoredScheduleAction } from "../../../../src/domain/records.ts";
import { ScheduleExecutor, type DueActions } from "../../../../src/pipeline/switching/schedule-executor.ts";
import { clippingToMs, timecodeToMs } from "../../../../src/pipeline/switching/timecode.ts";

const T0 = Date.parse("2026-11-25T12:00:00.000Z");

function action(name: string, start: Record<string, unknown>, settings: Record<string, unknown>): ScheduleActionRecord {
  return { actionName: name, scheduleActionStartSettings: start, scheduleActionSettings: settings };
}
const toInput = (attachment: string, extra: Record<string, unknown> = {}) => ({ inputSwitchSettings: { inputAttachmentNameReference: attachment, ...extra } });
const prepareInput = (attachment?: string) => ({ inputPrepareSettings: attachment === undefined ? {} : { inputAttachmentNameReference: attachment } });

/** A fixed action at T0 + ms (stored as the schedule rules store it). */
function fixed(name: string, ms: number, settings: Record<string, unknown>): StoredScheduleAction {
  return { action: action(name, { fixedModeScheduleActionStartSettings: { time: new Date(T0 + ms).toISOString() } }, settings), createdAtMs: T0 - 60_000, startAtMs: T0 + ms };
}
/** An immediate action created at T0 + ms: its start is its creation time. */
function immediate(name: string, ms: number, settings: Record<string, unknown>): StoredScheduleAction {
  return { action: action(name, { immediateModeScheduleActionStartSettings: {} }, settings), createdAtMs: T0 + ms, startAtMs: T0 + ms };
}
function follows(name: string, reference: string, followPoint: "START" | "END", settings: Record<string, unknown>, createdMs = 0): StoredScheduleAction {
  return { action: action(name, { followModeScheduleActionStartSettings: { referenceActionName: reference, followPoint } }, settings), createdAtMs: T0 + createdMs };
}

const names = (due: DueActions) => ({ switches: due.switches.map((s) => s.actionName), prepares: due.prepares.map((p) => p.actionName) });
const switchNames = (due: DueActions) => due.switches.map((s) => s.actionName);

/** An executor that got its first (empty) schedule at T0, so later actions are not history. */
function running(): ScheduleExecutor {
  const executor = new ScheduleExecutor(T0);
  executor.setSchedule([], T0);
  return executor;
}

describe("ScheduleExecutor", () => {
  it("a fixed switch is due at its start time, not a millisecond before, and only once", () => {
    const executor = running();
    executor.setSchedule([fixed("a", 30_000, toInput("file-b")), fixed("b", 60_000, toInput("live-a"))], T0 + 1_000);
    assert.equal(executor.nextDueMs(T0 + 1_000), T0 + 30_000);
    assert.deepEqual(switchNames(executor.due(T0 + 29_999)), []);
    const due = executor.due(T0 + 30_000);
    assert.deepEqual(due.switches, [{ actionName: "a", attachmentName: "file-b" }]);
    assert.deepEqual(switchNames(executor.due(T0 + 30_001)), []);
    assert.equal(executor.nextDueMs(T0 + 30_001), T0 + 60_000);
    assert.deepEqual(switchNames(executor.due(T0 + 60_000)), ["b"]);
    assert.equal(executor.nextDueMs(T0 + 60_000), undefined);
  });

  it("switches due together come in start order, whatever their order in the schedule", () => {
    const executor = running();
    executor.setSchedule([fixed("late", 40_000, toInput("x")), fixed("early", 20_000, toInput("y")), fixed("middle", 30_000, toInput("z"))], T0);
    assert.deepEqual(switchNames(executor.due(T0 + 45_000)), ["early", "middle", "late"]);
  });

  it("an immediate switch added while running is due at once", () => {
    const executor = running();
    executor.setSchedule([immediate("now", 5_000, toInput("live-a", { urlPath: ["ignored-by-executor"] }))], T0 + 5_000);
    assert.equal(executor.nextDueMs(T0 + 5_000), T0 + 5_000);
    assert.deepEqual(executor.due(T0 + 5_000).switches, [{ actionName: "now", attachmentName: "live-a", urlPath: ["ignored-by-executor"] }]);
  });

  it("carries urlPath and clipping to the pipeline", () => {
    const executor = running();
    const clipping = { inputTimecodeSource: "ZEROBASED", startTimecode: { timecode: "00:00:02:00" }, stopTimecode: { timecode: "00:00:05:00", lastFrameClippingBehavior: "INCLUDE_LAST_FRAME" } };
    executor.setSchedule([immediate("clip", 1_000, toInput("dyn-c", { urlPath: ["a.mp4"], inputClippingSettings: clipping }))], T0 + 1_000);
    assert.deepEqual(executor.due(T0 + 1_000).switches, [
      {
        actionName: "clip",
        attachmentName: "dyn-c",
        urlPath: ["a.mp4"],
        clipping: { inputTimecodeSource: "ZEROBASED", startTimecode: "00:00:02:00", stopTimecode: "00:00:05:00", lastFrameClippingBehavior: "INCLUDE_LAST_FRAME" },
      },
    ]);
  });

  it("follow END: due when the pipeline reports that the referenced switch's input ended, not before", () => {
    const executor = running();
    executor.setSchedule([immediate("file", 1_000, toInput("file-b")), follows("back", "file", "END", toInput("live-a"))], T0 + 1_000);
    assert.deepEqual(switchNames(executor.due(T0 + 1_000)), ["file"]);
    assert.deepEqual(switchNames(executor.due(T0 + 600_000)), [], "the file is still playing");
    assert.equal(executor.nextDueMs(T0 + 600_000), undefined, "a follow action has no time of its own");
    executor.inputEnded("someone-else", T0 + 600_000);
    assert.deepEqual(switchNames(executor.due(T0 + 600_000)), []);
    executor.inputEnded("file", T0 + 601_000);
    assert.deepEqual(switchNames(executor.due(T0 + 601_000)), ["back"]);
  });

  it("an end reported for a switch that is not on air does not count: an input switched away from never ends", () => {
    const executor = running();
    executor.setSchedule([immediate("file", 1_000, toInput("file-b")), follows("after-file", "file", "END", toInput("live-a")), fixed("live", 30_000, toInput("live-a"))], T0 + 1_000);
    assert.deepEqual(switchNames(executor.due(T0 + 1_000)), ["file"]);
    assert.deepEqual(switchNames(executor.due(T0 + 30_000)), ["live"]);
    executor.inputEnded("file", T0 + 31_000); // a late report from the reader of the file
    assert.deepEqual(switchNames(executor.due(T0 + 31_000)), []);
  });

  it("an end reported for a switch that has not executed does not count", () => {
    const executor = running();
    executor.setSchedule([fixed("file", 30_000, toInput("file-b")), follows("back", "file", "END", toInput("live-a"))], T0);
    executor.inputEnded("file", T0 + 10_000);
    assert.deepEqual(switchNames(executor.due(T0 + 30_000)), ["file"]);
    assert.deepEqual(switchNames(executor.due(T0 + 31_000)), []);
  });

  it("follow START: due together with the referenced action, after it", () => {
    const executor = running();
    executor.setSchedule([follows("prep-next", "live", "START", prepareInput("file-b")), fixed("live", 20_000, toInput("live-a"))], T0);
    assert.deepEqual(names(executor.due(T0 + 19_000)), { switches: [], prepares: [] });
    assert.deepEqual(names(executor.due(T0 + 20_000)), { switches: ["live"], prepares: ["prep-next"] });
  });

  it("a chain of follow switches executes in order, one per reported end", () => {
    const executor = running();
    executor.setSchedule(
      [follows("third", "second", "END", toInput("live-a")), follows("second", "first", "END", toInput("file-c")), immediate("first", 1_000, toInput("file-b"))],
      T0 + 1_000,
    );
    assert.deepEqual(switchNames(executor.due(T0 + 1_000)), ["first"]);
    executor.inputEnded("first", T0 + 10_000);
    assert.deepEqual(switchNames(executor.due(T0 + 10_000)), ["second"]);
    assert.deepEqual(switchNames(executor.due(T0 + 15_000)), []);
    executor.inputEnded("second", T0 + 20_000);
    assert.deepEqual(switchNames(executor.due(T0 + 20_000)), ["third"]);
  });

  it("a follow-START chain and an end reported late: everything due in one call, in order", () => {
    const executor = running();
    executor.setSchedule(
      [
        immediate("a", 1_000, toInput("file-b")),
        follows("b", "a", "END", toInput("file-c")),
        follows("c", "b", "START", prepareInput("live-a")),
        fixed("d", 30_000, toInput("live-a")),
      ],
      T0 + 1_000,
    );
    assert.deepEqual(switchNames(executor.due(T0 + 1_000)), ["a"]);
    executor.inputEnded("a", T0 + 20_000);
    // Called late (a stalled event loop): b (ended at 20 s) and its follower c come before d (30 s).
    assert.deepEqual(names(executor.due(T0 + 35_000)), { switches: ["b", "d"], prepares: ["c"] });
  });

  it("restart: of the switches already past only the latest is due; later ones run normally", () => {
    const executor = new ScheduleExecutor(T0 + 100_000);
    executor.setSchedule(
      [
        immediate("first", 0, toInput("file-b")),
        fixed("second", 30_000, toInput("live-a")),
        fixed("latest", 60_000, toInput("file-c")),
        follows("after-latest", "latest", "END", toInput("live-a")),
        follows("after-first", "first", "END", toInput("live-a")),
        fixed("future", 200_000, toInput("live-a")),
      ],
      T0 + 100_000,
    );
    assert.equal(executor.nextDueMs(T0 + 100_000), T0 + 100_000, "the replayed switch is due now");
    assert.deepEqual(switchNames(executor.due(T0 + 100_000)), ["latest"]);
    assert.deepEqual(switchNames(executor.due(T0 + 100_001)), []);
    // The replayed file input ends: its follower runs; "first" never ends, so its follower never runs.
    executor.inputEnded("latest", T0 + 150_000);
    executor.inputEnded("first", T0 + 150_000);
    assert.deepEqual(switchNames(executor.due(T0 + 150_000)), ["after-latest"]);
    assert.deepEqual(switchNames(executor.due(T0 + 200_000)), ["future"]);
  });

  it("restart: a follow-START action of a past switch is past too; the latest past prepare is due only if it came after the latest switch", () => {
    const withLatePrepare = new ScheduleExecutor(T0 + 100_000);
    withLatePrepare.setSchedule(
      [fixed("prep-old", 5_000, prepareInput("file-b")), fixed("live", 10_000, toInput("live-a")), follows("prep-next", "live", "START", prepareInput("file-c"))],
      T0 + 100_000,
    );
    assert.deepEqual(names(withLatePrepare.due(T0 + 100_000)), { switches: ["live"], prepares: ["prep-next"] });

    const withEarlyPrepare = new ScheduleExecutor(T0 + 100_000);
    withEarlyPrepare.setSchedule([fixed("prep", 5_000, prepareInput("file-b")), fixed("file", 20_000, toInput("file-b"))], T0 + 100_000);
    assert.deepEqual(names(withEarlyPrepare.due(T0 + 100_000)), { switches: ["file"], prepares: [] });
  });

  it("only the first schedule is treated as history; later ones execute what is due", () => {
    const executor = running();
    executor.setSchedule([immediate("a", 1_000, toInput("x")), immediate("b", 2_000, toInput("y"))], T0 + 3_000);
    assert.deepEqual(switchNames(executor.due(T0 + 3_000)), ["a", "b"]);
  });

  it("replacing the schedule keeps executed actions executed; a deleted action never runs", () => {
    const executor = running();
    const a = fixed("a", 20_000, toInput("file-b"));
    const b = fixed("b", 40_000, toInput("live-a"));
    const c = fixed("c", 60_000, toInput("file-c"));
    executor.setSchedule([a, b, c], T0);
    assert.deepEqual(switchNames(executor.due(T0 + 20_000)), ["a"]);
    executor.setSchedule([a, c], T0 + 25_000); // BatchUpdateSchedule deleted b
    executor.setSchedule([a, c, immediate("d", 26_000, toInput("live-a"))], T0 + 26_000);
    assert.deepEqual(switchNames(executor.due(T0 + 26_000)), ["d"], "a is not run again");
    assert.deepEqual(switchNames(executor.due(T0 + 45_000)), [], "b was deleted");
    executor.setSchedule([], T0 + 50_000); // DeleteSchedule
    assert.deepEqual(switchNames(executor.due(T0 + 70_000)), [], "c was deleted with the schedule");
    assert.equal(executor.nextDueMs(T0 + 70_000), undefined);
  });

  it("a name reused by a new action (after the old one was purged) is a new action", () => {
    const executor = running();
    executor.setSchedule([immediate("go", 1_000, toInput("file-b"))], T0 + 1_000);
    assert.deepEqual(switchNames(executor.due(T0 + 1_000)), ["go"]);
    const later = T0 + 2 * 3_600_000;
    executor.setSchedule([immediate("go", later - T0, toInput("live-a"))], later);
    assert.deepEqual(executor.due(later).switches, [{ actionName: "go", attachmentName: "live-a" }]);
  });

  it("prepares are returned with the switches, a prepare without an attachment as a stop", () => {
    const executor = running();
    executor.setSchedule([fixed("prep", 20_000, prepareInput("file-b")), fixed("switch", 40_000, toInput("file-b")), fixed("stop", 50_000, prepareInput())], T0);
    assert.deepEqual(executor.due(T0 + 20_000), { switches: [], prepares: [{ actionName: "prep", attachmentName: "file-b" }], others: [] });
    assert.deepEqual(names(executor.due(T0 + 40_000)), { switches: ["switch"], prepares: [] });
    assert.deepEqual(executor.due(T0 + 50_000).prepares, [{ actionName: "stop" }]);
  });

  it("returns other action types as others, in start order, once each, beside the switches", () => {
    const executor = running();
    const pause = { pauseStateSettings: { pipelines: [{ pipelineId: "PIPELINE_0" }] } };
    executor.setSchedule([fixed("tag", 12_000, { hlsId3SegmentTaggingSettings: { tag: "x" } }), fixed("pause", 10_000, pause), fixed("s", 10_000, toInput("x"))], T0);
    assert.deepEqual(executor.due(T0 + 9_999).others, []);
    const due = executor.due(T0 + 12_000);
    assert.deepEqual(names(due), { switches: ["s"], prepares: [] });
    assert.deepEqual(due.others, [
      { actionName: "pause", type: "pauseStateSettings", settings: pause.pauseStateSettings },
      { actionName: "tag", type: "hlsId3SegmentTaggingSettings", settings: { tag: "x" } },
    ]);
    assert.deepEqual(executor.due(T0 + 20_000).others, []);
  });

  it("a (re)starting pipeline takes up the latest past pause and segment tag, but no past one-time ID3", () => {
    const executor = new ScheduleExecutor(T0 + 100_000);
    executor.setSchedule([
      fixed("pause", 10_000, { pauseStateSettings: { pipelines: [{ pipelineId: "PIPELINE_1" }] } }),
      fixed("resume", 20_000, { pauseStateSettings: { pipelines: [] } }),
      fixed("tag-1", 30_000, { hlsId3SegmentTaggingSettings: { tag: "a" } }),
      fixed("tag-2", 40_000, { hlsId3SegmentTaggingSettings: { tag: "b" } }),
      fixed("once", 50_000, { hlsTimedMetadataSettings: { id3: "SUQz" } }),
    ], T0 + 100_000);
    assert.deepEqual(executor.due(T0 + 100_000).others.map((o) => o.actionName).sort(), ["resume", "tag-2"]);
  });
});

describe("timecodes", () => {
  it("ZEROBASED HH:MM:SS:FF is the position of that frame at the file's frame rate", () => {
    assert.equal(timecodeToMs("00:00:00:00", 25), 0);
    assert.equal(timecodeToMs("00:00:02:00", 25), 2_000);
    assert.equal(timecodeToMs("00:01:00:12", 25), 60_480);
    assert.equal(timecodeToMs("01:00:00:00", 50), 3_600_000);
    // 29.97 non-drop: labels count 30 a second, so the label runs slow against the clock.
    assert.equal(timecodeToMs("00:00:01:00", 30_000 / 1001), 1_001);
  });

  it("drop-frame HH:MM:SS;FF skips two labels a minute except every tenth minute", () => {
    const fps = 30_000 / 1001;
    assert.equal(timecodeToMs("00:01:00;02", fps), (1800 * 1001) / 30);
    assert.equal(timecodeToMs("00:10:00;00", fps), (17_982 * 1001) / 30);
    assert.throws(() => timecodeToMs("00:01:00;00", fps), RangeError);
    assert.throws(() => timecodeToMs("00:00:01;00", 25), RangeError);
  });

  it("refuses frame numbers the rate cannot have and malformed timecodes", () => {
    assert.throws(() => timecodeToMs("00:00:01:25", 25), RangeError);
    assert.throws(() => timecodeToMs("0:00:01:00", 25), RangeError);
  });

  it("clippingToMs: EXCLUDE_LAST_FRAME (the default) stops before the stop frame, INCLUDE_LAST_FRAME after it", () => {
    assert.deepEqual(clippingToMs({ inputTimecodeSource: "ZEROBASED", startTimecode: "00:00:02:00", stopTimecode: "00:00:05:00" }, 25), { startMs: 2_000, stopMs: 5_000 });
    assert.deepEqual(clippingToMs({ inputTimecodeSource: "ZEROBASED", stopTimecode: "00:00:05:00", lastFrameClippingBehavior: "INCLUDE_LAST_FRAME" }, 25), { stopMs: 5_040 });
    assert.throws(() => clippingToMs({ inputTimecodeSource: "EMBEDDED", startTimecode: "00:00:02:00" }, 25), RangeError);
  });

  it("says whether an action still to run follows the END of a switch (it, not the input end action, decides what comes next)", () => {
    const executor = running();
    executor.setSchedule([immediate("a", 1_000, toInput("file-a")), follows("b", "a", "END", toInput("file-b")), follows("c", "b", "START", prepareInput("live"))], T0 + 1_000);
    assert.deepEqual(switchNames(executor.due(T0 + 1_000)), ["a"]);
    assert.equal(executor.followsEnd("a"), true);
    assert.equal(executor.followsEnd("b"), false, "c follows b's START, not its END");
    executor.inputEnded("a", T0 + 5_000);
    assert.deepEqual(switchNames(executor.due(T0 + 5_000)), ["b"]);
    assert.equal(executor.followsEnd("a"), false, "b has run");
  });
});
