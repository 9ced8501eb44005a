import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredScheduleAction } from "../../../../src/domain/records.ts";
import { Scte35Schedule } from "../../../../src/pipeline/scte35/scte35-schedule.ts";

const NOW = 1_000_000;
const action = (name: string, startAtMs: number | undefined, settings: Record<string, unknown>, createdAtMs = NOW - 60_000): StoredScheduleAction => ({
  action: { actionName: name, scheduleActionStartSettings: startAtMs === undefined ? { followModeScheduleActionStartSettings: { referenceActionName: "x", followPoint: "END" } } : { fixedModeScheduleActionStartSettings: { time: new Date(startAtMs).toISOString() } }, scheduleActionSettings: settings },
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
});
