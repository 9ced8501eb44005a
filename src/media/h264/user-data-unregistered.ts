// user_data_unregistered SEI messages (ITU-T H.264 §D.1.7 / H.265 §D.2.7, payloadType 5): a
// 16-byte UUID (ISO/IEC 11578), then bytes of the UUID owner's choosing. openlive marks fed
// pictures with them (splice marks, media/scte35/splice-mark-sei.ts; ID3 marks,
// media/id3/id3-mark-sei.ts): ffmpeg's decoders export such messages as frame side data and
// libx264/libx265 write them back (`udu_sei`), so a mark stays on its picture through the encode.
// Pure.
//
//   SEI NAL (no start code): nal_unit_header (H.264 1 byte type 6; H.265 2 bytes, prefix SEI 39)
//     payloadType  5
//     payloadSize  0xFF × (size / 255), then size % 255   (§7.3.2.3.1)
//     uuid_iso_iec_11578  16 bytes
//     user_data_payload_byte  size − 16 bytes
//     rbsp_trailing_bits  0x80
//   with emulation prevention (§7.4.1) over all but the header.

import { joinAnnexB, splitAnnexB } from "../bits/annex-b.ts";
import { addEmulationPrevention, removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import { parseSeiMessages } from "./sei.ts";

export type SeiVideoCodec = "H264" | "H265";

const USER_DATA_UNREGISTERED = 5;
const H264_SEI = 6;
const H265_PREFIX_SEI = 39;
export const SEI_UUID_BYTES = 16;

function seiHeader(codec: SeiVideoCodec): number[] {
  return codec === "H264" ? [H264_SEI] : [H265_PREFIX_SEI << 1, 0x01];
}

/** payloadSize as §7.3.2.3.1 codes it: runs of 0xFF, then the rest. */
function payloadSizeBytes(size: number): number[] {
  const bytes: number[] = [];
  let left = size;
  while (left >= 255) {
    bytes.push(0xff);
    left -= 255;
  }
  bytes.push(left);
  return bytes;
}

/** The SEI NAL unit (no start code) holding one user_data_unregistered message: `uuid`, then `data`. */
export function userDataSeiNal(codec: SeiVideoCodec, uuid: Uint8Array, data: Uint8Array): Uint8Array {
  if (uuid.length !== SEI_UUID_BYTES) throw new RangeError(`a user_data_unregistered UUID has 16 bytes, not ${uuid.length}`);
  const header = seiHeader(codec);
  const size = payloadSizeBytes(SEI_UUID_BYTES + data.length);
  const rbsp = new Uint8Array(header.length + 1 + size.length + SEI_UUID_BYTES + data.length + 1);
  rbsp.set([...header, USER_DATA_UNREGISTERED, ...size], 0);
  rbsp.set(uuid, header.length + 1 + size.length);
  rbsp.set(data, header.length + 1 + size.length + SEI_UUID_BYTES);
  rbsp[rbsp.length - 1] = 0x80;
  return addEmulationPrevention(rbsp);
}

function isVcl(codec: SeiVideoCodec, nal: Uint8Array): boolean {
  const first = nal[0] ?? 0;
  if (codec === "H264") {
    const type = first & 0x1f;
    return type >= 1 && type <= 5;
  }
  return ((first >> 1) & 0x3f) <= 31;
}

function isSei(codec: SeiVideoCodec, nal: Uint8Array): boolean {
  const first = nal[0] ?? 0;
  return codec === "H264" ? (first & 0x1f) === H264_SEI : ((first >> 1) & 0x3f) === H265_PREFIX_SEI;
}

/** The access unit (Annex B) with SEI NAL units before its first slice (§7.4.1.2.3: SEI precedes the primary coded picture); as it is without a slice. */
export function insertSeiNals(codec: SeiVideoCodec, accessUnit: Uint8Array, seiNals: readonly Uint8Array[]): Uint8Array {
  if (seiNals.length === 0) return accessUnit;
  const nals = splitAnnexB(accessUnit);
  const at = nals.findIndex((nal) => isVcl(codec, nal));
  if (at < 0) return accessUnit;
  return joinAnnexB([...nals.slice(0, at), ...seiNals, ...nals.slice(at)]);
}

/** The bytes after the UUID of every user_data_unregistered message with `uuid` in an access unit (Annex B), in order. */
export function userDataPayloads(codec: SeiVideoCodec, accessUnit: Uint8Array, uuid: Uint8Array): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  const headerBytes = codec === "H264" ? 1 : 2;
  for (const nal of splitAnnexB(accessUnit)) {
    if (!isSei(codec, nal)) continue;
    for (const message of parseSeiMessages(removeEmulationPrevention(nal).subarray(headerBytes))) {
      const payload = message.payload;
      if (message.payloadType !== USER_DATA_UNREGISTERED || payload.length < SEI_UUID_BYTES) continue;
      if (uuid.every((byte, i) => payload[i] === byte)) payloads.push(payload.subarray(SEI_UUID_BYTES));
    }
  }
  return payloads;
}

/** Whether `bytes` hold `uuid` anywhere (a UUID without 00 00 is never split by emulation prevention). */
export function holdsUuid(bytes: Uint8Array, uuid: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(uuid) >= 0;
}

/** Where `uuid` lies in `bytes`, in order (a UUID without 00 00 lies there as written). */
export function uuidOffsets(bytes: Uint8Array, uuid: Uint8Array): number[] {
  const offsets: number[] = [];
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = view.indexOf(uuid); at >= 0; at = view.indexOf(uuid, at + 1)) offsets.push(at);
  return offsets;
}
