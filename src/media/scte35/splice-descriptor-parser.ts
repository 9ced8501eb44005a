// splice_descriptor() loop, ANSI/SCTE 35 2023 §10. Every descriptor:
// | splice_descriptor_tag 8 | descriptor_length 8 | identifier 32 | data … |
// Tags 0–4 with identifier 'CUEI' are read below; anything else is kept raw.
//
// segmentation_descriptor() §10.3.3:
// | segmentation_event_id 32 | cancel 1 | event_id_compliance 1 | reserved 6 |
// if !cancel: | program_segmentation 1 | duration_flag 1 | delivery_not_restricted 1 |
//   then | web_delivery_allowed 1 | no_regional_blackout 1 | archive_allowed 1 | device_restrictions 2 |
//   (or reserved 5 when delivery is not restricted)
//   if !program_segmentation: | component_count 8 | { tag 8 | reserved 7 | pts_offset 33 } |
//   if duration_flag: | segmentation_duration 40 |
//   | upid_type 8 | upid_length 8 | upid … | segmentation_type_id 8 | segment_num 8 | segments_expected 8 |
//   types 0x34/0x36/0x38/0x3A: | sub_segment_num 8 | sub_segments_expected 8 |
// avail_descriptor §10.3.1: | provider_avail_id 32 |
// DTMF_descriptor §10.3.2:  | preroll 8 | dtmf_count 3 | reserved 5 | DTMF_char 8 × count |
// time_descriptor §10.3.4:  | TAI_seconds 48 | TAI_ns 32 | UTC_offset 16 |
// audio_descriptor §10.3.5: | audio_count 4 | reserved 4 | { tag 8 | ISO_code 24 | bsmod 3 | num_channels 4 | full_srvc 1 } |
// MID upid §10.3.3.3: back-to-back | upid_type 8 | upid_length 8 | upid … |

import { BitReader } from "../bits/bit-reader.ts";
import { readByteArray, readWide } from "./read-fields.ts";
import { SUB_SEGMENT_TYPES, TEXT_UPID_TYPES, UpidTypes } from "./segmentation-types.ts";
import {
  CUEI_IDENTIFIER,
  SpliceDescriptorTags,
  type AudioComponent,
  type DeliveryRestrictions,
  type SegmentationComponent,
  type SegmentationDescriptor,
  type SegmentationUpid,
  type SpliceDescriptor,
} from "./splice-info.ts";

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** A UPID from its type and bytes, with the text and MID views filled in; null for a malformed MID. */
export function makeUpid(type: number, bytes: Uint8Array): SegmentationUpid | null {
  if (type === UpidTypes.MID) {
    const mid: SegmentationUpid[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      if (offset + 2 > bytes.length) return null;
      const partType = bytes[offset] ?? 0;
      const partLength = bytes[offset + 1] ?? 0;
      if (offset + 2 + partLength > bytes.length || partType === UpidTypes.MID) return null;
      const part = makeUpid(partType, bytes.slice(offset + 2, offset + 2 + partLength));
      if (!part) return null;
      mid.push(part);
      offset += 2 + partLength;
    }
    return { type, bytes, mid };
  }
  return TEXT_UPID_TYPES.has(type) ? { type, bytes, text: latin1(bytes) } : { type, bytes };
}

function readSegmentation(data: Uint8Array, identifier: number): SegmentationDescriptor | null {
  const reader = new BitReader(data, 4);
  const segmentationEventId = reader.readBits(32);
  const cancel = reader.readFlag();
  const segmentationEventIdComplianceIndicator = reader.readFlag();
  reader.skipBits(6);
  const head = { tag: SpliceDescriptorTags.SEGMENTATION, identifier, segmentationEventId, segmentationEventIdComplianceIndicator } as const;
  if (cancel) return reader.overrun ? null : { ...head, segmentationEventCancelIndicator: true };
  const programSegmentationFlag = reader.readFlag();
  const durationFlag = reader.readFlag();
  const deliveryNotRestricted = reader.readFlag();
  let deliveryRestrictions: DeliveryRestrictions | null = null;
  if (deliveryNotRestricted) reader.skipBits(5);
  else {
    deliveryRestrictions = {
      webDeliveryAllowedFlag: reader.readFlag(),
      noRegionalBlackoutFlag: reader.readFlag(),
      archiveAllowedFlag: reader.readFlag(),
      deviceRestrictions: reader.readBits(2),
    };
  }
  const components: SegmentationComponent[] = [];
  if (!programSegmentationFlag) {
    const count = reader.readBits(8);
    for (let i = 0; i < count && !reader.overrun; i++) {
      const componentTag = reader.readBits(8);
      reader.skipBits(7);
      components.push({ componentTag, ptsOffset90k: readWide(reader, 33) });
    }
  }
  const segmentationDuration90k = durationFlag ? readWide(reader, 40) : null;
  const upidType = reader.readBits(8);
  const upidLength = reader.readBits(8);
  const upid = makeUpid(upidType, readByteArray(reader, data, upidLength));
  const segmentationTypeId = reader.readBits(8);
  const segmentNum = reader.readBits(8);
  const segmentsExpected = reader.readBits(8);
  if (reader.overrun || !upid) return null;
  // Messages written before the sub-segment fields existed end here: read them only when present.
  const subSegment = SUB_SEGMENT_TYPES.has(segmentationTypeId) && reader.bitsLeft >= 16 ? { subSegmentNum: reader.readBits(8), subSegmentsExpected: reader.readBits(8) } : null;
  return {
    ...head,
    segmentationEventCancelIndicator: false,
    programSegmentationFlag,
    deliveryRestrictions,
    components,
    segmentationDuration90k,
    upid,
    segmentationTypeId,
    segmentNum,
    segmentsExpected,
    subSegment,
  };
}

function readCueiDescriptor(tag: number, data: Uint8Array, identifier: number): SpliceDescriptor | null {
  const reader = new BitReader(data, 4);
  switch (tag) {
    case SpliceDescriptorTags.AVAIL: {
      const providerAvailId = reader.readBits(32);
      return reader.overrun ? null : { tag, identifier, providerAvailId };
    }
    case SpliceDescriptorTags.DTMF: {
      const preroll = reader.readBits(8);
      const count = reader.readBits(3);
      reader.skipBits(5);
      const chars = readByteArray(reader, data, count);
      return reader.overrun ? null : { tag, identifier, preroll, dtmfChars: latin1(chars) };
    }
    case SpliceDescriptorTags.SEGMENTATION:
      return readSegmentation(data, identifier);
    case SpliceDescriptorTags.TIME: {
      const taiSeconds = readWide(reader, 48);
      const taiNs = reader.readBits(32);
      const utcOffset = reader.readBits(16);
      return reader.overrun ? null : { tag, identifier, taiSeconds, taiNs, utcOffset };
    }
    case SpliceDescriptorTags.AUDIO: {
      const count = reader.readBits(4);
      reader.skipBits(4);
      const components: AudioComponent[] = [];
      for (let i = 0; i < count && !reader.overrun; i++) {
        const componentTag = reader.readBits(8);
        const isoCode = latin1(readByteArray(reader, data, 3));
        components.push({ componentTag, isoCode, bitStreamMode: reader.readBits(3), numChannels: reader.readBits(4), fullServiceAudio: reader.readFlag() });
      }
      return reader.overrun ? null : { tag, identifier, components };
    }
    default:
      return null;
  }
}

const CUEI_TAGS: ReadonlySet<number> = new Set(Object.values(SpliceDescriptorTags));

export type DescriptorLoopResult = { readonly ok: true; readonly descriptors: SpliceDescriptor[] } | { readonly ok: false; readonly reason: string };

/** Reads the descriptors in `bytes[start, end)`. A CUEI descriptor that does not fit its own length is an error. */
export function readSpliceDescriptors(bytes: Uint8Array, start: number, end: number): DescriptorLoopResult {
  const descriptors: SpliceDescriptor[] = [];
  let offset = start;
  while (offset < end) {
    if (offset + 2 > end) return { ok: false, reason: "descriptor header runs past descriptor_loop_length" };
    const tag = bytes[offset] ?? 0;
    const length = bytes[offset + 1] ?? 0;
    if (offset + 2 + length > end) return { ok: false, reason: `descriptor 0x${tag.toString(16)} runs past descriptor_loop_length` };
    const data = bytes.slice(offset + 2, offset + 2 + length);
    offset += 2 + length;
    const identifier = length >= 4 ? ((data[0] ?? 0) * 2 ** 24 + ((data[1] ?? 0) << 16) + ((data[2] ?? 0) << 8) + (data[3] ?? 0)) : -1;
    if (identifier !== CUEI_IDENTIFIER || !CUEI_TAGS.has(tag)) {
      descriptors.push({ tag: "raw", descriptorTag: tag, data });
      continue;
    }
    const descriptor = readCueiDescriptor(tag, data, identifier);
    if (!descriptor) return { ok: false, reason: `descriptor 0x${tag.toString(16)} is shorter than its fields` };
    descriptors.push(descriptor);
  }
  return { ok: true, descriptors };
}
