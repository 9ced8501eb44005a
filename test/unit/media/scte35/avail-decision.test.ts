// The statements of MediaLive's user guide pages “Triggers for ad avail blanking”, “Ad avail
// blanking restriction flags”, “Triggers for blackout” and “Blackout restriction flags”, as tests.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  availEvents,
  blackoutTriggers,
  eidrText,
  nextBlackoutState,
  type AvailSettings,
  type BlackoutSettings,
  type BlackoutState,
} from "../../../../src/media/scte35/avail-decision.ts";
import { SegmentationTypes as T, UpidTypes } from "../../../../src/media/scte35/segmentation-types.ts";
import { makeUpid } from "../../../../src/media/scte35/splice-descriptor-parser.ts";
import { CUEI_IDENTIFIER, SpliceDescriptorTags, type DeliveryRestrictions, type SegmentationDescriptor, type SpliceCommand } from "../../../../src/media/scte35/splice-info.ts";
import { parseSpliceInfoBase64 } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceSection } from "../../../../src/media/scte35/splice-writer.ts";

const SPLICE_INSERT_MODE: AvailSettings = { mode: "SCTE35_SPLICE_INSERT", webDeliveryAllowedFlag: "FOLLOW", noRegionalBlackoutFlag: "FOLLOW" };
const APOS_MODE: AvailSettings = { ...SPLICE_INSERT_MODE, mode: "SCTE35_TIME_SIGNAL_APOS" };
const ALLOWED: DeliveryRestrictions = { webDeliveryAllowedFlag: true, noRegionalBlackoutFlag: true, archiveAllowedFlag: true, deviceRestrictions: 3 };
const EIDR = makeUpid(UpidTypes.EIDR, Uint8Array.from([0x14, 0x7b, 0x8b, 0xe5, 0xe3, 0xf6, 0x1b, 0xd4, 0x21, 0xc1, 0x6e, 0x2d]));

function segmentation(typeId: number, restrictions: DeliveryRestrictions | null = ALLOWED, upid = makeUpid(UpidTypes.TI, new Uint8Array(8))): SegmentationDescriptor {
  return {
    tag: SpliceDescriptorTags.SEGMENTATION,
    identifier: CUEI_IDENTIFIER,
    segmentationEventId: 0x100 + typeId,
    segmentationEventIdComplianceIndicator: true,
    segmentationEventCancelIndicator: false,
    programSegmentationFlag: true,
    deliveryRestrictions: restrictions,
    components: [],
    segmentationDuration90k: 30 * 90_000,
    upid: upid ?? { type: 0, bytes: new Uint8Array(0) },
    segmentationTypeId: typeId,
    segmentNum: 0,
    segmentsExpected: 0,
    subSegment: null,
  };
}

const timeSignal = (...descriptors: SegmentationDescriptor[]) => spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 900_000 } }, descriptors, 90_000);
const spliceInsert = (outOfNetwork: boolean, ...descriptors: SegmentationDescriptor[]) =>
  spliceSection(
    {
      kind: "splice_insert",
      spliceEventId: 42,
      spliceEventCancelIndicator: false,
      outOfNetworkIndicator: outOfNetwork,
      programSpliceFlag: true,
      spliceImmediateFlag: false,
      eventIdComplianceFlag: true,
      spliceTime: { ptsTime90k: 900_000 },
      components: [],
      breakDuration: { autoReturn: true, duration90k: 60 * 90_000 },
      uniqueProgramId: 1,
      availNum: 1,
      availsExpected: 1,
    } satisfies SpliceCommand,
    descriptors,
  );

const AD_TYPES = [T.PROVIDER_ADVERTISEMENT_START, T.DISTRIBUTOR_ADVERTISEMENT_START, T.PROVIDER_PLACEMENT_OPPORTUNITY_START, T.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_START, T.BREAK_START];
const OTHER_TYPES = [T.PROGRAM_START, T.CHAPTER_START, T.NETWORK_START, T.UNSCHEDULED_EVENT_START];

describe("ad avails: splice insert mode", () => {
  it("splice_insert and time_signal with advertisement, placement opportunity or break types are avails", () => {
    for (const type of AD_TYPES) {
      assert.equal(availEvents(timeSignal(segmentation(type)), SPLICE_INSERT_MODE)[0]?.action, "start", `time_signal 0x${type.toString(16)}`);
      assert.equal(availEvents(spliceInsert(true, segmentation(type)), SPLICE_INSERT_MODE)[0]?.action, "start", `splice_insert 0x${type.toString(16)}`);
      assert.equal(availEvents(timeSignal(segmentation(type + 1)), SPLICE_INSERT_MODE)[0]?.action, "end", `time_signal 0x${(type + 1).toString(16)}`);
    }
  });

  it("programs, chapters, network and unscheduled events are not avails", () => {
    for (const type of OTHER_TYPES) {
      assert.deepEqual(availEvents(timeSignal(segmentation(type)), SPLICE_INSERT_MODE), []);
      assert.deepEqual(availEvents(spliceInsert(true, segmentation(type)), SPLICE_INSERT_MODE), []);
    }
  });

  it("a splice_insert without descriptor is an avail: out of network starts it, back in network ends it; times adjusted", () => {
    const [start] = availEvents(spliceInsert(true), SPLICE_INSERT_MODE);
    assert.deepEqual(start, { action: "start", eventId: 42, pts90k: 900_000, duration90k: 60 * 90_000, segmentationTypeId: null, upid: null, blank: true });
    assert.equal(availEvents(spliceInsert(false), SPLICE_INSERT_MODE)[0]?.action, "end");
    assert.equal(availEvents(timeSignal(segmentation(T.BREAK_START)), SPLICE_INSERT_MODE)[0]?.pts90k, 990_000);
  });

  it("a cancelled splice_insert withdraws the pending avail", () => {
    const cancel = spliceSection({ kind: "splice_insert", spliceEventId: 42, spliceEventCancelIndicator: true });
    assert.deepEqual(availEvents(cancel, SPLICE_INSERT_MODE).map((e) => [e.action, e.eventId]), [["cancel", 42]]);
  });
});

describe("ad avails: time signal APOS mode", () => {
  it("only time_signal placement opportunities and breaks are avails", () => {
    for (const type of [T.PROVIDER_PLACEMENT_OPPORTUNITY_START, T.DISTRIBUTOR_PLACEMENT_OPPORTUNITY_START, T.BREAK_START]) {
      assert.equal(availEvents(timeSignal(segmentation(type)), APOS_MODE)[0]?.action, "start");
    }
    for (const type of [T.PROVIDER_ADVERTISEMENT_START, T.DISTRIBUTOR_ADVERTISEMENT_START, ...OTHER_TYPES]) {
      assert.deepEqual(availEvents(timeSignal(segmentation(type)), APOS_MODE), []);
    }
  });

  it("splice_insert is never an avail, whatever its descriptors", () => {
    assert.deepEqual(availEvents(spliceInsert(true), APOS_MODE), []);
    for (const type of AD_TYPES) assert.deepEqual(availEvents(spliceInsert(true, segmentation(type)), APOS_MODE), []);
  });

  it("the §14.1 sample (Provider Placement Opportunity Start, web delivery not allowed) is a blanked avail", () => {
    const parsed = parseSpliceInfoBase64("/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==");
    assert.ok(parsed.ok);
    const [event] = availEvents(parsed.section, APOS_MODE);
    assert.equal(event?.action, "start");
    assert.equal(event?.duration90k, 307 * 90_000);
    assert.equal(event?.blank, true);
    assert.equal(availEvents(parsed.section, { ...APOS_MODE, webDeliveryAllowedFlag: "IGNORE" })[0]?.blank, false);
  });
});

describe("ad avail blanking restriction flags", () => {
  const blank = (restrictions: DeliveryRestrictions | null, settings: AvailSettings = SPLICE_INSERT_MODE) => availEvents(timeSignal(segmentation(T.BREAK_START, restrictions)), settings)[0]?.blank;
  it("true flags: no restriction, no blanking; a false flag wins over a true one", () => {
    assert.equal(blank(ALLOWED), false);
    assert.equal(blank({ ...ALLOWED, webDeliveryAllowedFlag: false }), true);
    assert.equal(blank({ ...ALLOWED, noRegionalBlackoutFlag: false }), true);
  });
  it("neither flag present: both count as false, blanking occurs", () => {
    assert.equal(blank(null), true);
  });
  it("IGNORE: a 0 in that flag no longer triggers blanking", () => {
    assert.equal(blank({ ...ALLOWED, webDeliveryAllowedFlag: false }, { ...SPLICE_INSERT_MODE, webDeliveryAllowedFlag: "IGNORE" }), false);
    assert.equal(blank({ ...ALLOWED, webDeliveryAllowedFlag: false }, { ...SPLICE_INSERT_MODE, noRegionalBlackoutFlag: "IGNORE" }), true);
    assert.equal(blank(null, { ...SPLICE_INSERT_MODE, webDeliveryAllowedFlag: "IGNORE", noRegionalBlackoutFlag: "IGNORE" }), false);
  });
});

describe("blackout triggers", () => {
  const settings: BlackoutSettings = { webDeliveryAllowedFlag: "FOLLOW", noRegionalBlackoutFlag: "FOLLOW", networkEndBlackout: false, networkId: null };
  const RESTRICTED: DeliveryRestrictions = { ...ALLOWED, noRegionalBlackoutFlag: false };
  const triggers = (section: ReturnType<typeof timeSignal>, s = settings) => blackoutTriggers(section, s).map((t) => `${t.action} ${t.event}`);

  it("time_signal Program, Chapter and Unscheduled Event start and end blackouts; ads and breaks do not", () => {
    assert.deepEqual(triggers(timeSignal(segmentation(T.PROGRAM_START, RESTRICTED), segmentation(T.PROGRAM_END))), ["start program", "end program"]);
    assert.deepEqual(triggers(timeSignal(segmentation(T.CHAPTER_START, RESTRICTED), segmentation(T.CHAPTER_END))), ["start chapter", "end chapter"]);
    assert.deepEqual(triggers(timeSignal(segmentation(T.UNSCHEDULED_EVENT_START, RESTRICTED), segmentation(T.UNSCHEDULED_EVENT_END))), ["start unscheduled", "end unscheduled"]);
    assert.deepEqual(triggers(timeSignal(...AD_TYPES.map((t) => segmentation(t, RESTRICTED)))), []);
  });

  it("splice_insert never triggers a blackout, whatever its segmentation type", () => {
    assert.deepEqual(blackoutTriggers(spliceInsert(true, segmentation(T.PROGRAM_START, RESTRICTED)), settings), []);
  });

  it("a start with no restriction (both flags true) does not black out", () => {
    assert.deepEqual(triggers(timeSignal(segmentation(T.PROGRAM_START, ALLOWED))), []);
  });

  it("network: Network End starts and Network Start ends, only with networkEndBlackout and a matching network ID", () => {
    assert.ok(EIDR);
    assert.equal(eidrText(EIDR), "10.5243/8BE5-E3F6-1BD4-21C1-6E2D");
    const network = timeSignal(segmentation(T.NETWORK_END, RESTRICTED, EIDR), segmentation(T.NETWORK_START, RESTRICTED, EIDR));
    assert.deepEqual(triggers(network), []);
    const enabled = { ...settings, networkEndBlackout: true, networkId: "10.5243/8BE5-E3F6-1BD4-21C1-6E2D-R" };
    assert.deepEqual(triggers(network, enabled), ["start network", "end network"]);
    assert.deepEqual(triggers(network, { ...enabled, networkId: "10.5240/0000-0000-0000-0000-0000-C" }), []);
  });

  it("a blackout ends only by an event of equal or greater strength (network > unscheduled > program > chapter)", () => {
    const t = (action: "start" | "end", event: "network" | "unscheduled" | "program" | "chapter") => ({ action, event, pts90k: null, segmentationEventId: 1 });
    let state: BlackoutState = nextBlackoutState(null, t("start", "program"));
    assert.deepEqual(state, { event: "program" });
    assert.deepEqual(nextBlackoutState(state, t("end", "chapter")), { event: "program" }, "a Chapter End cannot end a program blackout");
    assert.equal(nextBlackoutState(state, t("end", "program")), null);
    assert.equal(nextBlackoutState(state, t("end", "unscheduled")), null);
    assert.equal(nextBlackoutState(state, t("end", "network")), null);
    state = nextBlackoutState(state, t("start", "chapter"));
    assert.deepEqual(state, { event: "program" }, "a weaker start keeps the stronger blackout");
    assert.deepEqual(nextBlackoutState(state, t("start", "network")), { event: "network" });
  });
});
