// TS packet header and adaptation field parser, ISO/IEC 13818-1 §2.4.3.2 and §2.4.3.4.
// Pure: reads one 188-byte packet in place, never throws, reports malformed fields.
//
//  byte 0           byte 1                    byte 2          byte 3
// +---------------+-+-+-+---------+---------------+---+---+-------+
// | sync 0x47 (8) |E|S|P| PID[12:8]| PID[7:0]      |TSC|AFC| CC (4)|
// +---------------+-+-+-+---------+---------------+---+---+-------+
//  E = transport_error_indicator, S = payload_unit_start_indicator,
//  P = transport_priority, TSC = transport_scrambling_control (2),
//  AFC = adaptation_field_control (2): 01 payload only, 10 AF only, 11 AF + payload.
//
// Adaptation field (§2.4.3.4):
// +----------------+-+-+-+-+-+-+-+-+----------------------------------------+
// | length (8)     |D|R|I|P|O|S|T|X| PCR (48) if P: base 33, reserved 6,    |
// |                | | | | | | | | |            extension 9 ... stuffing    |
// +----------------+-+-+-+-+-+-+-+-+----------------------------------------+
//  D = discontinuity_indicator, R = random_access_indicator, I = ES priority,
//  P = PCR_flag, O = OPCR_flag, S = splicing_point_flag, T = private data, X = extension.

import { TS_PACKET_SIZE, TS_SYNC_BYTE } from "./constants.ts";

export const AdaptationFieldControls = {
  RESERVED: 0,
  PAYLOAD_ONLY: 1,
  ADAPTATION_ONLY: 2,
  ADAPTATION_AND_PAYLOAD: 3,
} as const;
export type AdaptationFieldControl = (typeof AdaptationFieldControls)[keyof typeof AdaptationFieldControls];

export interface AdaptationField {
  /** adaptation_field_length as read (0–183). */
  readonly length: number;
  readonly discontinuity: boolean;
  readonly randomAccess: boolean;
  /** PCR in 27 MHz ticks (base × 300 + extension), when PCR_flag is set. */
  readonly pcr27m: number | null;
}

export interface TsPacketHeader {
  readonly transportError: boolean;
  readonly payloadUnitStart: boolean;
  readonly priority: boolean;
  readonly pid: number;
  /** transport_scrambling_control (0 = not scrambled). */
  readonly scrambling: number;
  readonly adaptationFieldControl: AdaptationFieldControl;
  readonly continuityCounter: number;
  readonly adaptationField: AdaptationField | null;
  /** Offset of the payload inside the packet (4–188); equals 188 when there is none. */
  readonly payloadOffset: number;
  readonly hasPayload: boolean;
}

export const TsPacketProblems = {
  SHORT: "short",
  NO_SYNC: "no-sync",
  RESERVED_AFC: "reserved-adaptation-field-control",
  BAD_AF_LENGTH: "bad-adaptation-field-length",
} as const;
export type TsPacketProblem = (typeof TsPacketProblems)[keyof typeof TsPacketProblems];

export type TsPacketParseResult =
  | { readonly ok: true; readonly header: TsPacketHeader }
  | { readonly ok: false; readonly problem: TsPacketProblem; readonly pid: number | null };

/** PCR (§2.4.3.5): program_clock_reference_base (33) × 300 + extension (9), in 27 MHz ticks. */
export function readPcr27m(bytes: Uint8Array, offset: number): number {
  const b0 = bytes[offset] ?? 0;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  const b4 = bytes[offset + 4] ?? 0;
  const b5 = bytes[offset + 5] ?? 0;
  // base[32:25] base[24:17] base[16:9] base[8:1] | base[0] reserved(6) ext[8] | ext[7:0]
  const base33 = b0 * 33_554_432 + b1 * 131_072 + b2 * 512 + b3 * 2 + (b4 >> 7);
  const extension9 = ((b4 & 0x01) << 8) | b5;
  return base33 * 300 + extension9;
}

/** Parses the packet starting at `offset`; needs 188 bytes there. Never throws. */
export function parseTsPacketHeader(bytes: Uint8Array, offset = 0): TsPacketParseResult {
  if (offset < 0 || bytes.length - offset < TS_PACKET_SIZE) return { ok: false, problem: TsPacketProblems.SHORT, pid: null };
  if (bytes[offset] !== TS_SYNC_BYTE) return { ok: false, problem: TsPacketProblems.NO_SYNC, pid: null };
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  const pid = ((b1 & 0x1f) << 8) | b2; // 13-bit PID: low 5 bits of byte 1 + byte 2
  const adaptationFieldControl = ((b3 >> 4) & 0x03) as AdaptationFieldControl;
  if (adaptationFieldControl === AdaptationFieldControls.RESERVED) return { ok: false, problem: TsPacketProblems.RESERVED_AFC, pid };
  let adaptationField: AdaptationField | null = null;
  let payloadOffset = 4;
  if (adaptationFieldControl === AdaptationFieldControls.ADAPTATION_ONLY || adaptationFieldControl === AdaptationFieldControls.ADAPTATION_AND_PAYLOAD) {
    const length = bytes[offset + 4] ?? 0;
    // §2.4.3.5: 183 when there is no payload, 0–182 when a payload follows.
    const maxLength = adaptationFieldControl === AdaptationFieldControls.ADAPTATION_ONLY ? 183 : 182;
    if (length > maxLength) return { ok: false, problem: TsPacketProblems.BAD_AF_LENGTH, pid };
    let discontinuity = false;
    let randomAccess = false;
    let pcr27m: number | null = null;
    if (length > 0) {
      const flags = bytes[offset + 5] ?? 0;
      discontinuity = (flags & 0x80) !== 0;
      randomAccess = (flags & 0x40) !== 0;
      if (flags & 0x10) {
        if (length < 7) return { ok: false, problem: TsPacketProblems.BAD_AF_LENGTH, pid };
        pcr27m = readPcr27m(bytes, offset + 6);
      }
    }
    adaptationField = { length, discontinuity, randomAccess, pcr27m };
    payloadOffset = 5 + length;
  }
  const hasPayload = (adaptationFieldControl & 0x01) !== 0 && payloadOffset < TS_PACKET_SIZE;
  return {
    ok: true,
    header: {
      transportError: (b1 & 0x80) !== 0,
      payloadUnitStart: (b1 & 0x40) !== 0,
      priority: (b1 & 0x20) !== 0,
      pid,
      scrambling: (b3 >> 6) & 0x03,
      adaptationFieldControl,
      continuityCounter: b3 & 0x0f,
      adaptationField,
      payloadOffset: hasPayload ? payloadOffset : TS_PACKET_SIZE,
      hasPayload,
    },
  };
}
