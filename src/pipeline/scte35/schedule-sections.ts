// The splice_info_section (ANSI/SCTE 35 2023 §9.6) a schedule action inserts, as MediaLive's
// schedule documents them: scte35SpliceInsertSettings → splice_insert out of network
// (break_duration with auto_return when `duration` is given), scte35ReturnToNetworkSettings →
// splice_insert back into the network, scte35TimeSignalSettings → time_signal with its
// segmentation descriptors. The splice time is the PTS of the picture the action lands on,
// known only then: the section is built for a PTS. Pure.

import type { Scte35SegmentationDescriptor, ScheduleActionSettings } from "../../model/generated/medialive-types.ts";
import { CUEI_IDENTIFIER, SpliceDescriptorTags, type SegmentationDescriptor } from "../../media/scte35/splice-info.ts";
import { makeUpid } from "../../media/scte35/splice-descriptor-parser.ts";
import { spliceSection, writeSpliceInfoSection } from "../../media/scte35/splice-writer.ts";
import { wrap33 } from "../../media/scte35/splice-pts.ts";
import { programSpliceInsert } from "../../media/scte35/program-splice-insert.ts";

/** The three SCTE-35 schedule action types. */
export const SCTE35_SCHEDULE_ACTIONS = ["scte35SpliceInsertSettings", "scte35ReturnToNetworkSettings", "scte35TimeSignalSettings"] as const;

const DEVICE_RESTRICTIONS: Readonly<Record<string, number>> = { RESTRICT_GROUP0: 0, RESTRICT_GROUP1: 1, RESTRICT_GROUP2: 2, NONE: 3 };

/** segmentationUpid: the hex digits of the UPID bytes (an even number, no spaces). */
export function upidBytes(hex: string | undefined): Uint8Array {
  return hex ? Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16)) : new Uint8Array(0);
}

/** segmentationTypeId as the API takes it: a number (the CLI also accepts "0x34" text). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^(0x[0-9a-f]+|\d+)$/i.test(value.trim())) return Number(value.trim());
  return undefined;
}

function segmentationDescriptor(settings: Scte35SegmentationDescriptor): SegmentationDescriptor {
  const head = { tag: SpliceDescriptorTags.SEGMENTATION, identifier: CUEI_IDENTIFIER, segmentationEventId: Number(settings.segmentationEventId), segmentationEventIdComplianceIndicator: true } as const;
  if (settings.segmentationCancelIndicator === "SEGMENTATION_EVENT_CANCELED") return { ...head, segmentationEventCancelIndicator: true };
  const restrictions = settings.deliveryRestrictions;
  const upidType = numberOf(settings.segmentationUpidType) ?? 0;
  const bytes = upidBytes(settings.segmentationUpid);
  const typeId = numberOf(settings.segmentationTypeId) ?? 0;
  const subSegmentNum = numberOf(settings.subSegmentNum);
  const subSegmentsExpected = numberOf(settings.subSegmentsExpected);
  return {
    ...head,
    segmentationEventCancelIndicator: false,
    programSegmentationFlag: true,
    deliveryRestrictions: restrictions
      ? {
          webDeliveryAllowedFlag: restrictions.webDeliveryAllowedFlag === "WEB_DELIVERY_ALLOWED",
          noRegionalBlackoutFlag: restrictions.noRegionalBlackoutFlag === "NO_REGIONAL_BLACKOUT",
          archiveAllowedFlag: restrictions.archiveAllowedFlag === "ARCHIVE_ALLOWED",
          deviceRestrictions: DEVICE_RESTRICTIONS[restrictions.deviceRestrictions] ?? 3,
        }
      : null,
    components: [],
    segmentationDuration90k: settings.segmentationDuration === undefined ? null : Number(settings.segmentationDuration),
    upid: makeUpid(upidType, bytes) ?? { type: upidType, bytes },
    segmentationTypeId: typeId,
    segmentNum: numberOf(settings.segmentNum) ?? 0,
    segmentsExpected: numberOf(settings.segmentsExpected) ?? 0,
    subSegment: subSegmentNum !== undefined || subSegmentsExpected !== undefined ? { subSegmentNum: subSegmentNum ?? 0, subSegmentsExpected: subSegmentsExpected ?? 0 } : null,
  };
}

/** The section an SCTE-35 schedule action inserts at the picture of PTS `pts90k`; undefined for other action types. */
export function scheduledSpliceSection(settings: ScheduleActionSettings, pts90k: number): Uint8Array | undefined {
  const insert = settings.scte35SpliceInsertSettings;
  if (insert) return writeSpliceInfoSection(spliceSection(programSpliceInsert(Number(insert.spliceEventId), true, pts90k, insert.duration === undefined ? null : Number(insert.duration))));
  const back = settings.scte35ReturnToNetworkSettings;
  if (back) return writeSpliceInfoSection(spliceSection(programSpliceInsert(Number(back.spliceEventId), false, pts90k, null)));
  const signal = settings.scte35TimeSignalSettings;
  if (signal) {
    const descriptors = signal.scte35Descriptors.map((d) => segmentationDescriptor(d.scte35DescriptorSettings.segmentationDescriptorScte35DescriptorSettings));
    return writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: wrap33(pts90k) } }, descriptors));
  }
  return undefined;
}
