// RTP fixed header (RFC 3550 §5.1) parse/serialize and datagram classification for the
// RTP push endpoint. Pure: bytes in, values out; never throws on bad bytes (returns an
// error reason instead). Owns no sockets; the edge in ingest/ does.

/*
 RFC 3550 §5.1 RTP fixed header:

    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                           timestamp                           |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |           synchronization source (SSRC) identifier            |
   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
   |            contributing source (CSRC) identifiers             |
   |                             ....                              |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

 RFC 3550 §5.3.1 header extension (present when X=1), after the CSRCs:

   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |      defined by profile       |           length              |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                        header extension                       |
   |                             ....                              |

 length counts 32-bit words of extension data, excluding the 4-byte extension header.
 P=1 (§5.1): the last payload byte holds the number of padding bytes, itself included.
*/

export const RTP_VERSION = 2;
export const RTP_FIXED_HEADER_SIZE = 12;
export const TS_PACKET_SIZE = 188;
export const TS_SYNC_BYTE = 0x47;
/** RFC 3551 §6: static payload type 33 = MP2T (what ffmpeg's rtp_mpegts sends). */
export const RTP_PAYLOAD_TYPE_MP2T = 33;

export interface RtpHeaderExtension {
  /** 16-bit "defined by profile" value (e.g. 0xBEDE for RFC 8285 one-byte headers). */
  readonly profile: number;
  /** Extension data; length is a multiple of 4 bytes. */
  readonly data: Uint8Array;
}

export interface RtpPacket {
  readonly version: number;
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  /** Media clock ticks (90 kHz for MP2T), 32-bit unsigned. */
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension?: RtpHeaderExtension;
  /** Number of padding bytes (including the count byte); 0 when P=0. */
  readonly paddingSize: number;
  /** Payload with padding removed. A view into the input bytes. */
  readonly payload: Uint8Array;
}

export const RtpParseErrors = {
  TOO_SHORT: "too-short",
  BAD_VERSION: "bad-version",
  CSRC_TRUNCATED: "csrc-truncated",
  EXTENSION_TRUNCATED: "extension-truncated",
  BAD_PADDING: "bad-padding",
} as const;
export type RtpParseError = (typeof RtpParseErrors)[keyof typeof RtpParseErrors];

export type RtpParseResult = { readonly ok: true; readonly packet: RtpPacket } | { readonly ok: false; readonly error: RtpParseError };

/** Parses one RTP datagram; checks every length, never throws. */
export function parseRtpPacket(bytes: Uint8Array): RtpParseResult {
  if (bytes.length < RTP_FIXED_HEADER_SIZE) return { ok: false, error: RtpParseErrors.TOO_SHORT };
  const b0 = bytes[0]!;
  const b1 = bytes[1]!;
  const version = b0 >> 6; // 2 bits
  if (version !== RTP_VERSION) return { ok: false, error: RtpParseErrors.BAD_VERSION };
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f; // 4 bits
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = RTP_FIXED_HEADER_SIZE;
  if (bytes.length < offset + 4 * csrcCount) return { ok: false, error: RtpParseErrors.CSRC_TRUNCATED };
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++, offset += 4) csrcs.push(view.getUint32(offset));
  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (bytes.length < offset + 4) return { ok: false, error: RtpParseErrors.EXTENSION_TRUNCATED };
    const profile = view.getUint16(offset);
    const lengthBytes = view.getUint16(offset + 2) * 4;
    offset += 4;
    if (bytes.length < offset + lengthBytes) return { ok: false, error: RtpParseErrors.EXTENSION_TRUNCATED };
    extension = { profile, data: bytes.subarray(offset, offset + lengthBytes) };
    offset += lengthBytes;
  }
  let end = bytes.length;
  let paddingSize = 0;
  if (hasPadding) {
    paddingSize = bytes[bytes.length - 1]!;
    if (paddingSize === 0 || offset + paddingSize > bytes.length) return { ok: false, error: RtpParseErrors.BAD_PADDING };
    end -= paddingSize;
  }
  const packet: RtpPacket = {
    version,
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f, // 7 bits
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    paddingSize,
    payload: bytes.subarray(offset, end),
    ...(extension ? { extension } : {}),
  };
  return { ok: true, packet };
}

export interface RtpPacketInit {
  readonly marker?: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs?: readonly number[];
  readonly extension?: RtpHeaderExtension;
  /** Padding bytes to append (0 or 1–255, count byte included). */
  readonly paddingSize?: number;
  readonly payload: Uint8Array;
}

/** Serializes an RTP packet. Throws TypeError on out-of-range fields (a caller bug). */
export function serializeRtpPacket(packet: RtpPacketInit): Uint8Array {
  const csrcs = packet.csrcs ?? [];
  const paddingSize = packet.paddingSize ?? 0;
  if (csrcs.length > 15) throw new TypeError("at most 15 CSRCs");
  if (paddingSize < 0 || paddingSize > 255) throw new TypeError("paddingSize must be 0..255");
  const ext = packet.extension;
  if (ext && (ext.data.length % 4 !== 0 || ext.data.length / 4 > 0xffff)) throw new TypeError("extension data must be whole 32-bit words");
  const extSize = ext ? 4 + ext.data.length : 0;
  const total = RTP_FIXED_HEADER_SIZE + 4 * csrcs.length + extSize + packet.payload.length + paddingSize;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = (RTP_VERSION << 6) | (paddingSize > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  out[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  let offset = RTP_FIXED_HEADER_SIZE;
  for (const csrc of csrcs) {
    view.setUint32(offset, csrc >>> 0);
    offset += 4;
  }
  if (ext) {
    view.setUint16(offset, ext.profile & 0xffff);
    view.setUint16(offset + 2, ext.data.length / 4);
    out.set(ext.data, offset + 4);
    offset += extSize;
  }
  out.set(packet.payload, offset);
  offset += packet.payload.length;
  if (paddingSize > 0) out[total - 1] = paddingSize;
  return out;
}

export type DatagramKind = "rtp" | "bare-ts" | "invalid";

/**
 * Classifies one UDP datagram arriving at an RTP endpoint. "bare-ts" is MPEG-TS sent
 * without an RTP header (first byte 0x47, length a whole number of 188-byte packets):
 * the "send RTP, not UDP" case. A 0x47 first byte cannot be RTP v2 (its top bits are 01).
 * Bare TS also arrives cut at any byte (ffmpeg's `-f mpegts udp://` sends 1472-byte
 * datagrams): sync bytes every 188 from some offset, and not an RTP packet carrying TS.
 */
export function classifyDatagram(bytes: Uint8Array): DatagramKind {
  if (bytes.length === 0) return "invalid";
  if (bytes[0] === TS_SYNC_BYTE && bytes.length % TS_PACKET_SIZE === 0) return "bare-ts";
  const cutTs = isCutTsStream(bytes);
  if (bytes.length >= RTP_FIXED_HEADER_SIZE && bytes[0]! >> 6 === RTP_VERSION) {
    if (!cutTs) return "rtp";
    const parsed = parseRtpPacket(bytes);
    return parsed.ok && isWholeTsPackets(parsed.packet.payload) ? "rtp" : "bare-ts";
  }
  return cutTs ? "bare-ts" : "invalid";
}

/** Every 188th byte from some offset below 188 to the end is 0x47, at least 4 of them. */
function isCutTsStream(bytes: Uint8Array): boolean {
  for (let offset = 0; offset < TS_PACKET_SIZE && bytes.length - offset > 3 * TS_PACKET_SIZE; offset++) {
    let i = offset;
    while (i < bytes.length && bytes[i] === TS_SYNC_BYTE) i += TS_PACKET_SIZE;
    if (i >= bytes.length) return true;
  }
  return false;
}

/** True when bytes is a whole number (≥ 1) of 188-byte TS packets, each starting with 0x47. */
export function isWholeTsPackets(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.length % TS_PACKET_SIZE !== 0) return false;
  for (let i = 0; i < bytes.length; i += TS_PACKET_SIZE) if (bytes[i] !== TS_SYNC_BYTE) return false;
  return true;
}
