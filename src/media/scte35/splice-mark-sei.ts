// A splice mark carried inside the video itself: a user_data_unregistered SEI message
// (ITU-T H.264 §D.1.7 / H.265 §D.2.7, payloadType 5: a 16-byte UUID, then free bytes) put into
// the access unit of the picture where a splice happens. The encoder keeps it on the same
// picture (ffmpeg's decoders export the message as frame side data and libx264/libx265 write
// it back with `udu_sei`), so whoever reads the encoded segments finds the picture again
// without having to know how the encoder re-timed it. Pure.
//
// Payload after the UUID: mark_id (32 bits, big-endian).

import { holdsUuid, insertSeiNals, userDataPayloads, userDataSeiNal, uuidOffsets } from "../h264/user-data-unregistered.ts";

/** The UUID of openlive's splice marks (ISO/IEC 11578 form, random). */
export const SPLICE_MARK_UUID = Uint8Array.of(0x4f, 0x4c, 0x56, 0x53, 0x9a, 0x27, 0x4c, 0x1e, 0xb1, 0x63, 0x53, 0x43, 0x54, 0x45, 0x33, 0x35);

/**
 * The UUID a repeated mark is overwritten with: an encoder that repeats a picture to keep its
 * frame rate (ffmpeg's fps filter fills a gap in the timestamps so) repeats the picture's SEI
 * with it, and a splice is one picture. Same length, no 00 bytes: the SEI stays valid as it is.
 */
export const RETIRED_SPLICE_MARK_UUID = Uint8Array.of(0x4f, 0x4c, 0x56, 0x52, 0x9a, 0x27, 0x4c, 0x1e, 0xb1, 0x63, 0x52, 0x45, 0x50, 0x45, 0x41, 0x54);

export type MarkedVideoCodec = "H264" | "H265";

/** Whether splice marks can be carried in this codec's pictures. */
export function canMarkSplices(codec: string): codec is MarkedVideoCodec {
  return codec === "H264" || codec === "H265";
}

/** The SEI NAL unit (no start code) carrying mark `markId`. */
export function spliceMarkNal(codec: MarkedVideoCodec, markId: number): Uint8Array {
  return userDataSeiNal(codec, SPLICE_MARK_UUID, Uint8Array.of((markId >>> 24) & 0xff, (markId >>> 16) & 0xff, (markId >>> 8) & 0xff, markId & 0xff));
}

/** The access unit (Annex B) with the mark's SEI before its first slice (§7.4.1.2.3: SEI precedes the primary coded picture). */
export function insertSpliceMark(codec: MarkedVideoCodec, accessUnit: Uint8Array, markId: number): Uint8Array {
  return insertSeiNals(codec, accessUnit, [spliceMarkNal(codec, markId)]);
}

/** The mark ids an access unit (Annex B) carries, in order. */
export function spliceMarksIn(codec: MarkedVideoCodec, accessUnit: Uint8Array): number[] {
  return userDataPayloads(codec, accessUnit, SPLICE_MARK_UUID)
    .filter((data) => data.length >= 4)
    .map((data) => (((data[0] ?? 0) << 24) | ((data[1] ?? 0) << 16) | ((data[2] ?? 0) << 8) | (data[3] ?? 0)) >>> 0);
}

/**
 * Where the marks' UUIDs lie in an access unit (Annex B, as it is: the UUID holds no 00 00, so
 * no emulation prevention byte lands inside it), in order.
 */
export function spliceMarkUuidOffsets(accessUnit: Uint8Array): number[] {
  return uuidOffsets(accessUnit, SPLICE_MARK_UUID);
}

/** Whether bytes (an access unit, a sample, a segment) may hold a splice mark. */
export function mayHoldSpliceMark(bytes: Uint8Array): boolean {
  return holdsUuid(bytes, SPLICE_MARK_UUID);
}
