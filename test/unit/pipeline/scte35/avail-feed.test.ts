import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceMarksIn } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { SegmentationTypes } from "../../../../src/media/scte35/segmentation-types.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { AvailFeed, availFeedSettings } from "../../../../src/pipeline/scte35/avail-feed.ts";
import { scheduledSpliceSection } from "../../../../src/pipeline/scte35/schedule-sections.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";

const picture = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x65, 0x88, 0x84)]);
const config = (availSettings?: object): ChannelConfig => ({ encoderSettings: { availConfiguration: availSettings ? { availSettings } : undefined } }) as unknown as ChannelConfig;

function insertAt(pts90k: number, eventId = 7, durationS = 30): Uint8Array {
  return writeSpliceInfoSection(
    spliceSection({ kind: "splice_insert", spliceEventId: eventId, spliceEventCancelIndicator: false, outOfNetworkIndicator: true, programSpliceFlag: true, spliceImmediateFlag: false, eventIdComplianceFlag: true, spliceTime: { ptsTime90k: pts90k }, components: [], breakDuration: { autoReturn: true, duration90k: durationS * 90_000 }, uniqueProgramId: 0, availNum: 0, availsExpected: 0 }),
  );
}

describe("AvailFeed: SCTE-35 of the source and of the schedule, marked on fed pictures", () => {
  it("settings: splice insert mode by default, APOS when asked, adAvailOffset in ticks", () => {
    assert.deepEqual(availFeedSettings(config()), {
      avail: { mode: "SCTE35_SPLICE_INSERT", webDeliveryAllowedFlag: "FOLLOW", noRegionalBlackoutFlag: "FOLLOW" },
      offset90k: 0,
      blanking: { availBlanking: false, blackout: false },
      blackout: { webDeliveryAllowedFlag: "FOLLOW", noRegionalBlackoutFlag: "FOLLOW", networkEndBlackout: false, networkId: null },
    });
    const apos = availFeedSettings(config({ scte35TimeSignalApos: { adAvailOffset: -500, webDeliveryAllowedFlag: "IGNORE" } }));
    assert.equal(apos.avail.mode, "SCTE35_TIME_SIGNAL_APOS");
    assert.equal(apos.avail.webDeliveryAllowedFlag, "IGNORE");
    assert.equal(apos.offset90k, -45_000);
  });

  it("a source splice_insert marks the picture at its PTS (plus adAvailOffset) and records the message as received", () => {
    const log = new SpliceMarkLog();
    const feed = new AvailFeed(availFeedSettings(config({ scte35SpliceInsert: { adAvailOffset: 40 } })), log);
    const section = insertAt(90_000);
    assert.equal(feed.sourceSection(section), undefined);
    const marksAt: number[] = [];
    for (let pts = 80_000; pts < 100_000; pts += 3_600) {
      feed.sourcePicture(pts, pts + 1_000_000);
      const marks = spliceMarksIn("H264", feed.picture("H264", pts + 1_000_000, picture));
      if (marks.length) marksAt.push(pts);
      for (const id of marks) assert.deepEqual(log.get(id), { markId: id, action: "start", eventId: 7, durationSec: 30, section, upid: null });
    }
    assert.deepEqual(marksAt, [94_400], "the first picture at or after 90000 + 40 ms × 90");
  });

  it("refuses what it cannot read, and ignores splice_insert in APOS mode", () => {
    const feed = new AvailFeed(availFeedSettings(config({ scte35TimeSignalApos: {} })), new SpliceMarkLog());
    assert.match(feed.sourceSection(Uint8Array.of(0xfc, 0, 1, 0)) ?? "", /./);
    feed.sourceSection(insertAt(0));
    feed.sourcePicture(0, 0);
    assert.equal(feed.picture("H264", 0, picture), picture);
  });

  it("schedule actions land on the next picture with a section built for it; MPEG-2 pictures are recorded but not marked", () => {
    const log = new SpliceMarkLog();
    const feed = new AvailFeed(availFeedSettings(config()), log);
    feed.scheduled({ scte35SpliceInsertSettings: { spliceEventId: 9, duration: 180_000 } });
    const marked = feed.picture("H264", 12_345, picture);
    const [id] = spliceMarksIn("H264", marked);
    const record = log.get(id ?? 0);
    assert.equal(record?.eventId, 9);
    assert.equal(record?.durationSec, 2);
    const parsed = parseSpliceInfoSection(record?.section ?? new Uint8Array(0));
    assert.ok(parsed.ok && parsed.section.command?.kind === "splice_insert" && !parsed.section.command.spliceEventCancelIndicator && parsed.section.command.spliceTime?.ptsTime90k === 12_345);
    assert.equal(feed.picture("MPEG2", 12_345 + 180_000, picture), picture);
    assert.equal(log.get((id ?? 0) + 1)?.action, "end", "the auto return is recorded");
  });

  it("a scheduled time signal of a placement opportunity is an avail; one of a program start is not", () => {
    const log = new SpliceMarkLog();
    const feed = new AvailFeed(availFeedSettings(config({ scte35TimeSignalApos: {} })), log);
    const descriptor = (typeId: number) => ({ scte35DescriptorSettings: { segmentationDescriptorScte35DescriptorSettings: { segmentationEventId: 5, segmentationCancelIndicator: "SEGMENTATION_EVENT_NOT_CANCELED" as const, segmentationTypeId: typeId, segmentationDuration: 90_000, segmentationUpidType: 12, segmentationUpid: "4142" } } });
    feed.scheduled({ scte35TimeSignalSettings: { scte35Descriptors: [descriptor(SegmentationTypes.PROGRAM_START)] } });
    assert.equal(feed.picture("H264", 0, picture), picture);
    feed.scheduled({ scte35TimeSignalSettings: { scte35Descriptors: [descriptor(SegmentationTypes.PROVIDER_PLACEMENT_OPPORTUNITY_START)] } });
    const [id] = spliceMarksIn("H264", feed.picture("H264", 100, picture));
    assert.deepEqual(log.get(id ?? 0)?.upid, Uint8Array.of(0x41, 0x42));
  });
});

describe("scheduledSpliceSection", () => {
  it("return to network: splice_insert back into the network; time signal: its descriptors with the delivery restrictions", () => {
    const back = parseSpliceInfoSection(scheduledSpliceSection({ scte35ReturnToNetworkSettings: { spliceEventId: 4 } }, 2 ** 33 + 5) ?? new Uint8Array(0));
    assert.ok(back.ok && back.section.command?.kind === "splice_insert" && !back.section.command.spliceEventCancelIndicator);
    assert.equal(back.section.command.outOfNetworkIndicator, false);
    assert.equal(back.section.command.spliceTime?.ptsTime90k, 5, "PTS modulo 2^33");
    const signal = parseSpliceInfoSection(
      scheduledSpliceSection(
        { scte35TimeSignalSettings: { scte35Descriptors: [{ scte35DescriptorSettings: { segmentationDescriptorScte35DescriptorSettings: { segmentationEventId: 1, segmentationCancelIndicator: "SEGMENTATION_EVENT_NOT_CANCELED", segmentationTypeId: 0x34, deliveryRestrictions: { archiveAllowedFlag: "ARCHIVE_ALLOWED", deviceRestrictions: "RESTRICT_GROUP1", noRegionalBlackoutFlag: "REGIONAL_BLACKOUT", webDeliveryAllowedFlag: "WEB_DELIVERY_ALLOWED" } } } }] } },
        0,
      ) ?? new Uint8Array(0),
    );
    assert.ok(signal.ok);
    const d = signal.section.descriptors[0];
    assert.ok(d && d.tag === 2 && !d.segmentationEventCancelIndicator);
    assert.deepEqual(d.deliveryRestrictions, { webDeliveryAllowedFlag: true, noRegionalBlackoutFlag: false, archiveAllowedFlag: true, deviceRestrictions: 1 });
    assert.equal(scheduledSpliceSection({ inputSwitchSettings: { inputAttachmentNameReference: "a" } }, 0), undefined);
  });
});
