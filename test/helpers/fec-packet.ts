// A SMPTE 2022-1 FEC packet as a receiver reads it: an RTP header (RFC 3550 §5.1) followed
// by the 16-byte FEC header of SMPTE 2022-1 (the RFC 2733 header extended with the matrix
// fields) and the XOR payload. Pure: bytes in, fields out.
//
//   SNBase low bits (16) | length recovery (16)
//   E (1) | PT recovery (7) | mask (24)
//   TS recovery (32)
//   X (1) | D (1) | type (3) | index (3) | offset (8) | NA (8) | SNBase ext bits (8)
//
// D = 0: a column FEC packet (offset = L, NA = D); D = 1: a row FEC packet (offset = 1, NA = L).

export interface FecPacket {
  readonly rtpVersion: number;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  /** The first media sequence number the packet protects (SNBase low bits, with no ext bits for 16-bit RTP numbers). */
  readonly snBase: number;
  readonly lengthRecovery: number;
  /** E: 1 when the 2022-1 header follows the RFC 2733 one. */
  readonly extension: boolean;
  readonly ptRecovery: number;
  readonly mask: number;
  readonly tsRecovery: number;
  /** D bit: "row" (1) or "column" (0). */
  readonly direction: "column" | "row";
  /** The FEC type: 0 is XOR. */
  readonly type: number;
  readonly index: number;
  readonly offset: number;
  readonly na: number;
  readonly snBaseExt: number;
  readonly payloadBytes: number;
}

const RTP_HEADER_BYTES = 12;
const FEC_HEADER_BYTES = 16;

/** The packet's fields; throws when it is too short or not RTP version 2. */
export function parseFecPacket(datagram: Uint8Array): FecPacket {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (datagram.length < RTP_HEADER_BYTES) throw new RangeError(`${datagram.length} bytes: shorter than an RTP header`);
  const rtpVersion = datagram[0]! >> 6;
  if (rtpVersion !== 2) throw new RangeError(`RTP version ${rtpVersion}, not 2`);
  const csrcCount = datagram[0]! & 0x0f;
  let at = RTP_HEADER_BYTES + 4 * csrcCount;
  if (datagram[0]! & 0x10) at += 4 + 4 * view.getUint16(at + 2);
  if (datagram.length < at + FEC_HEADER_BYTES) throw new RangeError(`${datagram.length} bytes: no room for the FEC header`);
  const word1 = view.getUint32(at + 4);
  const last = view.getUint32(at + 12);
  return {
    rtpVersion,
    payloadType: datagram[1]! & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    snBase: view.getUint16(at),
    lengthRecovery: view.getUint16(at + 2),
    extension: (word1 >>> 31) === 1,
    ptRecovery: (word1 >>> 24) & 0x7f,
    mask: word1 & 0xffffff,
    tsRecovery: view.getUint32(at + 8),
    direction: (last >>> 30) & 1 ? "row" : "column",
    type: (last >>> 27) & 0x7,
    index: (last >>> 24) & 0x7,
    offset: (last >>> 16) & 0xff,
    na: (last >>> 8) & 0xff,
    snBaseExt: last & 0xff,
    payloadBytes: datagram.length - at - FEC_HEADER_BYTES,
  };
}
