// MPEG-TS over RTP (RFC 2250 §2 / RFC 3551 PT 33) depacketizer with a reorder window.
// Sans-IO: datagrams and `nowMs` in, events out; no sockets, no timers.
// Never throws on bad bytes: every problem is counted in `stats` and reported as an event.
//
// Sequence handling follows RFC 3550 §5.1 and Appendix A.1: 16-bit sequence numbers wrap
// at 65536; jumps beyond MAX_DROPOUT ahead or MAX_MISORDER behind are accepted only after
// two consecutive packets confirm them (then the window resyncs). A missing packet is
// declared lost once the window is full (`windowPackets` packets buffered behind it) or
// the oldest buffered packet has waited `windowMs`, whichever comes first.

import { classifyDatagram, isWholeTsPackets, parseRtpPacket, type RtpParseError } from "./rtp-header.ts";

/** RFC 3550 Appendix A.1 defaults. */
export const MAX_DROPOUT = 3000;
export const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;

export interface RtpTsDepacketizerOptions {
  /** Maximum packets buffered while waiting for a missing one. Default 32. */
  readonly windowPackets?: number;
  /** Maximum time a packet waits for a missing predecessor. Default 50 ms. */
  readonly windowMs?: number;
}

export type RtpTsInvalidReason = RtpParseError | "not-rtp" | "payload-not-ts";

export type RtpTsEvent =
  /** TS payload bytes (whole 188-byte packets), released in sequence order. */
  | { readonly type: "ts"; readonly bytes: Uint8Array; readonly sequenceNumber: number; readonly rtpTimestamp90k: number; readonly ssrc: number }
  /** A datagram of bare MPEG-TS (no RTP header): dropped; tell the user to send RTP, not UDP. */
  | { readonly type: "bare-ts"; readonly sizeBytes: number }
  /** A new SSRC: the previous source's buffer was flushed and sequence state reset. */
  | { readonly type: "ssrc-change"; readonly previousSsrc: number; readonly ssrc: number }
  /** Sequence jumped far and was confirmed by a second packet: the window restarted. */
  | { readonly type: "resync"; readonly sequenceNumber: number }
  /** A datagram that is neither valid RTP nor carries whole TS packets: dropped. */
  | { readonly type: "invalid"; readonly reason: RtpTsInvalidReason; readonly sizeBytes: number };

export interface RtpTsDepacketizerStats {
  /** Valid RTP packets received (duplicates included). */
  received: number;
  /** Sequence numbers given up on (never arrived within the window). */
  lost: number;
  /** Packets that arrived after a higher sequence number but in time to be put back in order. */
  reordered: number;
  duplicates: number;
  /** Packets that arrived after their sequence number had been declared lost (dropped). */
  late: number;
  bareTs: number;
  invalid: number;
  ssrcChanges: number;
  resyncs: number;
  /** Packets dropped as a sequence jump not (yet) confirmed. */
  outOfRange: number;
  tsPacketsOut: number;
  tsBytesOut: number;
  ssrc: number | undefined;
  payloadType: number | undefined;
}

interface Slot {
  /** undefined: the packet arrived but its payload was invalid (keeps sequence, emits nothing). */
  readonly payload: Uint8Array | undefined;
  readonly timestamp: number;
  readonly arrivalMs: number;
}

/** Signed distance a - b on the 16-bit sequence circle, in [-32768, 32767]. */
export function sequenceDelta(a: number, b: number): number {
  return ((((a - b + 0x8000) % SEQ_MOD) + SEQ_MOD) % SEQ_MOD) - 0x8000;
}

export class RtpTsDepacketizer {
  readonly #windowPackets: number;
  readonly #windowMs: number;
  #ssrc: number | undefined;
  /** Next sequence number to release. */
  #nextSeq = 0;
  /** Highest sequence number seen, as a delta ahead of #nextSeq's base (for reorder detection). */
  #highestSeq = 0;
  #buffer = new Map<number, Slot>();
  /** Sequence numbers recently declared lost, to tell a late packet from a duplicate. */
  #recentlyLost = new Set<number>();
  /** RFC 3550 A.1 bad_seq: the sequence number that would confirm a jump. */
  #badSeq: number | undefined;
  readonly #stats: RtpTsDepacketizerStats = {
    received: 0, lost: 0, reordered: 0, duplicates: 0, late: 0, bareTs: 0, invalid: 0,
    ssrcChanges: 0, resyncs: 0, outOfRange: 0, tsPacketsOut: 0, tsBytesOut: 0, ssrc: undefined, payloadType: undefined,
  };

  constructor(options: RtpTsDepacketizerOptions = {}) {
    this.#windowPackets = Math.max(1, Math.floor(options.windowPackets ?? 32));
    this.#windowMs = Math.max(0, options.windowMs ?? 50);
  }

  get stats(): Readonly<RtpTsDepacketizerStats> {
    return { ...this.#stats };
  }

  toJSON(): RtpTsDepacketizerStats {
    return { ...this.#stats };
  }

  /** Number of packets currently held in the reorder window. */
  get bufferedPackets(): number {
    return this.#buffer.size;
  }

  /** Feeds one UDP datagram received at `nowMs`. */
  push(datagram: Uint8Array, nowMs: number): RtpTsEvent[] {
    const events: RtpTsEvent[] = [];
    const kind = classifyDatagram(datagram);
    if (kind === "bare-ts") {
      this.#stats.bareTs++;
      events.push({ type: "bare-ts", sizeBytes: datagram.length });
      this.#expire(nowMs, events);
      return events;
    }
    if (kind === "invalid") {
      this.#invalid("not-rtp", datagram.length, events);
      this.#expire(nowMs, events);
      return events;
    }
    const parsed = parseRtpPacket(datagram);
    if (!parsed.ok) {
      this.#invalid(parsed.error, datagram.length, events);
      this.#expire(nowMs, events);
      return events;
    }
    const packet = parsed.packet;
    this.#stats.received++;
    this.#stats.payloadType = packet.payloadType;
    let payload: Uint8Array | undefined = packet.payload;
    if (!isWholeTsPackets(payload)) {
      this.#invalid("payload-not-ts", datagram.length, events);
      payload = undefined;
    }
    const seq = packet.sequenceNumber;

    if (this.#ssrc === undefined) {
      this.#start(packet.ssrc, seq);
    } else if (packet.ssrc !== this.#ssrc) {
      this.#drainAll(events);
      const previousSsrc = this.#ssrc;
      this.#stats.ssrcChanges++;
      this.#start(packet.ssrc, seq);
      events.push({ type: "ssrc-change", previousSsrc, ssrc: packet.ssrc });
    }

    const delta = sequenceDelta(seq, this.#nextSeq);
    if (delta < -MAX_MISORDER || delta > MAX_DROPOUT) {
      // RFC 3550 A.1: a big jump is only believed when the next packet follows it.
      if (this.#badSeq !== undefined && seq === this.#badSeq) {
        this.#drainAll(events);
        this.#stats.resyncs++;
        this.#start(packet.ssrc, seq);
        events.push({ type: "resync", sequenceNumber: seq });
      } else {
        this.#badSeq = (seq + 1) % SEQ_MOD;
        this.#stats.outOfRange++;
        this.#expire(nowMs, events);
        return events;
      }
    }
    this.#badSeq = undefined;
    const deltaNow = sequenceDelta(seq, this.#nextSeq);
    if (deltaNow < 0) {
      if (this.#recentlyLost.delete(seq)) this.#stats.late++;
      else this.#stats.duplicates++;
    } else if (this.#buffer.has(seq)) {
      this.#stats.duplicates++;
    } else {
      const highestDelta = sequenceDelta(this.#highestSeq, this.#nextSeq);
      if (deltaNow < highestDelta) this.#stats.reordered++;
      else this.#highestSeq = seq;
      this.#buffer.set(seq, { payload, timestamp: packet.timestamp, arrivalMs: nowMs });
    }
    this.#release(events);
    this.#expire(nowMs, events);
    return events;
  }

  /** Releases packets whose wait exceeded the window; call when no datagram arrived for a while. */
  poll(nowMs: number): RtpTsEvent[] {
    const events: RtpTsEvent[] = [];
    this.#expire(nowMs, events);
    return events;
  }

  /** Releases everything buffered (gaps count as lost), e.g. when the endpoint stops. */
  flush(): RtpTsEvent[] {
    const events: RtpTsEvent[] = [];
    this.#drainAll(events);
    return events;
  }

  #invalid(reason: RtpTsInvalidReason, sizeBytes: number, events: RtpTsEvent[]): void {
    this.#stats.invalid++;
    events.push({ type: "invalid", reason, sizeBytes });
  }

  #start(ssrc: number, seq: number): void {
    this.#ssrc = ssrc;
    this.#stats.ssrc = ssrc;
    this.#nextSeq = seq;
    this.#highestSeq = seq;
    this.#buffer.clear();
    this.#recentlyLost.clear();
    this.#badSeq = undefined;
  }

  /** Emits consecutive packets starting at #nextSeq. */
  #release(events: RtpTsEvent[]): void {
    for (;;) {
      const slot = this.#buffer.get(this.#nextSeq);
      if (!slot) return;
      this.#buffer.delete(this.#nextSeq);
      if (slot.payload) {
        this.#stats.tsPacketsOut += slot.payload.length / 188;
        this.#stats.tsBytesOut += slot.payload.length;
        events.push({ type: "ts", bytes: slot.payload, sequenceNumber: this.#nextSeq, rtpTimestamp90k: slot.timestamp, ssrc: this.#ssrc ?? 0 });
      }
      this.#nextSeq = (this.#nextSeq + 1) % SEQ_MOD;
    }
  }

  /** Gives up on the gap before the next buffered packet: counts it lost and releases. */
  #skipGap(events: RtpTsEvent[]): void {
    let skipped = 0;
    while (!this.#buffer.has(this.#nextSeq) && skipped <= MAX_DROPOUT + MAX_MISORDER) {
      this.#rememberLost(this.#nextSeq);
      this.#nextSeq = (this.#nextSeq + 1) % SEQ_MOD;
      skipped++;
    }
    this.#stats.lost += skipped;
    if (!this.#buffer.has(this.#nextSeq)) {
      // Unreachable while buffered packets stay within MAX_DROPOUT; guards the loops that call us.
      this.#stats.lost += this.#buffer.size;
      this.#buffer.clear();
      return;
    }
    this.#release(events);
  }

  #rememberLost(seq: number): void {
    this.#recentlyLost.add(seq);
    if (this.#recentlyLost.size > 1024) {
      const oldest = this.#recentlyLost.values().next().value;
      if (oldest !== undefined) this.#recentlyLost.delete(oldest);
    }
  }

  #expire(nowMs: number, events: RtpTsEvent[]): void {
    while (this.#buffer.size > 0) {
      const span = sequenceDelta(this.#highestSeq, this.#nextSeq);
      let oldestMs = Infinity;
      for (const slot of this.#buffer.values()) if (slot.arrivalMs < oldestMs) oldestMs = slot.arrivalMs;
      const full = this.#buffer.size >= this.#windowPackets || span >= this.#windowPackets;
      const timedOut = nowMs - oldestMs >= this.#windowMs;
      if (!full && !timedOut) return;
      this.#skipGap(events);
    }
  }

  #drainAll(events: RtpTsEvent[]): void {
    while (this.#buffer.size > 0) this.#skipGap(events);
  }
}
