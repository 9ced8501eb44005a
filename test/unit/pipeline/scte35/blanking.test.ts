import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { spliceMarksIn } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { SegmentationTypes } from "../../../../src/media/scte35/segmentation-types.ts";
import type { ScheduleActionSettings } from "../../../../src/model/generated/medialive-types.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { AvailFeed, availFeedSettings, channelBlanks } from "../../../../src/pipeline/scte35/avail-feed.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";

const picture = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x65, 0x88, 0x84)]);
const config = (encoderSettings: object): ChannelConfig => ({ encoderSettings }) as unknown as ChannelConfig;
const ENABLED = { state: "ENABLED" };
const NETWORK_ID = "10.5239/8BE5-E3F6-1BD4-21C1-6E2D-R";
const EIDR_HEX = "14778BE5E3F61BD421C16E2D";

type Restrictions = { web: boolean; regional: boolean } | undefined;

function timeSignal(typeId: number, eventId: number, restrictions: Restrictions, upid?: { type: number; hex: string }): ScheduleActionSettings {
  return {
    scte35TimeSignalSettings: {
      scte35Descriptors: [
        {
          scte35DescriptorSettings: {
            segmentationDescriptorScte35DescriptorSettings: {
              segmentationEventId: eventId,
              segmentationCancelIndicator: "SEGMENTATION_EVENT_NOT_CANCELED",
              segmentationTypeId: typeId,
              ...(upid ? { segmentationUpidType: upid.type, segmentationUpid: upid.hex } : {}),
              ...(restrictions
                ? { deliveryRestrictions: { archiveAllowedFlag: "ARCHIVE_ALLOWED", deviceRestrictions: "NONE", webDeliveryAllowedFlag: restrictions.web ? "WEB_DELIVERY_ALLOWED" : "WEB_DELIVERY_NOT_ALLOWED", noRegionalBlackoutFlag: restrictions.regional ? "NO_REGIONAL_BLACKOUT" : "REGIONAL_BLACKOUT" } }
                : {}),
            },
          },
        },
      ],
    },
  };
}

/** Lands what is due on one picture and returns the slate in force after it. */
function next(feed: AvailFeed, pts90k: number): string | null {
  feed.land(pts90k);
  return feed.slate;
}

describe("avail blanking and blackouts decided on the fed pictures", () => {
  it("a restricted source splice_insert (no descriptor: both flags count as 0) is blanked from its splice picture to its auto return", () => {
    const feed = new AvailFeed(availFeedSettings(config({ availBlanking: ENABLED })), new SpliceMarkLog());
    const section = writeSpliceInfoSection(
      spliceSection({ kind: "splice_insert", spliceEventId: 7, spliceEventCancelIndicator: false, outOfNetworkIndicator: true, programSpliceFlag: true, spliceImmediateFlag: false, eventIdComplianceFlag: true, spliceTime: { ptsTime90k: 90_000 }, components: [], breakDuration: { autoReturn: true, duration90k: 36_000 }, uniqueProgramId: 0, availNum: 0, availsExpected: 0 }),
    );
    feed.sourceSection(section);
    const shown: [number, string | null][] = [];
    for (let pts = 86_400; pts <= 136_800; pts += 3_600) {
      feed.sourcePicture(pts, pts + 1_000);
      shown.push([pts, next(feed, pts + 1_000)]);
    }
    const blanked = shown.filter(([, slate]) => slate === "AVAIL").map(([pts]) => pts);
    assert.equal(blanked[0], 90_000, "from the splice picture");
    assert.equal(blanked.at(-1), 122_400, "to the picture before the end (90000 + 36000)");
    assert.equal(shown.at(-1)?.[1], null, "the program returns at the avail's end");
  });

  it("the restriction flags: both 1 is not blanked; one 0 is; IGNORE makes a 0 no longer count; availBlanking DISABLED never blanks", () => {
    const blanks = (restrictions: Restrictions, settings: object): boolean => {
      const feed = new AvailFeed(availFeedSettings(config(settings)), new SpliceMarkLog());
      feed.scheduled(timeSignal(SegmentationTypes.PROVIDER_PLACEMENT_OPPORTUNITY_START, 1, restrictions));
      return next(feed, 0) === "AVAIL";
    };
    const enabled = { availBlanking: ENABLED };
    assert.equal(blanks({ web: true, regional: true }, enabled), false);
    assert.equal(blanks({ web: false, regional: true }, enabled), true);
    assert.equal(blanks({ web: true, regional: false }, enabled), true);
    assert.equal(blanks(undefined, enabled), true, "no flags: restricted");
    assert.equal(blanks({ web: false, regional: true }, { ...enabled, availConfiguration: { availSettings: { scte35SpliceInsert: { webDeliveryAllowedFlag: "IGNORE" } } } }), false);
    assert.equal(blanks({ web: true, regional: false }, { ...enabled, availConfiguration: { availSettings: { scte35SpliceInsert: { noRegionalBlackoutFlag: "IGNORE" } } } }), false);
    assert.equal(blanks(undefined, { availBlanking: { state: "DISABLED" }, blackoutSlate: ENABLED }), false);
    assert.equal(channelBlanks(config({ availBlanking: { state: "DISABLED" } })), false);
  });

  it("a program start blacks out; a chapter end (weaker) does not lift it, the program end does; no ad marker is written for them", () => {
    const log = new SpliceMarkLog();
    const feed = new AvailFeed(availFeedSettings(config({ blackoutSlate: ENABLED })), log);
    feed.scheduled(timeSignal(SegmentationTypes.PROGRAM_START, 1, { web: false, regional: false }));
    const marked = feed.picture("H264", 0, picture);
    assert.equal(feed.slate, "BLACKOUT");
    assert.deepEqual(spliceMarksIn("H264", marked), [], "a blackout is no avail");
    feed.scheduled(timeSignal(SegmentationTypes.CHAPTER_END, 2, undefined));
    assert.equal(next(feed, 3_600), "BLACKOUT");
    feed.scheduled(timeSignal(SegmentationTypes.PROGRAM_END, 1, undefined));
    assert.equal(next(feed, 7_200), null);
    feed.scheduled(timeSignal(SegmentationTypes.PROGRAM_START, 3, { web: true, regional: true }));
    assert.equal(next(feed, 10_800), null, "an unrestricted program start does not black out");
  });

  it("network end blacks out with the network end image only when networkEndBlackout is ENABLED and the EIDR matches networkId; network start lifts it", () => {
    const eidr = { type: 0x0a, hex: EIDR_HEX };
    const make = (blackoutSlate: object): AvailFeed => new AvailFeed(availFeedSettings(config({ blackoutSlate })), new SpliceMarkLog());
    const feed = make({ ...ENABLED, networkEndBlackout: "ENABLED", networkId: NETWORK_ID });
    feed.scheduled(timeSignal(SegmentationTypes.NETWORK_END, 4, undefined, eidr));
    assert.equal(next(feed, 0), "NETWORK_END");
    feed.scheduled(timeSignal(SegmentationTypes.PROGRAM_END, 5, undefined));
    assert.equal(next(feed, 3_600), "NETWORK_END", "a program end is weaker than the network");
    feed.scheduled(timeSignal(SegmentationTypes.NETWORK_START, 4, undefined, eidr));
    assert.equal(next(feed, 7_200), null);

    const other = make({ ...ENABLED, networkEndBlackout: "ENABLED", networkId: "10.5239/0000-0000-0000-0000-0000-C" });
    other.scheduled(timeSignal(SegmentationTypes.NETWORK_END, 4, undefined, eidr));
    assert.equal(next(other, 0), null, "another network");
    const disabled = make({ ...ENABLED, networkId: NETWORK_ID });
    disabled.scheduled(timeSignal(SegmentationTypes.NETWORK_END, 4, undefined, eidr));
    assert.equal(next(disabled, 0), null, "networkEndBlackout not enabled");
  });

  it("a blackout wins over a blanked avail, and the avail shows again when the blackout ends inside it", () => {
    const feed = new AvailFeed(availFeedSettings(config({ availBlanking: ENABLED, blackoutSlate: ENABLED })), new SpliceMarkLog());
    feed.scheduled({ scte35SpliceInsertSettings: { spliceEventId: 9, duration: 900_000 } });
    assert.equal(next(feed, 0), "AVAIL");
    feed.scheduled(timeSignal(SegmentationTypes.UNSCHEDULED_EVENT_START, 1, { web: false, regional: true }));
    assert.equal(next(feed, 3_600), "BLACKOUT");
    feed.scheduled(timeSignal(SegmentationTypes.UNSCHEDULED_EVENT_END, 1, undefined));
    assert.equal(next(feed, 7_200), "AVAIL");
  });
});
