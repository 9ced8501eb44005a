// An ID3 mark: the ID3 tag that goes with a picture, carried inside that picture's access unit
// as a user_data_unregistered SEI message (media/h264/user-data-unregistered.ts), so that the
// fMP4 outputs, whose muxer drops the fed MPEG-TS's timed-metadata stream, find the tag on the
// very picture it was fed with however the encoder re-timed it (as splice marks carry SCTE-35,
// media/scte35/splice-mark-sei.ts). Pure.
//
//   user_data_unregistered payload:
//     uuid       16 bytes  ID3_MARK_UUID (RETIRED_ID3_MARK_UUID once read, same length)
//     mark_id    32 bits   big-endian; a picture the encoder repeats repeats it
//     carriers   ASCII, NUL-terminated: the keys of the ID3 carriages that take the tag,
//                comma-separated (output/encoder/timed-metadata-feeds.ts, id3CarriageKey: a
//                key says what a carriage carries, so an output finds its tags by its own
//                settings alone)
//     tag        the whole ID3v2 tag (header and frames), to the end of the payload

import { holdsUuid, insertSeiNals, userDataPayloads, userDataSeiNal, uuidOffsets, type SeiVideoCodec } from "../h264/user-data-unregistered.ts";

/** The UUID of openlive's ID3 marks (ISO/IEC 11578 form, random; no 00 byte). */
export const ID3_MARK_UUID = Uint8Array.of(0x4f, 0x4c, 0x56, 0x49, 0x7d, 0x3e, 0x41, 0x95, 0x8c, 0x2b, 0x49, 0x44, 0x33, 0x54, 0x41, 0x47);
/** What a mark's UUID is overwritten with once read (same length, no 00 byte: the SEI stays valid). */
export const RETIRED_ID3_MARK_UUID = Uint8Array.of(0x4f, 0x4c, 0x56, 0x52, 0x7d, 0x3e, 0x41, 0x95, 0x8c, 0x2b, 0x52, 0x45, 0x41, 0x44, 0x33, 0x21);

export interface Id3Mark {
  readonly markId: number;
  /** The keys of the carriages that take the tag (no comma, no NUL in a key). */
  readonly carriers: readonly string[];
  readonly tag: Uint8Array;
}

const MARK_ID_BYTES = 4;

/** The SEI NAL unit (no start code) carrying one mark. */
export function id3MarkNal(codec: SeiVideoCodec, mark: Id3Mark): Uint8Array {
  if (mark.carriers.some((key) => !/^[\x21-\x2b\x2d-\x7e]+$/.test(key))) throw new RangeError(`ID3 carriage keys are printable ASCII without commas: ${mark.carriers.join(" ")}`);
  const carriers = Buffer.from(`${mark.carriers.join(",")}\0`, "latin1");
  const data = new Uint8Array(MARK_ID_BYTES + carriers.length + mark.tag.length);
  new DataView(data.buffer).setUint32(0, mark.markId >>> 0);
  data.set(carriers, MARK_ID_BYTES);
  data.set(mark.tag, MARK_ID_BYTES + carriers.length);
  return userDataSeiNal(codec, ID3_MARK_UUID, data);
}

/** The access unit (Annex B) with one SEI per mark before its first slice. */
export function insertId3Marks(codec: SeiVideoCodec, accessUnit: Uint8Array, marks: readonly Id3Mark[]): Uint8Array {
  return insertSeiNals(
    codec,
    accessUnit,
    marks.map((mark) => id3MarkNal(codec, mark)),
  );
}

/** The marks an access unit (Annex B) carries, in order; a message without its fields whole is skipped. */
export function id3MarksIn(codec: SeiVideoCodec, accessUnit: Uint8Array): Id3Mark[] {
  const marks: Id3Mark[] = [];
  for (const data of userDataPayloads(codec, accessUnit, ID3_MARK_UUID)) {
    const end = data.indexOf(0, MARK_ID_BYTES);
    if (data.length < MARK_ID_BYTES || end < 0) continue;
    const keys = Buffer.from(data.buffer, data.byteOffset + MARK_ID_BYTES, end - MARK_ID_BYTES).toString("latin1");
    const markId = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
    marks.push({ markId, carriers: keys === "" ? [] : keys.split(","), tag: Uint8Array.from(data.subarray(end + 1)) });
  }
  return marks;
}

/** Whether bytes (an access unit, a sample, a segment) may hold an ID3 mark. */
export function mayHoldId3Mark(bytes: Uint8Array): boolean {
  return holdsUuid(bytes, ID3_MARK_UUID);
}

/** Every mark in `bytes` retired in place (its UUID overwritten); how many were. */
export function retireId3Marks(bytes: Uint8Array): number {
  const offsets = uuidOffsets(bytes, ID3_MARK_UUID);
  for (const offset of offsets) bytes.set(RETIRED_ID3_MARK_UUID, offset);
  return offsets.length;
}
