// The Smooth Streaming track fragment extended header, `tfxd` ([MS-SSTR] §2.2.4.4): a `uuid`
// box in each `traf` of a Smooth fragment giving the fragment's time on the track's timeline,
// where an ISO/IEC 14496-12 fragment would have a `tfdt`. Pure.
//
//   aligned(8) class TfxdBox extends Box('uuid', 6D1D9B05-42D5-44E6-80E2-141DAFF757B2) {
//     unsigned int(8)  version;                  // 1: 64-bit fields; 0: 32-bit fields
//     bit(24)          flags = 0;
//     unsigned int(version == 1 ? 64 : 32) fragment_absolute_time;
//     unsigned int(version == 1 ? 64 : 32) fragment_duration;
//   }
//
// ffmpeg's ismv muxer writes fragment_absolute_time as the presentation time of the fragment's
// first sample (its decode time plus its composition offset), in the track's timescale.

import { readUint32 } from "./boxes.ts";
import { box, u64 } from "./box-writer.ts";

/** The extended type of the tfxd `uuid` box. */
export const TFXD_UUID = Uint8Array.of(0x6d, 0x1d, 0x9b, 0x05, 0x42, 0xd5, 0x44, 0xe6, 0x80, 0xe2, 0x14, 0x1d, 0xaf, 0xf7, 0x57, 0xb2);

export interface FragmentExtendedHeader {
  /** fragment_absolute_time, in the track's timescale (below 2^53). */
  readonly absoluteTime: number;
  /** fragment_duration, in the track's timescale. */
  readonly duration: number;
}

/** A version 1 tfxd box. */
export function writeTfxd(header: FragmentExtendedHeader): Uint8Array {
  return box("uuid", TFXD_UUID, [1, 0, 0, 0], u64(Math.max(0, header.absoluteTime)), u64(Math.max(0, header.duration)));
}

/** Whether the `uuid` box whose payload starts at `payload` has the extended type `uuid`. */
export function hasUuid(bytes: Uint8Array, payload: number, end: number, uuid: Uint8Array): boolean {
  if (payload + 16 > end) return false;
  for (let i = 0; i < 16; i++) if (bytes[payload + i] !== uuid[i]) return false;
  return true;
}

/** The tfxd of the `uuid` box spanning [payload, end) (its payload, past size and type); undefined when it is another uuid or does not fit. */
export function readTfxd(bytes: Uint8Array, payload: number, end: number): FragmentExtendedHeader | undefined {
  if (!hasUuid(bytes, payload, end, TFXD_UUID)) return undefined;
  const at = payload + 16;
  const version = bytes[at];
  if (version === 1 && at + 20 <= end) {
    return { absoluteTime: readUint32(bytes, at + 4) * 2 ** 32 + readUint32(bytes, at + 8), duration: readUint32(bytes, at + 12) * 2 ** 32 + readUint32(bytes, at + 16) };
  }
  if (version === 0 && at + 12 <= end) return { absoluteTime: readUint32(bytes, at + 4), duration: readUint32(bytes, at + 8) };
  return undefined;
}
