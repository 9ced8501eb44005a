import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredScheduleAction } from "../../../../src/domain/records.ts";
import { Scte35Schedule } from "../../../../src/pipeline/scte35/scte35-schedule.ts";

const NOW = 1_000_000;
const action = (name: string, startAtMs: number | undefined, settings: Record<string, unknown>, createdAtMs = NOW - 60_000, follow: { reference: string; point: "START" | "END" } = { reference: "x", point: "END" }): StoredScheduleAction => ({
  action: { actionName: name, scheduleActionStartSettings: startAtMs === undefined ? { followModeScheduleActionStartSettings: { referenceActionName: follow.reference, followPoint: follow.point } } : { fixedModeScheduleActionStartSettings: { time: new Date(startAtMs).toISOString() } }, scheduleActionSettings: settings },
  createdAtMs,
  ...(startAtMs === undefined ? {} : { startAtMs }),
});

describe("Scte35Schedule", () => {
  it("fixed and immediate SCTE-35 actions fall due once at their start, in start order; history and other types are not replayed", () => {
    const schedule = new Scte35Schedule();
    schedule.setSchedule(
      [
        action("past", NOW - 5_000, { scte35SpliceInsertSettings: { spliceEventId: 1 } }),
        action("later", NOW + 20_000, { scte35ReturnToNetworkSettings: { spliceEventId: 1 } }),
        action("soon", NOW + 10_000, { scte35SpliceInsertSettings: { spliceEventId: 2 } }),
        action("switch", NOW + 10_000, { inputSwitchSettings: { inputAttachmentNameReference: "a" } }),
        action("follow", undefined, { scte35SpliceInsertSettings: { spliceEventId: 3 } }),
      ],
      NOW,
    );
    assert.deepEqual(schedule.due(NOW), []);
    assert.deepEqual(schedule.due(NOW + 30_000).map((d) => d.actionName), ["soon", "later"]);
    assert.deepEqual(schedule.due(NOW + 40_000), []);
    schedule.setSchedule([action("now", NOW + 41_000, { scte35TimeSignalSettings: { scte35Descriptors: [] } }, NOW + 41_000)], NOW + 41_000);
    assert.deepEqual(schedule.due(NOW + 41_000).map((d) => d.actionName), ["now"], "a later batch's immediate action is no history");
  });

  it("a follow-START action starts with what it follows (a switch, or a chain); follow END never falls due", () => {
    const schedule = new Scte35Schedule();
    schedule.setSchedule(
      [
        action("switch", NOW + 20_000, { inputSwitchSettings: { inputAttachmentNameReference: "a" } }),
        action("with-switch", undefined, { scte35SpliceInsertSettings: { spliceEventId: 1 } }, NOW, { reference: "switch", point: "START" }),
        action("chained", undefined, { scte35ReturnToNetworkSettings: { spliceEventId: 1 } }, NOW, { reference: "with-switch", point: "START" }),
        action("at-end", undefined, { scte35SpliceInsertSettings: { spliceEventId: 2 } }, NOW, { reference: "switch", point: "END" }),
        action("loop-a", undefined, { scte35SpliceInsertSettings: { spliceEventId: 3 } }, NOW, { reference: "loop-b", point: "START" }),
        action("loop-b", undefined, { scte35SpliceInsertSettings: { spliceEventId: 4 } }, NOW, { reference: "loop-a", point: "START" }),
      ],
      NOW,
    );
    assert.deepEqual(schedule.due(NOW + 19_000), []);
    assert.deepEqual(schedule.due(NOW + 20_000).map((d) => d.actionName), ["with-switch", "chained"]);
    assert.deepEqual(schedule.due(NOW + 600_000), []);
  });
});
