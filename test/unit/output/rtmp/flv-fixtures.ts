// FLV bytes as an encoder's FLV muxer writes them (Adobe FLV spec annex E), built by hand.

import { encodeAmf0, Amf0EcmaArray } from "../../../../src/protocols/rtmp/amf0.ts";

export function flvHeader(): Buffer {
  return Buffer.from([0x46, 0x4c, 0x56, 1, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);
}

export function flvTag(type: number, timestampMs: number, data: Uint8Array): Buffer {
  const header = Buffer.alloc(11);
  header[0] = type;
  header.writeUIntBE(data.length, 1, 3);
  header.writeUIntBE(timestampMs & 0xffffff, 4, 3);
  header[7] = (timestampMs >>> 24) & 0xff;
  const previous = Buffer.alloc(4);
  previous.writeUInt32BE(11 + data.length);
  return Buffer.concat([header, data, previous]);
}

export const METADATA = Buffer.from(encodeAmf0("onMetaData", new Amf0EcmaArray({ width: 320, height: 180 })));
/** VideoTagHeader of an AVC sequence header with no record: what ffmpeg writes before the first packet. */
export const EMPTY_AVC_CONFIG = Buffer.from([0x17, 0, 0, 0, 0]);
export const AVC_CONFIG = Buffer.from([0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x0d, 0xff, 0xe1]);
export const AAC_CONFIG = Buffer.from([0xaf, 0, 0x12, 0x10]);
export const keyframe = (marker: number, size = 8): Buffer => Buffer.concat([Buffer.from([0x17, 1, 0, 0, 0]), Buffer.alloc(size, marker)]);
export const interframe = (marker: number): Buffer => Buffer.from([0x27, 1, 0, 0, 0, marker]);
export const aacFrame = (marker: number): Buffer => Buffer.from([0xaf, 1, marker]);

/** An encoder run's start: header, metadata, the empty and the real AVC configuration, the AAC configuration. */
export function runStart(): Buffer {
  return Buffer.concat([flvHeader(), flvTag(18, 0, METADATA), flvTag(9, 0, EMPTY_AVC_CONFIG), flvTag(9, 0, AVC_CONFIG), flvTag(8, 0, AAC_CONFIG)]);
}
