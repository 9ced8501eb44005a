// MPEG-TS in RTP (RFC 2250 §2, RFC 3551 payload type 33 "MP2T"): each datagram payload of 7
// TS packets (ts-datagrams.ts) behind an RTP fixed header (RFC 3550 §5.1). Pure: the payload
// and the time in, the packet out.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|X|  CC   |M|   PT = 33   |       sequence number         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                     timestamp (90 kHz)                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                             SSRC                              |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   |            7 × 188-byte TS packets (1316 bytes)               |
//
// P, X, CC and M are 0 (RFC 2250 §2: M is set when the timestamp is discontinuous, which a
// wall-clock timestamp never is). The timestamp is the 90 kHz WALL CLOCK of the packet's
// transmission, not the PCR: RFC 2250 §2 defines it as "the target transmission time for the
// first byte of the packet", which is when we send it, and a datagram carries a PCR only now
// and then (an interpolated PCR would also jump with each encoder restart). The sequence
// number, the timestamp's origin and the SSRC start at random values (RFC 3550 §5.1).

import { randomBytes } from "node:crypto";
import { RTP_PAYLOAD_TYPE_MP2T, serializeRtpPacket } from "../../protocols/rtp/rtp-header.ts";

/** The RTP clock of MP2T (RFC 3551 §4.5 / RFC 2250 §2). */
export const RTP_CLOCK_HZ = 90_000;

export interface RtpTsPacketizerOptions {
  readonly ssrc: number;
  /** The first packet's sequence number. */
  readonly firstSequenceNumber: number;
  /** Added to the 90 kHz clock: the timestamp's random origin. */
  readonly timestampOffset: number;
}

/** Random SSRC, first sequence number and timestamp origin, as RFC 3550 §5.1 asks. */
export function randomRtpStart(): RtpTsPacketizerOptions {
  const random = randomBytes(10);
  return { ssrc: random.readUInt32BE(0), firstSequenceNumber: random.readUInt16BE(4), timestampOffset: random.readUInt32BE(6) };
}

export class RtpTsPacketizer {
  readonly #options: RtpTsPacketizerOptions;
  #sequenceNumber: number;

  constructor(options: RtpTsPacketizerOptions) {
    this.#options = options;
    this.#sequenceNumber = options.firstSequenceNumber & 0xffff;
  }

  /** The RTP packet carrying `payload`, sent at `nowMs` (a monotonic clock in milliseconds). */
  packetize(payload: Uint8Array, nowMs: number): Uint8Array {
    const timestamp = (Math.floor(nowMs * (RTP_CLOCK_HZ / 1000)) + this.#options.timestampOffset) % 2 ** 32;
    const packet = serializeRtpPacket({ payloadType: RTP_PAYLOAD_TYPE_MP2T, sequenceNumber: this.#sequenceNumber, timestamp, ssrc: this.#options.ssrc, payload });
    this.#sequenceNumber = (this.#sequenceNumber + 1) & 0xffff;
    return packet;
  }
}
