// fast-check generators of SCTE-35 values (ANSI/SCTE 35 2023 §9–10) in the exact shape the
// parser returns, so that parse(write(x)) can be compared with x.

import fc from "fast-check";

import { SUB_SEGMENT_TYPES, UpidTypes } from "../../../../src/media/scte35/segmentation-types.ts";
import { makeUpid } from "../../../../src/media/scte35/splice-descriptor-parser.ts";
import { midUpid } from "../../../../src/media/scte35/splice-descriptor-writer.ts";
import {
  CUEI_IDENTIFIER,
  SpliceDescriptorTags,
  type SegmentationDescriptor,
  type SegmentationUpid,
  type SpliceCommand,
  type SpliceDescriptor,
  type SpliceInfoSection,
  type SpliceTime,
} from "../../../../src/media/scte35/splice-info.ts";

export const bits = (count: number): fc.Arbitrary<number> => fc.maxSafeNat().map((v) => v % 2 ** count);
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

const spliceTime: fc.Arbitrary<SpliceTime> = fc.option(bits(33), { nil: null }).map((ptsTime90k) => ({ ptsTime90k }));
const breakDuration = fc.option(fc.record({ autoReturn: fc.boolean(), duration90k: bits(33) }), { nil: null });

const spliceInsert: fc.Arbitrary<SpliceCommand> = fc.oneof(
  fc.record({ kind: fc.constant("splice_insert" as const), spliceEventId: bits(32), spliceEventCancelIndicator: fc.constant(true as const) }),
  fc
    .record({
      spliceEventId: bits(32),
      outOfNetworkIndicator: fc.boolean(),
      programSpliceFlag: fc.boolean(),
      spliceImmediateFlag: fc.boolean(),
      eventIdComplianceFlag: fc.boolean(),
      time: spliceTime,
      componentTimes: fc.array(fc.record({ componentTag: bits(8), time: spliceTime }), { maxLength: 4 }),
      breakDuration,
      uniqueProgramId: bits(16),
      availNum: bits(8),
      availsExpected: bits(8),
    })
    .map(({ time, componentTimes, ...r }) => ({
      kind: "splice_insert" as const,
      spliceEventCancelIndicator: false as const,
      ...r,
      spliceTime: r.programSpliceFlag && !r.spliceImmediateFlag ? time : null,
      components: r.programSpliceFlag ? [] : componentTimes.map((c) => ({ componentTag: c.componentTag, spliceTime: r.spliceImmediateFlag ? null : c.time })),
    })),
);

const scheduled = fc.oneof(
  fc.record({ spliceEventId: bits(32), spliceEventCancelIndicator: fc.constant(true as const) }),
  fc
    .record({
      spliceEventId: bits(32),
      outOfNetworkIndicator: fc.boolean(),
      programSpliceFlag: fc.boolean(),
      utc: bits(32),
      comps: fc.array(fc.record({ componentTag: bits(8), utcSpliceTime: bits(32) }), { maxLength: 3 }),
      breakDuration,
      uniqueProgramId: bits(16),
      availNum: bits(8),
      availsExpected: bits(8),
    })
    .map(({ utc, comps, ...r }) => ({
      ...r,
      spliceEventCancelIndicator: false as const,
      utcSpliceTime: r.programSpliceFlag ? utc : null,
      components: r.programSpliceFlag ? [] : comps,
    })),
);

export const spliceCommand: fc.Arbitrary<SpliceCommand> = fc.oneof(
  fc.constant({ kind: "splice_null" as const }),
  fc.constant({ kind: "bandwidth_reservation" as const }),
  spliceTime.map((t) => ({ kind: "time_signal" as const, spliceTime: t })),
  spliceInsert,
  fc.array(scheduled, { maxLength: 3 }).map((events) => ({ kind: "splice_schedule" as const, events })),
  fc.record({ kind: fc.constant("private_command" as const), identifier: bits(32), privateBytes: bytes(20) }),
);

const simpleUpid: fc.Arbitrary<SegmentationUpid> = fc
  .record({ type: fc.integer({ min: 0, max: 255 }).filter((t) => t !== UpidTypes.MID), data: bytes(24) })
  .map(({ type, data }) => makeUpid(type, data) ?? { type, bytes: data });
const upid: fc.Arbitrary<SegmentationUpid> = fc.oneof(simpleUpid, fc.array(simpleUpid, { maxLength: 3 }).map(midUpid));

const segmentation: fc.Arbitrary<SegmentationDescriptor> = fc.oneof(
  fc.record({
    tag: fc.constant(SpliceDescriptorTags.SEGMENTATION),
    identifier: fc.constant(CUEI_IDENTIFIER),
    segmentationEventId: bits(32),
    segmentationEventIdComplianceIndicator: fc.boolean(),
    segmentationEventCancelIndicator: fc.constant(true as const),
  }),
  fc
    .record({
      segmentationEventId: bits(32),
      segmentationEventIdComplianceIndicator: fc.boolean(),
      programSegmentationFlag: fc.boolean(),
      deliveryRestrictions: fc.option(
        fc.record({ webDeliveryAllowedFlag: fc.boolean(), noRegionalBlackoutFlag: fc.boolean(), archiveAllowedFlag: fc.boolean(), deviceRestrictions: bits(2) }),
        { nil: null },
      ),
      comps: fc.array(fc.record({ componentTag: bits(8), ptsOffset90k: bits(33) }), { maxLength: 3 }),
      segmentationDuration90k: fc.option(bits(40), { nil: null }),
      upid,
      segmentationTypeId: fc.oneof(bits(8), fc.constantFrom(...SUB_SEGMENT_TYPES)),
      segmentNum: bits(8),
      segmentsExpected: bits(8),
      sub: fc.option(fc.record({ subSegmentNum: bits(8), subSegmentsExpected: bits(8) }), { nil: null }),
    })
    .map(({ comps, sub, ...r }) => ({
      tag: SpliceDescriptorTags.SEGMENTATION,
      identifier: CUEI_IDENTIFIER,
      segmentationEventCancelIndicator: false as const,
      ...r,
      components: r.programSegmentationFlag ? [] : comps,
      subSegment: SUB_SEGMENT_TYPES.has(r.segmentationTypeId) ? sub : null,
    })),
);

export const spliceDescriptor: fc.Arbitrary<SpliceDescriptor> = fc.oneof(
  bits(32).map((providerAvailId) => ({ tag: SpliceDescriptorTags.AVAIL, identifier: CUEI_IDENTIFIER, providerAvailId })),
  fc
    .record({ preroll: bits(8), dtmfChars: fc.stringMatching(/^[0-9*#]{0,7}$/) })
    .map((r) => ({ tag: SpliceDescriptorTags.DTMF, identifier: CUEI_IDENTIFIER, ...r })),
  segmentation,
  fc.record({ taiSeconds: bits(48), taiNs: bits(32), utcOffset: bits(16) }).map((r) => ({ tag: SpliceDescriptorTags.TIME, identifier: CUEI_IDENTIFIER, ...r })),
  fc
    .array(
      fc.record({ componentTag: bits(8), isoCode: fc.stringMatching(/^[a-z]{3}$/), bitStreamMode: bits(3), numChannels: bits(4), fullServiceAudio: fc.boolean() }),
      { maxLength: 15 },
    )
    .map((components) => ({ tag: SpliceDescriptorTags.AUDIO, identifier: CUEI_IDENTIFIER, components })),
  // Raw: a tag the standard does not define for CUEI, or another identifier.
  fc.record({ tag: fc.constant("raw" as const), descriptorTag: fc.integer({ min: 5, max: 255 }), data: bytes(30) }),
  fc.record({ tag: fc.constant("raw" as const), descriptorTag: fc.integer({ min: 0, max: 4 }), data: bytes(30).map((d) => Uint8Array.from([0x41, 0x42, 0x43, 0x44, ...d])) }),
);

const header = {
  sectionSyntaxIndicator: fc.boolean(),
  privateIndicator: fc.boolean(),
  sapType: bits(2),
  protocolVersion: fc.constant(0),
  encryptionAlgorithm: bits(6),
  ptsAdjustment90k: bits(33),
  cwIndex: bits(8),
  tier: bits(12),
};

export const spliceInfoSection: fc.Arbitrary<SpliceInfoSection> = fc.oneof(
  { weight: 6, arbitrary: fc
    .record({ ...header, legacyCommandLength: fc.boolean(), command: spliceCommand, descriptors: fc.array(spliceDescriptor, { maxLength: 4 }) })
    // 0xFFF is only unambiguous for commands whose syntax delimits them.
    .map((r) => ({ ...r, legacyCommandLength: r.legacyCommandLength && r.command.kind !== "private_command", encryptedPacket: false, encryptedPayload: null })) },
  { weight: 1, arbitrary: fc
    // At least splice_command_type, descriptor_loop_length and E_CRC_32 (§9.6).
    .record({ ...header, spliceCommandLength: bits(12), payload: fc.uint8Array({ minLength: 7, maxLength: 40 }) })
    .map(({ spliceCommandLength, payload, ...r }) => ({
      ...r,
      encryptedPacket: true,
      legacyCommandLength: spliceCommandLength === 0xfff,
      command: null,
      descriptors: [],
      encryptedPayload: { spliceCommandLength, bytes: payload },
    })) },
);
