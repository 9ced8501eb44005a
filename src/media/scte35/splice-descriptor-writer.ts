// splice_descriptor() writer, ANSI/SCTE 35 2023 §10 (layouts drawn in
// splice-descriptor-parser.ts). descriptor_length is computed; reserved bits are 1s.

import { BitWriter } from "../bits/bit-writer.ts";
import { concatBytes } from "../bits/bytes.ts";
import { makeUpid } from "./splice-descriptor-parser.ts";
import { UpidTypes } from "./segmentation-types.ts";
import { SpliceDescriptorTags, type SegmentationDescriptor, type SegmentationUpid, type SpliceDescriptor } from "./splice-info.ts";

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/** A text UPID (Ad-ID, ADI, URI …) from its characters. */
export function textUpid(type: number, text: string): SegmentationUpid {
  return makeUpid(type, latin1Bytes(text)) ?? { type, bytes: latin1Bytes(text) };
}

/** A MID UPID (§10.3.3.3) holding `parts` back to back. */
export function midUpid(parts: readonly SegmentationUpid[]): SegmentationUpid {
  const bytes = concatBytes(parts.map((part) => concatBytes([Uint8Array.of(part.type, part.bytes.length), part.bytes])));
  return { type: UpidTypes.MID, bytes, mid: parts };
}

function writeSegmentation(writer: BitWriter, descriptor: SegmentationDescriptor): void {
  writer.writeBits(32, descriptor.segmentationEventId);
  writer.writeFlag(descriptor.segmentationEventCancelIndicator);
  writer.writeFlag(descriptor.segmentationEventIdComplianceIndicator);
  writer.writeReserved(6);
  if (descriptor.segmentationEventCancelIndicator) return;
  writer.writeFlag(descriptor.programSegmentationFlag);
  writer.writeFlag(descriptor.segmentationDuration90k !== null);
  const restrictions = descriptor.deliveryRestrictions;
  writer.writeFlag(restrictions === null);
  if (restrictions === null) writer.writeReserved(5);
  else {
    writer.writeFlag(restrictions.webDeliveryAllowedFlag);
    writer.writeFlag(restrictions.noRegionalBlackoutFlag);
    writer.writeFlag(restrictions.archiveAllowedFlag);
    writer.writeBits(2, restrictions.deviceRestrictions);
  }
  if (!descriptor.programSegmentationFlag) {
    writer.writeBits(8, descriptor.components.length);
    for (const component of descriptor.components) {
      writer.writeBits(8, component.componentTag);
      writer.writeReserved(7);
      writer.writeBits(33, component.ptsOffset90k);
    }
  }
  if (descriptor.segmentationDuration90k !== null) writer.writeBits(40, descriptor.segmentationDuration90k);
  writer.writeBits(8, descriptor.upid.type);
  writer.writeBits(8, descriptor.upid.bytes.length);
  writer.writeBytes(descriptor.upid.bytes);
  writer.writeBits(8, descriptor.segmentationTypeId);
  writer.writeBits(8, descriptor.segmentNum);
  writer.writeBits(8, descriptor.segmentsExpected);
  if (descriptor.subSegment) {
    writer.writeBits(8, descriptor.subSegment.subSegmentNum);
    writer.writeBits(8, descriptor.subSegment.subSegmentsExpected);
  }
}

/** One descriptor: tag, length, then identifier and fields (or the raw data). */
export function writeSpliceDescriptor(descriptor: SpliceDescriptor): Uint8Array {
  if (descriptor.tag === "raw") return concatBytes([Uint8Array.of(descriptor.descriptorTag, descriptor.data.length), descriptor.data]);
  const writer = new BitWriter();
  writer.writeBits(32, descriptor.identifier);
  switch (descriptor.tag) {
    case SpliceDescriptorTags.AVAIL:
      writer.writeBits(32, descriptor.providerAvailId);
      break;
    case SpliceDescriptorTags.DTMF:
      writer.writeBits(8, descriptor.preroll);
      writer.writeBits(3, descriptor.dtmfChars.length);
      writer.writeReserved(5);
      writer.writeBytes(latin1Bytes(descriptor.dtmfChars));
      break;
    case SpliceDescriptorTags.SEGMENTATION:
      writeSegmentation(writer, descriptor);
      break;
    case SpliceDescriptorTags.TIME:
      writer.writeBits(48, descriptor.taiSeconds);
      writer.writeBits(32, descriptor.taiNs);
      writer.writeBits(16, descriptor.utcOffset);
      break;
    case SpliceDescriptorTags.AUDIO:
      writer.writeBits(4, descriptor.components.length);
      writer.writeReserved(4);
      for (const component of descriptor.components) {
        writer.writeBits(8, component.componentTag);
        writer.writeBytes(latin1Bytes(component.isoCode.padEnd(3, " ").slice(0, 3)));
        writer.writeBits(3, component.bitStreamMode);
        writer.writeBits(4, component.numChannels);
        writer.writeFlag(component.fullServiceAudio);
      }
      break;
  }
  const body = writer.finish();
  if (body.length > 255) throw new RangeError("splice descriptor longer than 255 bytes");
  return concatBytes([Uint8Array.of(descriptor.tag, body.length), body]);
}
