// A splice mark carried inside the video itself: a user_data_unregistered SEI message
// (ITU-T H.264 §D.1.7 / H.265 §D.2.7, payloadType 5: a 16-byte UUID, then free bytes) put into
// the access unit of the picture where a splice happens. The encoder keeps it on the same
// picture (ffmpeg's decoders export the message as frame side data and libx264/libx265 write
// it back with `udu_sei`), so whoever reads the encoded segments finds the picture again
// without having to know how the encoder re-timed it. Pure.
//
// Payload after the UUID: mark_id (32 bits, big-endian).

import { splitAnnexB, joinAnnexB } from "../bits/annex-b.ts";
import { addEmulationPrevention, removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import { parseSeiMessages } from "../h264/sei.ts";

/** The UUID of openlive's splice marks (ISO/IEC 11578 form, random). */
export const SPLICE_MARK_UUID = Uint8Array.of(0x4f, 0x4c, 0x56, 0x53, 0x9a, 0x27, 0x4c, 0x1e, 0xb1, 0x63, 0x53, 0x43, 0x54, 0x45, 0x33, 0x35);

/**
 * The UUID a repeated mark is overwritten with: an encoder that repeats a picture to keep its
 * frame rate (ffmpeg's fps filter fills a gap in the timestamps so) repeats the picture's SEI
 * with it, and a splice is one picture. Same length, no 00 bytes: the SEI stays valid as it is.
 */
export const RETIRED_SPLICE_MARK_UUID = Uint8Array.of(0x4f, 0x4c, 0x56, 0x52, 0x9a, 0x27, 0x4c, 0x1e, 0xb1, 0x63, 0x52, 0x45, 0x50, 0x45, 0x41, 0x54);

const USER_DATA_UNREGISTERED = 5;
const H264_SEI = 6;
const H265_PREFIX_SEI = 39;

export type MarkedVideoCodec = "H264" | "H265";

/** Whether splice marks can be carried in this codec's pictures. */
export function canMarkSplices(codec: string): codec is MarkedVideoCodec {
  return codec === "H264" || codec === "H265";
}

/** The SEI NAL unit (no start code) carrying mark `markId`. */
export function spliceMarkNal(codec: MarkedVideoCodec, markId: number): Uint8Array {
  const payloadSize = SPLICE_MARK_UUID.length + 4;
  const header = codec === "H264" ? [H264_SEI] : [H265_PREFIX_SEI << 1, 0x01];
  const rbsp = Uint8Array.of(...header, USER_DATA_UNREGISTERED, payloadSize, ...SPLICE_MARK_UUID, (markId >>> 24) & 0xff, (markId >>> 16) & 0xff, (markId >>> 8) & 0xff, markId & 0xff, 0x80);
  return addEmulationPrevention(rbsp);
}

function isVcl(codec: MarkedVideoCodec, nal: Uint8Array): boolean {
  const first = nal[0] ?? 0;
  if (codec === "H264") {
    const type = first & 0x1f;
    return type >= 1 && type <= 5;
  }
  return ((first >> 1) & 0x3f) <= 31;
}

function isSei(codec: MarkedVideoCodec, nal: Uint8Array): boolean {
  const first = nal[0] ?? 0;
  return codec === "H264" ? (first & 0x1f) === H264_SEI : ((first >> 1) & 0x3f) === H265_PREFIX_SEI;
}

/** The access unit (Annex B) with the mark's SEI before its first slice (§7.4.1.2.3: SEI precedes the primary coded picture). */
export function insertSpliceMark(codec: MarkedVideoCodec, accessUnit: Uint8Array, markId: number): Uint8Array {
  const nals = splitAnnexB(accessUnit);
  const at = nals.findIndex((nal) => isVcl(codec, nal));
  if (at < 0) return accessUnit;
  return joinAnnexB([...nals.slice(0, at), spliceMarkNal(codec, markId), ...nals.slice(at)]);
}

/** The mark ids an access unit (Annex B) carries, in order. */
export function spliceMarksIn(codec: MarkedVideoCodec, accessUnit: Uint8Array): number[] {
  const marks: number[] = [];
  const headerBytes = codec === "H264" ? 1 : 2;
  for (const nal of splitAnnexB(accessUnit)) {
    if (!isSei(codec, nal)) continue;
    for (const message of parseSeiMessages(removeEmulationPrevention(nal).subarray(headerBytes))) {
      const payload = message.payload;
      if (message.payloadType !== USER_DATA_UNREGISTERED || payload.length < SPLICE_MARK_UUID.length + 4) continue;
      if (!SPLICE_MARK_UUID.every((byte, i) => payload[i] === byte)) continue;
      const at = SPLICE_MARK_UUID.length;
      marks.push((((payload[at] ?? 0) << 24) | ((payload[at + 1] ?? 0) << 16) | ((payload[at + 2] ?? 0) << 8) | (payload[at + 3] ?? 0)) >>> 0);
    }
  }
  return marks;
}

/**
 * Where the marks' UUIDs lie in an access unit (Annex B, as it is: the UUID holds no 00 00, so
 * no emulation prevention byte lands inside it), in order.
 */
export function spliceMarkUuidOffsets(accessUnit: Uint8Array): number[] {
  const offsets: number[] = [];
  const first = SPLICE_MARK_UUID[0];
  for (let at = accessUnit.indexOf(first!); at >= 0 && at + SPLICE_MARK_UUID.length <= accessUnit.length; at = accessUnit.indexOf(first!, at + 1)) {
    if (SPLICE_MARK_UUID.every((byte, i) => accessUnit[at + i] === byte)) offsets.push(at);
  }
  return offsets;
}
