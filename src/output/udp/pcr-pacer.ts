// When each datagram of a UDP/RTP output leaves: paced on the transport stream's own clock,
// the PCR (ISO/IEC 13818-1 §2.4.2.2), rather than in the bursts the encoder writes (each
// frame's packets at once). bufferMsec bounds the delay this adds. Pure: the datagram and the
// time it arrived in, the time it is due out.
//
// A datagram carrying a PCR is due at anchorMs + (PCR − anchorPcr) / 27 000. The anchor is
// the first PCR's arrival; a PCR that arrives after its due time (the encoder was late) moves
// the anchor on by that lateness, so the schedule follows the latest burst and never runs
// behind it; a PCR due more than bufferMsec ahead (a new encoder run, a PCR jump) starts a
// fresh anchor at once. A datagram between PCRs is due after the last PCR's datagram at the
// rate measured between the last two PCRs (the mux rate of a CBR stream).

import { readPcr27m } from "../../media/mpegts/packet-header.ts";
import { TS_PACKET_BYTES } from "./ts-datagrams.ts";

const PCR_TICKS_PER_MS = 27_000;
/** The PCR's range: a 33-bit base × 300 (it wraps after some 26.5 hours). */
const PCR_MODULUS = 2 ** 33 * 300;

/** The first PCR of a datagram of whole TS packets, in 27 MHz ticks; undefined when it has none. */
export function firstPcr27m(datagram: Uint8Array): number | undefined {
  for (let at = 0; at + TS_PACKET_BYTES <= datagram.length; at += TS_PACKET_BYTES) {
    const hasAdaptation = (datagram[at + 3]! & 0x20) !== 0;
    // adaptation_field_length ≥ 7 holds the flags and the 6-byte PCR; PCR_flag is 0x10.
    if (hasAdaptation && datagram[at + 4]! >= 7 && (datagram[at + 5]! & 0x10) !== 0) return readPcr27m(datagram, at + 6);
  }
  return undefined;
}

export class PcrPacer {
  readonly #bufferMs: number;
  #anchorPcr: number | undefined;
  #anchorMs = 0;
  #lastPcr = 0;
  #lastPcrDueMs = 0;
  /** Bytes since the last PCR's datagram began. */
  #bytesSincePcr = 0;
  /** Bytes per millisecond between the last two PCRs; undefined until measured. */
  #bytesPerMs: number | undefined;

  constructor(bufferMs: number) {
    this.#bufferMs = bufferMs;
  }

  /** A new transport stream starts: its PCR has nothing to do with the last one's. */
  reset(): void {
    this.#anchorPcr = undefined;
    this.#bytesPerMs = undefined;
    this.#bytesSincePcr = 0;
  }

  /** When the datagram that arrived at `nowMs` is due out (at or after nowMs means wait, before means at once). */
  due(datagram: Uint8Array, nowMs: number): number {
    const pcr = firstPcr27m(datagram);
    if (pcr === undefined) return this.#dueBetweenPcrs(datagram.length, nowMs);
    if (this.#anchorPcr === undefined) return this.#anchor(pcr, nowMs, datagram.length);
    let dueMs = this.#anchorMs + ((pcr - this.#anchorPcr + PCR_MODULUS) % PCR_MODULUS) / PCR_TICKS_PER_MS;
    if (dueMs > nowMs + this.#bufferMs) return this.#anchor(pcr, nowMs, datagram.length);
    if (dueMs < nowMs) {
      this.#anchorMs += nowMs - dueMs;
      dueMs = nowMs;
    }
    // The stream's own rate: the bytes between two PCRs over their distance on its clock.
    const pcrElapsedMs = ((pcr - this.#lastPcr + PCR_MODULUS) % PCR_MODULUS) / PCR_TICKS_PER_MS;
    if (pcrElapsedMs > 0 && this.#bytesSincePcr > 0) this.#bytesPerMs = this.#bytesSincePcr / pcrElapsedMs;
    this.#lastPcr = pcr;
    this.#lastPcrDueMs = dueMs;
    this.#bytesSincePcr = datagram.length;
    return dueMs;
  }

  #anchor(pcr: number, nowMs: number, bytes: number): number {
    this.#anchorPcr = pcr;
    this.#anchorMs = nowMs;
    this.#lastPcr = pcr;
    this.#lastPcrDueMs = nowMs;
    this.#bytesSincePcr = bytes;
    this.#bytesPerMs = undefined;
    return nowMs;
  }

  #dueBetweenPcrs(bytes: number, nowMs: number): number {
    const sincePcr = this.#bytesSincePcr;
    this.#bytesSincePcr += bytes;
    if (this.#anchorPcr === undefined || this.#bytesPerMs === undefined) return nowMs;
    return Math.min(this.#lastPcrDueMs + sincePcr / this.#bytesPerMs, nowMs + this.#bufferMs);
  }
}
