import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scte35ActionProblems } from "../../../../src/domain/channels/schedule-scte35-rules.ts";

const AT = "creates.scheduleActions[0].scheduleActionSettings.x";
const messages = (key: string, settings: unknown): string[] => scte35ActionProblems(key, settings, AT).map((p) => `${p.elementPath.slice(AT.length)}: ${p.errorMessage}`);
const segmentation = (extra: Record<string, unknown> = {}) => ({ scte35DescriptorSettings: { segmentationDescriptorScte35DescriptorSettings: { segmentationEventId: 1, segmentationCancelIndicator: "SEGMENTATION_EVENT_NOT_CANCELED", ...extra } } });

describe("SCTE-35 schedule action rules", () => {
  it("accepts what MediaLive documents", () => {
    assert.deepEqual(messages("scte35SpliceInsertSettings", { spliceEventId: 4_294_967_295, duration: 8_589_934_591 }), []);
    assert.deepEqual(messages("scte35SpliceInsertSettings", { spliceEventId: 0 }), []);
    assert.deepEqual(messages("scte35ReturnToNetworkSettings", { spliceEventId: 12 }), []);
    const full = segmentation({ segmentationTypeId: "0x34", segmentationUpidType: 12, segmentationUpid: "4144532d31", segmentNum: 0, segmentsExpected: 0, subSegmentNum: 1, subSegmentsExpected: 2, segmentationDuration: 1_099_511_627_775, deliveryRestrictions: { archiveAllowedFlag: "ARCHIVE_ALLOWED", deviceRestrictions: "NONE", noRegionalBlackoutFlag: "NO_REGIONAL_BLACKOUT", webDeliveryAllowedFlag: "WEB_DELIVERY_ALLOWED" } });
    assert.deepEqual(messages("scte35TimeSignalSettings", { scte35Descriptors: [full, segmentation({ segmentationCancelIndicator: "SEGMENTATION_EVENT_CANCELED" })] }), []);
  });

  it("refuses out-of-range ids and durations, missing descriptors, bad UPIDs and incomplete restrictions, each at its path", () => {
    assert.deepEqual(messages("scte35SpliceInsertSettings", { duration: -1 }), [
      ".spliceEventId: spliceEventId is required: an integer from 0 to 4294967295",
      ".duration: duration is in 90 kHz ticks: an integer from 0 to 8589934591 (leave it out for an avail that a return-to-network action ends)",
    ]);
    assert.deepEqual(messages("scte35ReturnToNetworkSettings", { spliceEventId: 4_294_967_296 }), [".spliceEventId: spliceEventId is required: an integer from 0 to 4294967295"]);
    assert.deepEqual(messages("scte35TimeSignalSettings", { scte35Descriptors: [] }), [".scte35Descriptors: a time signal needs at least one scte35Descriptors entry (a segmentation descriptor)"]);
    const bad = messages("scte35TimeSignalSettings", { scte35Descriptors: [segmentation({ segmentationUpid: "41 42", segmentationTypeId: 256, segmentationCancelIndicator: "NO", deliveryRestrictions: { archiveAllowedFlag: "ARCHIVE_ALLOWED" } }), {}] });
    const path = ".scte35Descriptors[0].scte35DescriptorSettings.segmentationDescriptorScte35DescriptorSettings";
    assert.deepEqual(bad.map((m) => m.split(": ")[0]), [
      `${path}.segmentationCancelIndicator`,
      `${path}.segmentationTypeId`,
      `${path}.segmentationUpid`,
      `${path}.deliveryRestrictions.deviceRestrictions`,
      `${path}.deliveryRestrictions.noRegionalBlackoutFlag`,
      `${path}.deliveryRestrictions.webDeliveryAllowedFlag`,
      ".scte35Descriptors[1].scte35DescriptorSettings.segmentationDescriptorScte35DescriptorSettings",
    ]);
    assert.deepEqual(messages("scte35SpliceInsertSettings", "x"), [": scte35SpliceInsertSettings must be an object"]);
  });
});
