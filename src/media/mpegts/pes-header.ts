// PES packet header, ISO/IEC 13818-1 §2.4.3.6–2.4.3.7 (Table 2-21).
//
// +--------------------------------+---------------+------------------------+
// | packet_start_code_prefix 0x000001 (24) | stream_id (8) | PES_packet_length (16) |
// +--------------------------------+---------------+------------------------+
// optional header (all stream_ids except 0xBC 0xBE 0xBF 0xF0 0xF1 0xF2 0xF8 0xFF):
// +----+-----+-+-+-+-+------+-+-+-+-+-+-+-+--------------------------+
// | 10 | TSC |P|A|C|O| PTS_DTS_flags (2) |E|R|T|Y|Q|X| PES_header_data_length (8) |
// +----+-----+-+-+-+-+------+-+-+-+-+-+-+-+--------------------------+
// | PTS (40) if flags & 2 | DTS (40) if flags == 3 | ... stuffing | payload ...
//
// A 40-bit timestamp field:
// +------+-----------+-+----------------+-+----------------+-+
// | 00xx | TS[32:30] |1| TS[29:15] (15) |1| TS[14:0] (15)  |1|
// +------+-----------+-+----------------+-+----------------+-+
// 33-bit values are built with multiplication: JavaScript bit operators are 32-bit.

import { StreamIds, TIMESTAMP_MODULUS_33 } from "./constants.ts";

export interface PesHeader {
  readonly streamId: number;
  /** PES_packet_length; 0 = unbounded (video only, §2.4.3.7). */
  readonly packetLength: number;
  /** Raw 33-bit PTS, or null. */
  readonly pts90k: number | null;
  /** Raw 33-bit DTS, or null (absent means DTS = PTS). */
  readonly dts90k: number | null;
  readonly dataAlignment: boolean;
  /** Where the elementary stream payload starts, from the PES start. */
  readonly payloadOffset: number;
}

export type PesHeaderParseResult = { readonly ok: true; readonly header: PesHeader } | { readonly ok: false; readonly problem: "short" | "no-start-code" | "bad-header" };

/** Reads a 40-bit PTS/DTS field into a 33-bit number. */
export function readTimestamp33(bytes: Uint8Array, offset: number): number {
  const b0 = bytes[offset] ?? 0;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  const b4 = bytes[offset + 4] ?? 0;
  return (b0 & 0x0e) * 536_870_912 + b1 * 4_194_304 + (b2 & 0xfe) * 16_384 + b3 * 128 + (b4 >> 1);
}

/** Writes `value` (taken modulo 2^33) as a 40-bit PTS/DTS field with the 4-bit `prefix`. */
export function writeTimestamp33(out: Uint8Array, offset: number, prefix: number, value: number): void {
  const ts = ((Math.floor(value) % TIMESTAMP_MODULUS_33) + TIMESTAMP_MODULUS_33) % TIMESTAMP_MODULUS_33;
  const high3 = Math.floor(ts / 1_073_741_824); // TS[32:30]
  const low30 = ts - high3 * 1_073_741_824; // < 2^30: safe for bit operators
  out[offset] = ((prefix & 0x0f) << 4) | (high3 << 1) | 0x01;
  out[offset + 1] = (low30 >>> 22) & 0xff;
  out[offset + 2] = ((low30 >>> 14) & 0xfe) | 0x01;
  out[offset + 3] = (low30 >>> 7) & 0xff;
  out[offset + 4] = ((low30 << 1) & 0xfe) | 0x01;
}

function hasOptionalHeader(streamId: number): boolean {
  switch (streamId) {
    case StreamIds.PROGRAM_STREAM_MAP:
    case StreamIds.PADDING:
    case StreamIds.PRIVATE_STREAM_2:
    case StreamIds.ECM:
    case StreamIds.EMM:
    case StreamIds.DSMCC:
    case StreamIds.H222_1_TYPE_E:
    case StreamIds.PROGRAM_STREAM_DIRECTORY:
      return false;
    default:
      return true;
  }
}

/** Parses the header of a whole (or at least header-complete) PES packet. Never throws. */
export function parsePesHeader(pes: Uint8Array): PesHeaderParseResult {
  if (pes.length < 6) return { ok: false, problem: "short" };
  if (pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return { ok: false, problem: "no-start-code" };
  const streamId = pes[3] ?? 0;
  const packetLength = ((pes[4] ?? 0) << 8) | (pes[5] ?? 0);
  if (!hasOptionalHeader(streamId)) {
    return { ok: true, header: { streamId, packetLength, pts90k: null, dts90k: null, dataAlignment: false, payloadOffset: 6 } };
  }
  if (pes.length < 9) return { ok: false, problem: "short" };
  const flags1 = pes[6] ?? 0;
  const flags2 = pes[7] ?? 0;
  const headerDataLength = pes[8] ?? 0;
  if ((flags1 & 0xc0) !== 0x80) return { ok: false, problem: "bad-header" };
  const payloadOffset = 9 + headerDataLength;
  if (payloadOffset > pes.length) return { ok: false, problem: "short" };
  const ptsDtsFlags = flags2 >> 6;
  let pts90k: number | null = null;
  let dts90k: number | null = null;
  if (ptsDtsFlags === 1) return { ok: false, problem: "bad-header" }; // '01' is forbidden
  if (ptsDtsFlags >= 2) {
    if (headerDataLength < 5) return { ok: false, problem: "bad-header" };
    pts90k = readTimestamp33(pes, 9);
  }
  if (ptsDtsFlags === 3) {
    if (headerDataLength < 10) return { ok: false, problem: "bad-header" };
    dts90k = readTimestamp33(pes, 14);
  }
  return { ok: true, header: { streamId, packetLength, pts90k, dts90k, dataAlignment: (flags1 & 0x04) !== 0, payloadOffset } };
}
