import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { spliceMarksIn } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import type { StoredScheduleAction } from "../../../../src/domain/records.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { AvailFeed, availFeedSettings } from "../../../../src/pipeline/scte35/avail-feed.ts";
import { Scte35Schedule } from "../../../../src/pipeline/scte35/scte35-schedule.ts";
import { Scte35Source } from "../../../../src/pipeline/scte35/scte35-source.ts";

const picture = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x65, 0x88, 0x84)]);

function insertAt(pts90k: number): Uint8Array {
  return writeSpliceInfoSection(
    spliceSection({ kind: "splice_insert", spliceEventId: 3, spliceEventCancelIndicator: false, outOfNetworkIndicator: true, programSpliceFlag: true, spliceImmediateFlag: false, eventIdComplianceFlag: true, spliceTime: { ptsTime90k: pts90k }, components: [], breakDuration: null, uniqueProgramId: 0, availNum: 0, availsExpected: 0 }),
  );
}

describe("scte35InputSettings: which input's SCTE-35 is read", () => {
  it("follows the input on air by default and after FOLLOW_ACTIVE; FIXED reads only the named attachment, on air or not", () => {
    const source = new Scte35Source();
    assert.equal(source.reads("live", true), true);
    assert.equal(source.reads("filler", false), false);
    source.select({ mode: "FIXED", inputAttachmentNameReference: "live" });
    assert.equal(source.reads("live", false), true);
    assert.equal(source.reads("filler", true), false);
    source.select({ mode: "FOLLOW_ACTIVE" });
    assert.equal(source.reads("live", false), false);
    assert.equal(source.reads("filler", true), true);
  });

  it("a splice from an input off air lands as far after the next fed picture as it lay ahead of that input's latest picture", () => {
    const feed = new AvailFeed(availFeedSettings({ encoderSettings: {} } as unknown as ChannelConfig), new SpliceMarkLog());
    assert.equal(feed.sourceSection(insertAt(2 ** 33 - 9_000 + 18_000), 2 ** 33 - 9_000), undefined, "27000 ticks ahead across the 33-bit wrap");
    const marked: number[] = [];
    for (let fed = 500_000; fed < 560_000; fed += 3_600) if (spliceMarksIn("H264", feed.picture("H264", fed, picture)).length > 0) marked.push(fed);
    assert.deepEqual(marked, [518_000], "500000 + 18000");
  });

  it("the schedule hands scte35InputSettings to the pipeline like the other SCTE-35 actions", () => {
    const schedule = new Scte35Schedule();
    const action = { action: { actionName: "fixed", scheduleActionStartSettings: { immediateModeScheduleActionStartSettings: {} }, scheduleActionSettings: { scte35InputSettings: { mode: "FIXED", inputAttachmentNameReference: "live" } } }, startAtMs: 1_000, createdAtMs: 1_000 } as unknown as StoredScheduleAction;
    schedule.setSchedule([action], 500);
    assert.deepEqual(schedule.due(1_000).map((due) => due.settings.scte35InputSettings?.inputAttachmentNameReference), ["live"]);
  });
});
